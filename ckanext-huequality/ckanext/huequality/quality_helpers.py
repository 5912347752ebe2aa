"""Template helpers of the quality badge and scores."""
from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit as tk

from .quality.types import DIMENSIONS


def badge_label(badge: str | None) -> str:
    labels = {"xuat_sac": tk._("Excellent"), "tot": tk._("Good"), "dat": tk._("Sufficient"),
              "chua_dat": tk._("Below standard")}
    return labels.get(badge or "", tk._("Not scored yet"))


def dimension_label(dimension: str) -> str:
    labels = {"completeness": tk._("Completeness"), "consistency": tk._("Consistency"),
              "accuracy": tk._("Accuracy"), "timeliness": tk._("Timeliness"),
              "uniqueness": tk._("Uniqueness")}
    return labels.get(dimension, dimension)


def problem_label(code: str) -> str:
    labels = {
        "missing_metadata": tk._("required metadata missing"),
        "empty_required": tk._("empty cell in a required column"),
        "future_date": tk._("date in the future"),
        "outside_hue": tk._("coordinate outside Huế"),
        "codelist:ward": tk._("not a ward/commune code of Huế"),
        "codelist:sector": tk._("not a sector code"),
        "structure_differs": tk._("columns differ from the other resources"),
        "structure_changed": tk._("columns or types changed since the previous version"),
        "record_count_differs": tk._("record count differs from the harvest source"),
        "duplicate_row": tk._("duplicate row"),
        "unreadable": tk._("file cannot be read"),
        "end_before_start": tk._("end date before start date"),
        "late": tk._("period updated late"),
        "overdue": tk._("period overdue"),
        "format:email": tk._("not an e-mail address"),
    }
    if code in labels:
        return labels[code]
    kind, _sep, detail = code.partition(":")
    if kind == "type":
        return tk._("not a valid {type}").format(type=detail)
    if kind == "constraint":
        return tk._("breaks the {constraint} constraint").format(constraint=detail)
    return code


def dataset_quality(package_id: str) -> dict[str, Any] | None:
    try:
        result = tk.get_action("huequality_dataset_quality")({}, {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    return result if result.get("badge") else None


def latest_badge(package_id: str) -> str | None:
    from .quality import store

    return store.latest_badge(package_id)


def dimensions() -> tuple[str, ...]:
    return DIMENSIONS


def helpers() -> dict[str, Any]:
    return {
        "huequality_badge_label": badge_label,
        "huequality_dimension_label": dimension_label,
        "huequality_problem_label": problem_label,
        "huequality_dataset_quality": dataset_quality,
        "huequality_dimensions": dimensions,
        "huequality_latest_badge": latest_badge,
    }
