"""The compliance report per agency for one period, in one set-based SQL query, with no work per
(dataset, period) pair: each update is placed among its frequency's periods by two binary searches
(``width_bucket`` over the periods' openings and closings), and each dataset is judged from its
last update and the number of its periods met on time.

Each dataset is judged on the periods of its own frequency that end inside the reported period
(for a quarter: one quarter, three months, about thirteen weeks ...). The rule is the one of
deadlines/status.py: a period is met by the first update at or after the day it ended; on time
before its deadline closes, late after; overdue when the deadline passed with no update; pending
before that. A dataset counts once, by its worst period: overdue, pending, late, then on time.
The dashboard, the CSV/XLSX downloads and the action all read this function.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ...periods import FREQUENCIES, UNSCHEDULED, Period, local_midnight_utc, periods_between
from .. import config
from ..schedule import DeadlineRule, deadline_for

SCHEDULED = tuple(f for f in FREQUENCIES if f not in UNSCHEDULED)


@dataclasses.dataclass
class AgencyRow:
    organization_id: str
    name: str
    title: str
    datasets_required: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    datasets_published: int = 0
    data_updates: int = 0

    @property
    def on_time_pct(self) -> float | None:
        """On-time share of the datasets whose periods are settled (None when none are)."""
        settled = self.on_time + self.late + self.overdue
        return round(100.0 * self.on_time / settled, 1) if settled else None

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "on_time_pct": self.on_time_pct}


@dataclasses.dataclass
class Report:
    period: str
    start: dt.date
    end: dt.date  # last day of the period
    generated_at: dt.datetime
    agencies: list[AgencyRow]
    city: AgencyRow

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "city": self.city.as_dict(),
            "agencies": [a.as_dict() for a in self.agencies],
        }


def judged_periods(reported: Period, rule: DeadlineRule) -> list[tuple[str, str, dt.datetime, dt.datetime]]:
    """(frequency, period key, opens_at, closes_at) of every period ending inside ``reported``."""
    rows = []
    for frequency in SCHEDULED:
        for period in periods_between(frequency, reported.start, reported.last_day):
            if reported.start < period.end <= reported.end:
                deadline = deadline_for(period, rule)
                rows.append((frequency, period.key, deadline.opens_at, deadline.closes_at))
    return rows


_SQL = """
WITH periods(frequency, period_key, opens_at, closes_at) AS (
    SELECT * FROM unnest(CAST(:frequencies AS text[]), CAST(:keys AS text[]),
                         CAST(:opens AS timestamptz[]), CAST(:closes AS timestamptz[]))
),
datasets AS (
    SELECT p.id, p.owner_org, p.metadata_created AT TIME ZONE 'UTC' AS created_at,
           CASE WHEN e.value = ANY(CAST(:known AS text[])) THEN e.value ELSE 'quarterly' END AS frequency
    FROM package p
    LEFT JOIN package_extra e ON e.package_id = p.id AND e.key = 'update_frequency' AND e.state = 'active'
    WHERE p.state = 'active' AND p.type = 'dataset' AND p.owner_org IS NOT NULL
      AND (CAST(:orgs AS text[]) IS NULL OR p.owner_org = ANY(CAST(:orgs AS text[])))
),
numbered AS (
    SELECT frequency, opens_at, closes_at,
           CAST(row_number() OVER (PARTITION BY frequency ORDER BY opens_at) AS int) AS k
    FROM periods
),
frequencies AS (
    SELECT frequency, array_agg(opens_at ORDER BY k) AS opens, array_agg(closes_at ORDER BY k) AS closes,
           CAST(count(*) AS int) AS n
    FROM numbered GROUP BY frequency
),
scheduled AS (
    -- born: how many of the frequency's periods opened before the dataset existed (not judged);
    -- closed: how many have closed by now
    SELECT d.id, d.owner_org, d.frequency, f.n, width_bucket(d.created_at, f.opens) AS born,
           width_bucket(CAST(:now AS timestamptz), f.closes) AS closed,
           f.opens[width_bucket(CAST(:now AS timestamptz), f.closes)] AS last_closed_opened,
           f.opens[f.n] AS last_opened
    FROM datasets d JOIN frequencies f ON f.frequency = d.frequency
),
hits AS (
    -- An update at e meets on time the periods whose window [opens_k, closes_k) holds it: k in
    -- [lo, hi), after the last period closed at e up to the last one opened at e (openings and
    -- closings both rise with k), found by two binary searches.
    SELECT s.id, s.frequency, u.occurred_at, greatest(width_bucket(u.occurred_at, f.closes), s.born) + 1 AS lo,
           width_bucket(u.occurred_at, f.opens) + 1 AS hi
    FROM huequality_update_event u
    JOIN scheduled s ON s.id = u.package_id
    JOIN frequencies f ON f.frequency = s.frequency
    WHERE u.occurred_at >= :first_open AND u.occurred_at < :last_close AND u.occurred_at <= :now
),
last_update AS (
    SELECT id, max(occurred_at) AS at FROM hits GROUP BY id
),
met AS (
    -- how many periods each update met, counted once: one period per update unless windows
    -- overlap (a grace period longer than the next period), then every k of the range
    SELECT id, count(*) AS periods FROM (
        SELECT id, lo AS k FROM hits WHERE hi = lo + 1
        UNION
        SELECT h.id, n.k FROM hits h
        JOIN numbered n ON n.frequency = h.frequency AND n.k >= h.lo AND n.k < h.hi
        WHERE h.hi > h.lo + 1
    ) AS met_periods
    GROUP BY id
),
updated_after AS (
    -- datasets updated after the last deadline closed: after every period opened
    -- (only the reported datasets': one agency's report reads its own datasets' events)
    SELECT DISTINCT u.package_id AS id FROM huequality_update_event u
    JOIN scheduled s ON s.id = u.package_id
    WHERE u.occurred_at >= :last_close AND u.occurred_at <= :now
),
per_dataset AS (
    -- A period has had no update when the dataset's last update came before it opened: the
    -- latest closed period decides "overdue", the latest period "pending".
    SELECT s.id, s.owner_org,
           CASE WHEN a.id IS NULL AND s.closed > s.born AND (l.at IS NULL OR l.at < s.last_closed_opened)
                    THEN 'overdue'
                WHEN a.id IS NULL AND (l.at IS NULL OR l.at < s.last_opened) THEN 'pending'
                WHEN coalesce(m.periods, 0) < s.n - s.born THEN 'late'
                ELSE 'on_time' END AS status
    FROM scheduled s
    LEFT JOIN updated_after a ON a.id = s.id
    LEFT JOIN last_update l ON l.id = s.id
    LEFT JOIN met m ON m.id = s.id
    WHERE s.born < s.n
),
per_agency AS (
    SELECT owner_org, count(*) AS required,
           count(*) FILTER (WHERE status = 'on_time') AS on_time,
           count(*) FILTER (WHERE status = 'late') AS late,
           count(*) FILTER (WHERE status = 'overdue') AS overdue,
           count(*) FILTER (WHERE status = 'pending') AS pending
    FROM per_dataset GROUP BY owner_org
),
published AS (
    SELECT owner_org, count(*) AS published FROM datasets
    WHERE created_at >= :start AND created_at < :end GROUP BY owner_org
),
updates AS (
    SELECT u.owner_org, count(*) AS updates FROM huequality_update_event u
    WHERE u.occurred_at >= :start AND u.occurred_at < :end AND u.occurred_at <= :now
      AND u.kind <> 'no_change'
      AND (CAST(:orgs AS text[]) IS NULL OR u.owner_org = ANY(CAST(:orgs AS text[])))
    GROUP BY u.owner_org
)
SELECT g.id, g.name, g.title,
       coalesce(a.required, 0), coalesce(a.on_time, 0), coalesce(a.late, 0),
       coalesce(a.overdue, 0), coalesce(a.pending, 0),
       coalesce(pb.published, 0), coalesce(up.updates, 0)
FROM "group" g
LEFT JOIN per_agency a ON a.owner_org = g.id
LEFT JOIN published pb ON pb.owner_org = g.id
LEFT JOIN updates up ON up.owner_org = g.id
WHERE g.is_organization AND g.state = 'active' AND g.type = 'organization'
  AND (CAST(:orgs AS text[]) IS NULL OR g.id = ANY(CAST(:orgs AS text[])))
ORDER BY g.title, g.name

"""


def compliance_report(
    period: Period,
    now: dt.datetime,
    organization_id: str | None = None,
    connection: Any = None,
    rule: DeadlineRule | None = None,
    *,
    organization_ids: Sequence[str] | None = None,
) -> Report:
    """Per-agency compliance for ``period`` as seen at ``now``, for every agency, one
    (``organization_id``) or several (``organization_ids``: the rows of only those agencies).

    ``connection`` lets the benchmark run it on its own database; by default CKAN's session.
    """
    rule = rule or config.deadline_rule()
    judged = judged_periods(period, rule)
    params = {
        "frequencies": [j[0] for j in judged],
        "keys": [j[1] for j in judged],
        "opens": [j[2] for j in judged],
        "closes": [j[3] for j in judged],
        "known": list(FREQUENCIES),
        "orgs": [organization_id]
        if organization_id is not None
        else (list(organization_ids) if organization_ids is not None else None),
        "now": now,
        "first_open": min((j[2] for j in judged), default=now),
        "last_close": max((j[3] for j in judged), default=now),
        "start": local_midnight_utc(period.start),
        "end": local_midnight_utc(period.end),
    }
    executor = connection if connection is not None else model.Session
    rows = executor.execute(sa.text(_SQL), params).fetchall()
    agencies = [AgencyRow(r[0], r[1], r[2] or r[1], *[int(v) for v in r[3:]]) for r in rows]
    return Report(period.key, period.start, period.last_day, now, agencies, city_total(agencies))


COUNTED = ("datasets_required", "on_time", "late", "overdue", "pending", "datasets_published", "data_updates")


def city_total(agencies: Sequence[AgencyRow]) -> AgencyRow:
    city = AgencyRow("", "city", "city")
    for field in COUNTED:
        setattr(city, field, sum(getattr(a, field) for a in agencies))
    return city
