"""The Data Quality Index: mean composite score per agency and for the city, per quarter.

Each quarter's row keeps the number of datasets, the badge counts, the mean of each
dimension and the algorithm version, so a past quarter stays explainable after the
algorithm changes. The index is published as an open dataset whose CSV resource is served
from the stored rows (``/chat-luong-du-lieu/chi-so.csv``), so it is current after each period.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ckan import model
from ckan.plugins import toolkit as tk

from ... import clock
from .. import config as qconfig
from ..model import QualityIndex
from ..scoring import ALGORITHM_VERSION
from ..types import BADGES, DIMENSIONS
from . import store

log = logging.getLogger(__name__)
CSV_COLUMNS = (
    "period",
    "scope",
    "agency_id",
    "agency",
    "score",
    "datasets",
    *(f"badge_{b}" for b in BADGES),
    *DIMENSIONS,
    "algorithm_version",
    "computed_at",
)


@dataclass
class ScoreLine:
    """What the index needs from one dataset's newest score."""

    org_id: str
    composite: float | None
    badge: str
    scores: dict[str, float | None]


def aggregate(lines: list[ScoreLine]) -> dict[str, dict[str, Any]]:
    """Per agency (key: org id) and for the city (key: ''): mean composite, badges, dimension means."""
    groups: dict[str, list[ScoreLine]] = defaultdict(list)
    for line in lines:
        groups[""].append(line)
        if line.org_id:
            groups[line.org_id].append(line)
    result: dict[str, dict[str, Any]] = {}
    for key, members in groups.items():
        composites = [m.composite for m in members if m.composite is not None]
        dims: dict[str, float | None] = {}
        for d in DIMENSIONS:
            values = [v for v in (m.scores.get(d) for m in members) if v is not None]
            dims[d] = round(sum(values) / len(values), 1) if values else None
        result[key] = {
            "score": round(sum(composites) / len(composites), 1) if composites else None,
            "datasets": len(members),
            "badges": {b: sum(1 for m in members if m.badge == b) for b in BADGES},
            "dimensions": dims,
        }
    return result


def compute_and_store(period: str) -> None:
    """Replaces the period's rows in the session (the caller commits)."""
    lines = [ScoreLine(r.owner_org or "", r.composite, r.badge, r.scores) for r in store.latest_for_all()]
    titles = dict(model.Session.query(model.Group.id, model.Group.title).filter(model.Group.is_organization))
    model.Session.query(QualityIndex).filter(QualityIndex.period == period).delete()
    for org_id, agg in aggregate(lines).items():
        model.Session.add(
            QualityIndex(
                period=period,
                org_id=org_id,
                org_title=titles.get(org_id, "") if org_id else "Thành phố Huế",
                score=agg["score"],
                datasets=agg["datasets"],
                badges=agg["badges"],
                dimensions=agg["dimensions"],
                algorithm_version=ALGORITHM_VERSION,
                computed_at=clock.now(),
            )
        )


def stored(period: str | None, org_id: str | None) -> dict[str, Any]:
    query = model.Session.query(QualityIndex)
    if period:
        query = query.filter(QualityIndex.period == period)
    if org_id:
        query = query.filter(QualityIndex.org_id.in_([org_id, ""]))
    rows = [r.as_dict() for r in query.order_by(QualityIndex.period.desc(), QualityIndex.org_id)]
    periods = sorted({r["period"] for r in rows}, reverse=True)
    return {"periods": periods, "rows": rows}


def csv_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in sorted(stored(None, None)["rows"], key=lambda r: (r["period"], r["org_id"] or "")):
        writer.writerow(
            [
                row["period"],
                "agency" if row["org_id"] else "city",
                row["org_id"] or "",
                row["org_title"],
                row["score"],
                row["datasets"],
                *(row["badges"].get(b, 0) for b in BADGES),
                *(row["dimensions"].get(d) for d in DIMENSIONS),
                row["algorithm_version"],
                row["computed_at"],
            ]
        )
    return out.getvalue()


def publish(context: dict[str, Any]) -> None:
    """Create (once) the open dataset of the index, and note the period's algorithm version."""
    name = qconfig.index_dataset()
    site_context = {"ignore_auth": True, "user": context.get("user") or ""}
    url = tk.url_for("huequality_quality.index_csv", _external=True)
    description = tk._("Data Quality Index of Huế, per agency and quarter. Algorithm {version}.").format(
        version=ALGORITHM_VERSION
    )
    try:
        pkg = tk.get_action("package_show")(dict(site_context), {"id": name})
    except tk.ObjectNotFound:
        pkg = None
    try:
        if pkg is None:
            tk.get_action("package_create")(
                dict(site_context),
                {
                    "name": name,
                    "title": "Chỉ số chất lượng dữ liệu (Data Quality Index)",
                    "notes": description,
                    "license_id": "cc-by",
                    "resources": [
                        {"name": "chi-so-chat-luong.csv", "url": url, "format": "CSV", "description": description}
                    ],
                },
            )
        else:
            res = pkg["resources"][0]
            tk.get_action("resource_patch")(
                dict(site_context),
                {
                    "id": res["id"],
                    "url": url,
                    "description": description,
                    "last_modified": clock.now().replace(tzinfo=None).isoformat(),
                },
            )
    except tk.ValidationError as exc:
        # The Huế schema may ask for fields the site must fill in once by hand.
        log.warning("could not publish the quality index dataset %s: %s", name, exc.error_dict)
