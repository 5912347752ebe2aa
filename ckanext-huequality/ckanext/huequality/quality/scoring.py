"""From the table scans, the metadata and the period statuses to five scores and a badge.

Pure functions: no database, no CKAN. Each dimension is a mean of its parts that apply:

- completeness: required metadata present; non-empty cells in required columns (per resource);
- consistency: codes (metadata sector and spatial coverage, code-list cells) in their lists;
  tabular resources sharing the most common columns and types; record count equal to the
  harvest source's (``harvest_source_record_count``);
- accuracy: metadata values well-formed; non-empty cells passing their type and constraints;
- timeliness: see ``timeliness.py``;
- uniqueness: rows not duplicated on the primary key, or on the whole row.
An unreadable tabular file scores 0 for completeness and accuracy of its data and does not
match the others' structure; its evidence says why it could not be read.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import codelists
from .fields import Bbox
from .scan import TableScan
from .timeliness import timeliness_score
from .types import DIMENSIONS, Adjustment, DimensionScore, Evidence, QualityResult, mean_score, ratio_score

ALGORITHM_VERSION = "hue-dq-1.1"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class Settings:
    weights: dict[str, float]
    thresholds: dict[str, float]
    bands: dict[str, float]  # minimum composite for xuat_sac, tot, dat
    required_metadata: list[str]
    bbox: Bbox = field(default_factory=lambda: Bbox(106.95, 15.95, 108.25, 16.80))
    near_duplicate_ratio: float = 0.9


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and value.strip() not in ("[]", "{}")
    if isinstance(value, (list, dict, tuple)):
        return bool(value)
    return True


def _field(pkg: dict[str, Any], key: str) -> Any:
    if key in pkg:
        return pkg[key]
    if key == "tag_string":  # the form's field; package_show gives the tags as a list
        return [t.get("name") for t in pkg.get("tags") or [] if t.get("name")]
    for extra in pkg.get("extras") or []:
        if extra.get("key") == key:
            return extra.get("value")
    return None


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.strip().startswith("["):
        import json

        try:
            return [str(v) for v in json.loads(value)]
        except ValueError:
            return [value]
    return [value] if isinstance(value, str) and value.strip() else []


def completeness(pkg: dict[str, Any], scans: list[TableScan], settings: Settings) -> DimensionScore:
    ev = Evidence()
    missing = [k for k in settings.required_metadata if not _present(_field(pkg, k))]
    meta = ratio_score(len(settings.required_metadata) - len(missing), len(settings.required_metadata))
    ev.counted["metadata_required"] = len(settings.required_metadata)
    ev.counted["metadata_missing"] = missing
    data_parts: list[float | None] = []
    for scan in scans:
        if scan.error:
            data_parts.append(0.0)
            continue
        part = ratio_score(scan.required_filled, scan.required_cells)
        data_parts.append(part if part is not None else 100.0)
        ev.counted.setdefault("resources", []).append(
            {
                "resource": scan.resource_name,
                "required_columns": scan.required_columns,
                "required_cells": scan.required_cells,
                "filled": scan.required_filled,
            }
        )
        for ex in scan.empty_examples:
            ev.add_example({"resource": scan.resource_name, "problem": "empty_required", **ex})
    for name in missing:
        ev.add_example({"field": name, "problem": "missing_metadata"})
    data = mean_score(data_parts)
    return DimensionScore("completeness", mean_score([meta, data]), ev)


def consistency(
    pkg: dict[str, Any], scans: list[TableScan], previous: dict[str, list[list[str]]] | None = None
) -> DimensionScore:
    """``previous``: each resource's columns and types at the last scoring (its earlier version)."""
    ev = Evidence()
    code_total = code_ok = 0
    sector = _field(pkg, "sector")
    if _present(sector):
        code_total += 1
        if codelists.is_sector_code(str(sector)):
            code_ok += 1
        else:
            ev.add_example({"field": "sector", "value": str(sector), "problem": "codelist:sector"})
    for code in _as_list(_field(pkg, "spatial_coverage")):
        code_total += 1
        if code == codelists.CITY_WIDE or codelists.is_ward_code(code):
            code_ok += 1
        else:
            ev.add_example({"field": "spatial_coverage", "value": code, "problem": "codelist:ward"})
    readable = [s for s in scans if not s.error]
    for scan in readable:
        code_total += scan.code_cells
        code_ok += scan.code_valid
        for ex in scan.code_examples:
            ev.add_example({"resource": scan.resource_name, **ex})
    ev.counted["codes_checked"] = code_total
    ev.counted["codes_valid"] = code_ok
    parts: list[float | None] = [ratio_score(code_ok, code_total)]

    if len(scans) >= 2:
        common, _n = Counter(tuple(s.signature) for s in readable).most_common(1)[0] if readable else ((), 0)
        matching = [s for s in readable if tuple(s.signature) == common]
        parts.append(ratio_score(len(matching), len(scans)))
        ev.counted["resources_same_structure"] = f"{len(matching)}/{len(scans)}"
        for scan in scans:
            if scan not in matching:
                ev.add_example(
                    {
                        "resource": scan.resource_name,
                        "problem": "structure_differs",
                        "columns": [f"{n}:{t}" for n, t in scan.signature],
                    }
                )

    ev.counted["structures"] = {s.resource_id: [[n, t] for n, t in s.signature] for s in readable}
    compared = [s for s in readable if previous and s.resource_id in previous]
    if compared:
        kept = [s for s in compared if [[n, t] for n, t in s.signature] == previous[s.resource_id]]  # type: ignore[index]
        parts.append(ratio_score(len(kept), len(compared)))
        ev.counted["versions_same_structure"] = f"{len(kept)}/{len(compared)}"
        for scan in compared:
            if scan not in kept:
                ev.add_example(
                    {
                        "resource": scan.resource_name,
                        "problem": "structure_changed",
                        "columns": [f"{n}:{t}" for n, t in scan.signature],
                    }
                )

    expected = _field(pkg, "harvest_source_record_count")
    if _present(expected) and str(expected).strip().isdigit():
        source = int(str(expected).strip())
        ours = sum(s.rows for s in readable)
        ev.counted["records"] = ours
        ev.counted["harvest_source_record_count"] = source
        parts.append(100.0 if ours == source else 0.0)
        if ours != source:
            ev.add_example({"problem": "record_count_differs", "value": ours, "expected": source})
    return DimensionScore("consistency", mean_score(parts), ev)


def accuracy(pkg: dict[str, Any], scans: list[TableScan], today: date) -> DimensionScore:
    ev = Evidence()
    meta_total = meta_ok = 0
    email = _field(pkg, "contact_email")
    if _present(email):
        meta_total += 1
        if _EMAIL.fullmatch(str(email).strip()):
            meta_ok += 1
        else:
            ev.add_example({"field": "contact_email", "value": str(email), "problem": "format:email"})
    dates: dict[str, date] = {}
    for key in ("temporal_start", "temporal_end"):
        value = _field(pkg, key)
        if not _present(value):
            continue
        meta_total += 1
        try:
            dates[key] = date.fromisoformat(str(value)[:10])
            meta_ok += 1
        except ValueError:
            ev.add_example({"field": key, "value": str(value), "problem": "type:date"})
    if len(dates) == 2:
        meta_total += 1
        if dates["temporal_start"] <= dates["temporal_end"]:
            meta_ok += 1
        else:
            ev.add_example(
                {"field": "temporal_end", "value": str(dates["temporal_end"]), "problem": "end_before_start"}
            )
    parts: list[float | None] = [ratio_score(meta_ok, meta_total)]
    ev.counted["metadata_checked"] = meta_total
    ev.counted["metadata_valid"] = meta_ok
    data_parts: list[float | None] = []
    for scan in scans:
        if scan.error:
            data_parts.append(0.0)
            # Only the reason, in both languages: never a cell of a file that was not read.
            ev.messages.append(
                {"resource": scan.resource_name, "message_vi": scan.error_vi or scan.error, "message_en": scan.error}
            )
            ev.add_example({"resource": scan.resource_name, "problem": "unreadable"})
            continue
        data_parts.append(ratio_score(scan.valid_cells, scan.checked_cells))
        ev.counted.setdefault("resources", []).append(
            {
                "resource": scan.resource_name,
                "schema": scan.schema_source,
                "cells_checked": scan.checked_cells,
                "cells_valid": scan.valid_cells,
            }
        )
        for ex in scan.invalid_examples:
            ev.add_example({"resource": scan.resource_name, **ex})
    parts.append(mean_score(data_parts))
    return DimensionScore("accuracy", mean_score(parts), ev)


def timeliness(statuses: list[str]) -> DimensionScore:
    score, counts = timeliness_score(statuses)
    ev = Evidence(counted={"periods": counts})
    for status in statuses:
        if status in ("late", "overdue"):
            ev.add_example({"problem": status})
    return DimensionScore("timeliness", score, ev)


def uniqueness(scans: list[TableScan], near_duplicates: list[dict[str, str]]) -> DimensionScore:
    ev = Evidence()
    parts: list[float | None] = []
    for scan in scans:
        if scan.error or scan.rows == 0:
            continue
        parts.append(ratio_score(scan.rows - scan.duplicates, scan.rows))
        ev.counted.setdefault("resources", []).append(
            {
                "resource": scan.resource_name,
                "rows": scan.rows,
                "duplicates": scan.duplicates,
                "key": scan.duplicate_key,
            }
        )
        for row in scan.duplicate_rows:
            ev.add_example({"resource": scan.resource_name, "row": row, "problem": "duplicate_row"})
    ev.counted["near_duplicate_datasets"] = near_duplicates
    score = mean_score(parts)
    if score is None and not any(s.error for s in scans):
        # No rows to compare: the dataset is unique unless another one duplicates it.
        score = 0.0 if near_duplicates else 100.0
    return DimensionScore("uniqueness", score, ev)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(re.findall(r"\w+", text))


def near_duplicates(pkg: dict[str, Any], others: list[dict[str, Any]], ratio: float = 0.9) -> list[dict[str, str]]:
    """Datasets of the same agency whose title (accents ignored) or resource files nearly match."""
    title = _fold(pkg.get("title") or pkg.get("name") or "")
    urls = {r.get("url") for r in pkg.get("resources") or [] if r.get("url") and r.get("url_type") != "upload"}
    found = []
    for other in others:
        if other.get("id") == pkg.get("id") or other.get("owner_org") != pkg.get("owner_org"):
            continue
        similar = difflib.SequenceMatcher(None, title, _fold(other.get("title") or "")).ratio()
        other_urls = {r.get("url") for r in other.get("resources") or [] if r.get("url")}
        if similar >= ratio or (urls and urls <= other_urls):
            found.append({"id": str(other.get("id")), "name": str(other.get("name")), "similarity": f"{similar:.2f}"})
    return found


def badge_for(scores: Mapping[str, float | None], settings: Settings) -> tuple[float | None, str, list[str]]:
    """Composite (weights re-normalised over the dimensions that apply), badge, dimensions below threshold."""
    weighted = [(settings.weights.get(d, 0.0), s) for d, s in scores.items() if s is not None]
    total_weight = sum(w for w, _ in weighted)
    composite = round(sum(w * s for w, s in weighted) / total_weight, 1) if total_weight else None
    below = [d for d in DIMENSIONS if scores.get(d) is not None and scores[d] < settings.thresholds.get(d, 0.0)]  # type: ignore[operator]
    if composite is None:
        return None, "chua_dat", below
    if composite >= settings.bands["xuat_sac"]:
        badge = "xuat_sac"
    elif composite >= settings.bands["tot"]:
        badge = "tot"
    elif composite >= settings.bands["dat"]:
        badge = "dat"
    else:
        badge = "chua_dat"
    if below and badge in ("xuat_sac", "tot"):
        badge = "dat"  # 1046 Art 15: a dimension under its threshold caps the badge at Đạt
    return composite, badge, below


def apply_adjustments(dims: dict[str, DimensionScore], adjustments: list[tuple[str, Adjustment]]) -> None:
    """Folds other extensions' inputs into the dimensions, in turn (see ``interfaces.py``):
    ``(1 - weight) * computed + weight * score``; a dimension that does not apply takes the
    input's score. ``adjustments`` are ``(source, adjustment)`` pairs; each one is kept in the
    dimension's evidence and its messages are shown with the others."""
    exact: dict[str, float | None] = {name: dim.score for name, dim in dims.items()}
    for source, adjustment in adjustments:
        dim = dims[adjustment.dimension]
        before = exact[adjustment.dimension]
        after = (
            adjustment.score
            if before is None
            else (1 - adjustment.weight) * before + adjustment.weight * adjustment.score
        )
        exact[adjustment.dimension] = after
        evidence = dict(adjustment.evidence)
        dim.evidence.adjustments.append(
            {
                "source": source,
                "weight": adjustment.weight,
                "score": adjustment.score,
                "before": None if before is None else round(before, 1),
                "after": round(after, 1),
                "evidence": evidence,
            }
        )
        if evidence.get("message_vi") or evidence.get("message_en"):
            dim.evidence.messages.append(
                {
                    "source": source,
                    "message_vi": str(evidence.get("message_vi") or evidence.get("message_en")),
                    "message_en": str(evidence.get("message_en") or evidence.get("message_vi")),
                }
            )
    for name, value in exact.items():
        dims[name].score = None if value is None else round(value, 1)


def score_dataset(
    pkg: dict[str, Any],
    scans: list[TableScan],
    statuses: list[str],
    settings: Settings,
    today: date,
    near_dups: list[dict[str, str]] | None = None,
    previous_structures: dict[str, list[list[str]]] | None = None,
    adjustments: list[tuple[str, Adjustment]] | None = None,
) -> QualityResult:
    dims = {
        "completeness": completeness(pkg, scans, settings),
        "consistency": consistency(pkg, scans, previous_structures),
        "accuracy": accuracy(pkg, scans, today),
        "timeliness": timeliness(statuses),
        "uniqueness": uniqueness(scans, near_dups or []),
    }
    apply_adjustments(dims, adjustments or [])
    composite, badge, below = badge_for({d: s.score for d, s in dims.items()}, settings)
    return QualityResult(
        package_id=str(pkg.get("id", "")),
        algorithm_version=ALGORITHM_VERSION,
        composite=composite,
        badge=badge,
        dimensions=dims,
        below_threshold=below,
    )
