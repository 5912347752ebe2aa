"""Deadlines: the 15th day from the first day of the next period, in Huế time, stored as UTC."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.huequality.deadlines.schedule import DeadlineRule, deadline_for
from ckanext.huequality.periods import local_day, period_containing

D = dt.date
UTC = dt.timezone.utc


@pytest.mark.parametrize(
    "day, deadline",
    [
        (D(2026, 2, 10), D(2026, 4, 15)),  # Q1 -> 15 April
        (D(2026, 5, 10), D(2026, 7, 15)),
        (D(2026, 8, 10), D(2026, 10, 15)),
        (D(2026, 11, 10), D(2027, 1, 15)),  # Q4 -> 15 January of the next year
    ],
)
def test_quarterly_deadline_is_the_15th_day_of_the_next_quarter(day, deadline):
    assert deadline_for(period_containing("quarterly", day), DeadlineRule()).day == deadline


def test_quarter_deadline_closes_at_local_midnight_stored_in_utc():
    deadline = deadline_for(period_containing("quarterly", D(2026, 1, 5)), DeadlineRule())
    # 16 April 00:00 in Huế (UTC+7) is 15 April 17:00 UTC.
    assert deadline.closes_at == dt.datetime(2026, 4, 15, 17, 0, tzinfo=UTC)
    # the window opens when Q2 begins in Huế: 31 March 17:00 UTC.
    assert deadline.opens_at == dt.datetime(2026, 3, 31, 17, 0, tzinfo=UTC)


def test_offset_and_grace_are_configurable():
    period = period_containing("quarterly", D(2026, 1, 5))
    deadline = deadline_for(period, DeadlineRule(offset_days=10, grace_days=3))
    assert deadline.day == D(2026, 4, 10)
    assert local_day(deadline.closes_at) == D(2026, 4, 14)  # late from 14 April


def test_monthly_deadline_across_a_leap_february():
    assert deadline_for(period_containing("monthly", D(2024, 1, 20)), DeadlineRule()).day == D(2024, 2, 15)
    deadline = deadline_for(period_containing("monthly", D(2024, 2, 29)), DeadlineRule(offset_days=30))
    assert deadline.day == D(2024, 3, 30)


def test_annual_and_semiannual_deadlines_fall_in_the_next_year_or_half():
    assert deadline_for(period_containing("annual", D(2024, 6, 1)), DeadlineRule()).day == D(2025, 1, 15)
    assert deadline_for(period_containing("semiannual", D(2024, 2, 29)), DeadlineRule()).day == D(2024, 7, 15)


def test_short_periods_are_due_within_days_not_a_fortnight():
    assert deadline_for(period_containing("daily", D(2024, 2, 28)), DeadlineRule()).day == D(2024, 2, 29)
    assert deadline_for(period_containing("daily", D(2026, 12, 31)), DeadlineRule()).day == D(2027, 1, 1)
    weekly = deadline_for(period_containing("weekly", D(2026, 12, 30)), DeadlineRule())
    assert weekly.day == D(2027, 1, 6)


def test_a_rule_with_a_nonsense_offset_is_refused():
    with pytest.raises(ValueError):
        DeadlineRule(offset_days=0)
    with pytest.raises(ValueError):
        DeadlineRule(grace_days=-1)


def test_local_day_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        local_day(dt.datetime(2026, 1, 1))  # noqa: DTZ001 (the naive instant is the point)
    # 31 December 18:00 UTC is already 1 January in Huế.
    assert local_day(dt.datetime(2026, 12, 31, 18, 0, tzinfo=UTC)) == D(2027, 1, 1)
