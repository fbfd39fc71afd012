"""Large fonts on a small screen, and a 800×600 window, keep the plan readable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.step_table_model import Column
from tests.gui.conftest import fill_in


@pytest.fixture
def double_font() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font()
    big = QFont(base)
    big.setPointSizeF(base.pointSizeF() * 2)
    app.setFont(big)
    yield
    app.setFont(base)


def visible_rows(window: MainWindow) -> int:
    table = window.step_table
    viewport = table.viewport().rect()
    return sum(
        1 for row in range(table.model().rowCount()) if viewport.contains(table.visualRect(table.model().index(row, 0)))
    )


def settle() -> None:
    for _ in range(6):
        QApplication.processEvents()


def in_tabs(qtbot: QtBot, make_window: Any) -> tuple[MainWindow, QTabWidget]:
    """A plan at 200 % on 1280×720: its views in tabs."""
    window: MainWindow = make_window()
    window.resize(1280, 720)
    fill_in(qtbot, window)
    settle()
    tabs = window.findChild(QTabWidget, "planTabs")
    assert tabs is not None and tabs.isVisible(), "the plan's views should be in tabs"
    return window, tabs


def test_at_200_percent_on_1280x720_each_view_gets_the_height(
    qtbot: QtBot, double_font: None, make_window: Any
) -> None:
    window, tabs = in_tabs(qtbot, make_window)
    assert visible_rows(window) >= 2
    window.window_actions.focus_calendar.trigger()
    settle()
    assert tabs.currentWidget() is window.calendar
    # Every week of the month is in view (the day numbers and doses may be smaller).
    days = window.calendar.table
    model = days.model()
    last_week = days.visualRect(model.index(model.rowCount() - 1, 0))
    assert not last_week.isEmpty()
    assert last_week.bottom() <= days.viewport().height() + 1
    # ... and not cut off by the pane around it (a scroll area showed two weeks before).
    bottom = days.viewport().mapTo(window.plan_pane, last_week.bottomLeft()).y()
    assert bottom <= window.plan_pane.height()


def test_at_normal_size_the_views_share_the_pane(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window)
    settle()
    assert not window.plan_pane.compact
    assert window.calendar.isVisible() and window.step_table.isVisible() and window.chart.isVisible()


def test_at_800x600_the_dose_column_stays_in_view_and_the_form_folds_away(qtbot: QtBot, make_window: Any) -> None:
    window: MainWindow = make_window()
    window.resize(800, 600)
    window.fit_docks()
    fill_in(qtbot, window)
    settle()
    table = window.step_table
    dose = table.visualRect(table.model().index(0, Column.DOSE))
    assert table.viewport().rect().contains(dose.topLeft() + QPoint(1, 1))
    assert dose.right() <= table.viewport().width()
    width = window.plan_pane.width()
    window.findChild(QAction, "actionToggleForm").trigger()  # F9: hide the form
    settle()
    assert not window.form_dock.isVisible()
    assert window.plan_pane.width() > width


def test_f6_reaches_every_view_in_tabs_switching_to_its_tab(qtbot: QtBot, double_font: None, make_window: Any) -> None:
    window, tabs = in_tabs(qtbot, make_window)
    window.activateWindow()
    window.form.regimen.dose_input.setFocus()
    qtbot.waitUntil(window.form.regimen.dose_input.hasFocus)
    visited, shown, focused = [], [], []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        visited.append(window.pane_cycle.current())
        shown.append(tabs.currentWidget())
        focused.append(QApplication.focusWidget())
    # The steps, the calendar and the chart each on its tab, then the warnings, then the form.
    assert visited == [1, 2, 3, 4, 0]
    assert shown[:3] == [window.step_table, window.calendar, window.chart]
    assert focused[:4] == [window.step_table, window.calendar.table, window.chart, window.warnings.list]
    assert QApplication.focusWidget() is window.form.regimen.dose_input
    # And back: Shift+F6 from the form to the warnings, then to the chart on its tab.
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert tabs.currentWidget() is window.chart and QApplication.focusWidget() is window.chart


def test_f6_in_tabs_lands_on_the_calendar_days_while_another_window_is_active(
    qtbot: QtBot, double_font: None, make_window: Any
) -> None:
    window, tabs = in_tabs(qtbot, make_window)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    window.form.regimen.dose_input.setFocus()  # where the planner's focus will be when it comes back
    for _ in range(2):  # as the F6 shortcut does: the steps, then the calendar
        window.pane_cycle.move(1)
    assert tabs.currentWidget() is window.calendar
    assert window.focusWidget() is window.calendar.table  # the days, not the month buttons
