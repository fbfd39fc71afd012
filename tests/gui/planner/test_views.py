"""The calendar and the chart, painted offscreen from a plan."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.calendar_view import CalendarView
from baclotaper.gui.planner.dose_chart import DoseChart, chart_labels, nice_step
from baclotaper.taper import edits
from tests.factories import plan


def test_calendar_shows_the_dose_of_every_day(qtbot: QtBot) -> None:
    calendar = CalendarView()
    qtbot.addWidget(calendar)
    sixty = plan(60, "tablets:5,10,15,20")
    calendar.set_today(date(2026, 12, 3))
    calendar.set_plan(sixty)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 12)
    assert calendar.cell_text(date(2026, 11, 30)) == ""  # before the plan: nothing to take yet
    assert calendar.cell_text(date(2026, 12, 14)) == "55"
    assert calendar.cell_text(date(2026, 12, 15)) == "50"
    assert calendar.is_change_day(date(2026, 12, 15))
    assert not calendar.is_change_day(date(2026, 12, 16))
    assert calendar.is_stop_day(sixty.stop_date)
    assert calendar.cell_text(date(2030, 1, 1)) == "0"
    assert calendar.cell_description(date(2026, 12, 3)) == "2026-12-03: 55 mg/day (today)"
    assert calendar.cell_description(date(2026, 12, 15)) == "2026-12-15: 50 mg/day, step 2 starts"
    assert not calendar.grab().isNull()


def test_calendar_stays_on_the_month_the_user_chose(qtbot: QtBot) -> None:
    calendar = CalendarView()
    qtbot.addWidget(calendar)
    sixty = plan(60, "tablets:5,10,15,20")
    calendar.set_plan(sixty)
    calendar.next_button.click()
    calendar.next_button.click()
    calendar.set_plan(edits.set_days(sixty, 0, 21))  # same start: no jump back
    assert calendar.monthShown() == 2
    calendar.setSelectedDate(QDate(2027, 2, 10))
    calendar.set_plan(sixty, stale=True)
    assert not calendar.grab().isNull()


def test_chart_labels_the_start_each_change_and_the_stop(qtbot: QtBot) -> None:
    sixty = plan(60, "tablets:5,10,15,20")
    labels = chart_labels(sixty)
    assert labels[0].text == "now 60 mg/day"
    assert [lb.text for lb in labels[1:4]] == ["55", "50", "45"]
    assert labels[-1].text == "stop 2027-05-04"
    assert labels[0].always and labels[-1].always
    to_ten = plan(60, "tablets:5,10,15,20", target=10)
    assert chart_labels(to_ten)[-1].text == "target 10 2027-04-06"


def test_chart_paints_every_state(qtbot: QtBot) -> None:
    chart = DoseChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    assert not chart.grab().isNull()  # no plan yet
    assert chart.describe() == "No plan yet"
    chart.set_today(date(2026, 12, 10))
    chart.set_plan(plan(300, "tablets:5,10,15,20"))
    assert not chart.grab().isNull()
    chart.set_plan(plan(400, "intrathecal:500"), stale=True)
    before = chart.paint_count
    chart.grab()
    assert chart.paint_count == before + 1
    assert chart.accessibleDescription().startswith("From 400 mcg/day: 2026-12-01")
    chart.resize(30, 30)  # too small to draw: nothing breaks
    assert not chart.grab().isNull()


def test_nice_tick_steps() -> None:
    assert nice_step(60) == 20
    assert nice_step(300) == 100
    assert nice_step(7.5) == 2
    assert nice_step(0) == 1
