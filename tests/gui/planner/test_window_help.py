"""F1 opens a guide by task; every field explains itself; the plan goes to the clipboard as text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import FakePrompts, fill_in


def test_f1_opens_the_user_guide_by_task(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.form.regimen.dose_input.setFocus()
    qtbot.keyClick(window.form.regimen.dose_input, Qt.Key.Key_F1)
    guide = window.findChild(QWidget, "userGuide")
    assert guide is not None
    qtbot.waitUntil(guide.isVisible)
    assert window.show_user_guide().headings() == [
        "Draft a plan",
        "Edit the plan by hand",
        "Print or share it",
        "Pump (intrathecal) plans",
        "The nurse's log",
        "Keys",
    ]


def test_every_field_has_a_tooltip(window: MainWindow) -> None:
    kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QPlainTextEdit)
    for widget in window.form.findChildren(QWidget):
        if not isinstance(widget, kinds) or isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue
        assert widget.toolTip(), f"{widget.objectName() or widget.accessibleName()} has no tooltip"


def test_copy_plan_as_text_puts_a_concise_summary_on_the_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    action = window.window_actions.copy_text
    assert action.isEnabled()
    action.trigger()
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0] == "Baclofen withdrawal plan (BacloTaper) — DRAFT for prescriber review"
    assert "now 60 mg/day (20 + 20 + 20 mg)" in lines[1]
    assert lines[2].startswith("Pace: Cautious")
    assert "  2026-12-01 (14 d): 55 mg/day (20 + 15 + 20 mg)" in lines
    assert lines[-1] == "Hold or step back if withdrawal signs appear; never stop abruptly."
    assert len(lines) < 25  # concise: one line per step


def test_copy_without_a_plan_says_why(window: MainWindow, prompts: FakePrompts) -> None:
    assert not window.window_actions.copy_text.isEnabled()
    assert window.copy_plan_text() == ""
    assert prompts.kinds() == ["error"]


def test_prompts_swapped_after_the_window_is_made_answer_every_question(qtbot: QtBot, window: MainWindow) -> None:
    """The screenshot scripts give the window their own prompts once it exists."""
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    later = FakePrompts(numbers=[7])
    window.prompts = later
    window.step_table.selectRow(0)
    window.step_edits.insert_hold()
    window.copy_plan_text()
    assert later.kinds() == ["number"]
    assert window.files.prompts is later
