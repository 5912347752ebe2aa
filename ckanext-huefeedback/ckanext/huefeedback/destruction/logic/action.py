"""Actions of the destruction with a log. There is no action to change or remove a log entry."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ...shared import people
from .. import log, purge
from . import schema


@tk.validate(schema.destroy_schema)
def huefeedback_dataset_destroy(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Destroy a dataset irreversibly; only its entry in the destruction log remains.

    Files, DataStore tables, the search index row, the quality history, error reports, demand
    counts and every row naming the dataset are removed (1046 Art 4).

    :param id: the dataset's id or name (active or deleted)
    :param reason: why (10–2000 characters; kept in the log)
    :param confirm: the dataset's name, typed again
    :returns: the log entry: who, when, why, the dataset's id, name, title and owner, and the
        SHA-256 of its metadata, files and DataStore tables
    """
    package = model.Package.get(data_dict["id"])
    if package is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    tk.check_access("huefeedback_dataset_destroy", context, {"id": package.id})
    if data_dict["confirm"].strip() != package.name:
        raise tk.ValidationError({"confirm": [tk._("Type the dataset's name ({name}) to confirm.").format(
            name=package.name)]})
    actor = people.user_of(context)
    if actor is None:
        raise tk.NotAuthorized(tk._("Only system administrators may destroy datasets."))
    return purge.destroy(package, actor, data_dict["reason"], context)


@tk.side_effect_free
@tk.validate(schema.log_list_schema)
def huefeedback_destruction_log_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The destruction log, newest first (sysadmins).

    :param package_id: one dataset's entry (id or name)
    :param limit: at most this many (default 100); :param offset: skip this many
    :returns: ``{"count": n, "results": [entry, ...]}``
    """
    tk.check_access("huefeedback_destruction_log_list", context, data_dict)
    return {"count": log.count(), "results": log.entries(int(data_dict["limit"]), int(data_dict["offset"]),
                                                          data_dict.get("package_id"))}


@tk.side_effect_free
@tk.validate(schema.log_verify_schema)
def huefeedback_destruction_log_verify(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Checks the log's hash chain from its first entry (sysadmins): ``{"ok", "entries", "first_bad_seq"}``."""
    tk.check_access("huefeedback_destruction_log_verify", context, data_dict)
    return log.verify()
