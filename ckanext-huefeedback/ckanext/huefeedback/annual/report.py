"""The annual agency report (06/2021 Art 12; 1046 Art 22): one row per agency for a year.

Every figure is computed here, once; the page, the CSV and the XLSX print these rows. Figures of
ckanext-huequality come through its actions (deadline report, bulk dataset quality); when an action
is missing the figure is left empty rather than guessed.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import config
from ..datarequests import rules as request_rules
from ..reports import rules as report_rules
from ..shared import clock

log = logging.getLogger(__name__)

QUARTERS = (1, 2, 3, 4)
BADGES = ("xuat_sac", "tot", "dat", "chua_dat")


def columns() -> list[tuple[str, str]]:
    """(key, translated header) in the order of the page's table, the CSV and the XLSX."""
    return [
        ("title", tk._("Agency")),
        ("datasets_total", tk._("Datasets published (end of year)")),
        ("datasets_new", tk._("New datasets in the year")),
        ("resources_total", tk._("Resources published (end of year)")),
        ("resources_new", tk._("New resources in the year")),
        ("datastore_rows", tk._("Rows in the DataStore")),
        *((f"new_q{q}", tk._("New datasets Q{q}").format(q=q)) for q in QUARTERS),
        *((f"updates_q{q}", tk._("Data updates Q{q}").format(q=q)) for q in QUARTERS),
        ("on_time_pct", tk._("On-time updates (percent)")),
        ("badge_xuat_sac", tk._("Badge: excellent")),
        ("badge_tot", tk._("Badge: good")),
        ("badge_dat", tk._("Badge: sufficient")),
        ("badge_chua_dat", tk._("Badge: not sufficient")),
        ("badge_none", tk._("Not scored")),
        ("mean_score", tk._("Mean quality score")),
        ("reports_received", tk._("Error reports received")),
        ("reports_resolved", tk._("Error reports resolved")),
        ("reports_on_time", tk._("Error reports handled on time")),
        ("requests_received", tk._("Data requests received")),
        ("requests_answered", tk._("Data requests answered")),
        ("requests_on_time", tk._("Data requests answered on time")),
        ("views", tk._("Views")),
        ("downloads", tk._("Downloads")),
    ]


# The figures that add up to the city's row (rates and means do not).
SUMMED = ("datasets_total", "datasets_new", "resources_total", "resources_new", "datastore_rows",
          *(f"new_q{q}" for q in QUARTERS), *(f"updates_q{q}" for q in QUARTERS),
          *(f"badge_{b}" for b in (*BADGES, "none")), "reports_received", "reports_resolved",
          "reports_on_time", "requests_received", "requests_answered", "requests_on_time",
          "views", "downloads")


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    # CKAN stores metadata_created and resource.created as naive UTC
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _quarter(moment: dt.datetime) -> int:
    local = moment.replace(tzinfo=dt.timezone.utc).astimezone(clock.TIMEZONE) if moment.tzinfo is None \
        else moment.astimezone(clock.TIMEZONE)
    return (local.month - 1) // 3 + 1


def _call(name: str, context: Context, data: dict[str, Any]) -> Optional[dict[str, Any]]:
    """An action of another extension, or None when it is missing or refuses."""
    try:
        return tk.get_action(name)({**context, "ignore_auth": True}, data)
    except KeyError:
        return None
    except (tk.ValidationError, tk.ObjectNotFound) as error:
        log.info("huefeedback: %s %s gave no figure: %s", name, data, error)
        return None


# How many datasets one call of huequality_dataset_quality_list takes (its limit).
QUALITY_PAGE = 1000


def _qualities(package_ids: list[str], context: Context) -> dict[str, dict[str, Any]]:
    """The newest quality score of each dataset, a thousand datasets per call of huequality's
    bulk read; empty when huequality does not offer it."""
    found: dict[str, dict[str, Any]] = {}
    for first in range(0, len(package_ids), QUALITY_PAGE):
        page = _call("huequality_dataset_quality_list", context, {"ids": package_ids[first:first + QUALITY_PAGE]})
        if page is None:
            return {}
        found.update(page["scores"])
    return found


def _empty_row(group: model.Group) -> dict[str, Any]:
    row: dict[str, Any] = {key: 0 for key in SUMMED}
    row.update(organization_id=group.id, name=group.name, title=group.title or group.name,
               on_time_pct=None, mean_score=None)
    return row


def compute(year: int, organization_id: Optional[str], context: Context) -> dict[str, Any]:
    start, end = clock.year_bounds(year)
    groups = (model.Session.query(model.Group)
              .filter(model.Group.is_organization.is_(True), model.Group.state == "active",
                      model.Group.type == "organization")
              .order_by(model.Group.title, model.Group.name))
    if organization_id:
        groups = groups.filter(model.Group.id == organization_id)
    rows = {group.id: _empty_row(group) for group in groups}
    scores: dict[str, list[float]] = {org_id: [] for org_id in rows}
    all_scores: list[float] = []

    packages = (model.Session.query(model.Package)
                .filter(model.Package.state == "active", model.Package.private.is_(False),
                        model.Package.type == "dataset", model.Package.owner_org.in_(list(rows) or [""]),
                        model.Package.metadata_created < _naive_utc(end))).all()
    qualities = _qualities([package.id for package in packages], context)
    for package in packages:
        row = rows[package.owner_org]
        row["datasets_total"] += 1
        if package.metadata_created >= _naive_utc(start):
            row["datasets_new"] += 1
            row[f"new_q{_quarter(package.metadata_created)}"] += 1
        for resource in package.resources:
            if resource.created and resource.created >= _naive_utc(end):
                continue
            row["resources_total"] += 1
            if resource.created and resource.created >= _naive_utc(start):
                row["resources_new"] += 1
            row["datastore_rows"] += _datastore_rows(resource, context)
        quality = qualities.get(package.id)
        if quality is not None:
            badge = quality.get("badge")
            row[f"badge_{badge}" if badge in BADGES else "badge_none"] += 1
            if quality.get("composite") is not None:
                scores[package.owner_org].append(float(quality["composite"]))
                all_scores.append(float(quality["composite"]))

    deadline = _deadline_figures(year, organization_id, context, rows)
    _feedback_figures(start, end, rows)
    _demand_figures(start, end, rows)
    for org_id, row in rows.items():
        row["mean_score"] = round(sum(scores[org_id]) / len(scores[org_id]), 1) if scores[org_id] else None

    city = {key: sum(row[key] for row in rows.values()) for key in SUMMED}
    city.update(organization_id=None, name=None, title=None,
                on_time_pct=deadline.get("city"),
                mean_score=round(sum(all_scores) / len(all_scores), 1) if all_scores else None)
    return {"year": year, "generated_at": clock.now().isoformat(), "organization_id": organization_id,
            "report_overdue_days": config.report_overdue_days(),
            "request_decision_days": config.request_decision_days(),
            "agencies": list(rows.values()), "city": city}


def _datastore_rows(resource: model.Resource, context: Context) -> int:
    if not tk.asbool((resource.extras or {}).get("datastore_active")):
        return 0
    result = _call("datastore_search", context, {"resource_id": resource.id, "limit": 0})
    return int(result.get("total") or 0) if result else 0


def _deadline_figures(year: int, organization_id: Optional[str], context: Context,
                      rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """On-time rate of the year and data updates per quarter, from huequality's deadline report."""
    scope = {"organization": organization_id} if organization_id else {}
    yearly = _call("huequality_deadline_report", context, {"period": str(year), **scope})
    found: dict[str, Any] = {}
    if yearly is not None:
        for agency in yearly.get("agencies", []):
            if agency["organization_id"] in rows:
                rows[agency["organization_id"]]["on_time_pct"] = agency.get("on_time_pct")
        found["city"] = (yearly.get("city") or {}).get("on_time_pct")
    for quarter in QUARTERS:
        report = _call("huequality_deadline_report", context, {"period": f"{year}-Q{quarter}", **scope})
        for agency in (report or {}).get("agencies", []):
            if agency["organization_id"] in rows:
                rows[agency["organization_id"]][f"updates_q{quarter}"] = int(agency.get("data_updates") or 0)
    return found


def _count_into(rows: dict[str, dict[str, Any]], key: str) -> Callable[[str], None]:
    def add(org_id: str) -> None:
        if org_id in rows:
            rows[org_id][key] += 1
    return add


def _feedback_figures(start: dt.datetime, end: dt.datetime, rows: dict[str, dict[str, Any]]) -> None:
    """Error reports and data requests received in the year, and how they were answered."""
    report_days, request_days = config.report_overdue_days(), config.request_decision_days()
    reports = model.Session.execute(sa.text("""
        SELECT p.owner_org, r.status, r.created, r.closed_at FROM huefeedback_report r
        JOIN package p ON p.id = r.package_id
        WHERE r.created >= :start AND r.created < :end AND p.state = 'active' AND NOT p.private
    """), {"start": start, "end": end})
    for org_id, status, created, closed_at in reports:
        if org_id not in rows:
            continue
        rows[org_id]["reports_received"] += 1
        rows[org_id]["reports_resolved"] += status == "resolved"
        rows[org_id]["reports_on_time"] += report_rules.handled_on_time(created, closed_at, report_days)
    requests = model.Session.execute(sa.text("""
        SELECT organization_id, created, decided_at FROM huefeedback_request
        WHERE created >= :start AND created < :end AND organization_id IS NOT NULL
    """), {"start": start, "end": end})
    for org_id, created, decided_at in requests:
        if org_id not in rows:
            continue
        rows[org_id]["requests_received"] += 1
        rows[org_id]["requests_answered"] += decided_at is not None
        rows[org_id]["requests_on_time"] += request_rules.answered_on_time(created, decided_at, request_days)


def _demand_figures(start: dt.datetime, end: dt.datetime, rows: dict[str, dict[str, Any]]) -> None:
    since, until = clock.local_date(start), clock.local_date(end - dt.timedelta(seconds=1))
    counts = model.Session.execute(sa.text("""
        SELECT p.owner_org, d.kind, sum(d.count) FROM huefeedback_demand d JOIN package p ON p.id = d.package_id
        WHERE d.day >= :since AND d.day <= :until AND p.state = 'active' AND NOT p.private
        GROUP BY p.owner_org, d.kind
    """), {"since": since, "until": until})
    for org_id, kind, total in counts:
        if org_id in rows:
            rows[org_id]["views" if kind == "view" else "downloads"] += int(total)
