"""Template helpers of the quality badge and scores (registered by the plugin: every public
function named ``huequality_*`` here)."""

from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit as tk

from ckanext.huedata.vocabularies import QUALITY_BADGES, by_code

from .types import BADGES, DIMENSIONS

_BADGES = by_code(QUALITY_BADGES)


def huequality_badge_label(badge: str | None) -> str:
    """The badge's name in the page's language (the suite's vocabulary)."""
    term = _BADGES.get(badge or "")
    if term is None:
        return tk._("Not scored yet")
    return term.vi if tk.h.lang() == "vi" else term.en


def huequality_badges() -> tuple[str, ...]:
    """Badge codes, best first."""
    return BADGES


def huequality_dimension_label(dimension: str) -> str:
    labels = {
        "completeness": tk._("Completeness"),
        "consistency": tk._("Consistency"),
        "accuracy": tk._("Accuracy"),
        "timeliness": tk._("Timeliness"),
        "uniqueness": tk._("Uniqueness"),
    }
    return labels.get(dimension, dimension)


def huequality_problem_label(code: str) -> str:
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


def huequality_field_label(field_name: str, dataset_type: str = "dataset") -> str:
    """A dataset field's label from the portal's scheming schema, in the page's language
    (the evidence stores field names; a reader knows the form's labels)."""
    special = {"resources": tk._("Resources"), "tag_string": tk._("Tags")}
    schema_of = getattr(tk.h, "scheming_get_dataset_schema", None)
    schema = schema_of(dataset_type) if schema_of else None
    for schema_field in (schema or {}).get("dataset_fields", []):
        if schema_field.get("field_name") == field_name and schema_field.get("label"):
            return str(tk.h.scheming_language_text(schema_field["label"]))
    return special.get(field_name, field_name)


def huequality_message(message: dict[str, Any] | str) -> str:
    """An evidence message (``message_vi``/``message_en``) in the page's language."""
    if isinstance(message, str):  # scores stored before messages were bilingual
        return message
    if tk.h.lang() == "vi":
        return str(message.get("message_vi") or message.get("message_en") or "")
    return str(message.get("message_en") or message.get("message_vi") or "")


def huequality_dataset_quality(package_id: str) -> dict[str, Any] | None:
    try:
        result = tk.get_action("huequality_dataset_quality")({}, {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    return result if result.get("badge") else None


def huequality_dimensions() -> tuple[str, ...]:
    return DIMENSIONS
