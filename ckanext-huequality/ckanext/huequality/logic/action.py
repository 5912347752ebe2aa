"""Actions that span both features: a dataset's whole huequality history."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from .. import db, jobs
from ..deadlines.logic import updates
from ..quality.logic import store
from . import schema


@tk.validate(schema.history_purge_schema)
def huequality_dataset_history_purge(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Irreversibly removes a dataset's quality scores, resource fingerprints, update history
    and reminder log (sysadmins only), for the lifecycle's "destroy with a log of the
    destruction" (Decision 1046). The dataset itself is left alone, and may already be purged.

    :param id: the dataset's id (or name, while the dataset exists)
    :returns: ``package_id`` and, for each of ``quality_scores``, ``update_events``,
        ``resource_fingerprints`` and ``reminders``: ``count`` and ``content_hashes`` (SHA-256
        of each deleted row's columns, oldest first), to keep in the destruction log.
        Commits unless ``defer_commit``.
    """
    tk.check_access("huequality_dataset_history_purge", context, data_dict)
    package = model.Package.get(data_dict["id"])
    package_id = package.id if package else data_dict["id"]
    db.lock_dataset(package_id)  # no job writes this dataset's rows while they are deleted
    removed = {"quality_scores": store.purge(package_id), **updates.purge(package_id)}
    model.Session.flush()
    if package is not None:
        jobs.reindex(package_id)  # its search row no longer carries a badge
    db.commit(context)
    return {
        "package_id": package_id,
        **{name: {"count": len(hashes), "content_hashes": hashes} for name, hashes in removed.items()},
    }
