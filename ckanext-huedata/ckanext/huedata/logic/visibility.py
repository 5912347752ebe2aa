"""Private, draft and deleted datasets count only for those who may see them.

CKAN core answers ``member_list(object_type=package)`` with every dataset of an agency and
``tag_list`` / ``tag_search`` / ``tag_autocomplete`` / ``tag_show`` / ``format_autocomplete``
with tags and formats used only by private datasets: each of these reveals that a private
dataset exists, and something of what it holds, to anonymous callers. The chained actions
below keep a tag (or format) only if a dataset the caller may read uses it; a tag no dataset
uses at all (a vocabulary entry) stays.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context


def _user(context: Context) -> model.User | None:
    user = context.get("auth_user_obj")
    if isinstance(user, model.User):
        return user
    name = context.get("user")
    return model.User.get(name) if name else None


def visible_datasets(context: Context) -> Any:
    """An SQL condition on ``package`` true for datasets the caller may read (None: all)."""
    if context.get("ignore_auth"):
        return None
    user = _user(context)
    if user is not None and user.sysadmin:
        return None
    condition = sa.and_(model.Package.state == "active", model.Package.private.is_(False))
    if user is None:
        return condition
    own_orgs = (sa.select(model.Member.group_id)
                .where(model.Member.table_name == "user", model.Member.table_id == user.id,
                       model.Member.state == "active"))
    return sa.or_(condition, sa.and_(model.Package.state == "active",
                                     model.Package.owner_org.in_(own_orgs)))


def hidden_tag_names(context: Context, names: list[str]) -> set[str]:
    """Those of ``names`` used by datasets, none of which the caller may read."""
    visible = visible_datasets(context)
    if visible is None or not names:
        return set()
    used = (model.Session.query(model.Tag.name)
            .join(model.PackageTag, model.PackageTag.tag_id == model.Tag.id)
            .filter(model.Tag.name.in_(names), model.PackageTag.state == "active"))
    shown = used.join(model.Package, model.Package.id == model.PackageTag.package_id).filter(visible)
    return {n for (n,) in used.distinct()} - {n for (n,) in shown.distinct()}


def _name(item: Any) -> str:
    return item.get("name", "") if isinstance(item, dict) else str(item)


def _filter_tags(context: Context, items: list[Any]) -> list[Any]:
    hidden = hidden_tag_names(context, [_name(i) for i in items])
    return [i for i in items if _name(i) not in hidden]


@tk.chained_action
@tk.side_effect_free
def tag_list(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
    return _filter_tags(context, original(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
    return _filter_tags(context, original(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def tag_search(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
    result = original(context, data_dict)
    kept = _filter_tags(context, result.get("results", []))
    return {**result, "results": kept,
            "count": result.get("count", 0) - (len(result.get("results", [])) - len(kept))}


@tk.chained_action
@tk.side_effect_free
def tag_show(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
    tag = original(context, data_dict)
    if hidden_tag_names(context, [tag["name"]]):
        raise tk.ObjectNotFound(tk._("Tag not found"))
    if "packages" in tag:
        readable = _readable_ids(context, [p["id"] for p in tag["packages"]])
        tag["packages"] = [p for p in tag["packages"] if p["id"] in readable]
    return tag


def _readable_ids(context: Context, ids: list[str]) -> set[str]:
    visible = visible_datasets(context)
    if visible is None:
        return set(ids)
    if not ids:
        return set()
    query = model.Session.query(model.Package.id).filter(model.Package.id.in_(ids), visible)
    return {i for (i,) in query}


@tk.chained_action
@tk.side_effect_free
def member_list(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
    members = original(context, data_dict)
    package_ids = [m[0] for m in members if m[1] == "package"]
    readable = _readable_ids(context, package_ids)
    return [m for m in members if m[1] != "package" or m[0] in readable]


@tk.chained_action
@tk.side_effect_free
def format_autocomplete(original: Action, context: Context, data_dict: dict[str, Any]) -> Any:
    formats = original(context, data_dict)
    visible = visible_datasets(context)
    if visible is None or not formats:
        return formats
    # core answers lower-cased formats
    lowered = sa.func.lower(model.Resource.format)
    query = (model.Session.query(lowered)
             .join(model.Package, model.Package.id == model.Resource.package_id)
             .filter(model.Resource.state == "active", lowered.in_([f.lower() for f in formats]), visible))
    shown = {f for (f,) in query.distinct()}
    return [f for f in formats if f.lower() in shown]


def get_actions() -> dict[str, Any]:
    return {"tag_list": tag_list, "tag_autocomplete": tag_autocomplete, "tag_search": tag_search,
            "tag_show": tag_show, "member_list": member_list,
            "format_autocomplete": format_autocomplete}
