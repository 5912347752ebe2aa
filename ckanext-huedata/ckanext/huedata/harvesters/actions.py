"""Harvest actions of huedata: config checks on save for every source type, force-once."""
from __future__ import annotations

import threading
from typing import Any

from ckan.plugins import toolkit
from ckan.types import Action, Context

from . import config, config_schema, guard

# Types whose harvester is not ours: their config is checked here (lgsp and ckan_hue check
# their own in validate_config).
CHECKED_HERE = ("ckan", "dcat_rdf")


def _check(data_dict: dict[str, Any]) -> None:
    source_type = data_dict.get("source_type")
    if source_type in CHECKED_HERE:
        try:
            config_schema.validate(source_type, data_dict.get("config"))
        except config_schema.ConfigSchemaError as error:
            raise toolkit.ValidationError({"config": [str(error)]}) from None


@toolkit.chained_action
def harvest_source_create(original: Action, context: Context,
                          data_dict: dict[str, Any]) -> Any:
    toolkit.check_access("harvest_source_create", context, data_dict)
    _check(data_dict)
    return original(context, data_dict)


@toolkit.chained_action
def harvest_source_update(original: Action, context: Context,
                          data_dict: dict[str, Any]) -> Any:
    toolkit.check_access("harvest_source_update", context, data_dict)
    _check(data_dict)
    return original(context, data_dict)


def huedata_harvest_force_once(context: Context, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Let the next run of a source pass the safety guard once.

    :param id: the harvest source id or name
    """
    source_id = toolkit.get_or_bust(data_dict, "id")
    toolkit.check_access("harvest_source_update", context, {"id": source_id})
    source = toolkit.get_action("harvest_source_show")(dict(context, ignore_auth=True),
                                                         {"id": source_id})
    guard.force_once(source["id"])
    return {"id": source["id"], "forced": True}


# -- dcat_rdf: an api_key that names a secret ---------------------------------------------
_dcat = threading.local()


def dcat_before_download(url: str, harvest_job: Any) -> tuple[str, list[str]]:
    """Remember the secret named by the source's api_key for :func:`dcat_update_session`."""
    _dcat.key = None
    try:
        name = config_schema.validate("dcat_rdf", harvest_job.source.config).get("api_key")
    except config_schema.ConfigSchemaError as error:
        return url, [str(error)]
    if name:
        _dcat.key = config.secret(name)
        if not _dcat.key:
            return url, [f"Secret not configured on the portal: {name}"]
    return url, []


def dcat_update_session(session: Any) -> Any:
    key = getattr(_dcat, "key", None)
    if key:
        session.headers["Authorization"] = key
    return session
