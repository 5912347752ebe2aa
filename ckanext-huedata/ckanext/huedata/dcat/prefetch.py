"""What the profiles need beyond the dataset dicts, loaded once per catalogue page.

ckanext-dcat builds a new profile object per dataset, so a profile cannot batch by itself. The
catalogue action opens :func:`page` around the serialisation; a profile then asks :func:`lookup`
for a value and the loader runs once, for every dataset of the page (one SQL statement per
kind of data instead of one per dataset). Outside a page (``/dataset/<id>.ttl``) the loader
runs for the one dataset.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ckan import model

Loader = Callable[[list[dict[str, Any]]], dict[str, Any]]


@dataclass
class Page:
    datasets: list[dict[str, Any]]
    ids: frozenset[str]
    loaded: dict[str, dict[str, Any]] = field(default_factory=dict)


_page: ContextVar[Page | None] = ContextVar("huedata_dcat_page", default=None)


@contextmanager
def page(datasets: Iterable[dict[str, Any]]) -> Iterator[None]:
    datasets = list(datasets)
    token = _page.set(Page(datasets, frozenset(d.get("id", "") for d in datasets)))
    try:
        yield
    finally:
        _page.reset(token)


def lookup(kind: str, dataset: dict[str, Any], key: str | None, load: Loader) -> Any:
    """``load(datasets)[key]``, loaded once per page for every dataset of the page."""
    if not key:
        return None
    current = _page.get()
    if current is None or dataset.get("id") not in current.ids:
        return load([dataset]).get(key)
    if kind not in current.loaded:
        current.loaded[kind] = load(current.datasets)
    return current.loaded[kind].get(key)


def agency_extras(datasets: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The active extras (agency code, e-mail, ...) of the datasets' organisations, by id."""
    ids = {(d.get("organization") or {}).get("id") or d.get("owner_org") for d in datasets}
    ids.discard(None)
    if not ids:
        return {}
    rows = (model.Session.query(model.GroupExtra.group_id, model.GroupExtra.key, model.GroupExtra.value)
            .filter(model.GroupExtra.group_id.in_(ids), model.GroupExtra.state == "active"))
    found: dict[str, dict[str, str]] = {i: {} for i in ids}
    for group_id, key, value in rows:
        found[group_id][key] = value
    return found


def agency(dataset: dict[str, Any]) -> dict[str, str]:
    org_id = (dataset.get("organization") or {}).get("id") or dataset.get("owner_org")
    return lookup("huedata_agency_extras", dataset, org_id, agency_extras) or {}
