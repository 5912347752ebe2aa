"""Harvest source configs are shown only to those who may edit the source.

ckanext-harvest lets anyone call ``harvest_source_list`` and shows a source's ``config`` to
anyone who can read the source dataset. Configs of the LGSP harvester hold secret names
only, but those of other harvesters may hold API keys, so every config is hidden from
readers who could not change it.
"""
from __future__ import annotations

import json
from typing import Any

from ckan.plugins import toolkit
from ckan.types import Action, Context

HIDDEN = ("config",)
# ckanext-harvest copies every key of the config JSON to the top level of the shown source;
# those copies go too, except keys that are the dataset's own.
OWN_KEYS = {"id", "name", "title", "type", "url", "notes", "owner_org", "organization",
            "state", "private", "source_type", "frequency", "status", "extras", "tags",
            "resources", "groups", "metadata_created", "metadata_modified", "creator_user_id"}


def current_user_name() -> str | None:
    """The logged-in user's name, or None outside a request or for a visitor."""
    try:
        return getattr(toolkit.current_user, "name", None) or None
    except RuntimeError:
        return None


def may_edit_source(context: Context, source_id: str) -> bool:
    try:
        toolkit.check_access("harvest_source_update",
                             {"user": context.get("user"), "auth_user_obj":
                              context.get("auth_user_obj")}, {"id": source_id})
    except (toolkit.NotAuthorized, toolkit.ObjectNotFound):
        return False
    return True


def hide_config(context: Context, source: dict[str, Any]) -> dict[str, Any]:
    """The source dict without its config unless the caller may edit the source."""
    if context.get("ignore_auth") or may_edit_source(context, source["id"]):
        return source
    try:
        spilled = json.loads(source.get("config") or "{}")
    except ValueError:
        spilled = {}
    for key in (*HIDDEN, *(k for k in spilled if k not in OWN_KEYS)):
        source.pop(key, None)
    source["extras"] = [e for e in source.get("extras", []) if e.get("key") not in HIDDEN]
    return source


def hide_in_search(context: Context, results: dict[str, Any]) -> dict[str, Any]:
    for item in results.get("results", []):
        if item.get("type") == "harvest":
            hide_config(context, item)
    return results


@toolkit.chained_action
@toolkit.side_effect_free
def harvest_source_list(original: Action, context: Context,
                        data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    toolkit.check_access("harvest_source_list", context, data_dict)
    return [hide_config(context, s) for s in original(context, data_dict)]
