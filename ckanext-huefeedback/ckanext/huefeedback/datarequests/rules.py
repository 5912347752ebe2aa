"""The rules of a data request (E-Form, 41/2024 Art 27), without a database."""
from __future__ import annotations

import datetime as dt
from typing import Optional


def N_(message: str) -> str:  # noqa: N802 — marks a message for translation at display time
    return message


STATUSES: dict[str, str] = {
    "new": N_("Waiting for a decision"),
    "approved": N_("Approved"),
    "refused": N_("Refused"),
    "published": N_("Published"),
}
DECISIONS = ("approved", "refused")
# published: the agency links the dataset that answers it (also straight from new, when the data exists)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("approved", "refused", "published"),
    "approved": ("published",),
    "refused": (),
    "published": (),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, ())


def is_overdue(status: str, created: dt.datetime, now: dt.datetime, days: int) -> bool:
    """No decision more than ``days`` days after it was sent."""
    return status == "new" and now - created > dt.timedelta(days=days)


def answered_on_time(created: dt.datetime, decided_at: Optional[dt.datetime], days: int) -> bool:
    return decided_at is not None and decided_at - created <= dt.timedelta(days=days)
