"""The one period model of ckanext-huequality: calendar periods in Huế time.

Pure calendar arithmetic (no database, no clock): the deadline tracker judges each dataset
on the periods of its update frequency, and the Data Quality Index is kept per quarter.
Both read days in Asia/Ho_Chi_Minh: a quarter begins at local midnight of its first day,
stored as the UTC instant of that moment. The frequency codes are huedata's vocabulary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from ckanext.huedata import vocabularies

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FREQUENCIES = tuple(term.code for term in vocabularies.FREQUENCIES)
DEFAULT_FREQUENCY = vocabularies.DEFAULT_FREQUENCY
# Frequencies without a reporting duty: nothing is ever due for them.
UNSCHEDULED = frozenset({"irregular", "never"})


@dataclasses.dataclass(frozen=True, order=True)
class Period:
    """A reporting period: local calendar days ``start`` (inclusive) to ``end`` (exclusive)."""

    start: dt.date
    end: dt.date
    frequency: str

    @property
    def key(self) -> str:
        """A stable, sortable identifier, e.g. ``2026-Q1``, ``2026-03``, ``2026-W05``."""
        f, s = self.frequency, self.start
        if f == "quarterly":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if f == "semiannual":
            return f"{s.year}-H{1 if s.month <= 6 else 2}"
        if f == "annual":
            return f"{s.year}"
        if f == "monthly":
            return f"{s.year}-{s.month:02d}"
        if f == "weekly":
            iso = s.isocalendar()
            return f"{iso.year}-W{iso.week:02d}"
        return s.isoformat()

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def normalise_frequency(value: str | None) -> str:
    """The contract's frequency code; unknown or empty values fall back to quarterly."""
    value = (value or "").strip().lower()
    return value if value in FREQUENCIES else DEFAULT_FREQUENCY


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


_MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


def period_containing(frequency: str, day: dt.date) -> Period:
    """The period of ``frequency`` that holds the local calendar ``day``."""
    if frequency in UNSCHEDULED:
        raise ValueError(f"frequency {frequency!r} has no reporting periods")
    if frequency in ("continuous", "daily"):
        return Period(day, day + dt.timedelta(days=1), frequency)
    if frequency == "weekly":
        start = day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
        return Period(start, start + dt.timedelta(days=7), frequency)
    months = _MONTHS_PER_PERIOD[frequency]
    first_month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first_month, 1)
    return Period(start, _add_months(start, months), frequency)


def next_period(period: Period) -> Period:
    return period_containing(period.frequency, period.end)


def previous_period(period: Period) -> Period:
    return period_containing(period.frequency, period.start - dt.timedelta(days=1))


def periods_between(frequency: str, first_day: dt.date, last_day: dt.date) -> Iterator[Period]:
    """Every period of ``frequency`` that overlaps the days ``first_day`` .. ``last_day``."""
    if frequency in UNSCHEDULED or last_day < first_day:
        return
    period = period_containing(frequency, first_day)
    while period.start <= last_day:
        yield period
        period = next_period(period)


def parse_period(key: str) -> Period:
    """The reporting period named by a key such as ``2026-Q1``, ``2026-H2``, ``2026-03`` or ``2026``.

    Raises ValueError on anything else; the report's ``period`` parameter goes through this.
    """
    key = (key or "").strip().upper()
    try:
        if len(key) == 4 and key.isdigit():
            return period_containing("annual", dt.date(int(key), 1, 1))
        year, _, rest = key.partition("-")
        if rest.startswith("Q") and rest[1:] in ("1", "2", "3", "4"):
            return period_containing("quarterly", dt.date(int(year), 3 * int(rest[1:]) - 2, 1))
        if rest.startswith("H") and rest[1:] in ("1", "2"):
            return period_containing("semiannual", dt.date(int(year), 6 * int(rest[1:]) - 5, 1))
        if rest.isdigit() and len(rest) == 2:
            return period_containing("monthly", dt.date(int(year), int(rest), 1))
    except ValueError:
        pass
    raise ValueError(f"not a period: {key!r}")


def parse_quarter(key: str) -> Period:
    """The quarter named by ``2026-Q4``; raises ValueError on any other key."""
    period = parse_period(key)
    if period.frequency != "quarterly":
        raise ValueError(f"not a quarter: {key!r}")
    return period


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """The UTC instant at which ``day`` begins in Huế."""
    return dt.datetime.combine(day, dt.time.min, TIMEZONE).astimezone(dt.timezone.utc)


def local_day(moment: dt.datetime) -> dt.date:
    """The Huế calendar day of an aware instant."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one (UTC)")
    return moment.astimezone(TIMEZONE).date()


def quarter_of(moment: dt.datetime) -> Period:
    """The quarter that holds the aware instant ``moment`` in Huế (not in UTC: 31 December
    20:00 UTC is already 1 January in Huế)."""
    return period_containing("quarterly", local_day(moment))
