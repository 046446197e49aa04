"""Solar Hijri dates map onto consecutive Gregorian days, and known new years land right."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipelines.dates.calendars import jalali_to_gregorian

NEW_YEARS = {1399: date(2020, 3, 20), 1400: date(2021, 3, 21), 1403: date(2024, 3, 20),
             1404: date(2025, 3, 21)}  # fmt: skip


@pytest.mark.parametrize(("year", "gregorian"), NEW_YEARS.items(), ids=map(str, NEW_YEARS))
def test_first_of_farvardin_is_the_march_equinox_day(year: int, gregorian: date) -> None:
    assert jalali_to_gregorian(year, 1, 1) == (gregorian.year, gregorian.month, gregorian.day)


def test_every_day_of_forty_years_follows_the_one_before() -> None:
    expected = date(*jalali_to_gregorian(1380, 1, 1))
    for year in range(1380, 1420):
        last_esfand = (
            30
            if date(*jalali_to_gregorian(year + 1, 1, 1)) - timedelta(1)
            == (date(*jalali_to_gregorian(year, 12, 29)) + timedelta(1))
            else 29
        )
        for month in range(1, 13):
            days = 31 if month <= 6 else 30 if month < 12 else last_esfand
            for day in range(1, days + 1):
                assert date(*jalali_to_gregorian(year, month, day)) == expected, (year, month, day)
                expected += timedelta(days=1)


@pytest.mark.parametrize(("month", "day"), [(13, 1), (0, 5), (7, 31), (1, 0)])
def test_impossible_dates_give_zeros(month: int, day: int) -> None:
    assert jalali_to_gregorian(1404, month, day) == (0, 0, 0)
