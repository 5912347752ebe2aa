"""Calendar periods per update frequency: year ends, leap years, parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.huequality import periods as P

D = dt.date


@pytest.mark.parametrize(
    "frequency, day, start, end, key",
    [
        ("quarterly", D(2026, 1, 1), D(2026, 1, 1), D(2026, 4, 1), "2026-Q1"),
        ("quarterly", D(2026, 3, 31), D(2026, 1, 1), D(2026, 4, 1), "2026-Q1"),
        ("quarterly", D(2026, 4, 1), D(2026, 4, 1), D(2026, 7, 1), "2026-Q2"),
        ("quarterly", D(2026, 12, 31), D(2026, 10, 1), D(2027, 1, 1), "2026-Q4"),
        ("monthly", D(2024, 2, 29), D(2024, 2, 1), D(2024, 3, 1), "2024-02"),
        ("monthly", D(2025, 12, 15), D(2025, 12, 1), D(2026, 1, 1), "2025-12"),
        ("semiannual", D(2026, 6, 30), D(2026, 1, 1), D(2026, 7, 1), "2026-H1"),
        ("semiannual", D(2026, 7, 1), D(2026, 7, 1), D(2027, 1, 1), "2026-H2"),
        ("annual", D(2024, 12, 31), D(2024, 1, 1), D(2025, 1, 1), "2024"),
        ("daily", D(2024, 2, 29), D(2024, 2, 29), D(2024, 3, 1), "2024-02-29"),
        ("continuous", D(2026, 12, 31), D(2026, 12, 31), D(2027, 1, 1), "2026-12-31"),
        # ISO week 1 of 2026 starts on Monday 29 December 2025: the key follows the ISO year.
        ("weekly", D(2026, 1, 1), D(2025, 12, 29), D(2026, 1, 5), "2026-W01"),
        ("weekly", D(2020, 12, 31), D(2020, 12, 28), D(2021, 1, 4), "2020-W53"),
    ],
)
def test_period_containing_a_day_has_the_calendar_bounds_and_key(frequency, day, start, end, key):
    period = P.period_containing(frequency, day)
    assert (period.start, period.end, period.key) == (start, end, key)
    assert period.start <= day < period.end


@pytest.mark.parametrize("frequency", ["irregular", "never"])
def test_unscheduled_frequencies_have_no_periods(frequency):
    with pytest.raises(ValueError):
        P.period_containing(frequency, D(2026, 1, 1))
    assert list(P.periods_between(frequency, D(2026, 1, 1), D(2026, 12, 31))) == []


@pytest.mark.parametrize(
    "frequency, count",
    [("daily", 366), ("weekly", 53), ("monthly", 12), ("quarterly", 4), ("semiannual", 2), ("annual", 1)],
)
def test_periods_of_a_leap_year_are_contiguous_and_cover_it(frequency, count):
    periods = list(P.periods_between(frequency, D(2024, 1, 1), D(2024, 12, 31)))
    assert len(periods) == count
    for before, after in zip(periods, periods[1:], strict=False):
        assert before.end == after.start
    assert periods[0].start <= D(2024, 1, 1) and periods[-1].end > D(2024, 12, 31)


def test_next_and_previous_quarter_cross_the_year_end():
    q4 = P.period_containing("quarterly", D(2025, 11, 2))
    assert P.next_period(q4).key == "2026-Q1"
    assert P.previous_period(P.next_period(q4)) == q4


@pytest.mark.parametrize(
    "value, expected",
    [(None, "quarterly"), ("", "quarterly"), ("Monthly", "monthly"), ("hourly", "quarterly"), ("never", "never")],
)
def test_unknown_or_missing_frequency_defaults_to_quarterly(value, expected):
    assert P.normalise_frequency(value) == expected


@pytest.mark.parametrize(
    "key, start, end",
    [
        ("2026-Q1", D(2026, 1, 1), D(2026, 4, 1)),
        ("2025-q4", D(2025, 10, 1), D(2026, 1, 1)),
        ("2026-H2", D(2026, 7, 1), D(2027, 1, 1)),
        ("2024-02", D(2024, 2, 1), D(2024, 3, 1)),
        ("2026", D(2026, 1, 1), D(2027, 1, 1)),
    ],
)
def test_parse_period_reads_quarter_half_month_and_year_keys(key, start, end):
    period = P.parse_period(key)
    assert (period.start, period.end) == (start, end)
    assert period.key == key.upper()


@pytest.mark.parametrize("key", ["2026-Q5", "2026-13", "Q1", "", "2026-W01x", "abcd"])
def test_parse_period_rejects_anything_else(key):
    with pytest.raises(ValueError):
        P.parse_period(key)
