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

from ckanext.huedata.vocabularies import QUALITY_BADGES, by_code

from ... import clock
from .. import config as qconfig
from ..model import QualityIndex
from ..scoring import ALGORITHM_VERSION
from ..types import BADGES, DIMENSIONS
from . import store

log = logging.getLogger(__name__)
BADGE_TERMS = by_code(QUALITY_BADGES)
# The published CSV is a data file of the city: its headers are Vietnamese whatever the reader's
# language (the badge and dimension names are the suite's vocabulary).
DIMENSION_HEADERS = {
    "completeness": "Tính đầy đủ",
    "consistency": "Tính nhất quán",
    "accuracy": "Tính chính xác",
    "timeliness": "Tính kịp thời",
    "uniqueness": "Tính duy nhất",
}
CSV_COLUMNS = (
    "Kỳ (quý)",
    "Phạm vi",
    "Mã cơ quan",
    "Cơ quan",
    "Điểm chất lượng",
    "Số bộ dữ liệu",
    *(f"Số bộ dữ liệu {BADGE_TERMS[b].vi}" for b in BADGES),
    *(f"Điểm {DIMENSION_HEADERS[d].lower()}" for d in DIMENSIONS),
    "Phiên bản thuật toán",
    "Thời điểm tính",
)
SCOPE_CITY, SCOPE_AGENCY = "thành phố", "cơ quan"


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
                SCOPE_AGENCY if row["org_id"] else SCOPE_CITY,
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


class IndexNotPublished(Exception):
    """The index dataset cannot be published (its organisation is missing): said in both languages."""


def _index_dataset(name: str, organization: dict[str, Any], url: str, description: str) -> dict[str, Any]:
    """The index dataset with every field the Huế schema requires and completeness counts."""
    return {
        "name": name,
        "title": "Chỉ số chất lượng dữ liệu (Data Quality Index)",
        "notes": description,
        "owner_org": organization["id"],
        "private": False,
        "license_id": "cc-by",
        "sector": "technology",
        "data_kind": "platform_generated",
        "update_frequency": "quarterly",
        "spatial_coverage": ["city"],
        "contact_name": organization.get("title") or organization["name"],
        "contact_email": organization.get("contact_email") or qconfig.index_contact_email(),
        "legal_basis": "Quyết định 1046/QĐ-UBND, Điều 14–15",
        "tag_string": "chat-luong-du-lieu,chi-so",
        "resources": [{"name": "chi-so-chat-luong.csv", "url": url, "format": "CSV", "description": description}],
    }


def publish(context: dict[str, Any]) -> dict[str, Any]:
    """Publish (create, or bring up to date) the open dataset of the index, owned by the
    Department's organisation (``quality.index_organization``) with every required field filled.
    Raises :class:`IndexNotPublished` when that organisation does not exist, and
    ``ValidationError`` when the site's schema refuses the dataset: a failure is never silent."""
    name = qconfig.index_dataset()
    site_context = {"ignore_auth": True, "user": context.get("user") or ""}
    org_name = qconfig.index_organization()
    try:
        organization = tk.get_action("organization_show")(dict(site_context), {"id": org_name})
    except tk.ObjectNotFound:
        raise IndexNotPublished(
            f"Không có tổ chức '{org_name}' để công bố Chỉ số chất lượng dữ liệu "
            f"(ckanext.huequality.quality.index_organization) / no organisation '{org_name}' "
            "to publish the Data Quality Index (ckanext.huequality.quality.index_organization)"
        ) from None
    url = tk.url_for("huequality_quality.index_csv", _external=True)
    description = tk._("Data Quality Index of Huế, per agency and quarter. Algorithm {version}.").format(
        version=ALGORITHM_VERSION
    )
    wanted = _index_dataset(name, organization, url, description)
    try:
        pkg = tk.get_action("package_show")(dict(site_context), {"id": name})
    except tk.ObjectNotFound:
        return tk.get_action("package_create")(dict(site_context), wanted)
    resource = {**wanted["resources"][0], "last_modified": clock.now().replace(tzinfo=None).isoformat()}
    if pkg.get("resources"):
        resource["id"] = pkg["resources"][0]["id"]
    return tk.get_action("package_patch")(
        dict(site_context), {**wanted, "id": pkg["id"], "resources": [resource, *pkg["resources"][1:]]}
    )
