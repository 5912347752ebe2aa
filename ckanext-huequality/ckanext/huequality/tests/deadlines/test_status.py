"""Period statuses from the update history and an injected clock (never today's date)."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.huequality.deadlines.schedule import DeadlineRule, deadline_for
from ckanext.huequality.deadlines.status import Status, dataset_schedule, period_status
from ckanext.huequality.periods import TIMEZONE, period_containing

RULE = DeadlineRule()


def hue(y, m, d, h=12, mi=0):
    """An instant given in Huế local time, as UTC (the way it is stored)."""
    return dt.datetime(y, m, d, h, mi, tzinfo=TIMEZONE).astimezone(dt.timezone.utc)


Q1 = deadline_for(period_containing("quarterly", dt.date(2026, 2, 1)), RULE)
CREATED = hue(2025, 6, 1)


def status_of(updates, now, created=CREATED, rule=RULE):
    deadline = deadline_for(Q1.period, rule)
    return period_status(deadline, sorted(updates), created, now, rule).status


def test_update_within_the_15_days_is_on_time():
    assert status_of([hue(2026, 4, 10)], now=hue(2026, 5, 1)) is Status.ON_TIME


def test_update_at_2359_local_on_the_deadline_day_is_still_on_time():
    assert status_of([hue(2026, 4, 15, 23, 59)], now=hue(2026, 5, 1)) is Status.ON_TIME


def test_update_just_after_local_midnight_is_late():
    assert status_of([hue(2026, 4, 16, 0, 1)], now=hue(2026, 5, 1)) is Status.LATE


def test_grace_days_turn_a_late_update_into_an_on_time_one():
    assert status_of([hue(2026, 4, 17)], now=hue(2026, 5, 1), rule=DeadlineRule(grace_days=2)) is Status.ON_TIME


def test_an_update_made_during_the_quarter_itself_does_not_count_for_it():
    # The regulation asks for the quarter's update after the quarter: a February upload
    # belongs to the previous quarter.
    assert status_of([hue(2026, 2, 20)], now=hue(2026, 4, 20)) is Status.OVERDUE


def test_no_update_after_the_deadline_is_overdue():
    assert status_of([], now=hue(2026, 4, 16, 0, 0)) is Status.OVERDUE


def test_an_update_seen_only_in_the_future_of_the_clock_is_ignored():
    assert status_of([hue(2026, 4, 20)], now=hue(2026, 4, 18)) is Status.OVERDUE


@pytest.mark.parametrize(
    "now, expected",
    [
        (hue(2026, 4, 8), Status.DUE_SOON),  # 7 days left
        (hue(2026, 4, 7), Status.UPCOMING),  # 8 days left
        (hue(2026, 4, 15, 23, 0), Status.DUE_SOON),
    ],
)
def test_due_soon_within_n_days_of_the_deadline(now, expected):
    assert status_of([], now=now) is expected


def test_dataset_created_after_the_period_is_not_required():
    assert status_of([], now=hue(2026, 5, 1), created=hue(2026, 4, 2)) is Status.NOT_REQUIRED


def test_dataset_created_during_the_period_is_required():
    assert status_of([], now=hue(2026, 5, 1), created=hue(2026, 3, 30)) is Status.OVERDUE


@pytest.mark.parametrize("frequency", ["irregular", "never"])
def test_irregular_and_historical_datasets_have_nothing_due(frequency):
    schedule = dataset_schedule(frequency, CREATED, [], hue(2026, 5, 1), RULE)
    assert schedule.status is Status.NOT_REQUIRED and schedule.periods == []


def test_before_the_deadline_the_current_period_is_the_previous_quarter():
    schedule = dataset_schedule("quarterly", CREATED, [], hue(2026, 4, 10), RULE)
    assert schedule.current is not None
    assert schedule.current.period.key == "2026-Q1"
    assert schedule.current.status is Status.DUE_SOON
    assert schedule.current.days_left == 5


def test_once_the_previous_quarter_is_met_the_next_deadline_is_the_running_quarter():
    schedule = dataset_schedule("quarterly", CREATED, [hue(2026, 4, 3)], hue(2026, 4, 10), RULE)
    assert schedule.current is not None
    assert schedule.current.period.key == "2026-Q2"
    assert schedule.current.deadline.day == dt.date(2026, 7, 15)
    assert schedule.current.status is Status.UPCOMING
    assert {s.period.key: s.status for s in schedule.periods}["2026-Q1"] is Status.ON_TIME


def test_history_lists_past_periods_back_to_the_creation_of_the_dataset():
    updates = [hue(2025, 10, 5), hue(2026, 1, 20)]
    schedule = dataset_schedule("quarterly", hue(2025, 6, 1), updates, hue(2026, 5, 1), RULE)
    assert [(s.period.key, s.status) for s in schedule.periods] == [
        ("2025-Q2", Status.LATE),  # first update after Q2 ended came on 5 October
        ("2025-Q3", Status.ON_TIME),  # the same update is within Q3's window
        ("2025-Q4", Status.LATE),
        ("2026-Q1", Status.OVERDUE),
        ("2026-Q2", Status.UPCOMING),
    ]


def test_one_late_update_settles_every_overdue_period_before_it_as_late():
    schedule = dataset_schedule("quarterly", hue(2025, 1, 5), [hue(2026, 2, 1)], hue(2026, 2, 2), RULE, history=3)
    assert [s.status for s in schedule.periods] == [Status.LATE, Status.LATE, Status.LATE, Status.UPCOMING]


def test_history_is_capped():
    schedule = dataset_schedule("monthly", hue(2020, 1, 1), [], hue(2026, 5, 1), RULE, history=4)
    assert len(schedule.periods) == 5


def test_daily_dataset_on_a_leap_day():
    schedule = dataset_schedule("daily", hue(2024, 1, 1), [hue(2024, 2, 29, 8)], hue(2024, 3, 1, 9), RULE, history=2)
    assert [(s.period.key, s.status) for s in schedule.periods] == [
        # the 29 February 08:00 upload is the 28th's update; the 29th's is due by the end of 1 March
        ("2024-02-28", Status.ON_TIME),
        ("2024-02-29", Status.DUE_SOON),
        ("2024-03-01", Status.DUE_SOON),
    ]
    assert schedule.current is not None
    assert schedule.current.period.key == "2024-02-29" and schedule.current.days_left == 0
