"""Reports of closed periods kept in Redis, recomputed only for the agencies whose inputs changed.

A period is closed when it has ended and every deadline judged in it has passed: its report no
longer moves with the clock. It still moves with the data: an overdue dataset that is finally
updated becomes late, a corrected history (a purge, a back-dated update), a dataset deleted, moved
to another agency or given another frequency, an agency renamed. Each of those changes one
agency's row (or two, for a dataset moved between agencies). So the kept report carries one
fingerprint per agency (:func:`agency_fingerprints`, one query: its update events' newest id and
count, and how many lie after the report's "now", both as recorded and through its datasets; a
hash of its datasets' and its own fields the report reads). A later request recomputes the rows
of the agencies whose fingerprint differs, in one query, and keeps the others: a clerk's update
costs the city dashboard one agency's rows, not the whole city. Open periods are never kept.
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
from .report import AgencyRow, Report, city_total, compliance_report, judged_periods

# In the report's order (its final ORDER BY), over the agencies it lists.
_AGENCY_FINGERPRINTS = """
WITH recorded AS (
    SELECT owner_org, max(id) || '.' || count(*) || '.' || count(*) FILTER (WHERE occurred_at > :now) AS v
    FROM huequality_update_event GROUP BY owner_org
), through_datasets AS (
    SELECT p.owner_org, max(u.id) || '.' || count(*) || '.' || count(*) FILTER (WHERE u.occurred_at > :now) AS v
    FROM huequality_update_event u JOIN package p ON p.id = u.package_id GROUP BY p.owner_org
), datasets AS (
    SELECT p.owner_org, count(*) || '.' || coalesce(sum(hashtext(concat_ws('|', p.id, p.state, p.type,
               p.metadata_created, e.value, e.state))), 0) AS v
    FROM package p
    LEFT JOIN package_extra e ON e.package_id = p.id AND e.key = 'update_frequency'
    GROUP BY p.owner_org
)
SELECT g.id, concat_ws(':', md5(concat_ws('|', g.name, g.title)), r.v, t.v, d.v)
FROM "group" g
LEFT JOIN recorded r ON r.owner_org = g.id
LEFT JOIN through_datasets t ON t.owner_org = g.id
LEFT JOIN datasets d ON d.owner_org = g.id
WHERE g.is_organization AND g.state = 'active' AND g.type = 'organization'
ORDER BY g.title, g.name
"""


def agency_fingerprints(executor: Any, now: dt.datetime) -> dict[str, str]:
    """Agency id -> a fingerprint that changes whenever anything the agency's row of a report as
    of ``now`` reads changes (through the portal's code paths: update events are only appended or
    purged, never edited in place). In the order the report lists agencies."""
    rows = executor.execute(sa.text(_AGENCY_FINGERPRINTS), {"now": now}).fetchall()
    return {row[0]: row[1] for row in rows}


def _request_inputs(executor: Any, now: dt.datetime) -> dict[str, str]:
    """The fingerprints, computed once per web request (the city dashboard reads 8 quarters): a
    change during the request can only file a fresh report under fingerprints no later request
    will have, never serve a stale one."""
    from flask import g, has_request_context

    if executor is not model.Session or not has_request_context():
        return agency_fingerprints(executor, now)
    memo = g.setdefault("huequality_report_inputs", {})
    minute = now.replace(second=0, microsecond=0)
    if minute not in memo:
        memo[minute] = agency_fingerprints(executor, now)
    return dict(memo[minute])


def is_closed(period: Period, now: dt.datetime, rule: DeadlineRule) -> bool:
    return now >= local_midnight_utc(period.end) and all(
        closes_at <= now for *_, closes_at in judged_periods(period, rule)
    )


def _merged(kept: dict[str, Any], fresh: Report, order: list[str]) -> dict[str, Any]:
    """``kept``'s rows with ``fresh``'s rows in their place, in ``order``, the city total summed again."""
    rows = {row["organization_id"]: row for row in kept["agencies"]}
    rows.update({agency.organization_id: agency.as_dict() for agency in fresh.agencies})
    agencies = [AgencyRow(**{k: v for k, v in rows[org].items() if k != "on_time_pct"}) for org in order if org in rows]
    return Report(fresh.period, fresh.start, fresh.end, fresh.generated_at, agencies, city_total(agencies)).as_dict()


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
    inputs: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``compliance_report(...).as_dict()``, from Redis when the period is closed, with the rows of
    the agencies whose inputs changed computed again. The arguments after ``*`` default to CKAN's
    (the benchmark passes its own, and ``inputs``: fingerprints computed once for several reports)."""
    rule = rule or config.deadline_rule()
    seconds = config.report_cache_seconds() if seconds is None else seconds
    if seconds <= 0 or not is_closed(period, now, rule):
        return compliance_report(period, now, organization_id, connection, rule).as_dict()
    if redis is None:
        from ckan.lib.redis import connect_to_redis
        from ckan.plugins import toolkit as tk

        redis, site_id = connect_to_redis(), tk.config.get("ckan.site_id") or ""
    executor = connection if connection is not None else model.Session
    fingerprints = inputs if inputs is not None else _request_inputs(executor, now)
    if organization_id is not None:
        fingerprints = {org: value for org, value in fingerprints.items() if org == organization_id}
    rule_key = hashlib.sha256(str(rule).encode()).hexdigest()[:16]
    key = f"huequality:deadline-report:{site_id}:{period.key}:{organization_id or 'city'}:{rule_key}"
    raw = redis.get(key)
    kept = json.loads(raw) if raw is not None else None
    if kept is not None and kept["inputs"] == fingerprints:
        return dict(kept["report"])
    changed = [org for org, value in fingerprints.items() if kept is None or kept["inputs"].get(org) != value]
    if kept is None or organization_id is not None or 2 * len(changed) > len(fingerprints):
        fresh = compliance_report(period, now, organization_id, connection, rule).as_dict()
    else:
        rows = compliance_report(period, now, None, connection, rule, organization_ids=changed)
        fresh = _merged(kept["report"], rows, list(fingerprints))
    redis.setex(key, seconds, json.dumps({"inputs": fingerprints, "report": fresh}))
    return fresh
