"""Status of each reporting period of a dataset, from its update history and an injected clock."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Sequence

from ..periods import UNSCHEDULED, Period, local_day, normalise_frequency, period_containing, previous_period
from .schedule import Deadline, DeadlineRule, deadline_for


def _(message: str) -> str:
    """Marks a string for extraction; templates and helpers translate it with toolkit._."""
    return message


class Status(str, enum.Enum):
    ON_TIME = "on_time"
    LATE = "late"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"
    NOT_REQUIRED = "not_required"


# English source strings; Vietnamese lives in i18n/vi (msgid = these).
STATUS_LABELS: dict[Status, str] = {
    Status.ON_TIME: _("On time"),
    Status.LATE: _("Late"),
    Status.DUE_SOON: _("Due soon"),
    Status.OVERDUE: _("Overdue"),
    Status.UPCOMING: _("Not yet due"),
    Status.NOT_REQUIRED: _("Not required"),
}

# Lower sorts first on the agency dashboard: what needs action now comes first.
URGENCY = {
    Status.OVERDUE: 0,
    Status.DUE_SOON: 1,
    Status.UPCOMING: 2,
    Status.LATE: 3,
    Status.ON_TIME: 4,
    Status.NOT_REQUIRED: 5,
}


@dataclasses.dataclass(frozen=True)
class PeriodStatus:
    deadline: Deadline
    status: Status
    updated_at: dt.datetime | None  # the update that satisfied the period, if any
    days_left: int  # local days from today to the deadline day (negative: past)

    @property
    def period(self) -> Period:
        return self.deadline.period


@dataclasses.dataclass(frozen=True)
class DatasetSchedule:
    frequency: str
    current: PeriodStatus | None  # the next deadline still to meet (None: nothing is due)
    periods: list[PeriodStatus]  # oldest first, ending with the current one

    @property
    def status(self) -> Status:
        return self.current.status if self.current else Status.NOT_REQUIRED


def period_status(
    deadline: Deadline,
    updates: Sequence[dt.datetime],
    created_at: dt.datetime,
    now: dt.datetime,
    rule: DeadlineRule,
) -> PeriodStatus:
    """The status of one period; ``updates`` are aware instants sorted ascending."""
    days_left = (deadline.day - local_day(now)).days
    if created_at >= deadline.opens_at:
        # The dataset did not exist during the period: nothing to report for it.
        return PeriodStatus(deadline, Status.NOT_REQUIRED, None, days_left)
    index = bisect.bisect_left(updates, deadline.opens_at)
    first = updates[index] if index < len(updates) and updates[index] <= now else None
    if first is not None:
        status = Status.ON_TIME if first < deadline.closes_at else Status.LATE
    elif now >= deadline.closes_at:
        status = Status.OVERDUE
    elif days_left <= rule.due_soon_days:
        status = Status.DUE_SOON
    else:
        status = Status.UPCOMING
    return PeriodStatus(deadline, status, first, days_left)


def dataset_schedule(
    frequency: str | None,
    created_at: dt.datetime,
    updates: Iterable[dt.datetime],
    now: dt.datetime,
    rule: DeadlineRule,
    history: int = 8,
) -> DatasetSchedule:
    """The current period and up to ``history`` past periods of one dataset."""
    frequency = normalise_frequency(frequency)
    if frequency in UNSCHEDULED:
        return DatasetSchedule(frequency, None, [])
    ordered = sorted(updates)
    # Walk back from the running period: the current one is the oldest whose deadline has not
    # closed and that is still unmet (an earlier period may still be open after the next began).
    running = period_containing(frequency, local_day(now))
    statuses = [period_status(deadline_for(running, rule), ordered, created_at, now, rule)]
    period = running
    while len(statuses) < history + 1:
        period = previous_period(period)
        deadline = deadline_for(period, rule)
        if deadline.opens_at <= created_at:
            break  # the dataset did not exist for this period nor any earlier one
        statuses.append(period_status(deadline, ordered, created_at, now, rule))
    statuses.reverse()
    current = next(
        (
            s
            for s in statuses
            if s.deadline.closes_at > now and s.status not in (Status.ON_TIME, Status.LATE, Status.NOT_REQUIRED)
        ),
        statuses[-1],
    )
    return DatasetSchedule(frequency, current, statuses)
