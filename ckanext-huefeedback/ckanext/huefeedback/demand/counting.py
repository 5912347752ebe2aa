"""Counting demand: distinct visitors per day of dataset pages, resource pages and downloads.

Runs after each response (IMiddleware). A visitor is a keyed hash of the client address and the
User-Agent, kept one day in Redis to count each visitor once per page per day; the database
holds daily counts only. Private datasets, robots and failed requests are not counted.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import config
from ..shared import antispam, clock

log = logging.getLogger(__name__)

# endpoint → what it counts; the views CKAN registers twice (with and without the type prefix)
COUNTED: dict[str, str] = {
    "dataset.read": "view",
    "dataset_resource.read": "view", "resource.read": "view",
    "dataset_resource.download": "download", "resource.download": "download",
    "datastore.dump": "download",
}
COUNTED_STATUSES = (200, 301, 302, 303, 307)
SEEN_TTL_SECONDS = 2 * 24 * 3600

_UPSERT = sa.text("""
    INSERT INTO huefeedback_demand (day, package_id, resource_id, kind, count)
    VALUES (:day, :package_id, :resource_id, :kind, 1)
    ON CONFLICT (day, package_id, resource_id, kind) DO UPDATE SET count = huefeedback_demand.count + 1
""")


def count_response(response: Any) -> Any:
    """after_request hook: never changes or breaks the response."""
    try:
        _count(response)
    except Exception as error:  # noqa: BLE001 — counting must never cost a visitor their page
        log.warning("huefeedback: visit not counted (%s)", type(error).__name__)
    return response


def _target(endpoint: str, view_args: dict[str, Any]) -> Optional[tuple[str, str]]:
    """(package id, resource id or '') of a public, active dataset; None otherwise."""
    resource_id = view_args.get("resource_id") or ""
    if endpoint == "datastore.dump":
        resource = model.Resource.get(resource_id)
        package = model.Package.get(resource.package_id) if resource is not None else None
    else:
        package = model.Package.get(view_args.get("id") or "")
        if package is not None and resource_id and not any(r.id == resource_id for r in package.resources):
            return None
    if package is None or package.private or package.state != "active":
        return None
    return package.id, resource_id


def _count(response: Any) -> None:
    request = tk.request
    kind = COUNTED.get(request.endpoint or "")
    if kind is None or request.method != "GET" or response.status_code not in COUNTED_STATUSES:
        return
    if not config.demand_enabled():
        return
    agent = request.headers.get("User-Agent") or ""
    if any(word in agent.lower() for word in config.demand_ignore_user_agents()):
        return
    target = _target(request.endpoint, request.view_args or {})
    if target is None:
        return
    day = clock.local_date(clock.now())
    visitor = antispam.visitor_key(antispam.request_client_address() or "", agent)
    if _seen_today(day, kind, *target, visitor):
        return
    record(day, target[0], target[1], kind)


def _seen_today(day: dt.date, kind: str, package_id: str, resource_id: str, visitor: str) -> bool:
    from ckan.lib.redis import connect_to_redis

    key = f"huefeedback:seen:{tk.config.get('ckan.site_id')}:{day.isoformat()}"
    member = f"{kind}:{resource_id or package_id}:{visitor}"
    try:
        redis = connect_to_redis()
        added = redis.sadd(key, member)
        redis.expire(key, SEEN_TTL_SECONDS)
    except Exception as error:  # noqa: BLE001 — without Redis every visit counts
        log.debug("huefeedback: visitor not checked (%s)", type(error).__name__)
        return False
    return not added


def record(day: dt.date, package_id: str, resource_id: str, kind: str, connection: Any = None) -> None:
    """Adds one to a day's count, in its own transaction (the request's session is not touched)."""
    values = {"day": day, "package_id": package_id, "resource_id": resource_id, "kind": kind}
    if connection is not None:
        connection.execute(_UPSERT, values)
        return
    with model.Session.get_bind().begin() as own:
        own.execute(_UPSERT, values)
