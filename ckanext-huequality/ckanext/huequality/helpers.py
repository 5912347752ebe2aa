"""Template helpers of ckanext-huequality."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from .deadlines.status import STATUS_LABELS, Status, _

FREQUENCY_LABELS = {
    "continuous": _("Continuous"), "daily": _("Daily"), "weekly": _("Weekly"),
    "monthly": _("Monthly"), "quarterly": _("Quarterly"), "semiannual": _("Every six months"),
    "annual": _("Annual"), "irregular": _("Irregular"), "never": _("No longer updated"),
}


def huequality_status_label(code: str) -> str:
    """The translated label of a deadline status code (on_time, overdue, ...)."""
    try:
        return tk._(STATUS_LABELS[Status(code)])
    except ValueError:
        return code


def huequality_deadline_status(package_id: str) -> Optional[dict[str, Any]]:
    """The dataset's deadline status for its page, or None when the viewer may not see it."""
    try:
        return tk.get_action("huequality_deadline_status")({}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def huequality_frequency_label(code: str) -> str:
    """The translated name of an update frequency code."""
    return tk._(FREQUENCY_LABELS.get(code, code))
