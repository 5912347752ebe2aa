"""Reports of closed periods kept in Redis, used only while what they were computed from is unchanged.

A period is closed when it has ended and every deadline judged in it has passed: its report no
longer moves with the clock. It still moves with the data: an overdue dataset that is finally
updated becomes late, a corrected history (a purge, a back-dated update), a dataset deleted, moved
to another agency or given another frequency, an agency renamed. So each kept report is filed
under a fingerprint of those inputs (:func:`inputs_fingerprint`, one cheap query: the update
events' newest id and count, and how many lie after the report's "now"; a hash of the fields of
datasets and agencies the report reads): any change gives a new fingerprint, and the old entries
simply expire. Open periods are never kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ...periods import Period, local_midnight_utc
from .. import config
from ..schedule import DeadlineRule
from .report import compliance_report, judged_periods

_FINGERPRINT = """
SELECT (SELECT coalesce(max(id), 0) || '.' || count(*) || '.' || count(*) FILTER (WHERE occurred_at > :now)
          FROM huequality_update_event),
       (SELECT count(*) || '.' || coalesce(sum(hashtext(concat_ws('|', p.id, p.state, p.type, p.owner_org,
                    p.metadata_created, e.value, e.state))), 0)
          FROM package p
          LEFT JOIN package_extra e ON e.package_id = p.id AND e.key = 'update_frequency'),
       (SELECT count(*) || '.' || coalesce(sum(hashtext(concat_ws('|', g.id, g.name, g.title, g.state, g.type))), 0)
          FROM "group" g WHERE g.is_organization)
"""


def inputs_fingerprint(executor: Any, now: dt.datetime) -> str:
    """Changes whenever anything the report as of ``now`` reads changes (through the portal's
    code paths: update events are only appended or purged, never edited in place)."""
    row = executor.execute(sa.text(_FINGERPRINT), {"now": now}).fetchone()
    return ":".join(str(value) for value in row)


def _request_inputs(executor: Any, now: dt.datetime) -> str:
    """The fingerprint, computed once per web request (the city dashboard reads 8 quarters): a
    change during the request can only file a fresh report under a fingerprint no later request
    will have, never serve a stale one."""
    from flask import g, has_request_context

    if executor is not model.Session or not has_request_context():
        return inputs_fingerprint(executor, now)
    memo = g.setdefault("huequality_report_inputs", {})
    minute = now.replace(second=0, microsecond=0)
    if minute not in memo:
        memo[minute] = inputs_fingerprint(executor, now)
    return str(memo[minute])


def is_closed(period: Period, now: dt.datetime, rule: DeadlineRule) -> bool:
    return now >= local_midnight_utc(period.end) and all(
        closes_at <= now for *_, closes_at in judged_periods(period, rule)
    )


def report(
    period: Period,
    now: dt.datetime,
    organization_id: str | None = None,
    *,
    connection: Any = None,
    rule: DeadlineRule | None = None,
    redis: Any = None,
    site_id: str = "",
    seconds: int | None = None,
    inputs: str | None = None,
) -> dict[str, Any]:
    """``compliance_report(...).as_dict()``, from Redis when the period is closed and its inputs
    are those the kept copy was computed from. The arguments after ``*`` default to CKAN's
    (the benchmark passes its own, and ``inputs``: a fingerprint computed once for several reports)."""
    rule = rule or config.deadline_rule()
    seconds = config.report_cache_seconds() if seconds is None else seconds
    if seconds <= 0 or not is_closed(period, now, rule):
        return compliance_report(period, now, organization_id, connection, rule).as_dict()
    if redis is None:
        from ckan.lib.redis import connect_to_redis
        from ckan.plugins import toolkit as tk

        redis, site_id = connect_to_redis(), tk.config.get("ckan.site_id") or ""
    executor = connection if connection is not None else model.Session
    fingerprint = inputs if inputs is not None else _request_inputs(executor, now)
    inputs = hashlib.sha256(f"{fingerprint}|{rule}".encode()).hexdigest()[:32]
    key = f"huequality:deadline-report:{site_id}:{period.key}:{organization_id or 'city'}:{inputs}"
    kept = redis.get(key)
    if kept is not None:
        return json.loads(kept)
    fresh = compliance_report(period, now, organization_id, connection, rule).as_dict()
    redis.setex(key, seconds, json.dumps(fresh))
    return fresh
