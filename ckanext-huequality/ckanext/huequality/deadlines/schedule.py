"""When each period's update is due: the window that opens after the period and its deadline.

Decision 06/2021 Art 4.6.b: sector data is updated every quarter "within 15 days from the
first day of the following quarter". An update counts for a period once that period has
ended (the window opens at local midnight of the next period's first day); it is on time
until the end of the deadline day (plus any grace), in Asia/Ho_Chi_Minh time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..periods import Period, local_midnight_utc

# Short periods cannot take a 15-day window (it would overlap the next ones' windows):
# a daily series is due the next day, a weekly one within three days.
SHORT_PERIOD_OFFSETS = {"continuous": 1, "daily": 1, "weekly": 3}


@dataclasses.dataclass(frozen=True)
class DeadlineRule:
    """The configurable part of the schedule (see config_declaration.yaml)."""

    offset_days: int = 15
    grace_days: int = 0
    due_soon_days: int = 7

    def __post_init__(self) -> None:
        if self.offset_days < 1 or self.grace_days < 0 or self.due_soon_days < 0:
            raise ValueError("offset_days must be >= 1, grace_days and due_soon_days >= 0")


@dataclasses.dataclass(frozen=True)
class Deadline:
    period: Period
    day: dt.date  # the official deadline day, local (e.g. 15 April for Q1)
    opens_at: dt.datetime  # UTC: first instant an update counts for the period
    closes_at: dt.datetime  # UTC: first instant an update is late (day + grace, exclusive)


def deadline_for(period: Period, rule: DeadlineRule) -> Deadline:
    offset = min(rule.offset_days, SHORT_PERIOD_OFFSETS.get(period.frequency, rule.offset_days))
    # "the 15th day counted from the first day": the first day is day 1.
    day = period.end + dt.timedelta(days=offset - 1)
    closes = day + dt.timedelta(days=1 + rule.grace_days)
    return Deadline(period, day, local_midnight_utc(period.end), local_midnight_utc(closes))
