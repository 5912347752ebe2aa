"""Template helpers of the update-deadline tracker (registered by the plugin: every public
function named ``huequality_*`` here)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.huedata.vocabularies import FREQUENCIES, by_code

from .status import STATUS_LABELS, Status

_FREQUENCIES = by_code(FREQUENCIES)


def huequality_status_label(code: str) -> str:
    """The translated label of a deadline status code (on_time, overdue, ...)."""
    try:
        return tk._(STATUS_LABELS[Status(code)])
    except ValueError:
        return code


def huequality_deadline_status(package_id: str) -> dict[str, Any] | None:
    """The dataset's deadline status for its page, or None when the viewer may not see it."""
    try:
        return tk.get_action("huequality_deadline_status")({}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def huequality_frequency_label(code: str) -> str:
    """The name of an update frequency code in the page's language (the suite's vocabulary)."""
    term = _FREQUENCIES.get(code)
    if term is None:
        return code
    return term.vi if tk.h.lang() == "vi" else term.en
