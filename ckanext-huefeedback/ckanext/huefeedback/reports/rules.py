"""The rules of an error report, without a database: categories, statuses, transitions, overdue, score."""
from __future__ import annotations

import datetime as dt
from typing import Optional


def N_(message: str) -> str:  # noqa: N802 — marks a message for translation at display time
    return message


CATEGORIES: dict[str, str] = {
    "wrong_value": N_("Wrong value"),
    "out_of_date": N_("Out of date"),
    "broken_link": N_("Broken link or file"),
    "personal_data": N_("Personal data exposed"),
    "other": N_("Other"),
}
# Categories that say the data does not reflect reality (1046 Art 14: accuracy).
ACCURACY_CATEGORIES = ("wrong_value",)
# Categories whose details are never public (the report itself may carry the exposed data).
CONFIDENTIAL_CATEGORIES = ("personal_data",)

STATUSES: dict[str, str] = {
    "new": N_("New"),
    "acknowledged": N_("Acknowledged"),
    "resolved": N_("Resolved"),
    "rejected": N_("Rejected"),
}
OPEN_STATUSES = ("new", "acknowledged")
CLOSED_STATUSES = ("resolved", "rejected")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("acknowledged", "resolved", "rejected"),
    "acknowledged": ("resolved", "rejected"),
    "resolved": (),
    "rejected": (),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, ())


def needs_reason(target: str) -> bool:
    """A rejection must say why (the reporter and the public read it)."""
    return target == "rejected"


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def is_overdue(status: str, created: dt.datetime, now: dt.datetime, days: int) -> bool:
    """Still open more than ``days`` days after it was sent."""
    return is_open(status) and now - created > dt.timedelta(days=days)


def handled_on_time(created: dt.datetime, closed_at: Optional[dt.datetime], days: int) -> bool:
    return closed_at is not None and closed_at - created <= dt.timedelta(days=days)


def report_score(open_accuracy_reports: int, penalty_per_report: int) -> Optional[float]:
    """The accuracy the open wrong-value reports leave: 100 minus the penalty each, at least 0.

    None when there is nothing to count, so that datasets nobody complained about keep the
    score computed from their data.
    """
    if open_accuracy_reports <= 0:
        return None
    return float(max(0, 100 - penalty_per_report * open_accuracy_reports))
