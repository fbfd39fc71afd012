"""The planner through a screen reader's eyes (QAccessible) and with the keyboard alone."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLineEdit
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import TODAY, choose, fill_in, find
from tests.gui.screen_reader import (
    announcements,
    controls,
    iface,
    names_in_a_row,
    problems,
    seen,
    tab_walk,
    upward_moves,
)


@pytest.fixture
def planned(qtbot: QtBot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    return window


def test_every_control_has_its_role_its_own_label_as_name_and_no_trap(planned: MainWindow) -> None:
    window = planned
    assert len(controls(window)) > 40
    assert problems(window) == []
    assert names_in_a_row(window) == []
    risks = window.form.risks
    assert [seen(c).name for c in (risks.prior_check, risks.pregnant_check, risks.sedatives_check)] == [
        "Earlier withdrawal episode",
        "Pregnant",
        "Takes sedatives or opioids",
    ]
    assert seen(risks.dialysis_check).name == "On dialysis"
    assert seen(risks.egfr_input).name == "eGFR"
    assert seen(window.form.regimen.split_check).name == "Allow splitting unscored tablets"
    assert window.form.regimen.route_combo.accessibleName() == "Route"
    assert seen(window.step_table).name == "Steps of the plan"


def test_tab_walks_the_window_in_reading_order_once_and_leaves_each_table(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    start = window.form.regimen.route_combo
    stops = tab_walk(qtbot, start)
    assert len(stops) == len(set(map(id, stops)))  # every stop once: tables and date fields are one stop
    for table in (window.step_table, window.calendar.table, window.warnings.list):
        assert stops.count(table) == 1, table.objectName()
    assert stops.count(find(window, QDateEdit, "startDateInput")) == 1
    # Reading order: the form, the steps, the calendar, the chart, the warnings.
    walked = [start, *stops[:-1]]
    order = [next(i for i, pane in enumerate(window.panes) if pane is w or pane.isAncestorOf(w)) for w in walked]
    assert order == sorted(order)
    for pane in window.panes:  # and top to bottom inside each pane
        assert upward_moves(pane, walked) == [], pane.objectName()
    assert window.calendar.previous_button in stops and window.calendar.next_button in stops
    # From the last form field, one press reaches the step table.
    to_table = stops.index(window.step_table) + 1
    form_stops = sum(1 for w in walked if window.form.isAncestorOf(w))
    assert to_table == form_stops


def test_the_window_opens_on_the_first_field(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is window.form.regimen.route_combo
    # Scrolled to the field without pushing its label out of sight on the left.
    assert window.form_scroll.horizontalScrollBar().value() == 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.form.regimen.product_combo
    qtbot.waitUntil(lambda: window.form_scroll.horizontalScrollBar().value() == 0)


def test_f6_moves_between_the_panes_and_back(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    window.form.regimen.dose_input.setFocus()
    qtbot.waitUntil(window.form.regimen.dose_input.hasFocus)
    visited = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        visited.append(window.pane_cycle.current())
    assert visited == [1, 2, 3, 4, 0]
    assert QApplication.focusWidget() is window.form.regimen.dose_input  # back where the user was
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.warnings.list


def test_the_calendar_is_a_table_with_weekday_headers_and_spoken_days(qtbot: QtBot, planned: MainWindow) -> None:
    calendar = planned.calendar
    table = iface(calendar.table)
    assert table.role() == QAccessible.Role.Table
    assert table.text(QAccessible.Text.Name) == "Dose calendar, December 2026"
    children = [table.child(i) for i in range(table.childCount())]
    headers = [c.text(QAccessible.Text.Name) for c in children if c.role() == QAccessible.Role.ColumnHeader]
    assert headers == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert calendar.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole) == "Tuesday"
    cells = {c.text(QAccessible.Text.Name) for c in children if c.role() == QAccessible.Role.Cell}
    # 1 December 2026 (a Tuesday) is the plan's first day and today: its date, dose and each intake.
    first = next(c for c in cells if c.startswith("Tuesday 1 December 2026"))
    plan = planned.document.plan
    assert plan is not None
    step = plan.steps[0]
    intakes = ", ".join(f"{a.time} {a.dose:g} mg" for a in step.administrations)
    assert first == f"Tuesday 1 December 2026, {step.daily_dose:g} mg a day: {intakes}; step 1 starts; today"
    assert any(c.startswith("Monday 30 November 2026, before the plan starts") for c in cells)


def test_the_calendar_months_turn_from_named_buttons_and_keys(qtbot: QtBot, planned: MainWindow) -> None:
    calendar = planned.calendar
    for button, name in ((calendar.previous_button, "Previous month"), (calendar.next_button, "Next month")):
        assert seen(button).name == name
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    calendar.next_button.setFocus()
    qtbot.waitUntil(calendar.next_button.hasFocus)
    qtbot.keyClick(calendar.next_button, Qt.Key.Key_Space)
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 1)
    qtbot.keyClick(calendar.table, Qt.Key.Key_PageUp)
    assert calendar.monthShown() == 12
    qtbot.keyClick(calendar.table, Qt.Key.Key_Down)  # a week later
    assert calendar.selectedDate() == QDate(2026, 12, 8)
    with qtbot.waitSignal(calendar.clicked):
        qtbot.keyClick(calendar.table, Qt.Key.Key_Return)
    assert planned.step_table.selected_row() == 0


def test_a_new_warning_is_announced_once_the_typing_pauses_and_the_focus_stays(
    qtbot: QtBot, planned: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = planned
    age = find(window, QLineEdit, "ageInput")
    age.setFocus()
    qtbot.waitUntil(age.hasFocus)
    with announcements(monkeypatch) as said:
        qtbot.keyClicks(age, "80")  # "8" (a child) then "80": one change when the typing stops
        qtbot.waitUntil(lambda: bool(said))
        qtbot.wait(50)
        assert said == [("New warning: CAUTION: Age 80: more side effects in older adults; taper cautiously.", False)]
        assert QApplication.focusWidget() is age
        qtbot.keyClick(window.form.risks.sedatives_check, Qt.Key.Key_Space)  # another warning: said too
        qtbot.waitUntil(lambda: len(said) == 2)
        assert said[1][0].startswith("New warning: CAUTION:") and "Sedatives or opioids" in said[1][0]


def test_an_opened_plan_s_warnings_are_not_news(
    qtbot: QtBot, planned: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    with announcements(monkeypatch) as said:
        planned.document.reset(planned._new_form())
        qtbot.wait(900)
    assert said == []


def test_the_chart_has_a_text_alternative(planned: MainWindow) -> None:
    plan = planned.document.plan
    assert plan is not None
    text = seen(planned.chart).description
    assert text.startswith(f"From 60 mg/day: {plan.steps[0].start} {plan.steps[0].daily_dose:g} mg/day;")
    assert text.endswith(f"stop on {plan.stop_date}")
    assert plan.stop_date > TODAY > date(2026, 1, 1)


def test_a_pump_plan_is_walked_once_too_with_its_date_fields(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    choose(qtbot, window.form.regimen.route_combo, "Intrathecal")
    fill_in(qtbot, window, dose="300", on_therapy="2y")
    assert problems(window) == []
    assert names_in_a_row(window) == []
    start = window.form.regimen.route_combo
    stops = tab_walk(qtbot, start)
    assert len(stops) == len(set(map(id, stops)))
    for name in ("detail_last_refillEdit", "detail_next_refillEdit", "startDateInput"):
        assert stops.count(find(window, QDateEdit, name)) == 1, name
    walked = [start, *stops[:-1]]
    for pane in window.panes:
        assert upward_moves(pane, walked) == [], pane.objectName()


def test_every_combo_box_is_named_by_its_label_and_valued_by_its_choice(qtbot: QtBot, planned: MainWindow) -> None:
    # Qt's own interface on Linux names a combo box by its value ("Oral"); Orca then never says "Route".
    got = {(s.name, s.value) for s in map(seen, planned.findChildren(QComboBox)) if s.role == QAccessible.Role.ComboBox}
    assert got == {
        ("Route", "Oral"),
        ("Product", "Tablets"),
        ("Pace", planned.form.pace.pace_combo.currentText()),
        ("Indication", "Spasticity"),
        ("Jurisdiction", planned.form.risks.jurisdiction_combo.currentText()),
    }
    choose(qtbot, planned.form.regimen.route_combo, "Intrathecal (pump)")
    route = seen(planned.form.regimen.route_combo)
    assert (route.name, route.value) == ("Route", "Intrathecal (pump)")


def test_the_chart_and_the_pace_s_reasons_say_what_they_are(planned: MainWindow) -> None:
    chart = seen(planned.chart)
    assert chart.role == QAccessible.Role.Chart and chart.name == "Daily dose over time"
    assert chart.description.startswith("From 60 mg/day: ")
    why = seen(planned.form.pace.pace_box)
    assert why.role == QAccessible.Role.StaticText and why.name == "Pace: why it was chosen"
    assert planned.form.pace.pace_info.text().splitlines()[0] in why.description
    assert "Source: " in why.description
