"""Month arithmetic of the calendar view (Page Up/Down, End), against the standard library."""

from __future__ import annotations

import calendar
from datetime import date

from baclotaper.gui.planner.calendar_view import add_months, days_in_month


def test_days_in_month_matches_the_calendar_module_including_leap_years() -> None:
    for year in (1900, 1999, 2000, 2024, 2026, 2027, 2028, 2100):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_a_month_later_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 10), -13) == date(2025, 12, 10)
