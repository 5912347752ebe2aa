"""The extension's one clock (tests freeze ``now``) and Huế's calendar."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Huế of an instant."""
    return moment.astimezone(TIMEZONE).date()


def local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of a Huế calendar day, as UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=TIMEZONE).astimezone(dt.timezone.utc)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a calendar year in Huế, as UTC instants."""
    return local_midnight(dt.date(year, 1, 1)), local_midnight(dt.date(year + 1, 1, 1))
