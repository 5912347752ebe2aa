"""Harvest source configs are shown only to those who may edit the source.

ckanext-harvest lets anyone call ``harvest_source_list`` and shows a source's ``config`` to
anyone who can read the source dataset. Configs of the LGSP harvester hold secret names
only, but those of other harvesters may hold API keys, so every config is hidden from
readers who could not change it.
"""
from __future__ import annotations

import json
import logging
from typing import Any

import ckan.plugins as plugins
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
        return restore_config(source)
    try:
        spilled = json.loads(source.get("config") or "{}")
    except ValueError:
        spilled = {}
    for key in (*HIDDEN, *(k for k in spilled if k not in OWN_KEYS)):
        source.pop(key, None)
    source["extras"] = [e for e in source.get("extras", []) if e.get("key") not in HIDDEN]
    return source


def restore_config(source: dict[str, Any]) -> dict[str, Any]:
    """Puts the config back for an editor when ``package_show`` served the index copy.

    The index holds no config (:func:`strip_from_index`), so the config and its spilled keys
    come from the harvest source table.
    """
    if source.get("config"):
        return source
    from ckanext.harvest.model import HarvestSource

    harvest_source = HarvestSource.get(source["id"])
    if harvest_source is None or not harvest_source.config:
        return source
    source["config"] = harvest_source.config
    try:
        spilled = json.loads(harvest_source.config)
    except ValueError:
        return source
    if isinstance(spilled, dict):
        for key, value in spilled.items():
            source.setdefault(key, value)
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


def _spilled_keys(source: dict[str, Any]) -> list[str]:
    config = source.get("config")
    if isinstance(config, dict):
        spilled = config
    else:
        try:
            spilled = json.loads(config or "{}")
        except (TypeError, ValueError):
            spilled = {}
    if not isinstance(spilled, dict):
        return list(HIDDEN)
    return [*HIDDEN, *(k for k in spilled if k not in OWN_KEYS)]


def strip_config(source: dict[str, Any]) -> dict[str, Any]:
    """The source dict without its config, its spilled keys or a ``config`` extra (in place)."""
    for key in _spilled_keys(source):
        source.pop(key, None)
    if isinstance(source.get("extras"), list):
        source["extras"] = [e for e in source["extras"]
                            if not (isinstance(e, dict) and e.get("key") in HIDDEN)]
    return source


# The JSON copies CKAN keeps in an index document; ``data_dict`` holds ``validated_data_dict`` again.
INDEX_COPIES = ("validated_data_dict", "data_dict")


def _strip_copy(text: Any, spilled: list[str]) -> str:
    try:
        copy = json.loads(text or "{}")
    except (TypeError, ValueError):
        return "{}"
    if not isinstance(copy, dict):
        return "{}"
    spilled += _spilled_keys(copy)
    for field in INDEX_COPIES:
        if field in copy:
            copy[field] = _strip_copy(copy[field], spilled)
    return json.dumps(strip_config(copy))


def strip_from_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """A harvest source's index document with no trace of its config.

    The document is what search answers with (``validated_data_dict``, ``data_dict``, the
    ``extras_*`` fields, ``fl=*``, facets, ``q``); configs are kept in the harvest tables only,
    so no search can return a config or confirm a guessed secret.
    """
    if pkg_dict.get("type") != "harvest":
        return pkg_dict
    spilled = _spilled_keys(pkg_dict)
    for field in INDEX_COPIES:
        if field in pkg_dict:
            pkg_dict[field] = _strip_copy(pkg_dict[field], spilled)
    for key in [*spilled, *(k for k in pkg_dict if k.startswith("extras_")
                            and k[len("extras_"):] in {*HIDDEN, *spilled})]:
        pkg_dict.pop(key, None)
    return strip_config(pkg_dict)


def strip_from_activity(activity: dict[str, Any]) -> dict[str, Any]:
    """An activity record with the harvest source config removed from its dataset copy."""
    data = activity.get("data")
    package = data.get("package") if isinstance(data, dict) else None
    if isinstance(package, dict) and package.get("type") == "harvest":
        strip_config(package)
    return activity


@toolkit.chained_action
def activity_create(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
    """Activities never store a harvest source's config: the history keeps the rest."""
    return original(context, strip_from_activity(data_dict))


def _scrub_result(result: Any) -> Any:
    if isinstance(result, list):
        return [strip_from_activity(a) if isinstance(a, dict) else a for a in result]
    if isinstance(result, dict):
        if "package" in result and isinstance(result["package"], dict):
            if result["package"].get("type") == "harvest":
                strip_config(result["package"])
            return result
        if result.get("type") == "harvest":
            return strip_config(result)
        return strip_from_activity(result)
    return result


def _activity_reader(name: str) -> Any:
    """A chained read action that removes configs from activities stored before this guard."""

    def chained(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
        return _scrub_result(original(context, data_dict))

    chained.__name__ = name
    chained.__doc__ = f"``{name}`` without harvest source configs."
    return toolkit.side_effect_free(toolkit.chained_action(chained))


ACTIVITY_READERS = ("package_activity_list", "activity_show", "activity_data_show",
                    "user_activity_list", "organization_activity_list", "group_activity_list",
                    "dashboard_activity_list", "recently_changed_packages_activity_list")


def get_actions() -> dict[str, Any]:
    actions: dict[str, Any] = {"harvest_source_list": harvest_source_list}
    # the activity actions exist only with CKAN's activity plugin (a chained action needs its original)
    if plugins.plugin_loaded("activity"):
        actions["activity_create"] = activity_create
        actions.update({name: _activity_reader(name) for name in ACTIVITY_READERS})
    return actions


class ConfigRedactingFilter(logging.Filter):
    """Replaces the ``config`` of a harvest source dict logged by ckanext-harvest.

    ckanext-harvest logs whole source dicts at INFO (``Creating harvest source: %r``).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, dict):
            record.args = _redact(args)
        elif isinstance(args, tuple):
            record.args = tuple(_redact(a) for a in args)
        return True


def _redact(value: Any) -> Any:
    """A logged dict with its config (and a ``config`` extra) replaced by ``<hidden>``."""
    if not isinstance(value, dict):
        return value
    redacted = {k: ("<hidden>" if k in HIDDEN else v) for k, v in value.items()}
    if isinstance(redacted.get("extras"), list):
        redacted["extras"] = [{**e, "value": "<hidden>"} if isinstance(e, dict) and e.get("key") in HIDDEN
                              else e for e in redacted["extras"]]
    return redacted


_FILTER = ConfigRedactingFilter()


def install_log_filter() -> None:
    """Puts the redacting filter on every ckanext-harvest logger (filters do not inherit)."""
    names = [n for n in logging.root.manager.loggerDict if n.startswith("ckanext.harvest")]
    for name in {*names, "ckanext.harvest", "ckanext.harvest.plugin",
                 "ckanext.harvest.logic.action.create", "ckanext.harvest.logic.action.update",
                 "ckanext.harvest.logic.action.patch", "ckanext.harvest.logic.action.delete"}:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
