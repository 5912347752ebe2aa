"""Demand per dataset, agency and sector: views, downloads, error reports and data requests.

Only public, active datasets count: demand is what citizens and re-users show for published data.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model

_DATASETS = sa.text("""
    SELECT p.id, p.name, coalesce(p.title, p.name) AS title, p.owner_org,
           coalesce(g.title, g.name) AS org_title, g.name AS org_name, s.value AS sector
    FROM package p
    JOIN "group" g ON g.id = p.owner_org
    LEFT JOIN package_extra s ON s.package_id = p.id AND s.key = 'sector' AND s.state = 'active'
    WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset'
      AND (CAST(:org AS text) IS NULL OR p.owner_org = CAST(:org AS text))
      AND (CAST(:sector AS text) IS NULL OR s.value = CAST(:sector AS text))
""")
_COUNTS = sa.text("""
    SELECT package_id,
           coalesce(sum(count) FILTER (WHERE kind = 'view'), 0) AS views,
           coalesce(sum(count) FILTER (WHERE kind = 'download'), 0) AS downloads
    FROM huefeedback_demand WHERE day >= :since AND day <= :until GROUP BY package_id
""")
_REPORTS = sa.text("""
    SELECT package_id, count(*) FROM huefeedback_report
    WHERE created >= :start AND created < :end GROUP BY package_id
""")
_LINKED_REQUESTS = sa.text("""
    SELECT package_id, count(*) FROM huefeedback_request
    WHERE package_id IS NOT NULL AND created >= :start AND created < :end GROUP BY package_id
""")
_REQUESTS = sa.text("""
    SELECT r.organization_id, r.sector, r.status, count(*) FROM huefeedback_request r
    WHERE r.created >= :start AND r.created < :end
      AND (CAST(:org AS text) IS NULL OR r.organization_id = CAST(:org AS text))
      AND (CAST(:sector AS text) IS NULL OR r.sector = CAST(:sector AS text))
    GROUP BY r.organization_id, r.sector, r.status
""")


@dataclass
class DatasetDemand:
    id: str
    name: str
    title: str
    organization_id: str
    organization_name: str
    organization_title: str
    sector: Optional[str]
    views: int = 0
    downloads: int = 0
    reports: int = 0
    requests: int = 0

    @property
    def interest(self) -> int:
        """What ranks "most wanted": every sign that people want this data, counted alike."""
        return self.views + self.downloads + self.reports + self.requests


@dataclass
class GroupDemand:
    key: Optional[str]
    title: str
    datasets: int = 0
    views: int = 0
    downloads: int = 0
    reports: int = 0
    requests: int = 0
    requests_open: int = 0

    def add(self, dataset: DatasetDemand) -> None:
        self.datasets += 1
        self.views += dataset.views
        self.downloads += dataset.downloads
        self.reports += dataset.reports


def datasets(since: dt.date, until: dt.date, start: dt.datetime, end: dt.datetime,
             org_id: Optional[str], sector: Optional[str]) -> list[DatasetDemand]:
    session = model.Session
    rows = {r.id: DatasetDemand(r.id, r.name, r.title, r.owner_org, r.org_name, r.org_title, r.sector)
            for r in session.execute(_DATASETS, {"org": org_id, "sector": sector})}
    for package_id, views, downloads in session.execute(_COUNTS, {"since": since, "until": until}):
        if package_id in rows:
            rows[package_id].views, rows[package_id].downloads = int(views), int(downloads)
    for package_id, count in session.execute(_REPORTS, {"start": start, "end": end}):
        if package_id in rows:
            rows[package_id].reports = int(count)
    for package_id, count in session.execute(_LINKED_REQUESTS, {"start": start, "end": end}):
        if package_id in rows:
            rows[package_id].requests = int(count)
    return list(rows.values())


def by_group(items: list[DatasetDemand], start: dt.datetime, end: dt.datetime, org_id: Optional[str],
             sector: Optional[str], sector_labels: dict[str, str]) -> tuple[list[GroupDemand], list[GroupDemand]]:
    """Per agency and per sector; requests count where they were addressed (agency) or classed (sector)."""
    agencies: dict[Optional[str], GroupDemand] = {}
    sectors: dict[Optional[str], GroupDemand] = defaultdict(lambda: GroupDemand(None, ""))
    for item in items:
        agencies.setdefault(item.organization_id, GroupDemand(item.organization_id, item.organization_title)).add(item)
        sectors[item.sector].add(item)
    titles = {g.id: g.title or g.name for g in model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active")}
    for organization_id, request_sector, status, count in model.Session.execute(
            _REQUESTS, {"start": start, "end": end, "org": org_id, "sector": sector}):
        for bucket in (agencies.setdefault(organization_id, GroupDemand(organization_id, titles.get(
                organization_id, ""))), sectors[request_sector]):
            bucket.requests += int(count)
            if status in ("new", "approved"):
                bucket.requests_open += int(count)
    for key, bucket in sectors.items():
        bucket.key, bucket.title = key, sector_labels.get(key or "", "")
    def order(rows: dict[Optional[str], GroupDemand]) -> list[GroupDemand]:
        return sorted(rows.values(), key=lambda g: (-(g.views + g.downloads + g.reports + g.requests), g.title))
    return order(agencies), order(sectors)


def as_dicts(items: list[Any]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        row = asdict(item)
        if isinstance(item, DatasetDemand):
            row["interest"] = item.interest
        out.append(row)
    return out
