"""What the planner says matches what the plan does."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.step_table_model import Column
from tests.gui.conftest import choose, fill_in, find, table_texts


def test_a_step_left_at_the_same_dose_says_stay_not_cut(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    plan = window.document.plan
    assert plan is not None
    assert table_texts(window, Column.NOTES)[0].startswith("cut")
    model = window.step_table.model()
    model.setData(model.index(0, Column.DOSE), "60")  # no longer cuts: the prescriber holds the dose
    qtbot.waitUntil(lambda: window.document.plan is not None and window.document.plan.steps[0].daily_dose == 60)
    assert table_texts(window, Column.NOTES)[0].startswith("stay")


def test_the_heading_says_the_days_between_cuts_the_plan_really_has(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    assert "pace: Cautious: 10 % every 2 weeks" in window.summary.title.text()
    qtbot.keyClicks(find(window, QLineEdit, "intervalInput"), "28")
    plan = window.document.plan
    assert plan is not None and plan.steps[0].days == 28
    heading = window.summary.title.text()
    assert "every 2 weeks" not in heading
    assert "pace: Cautious, changed: 10 % of the current dose every 28 days" in heading


def test_an_untouched_time_on_baclofen_says_what_to_enter(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), "60")
    message = find(window, QLabel, "on_therapyMessage").text()
    assert message.startswith("Enter the time on baclofen")
    assert "''" not in message


def test_undoing_a_change_that_made_no_plan_names_it(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    qtbot.keyClicks(find(window, QLineEdit, "intervalInput"), "0")  # no plan: 0 days between cuts
    choose(qtbot, find(window, QComboBox, "paceCombo"), "Standard")
    assert window.document.stale
    action = window.findChild(QAction, "actionUndo")
    assert action is not None
    action.trigger()
    message = window.statusBar().currentMessage()
    assert message == "Undone: the days between cuts and pace changes, which could not make a plan."
    assert "invalid entry" not in message
    assert not window.document.stale
