"""The prescriber adjusts the plan by hand, and undoes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.step_table_model import Column
from tests.gui.conftest import FakePrompts, fill_in, find, table_texts


@pytest.fixture
def planned(qtbot: QtBot, window: MainWindow) -> MainWindow:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    return window


def edit_cell(qtbot: QtBot, window: MainWindow, row: int, column: Column, text: str) -> None:
    """Select a cell, press F2, type over the value and press Enter."""
    table = find(window, QTableView, "stepTable")
    table.setCurrentIndex(table.model().index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    # A closed editor lingers until deleted: the open one is the visible one.
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "F2 did not open an editor"
    editor = editors[0]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits the editor's text on the next turn of the event loop.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def trigger(window: MainWindow, name: str) -> None:
    action = find(window, QAction, name)
    assert action.isEnabled(), f"{name} is disabled"
    action.trigger()


def title(window: MainWindow) -> str:
    """The title the window system shows, with Qt's modified marker filled in."""
    handle = window.windowHandle()
    assert handle is not None
    return handle.title()


def test_typing_is_undone_one_field_at_a_time(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    assert title(window) == "Untitled plan* — BacloTaper"
    target = find(window, QLineEdit, "targetInput")
    qtbot.keyClicks(target, "\b10")  # "0" → "" → "1" (not measurable) → "10"
    assert table_texts(window, Column.DOSE)[-1] == "10 mg/day"

    trigger(window, "actionUndo")
    assert target.text() == "0"
    assert table_texts(window, Column.DOSE)[-1] == "0 mg/day"

    trigger(window, "actionRedo")
    assert target.text() == "10"
    assert table_texts(window, Column.DOSE)[-1] == "10 mg/day"

    # Back to the empty form: no plan, and nothing left to save.
    while window.document.undo_stack.canUndo():
        trigger(window, "actionUndo")
    assert find(window, QLineEdit, "doseInput").text() == ""
    assert table_texts(window, Column.DOSE) == []
    assert title(window) == "Untitled plan — BacloTaper"
    assert not window.isWindowModified()


def test_undo_clears_an_invalid_entry(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    dose = find(window, QLineEdit, "doseInput")
    qtbot.keyClicks(dose, "0")  # 600: out of range, plan out of date
    assert window.summary.banner.isVisible()
    trigger(window, "actionUndo")  # undoes the last valid change (time on therapy)
    assert not window.summary.banner.isVisible()
    assert dose.text() == "60"


def test_lengthening_a_step_in_the_table(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    assert table_texts(window, Column.DAYS)[:2] == ["14", "14"]
    edit_cell(qtbot, window, 0, Column.DAYS, "21")

    assert table_texts(window, Column.DAYS)[:2] == ["21", "14"]
    assert table_texts(window, Column.START)[1] == "2026-12-22"
    assert window.calendar.cell_text(date(2026, 12, 21)) == "55"
    assert window.calendar.is_change_day(date(2026, 12, 22))
    assert "length 14 → 21 days" in table_texts(window, Column.NOTES)[0]
    assert any("Step 1 was changed by hand: length 14 → 21 days" in w for w in window.warnings.texts())
    assert window.document.undo_stack.undoText() == "Step 1: 21 days"

    trigger(window, "actionUndo")
    assert table_texts(window, Column.DAYS)[0] == "14"
    assert window.calendar.is_change_day(date(2026, 12, 15))
    trigger(window, "actionRedo")
    assert table_texts(window, Column.DAYS)[0] == "21"


def test_a_faster_cut_needs_confirmation_and_is_flagged(
    qtbot: QtBot, planned: MainWindow, prompts: FakePrompts
) -> None:
    window = planned
    before = table_texts(window, Column.DOSE)
    prompts.confirm = False
    edit_cell(qtbot, window, 1, Column.DOSE, "40")  # 55 → 40: larger than the pace allows
    qtbot.waitUntil(lambda: "confirm" in prompts.kinds())
    _kind, concerns = prompts.asked[-1]
    assert concerns[0].startswith("step 2 cuts 15 mg/day, more than the")
    assert concerns[1] == "step 3 raises the dose from 40 to 45 mg/day"
    assert table_texts(window, Column.DOSE) == before

    prompts.confirm = True
    edit_cell(qtbot, window, 1, Column.DOSE, "40")
    qtbot.waitUntil(lambda: table_texts(window, Column.DOSE)[1] == "40 mg/day")
    notes = table_texts(window, Column.NOTES)[1]
    assert "confirmed by the prescriber (step 2 cuts 15 mg/day" in notes
    assert any("confirmed by the prescriber" in w for w in window.warnings.texts())

    trigger(window, "actionUndo")
    assert table_texts(window, Column.DOSE) == before


def test_a_dose_that_cannot_be_measured_is_refused(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    before = table_texts(window, Column.DOSE)
    edit_cell(qtbot, window, 0, Column.DOSE, "52")
    assert table_texts(window, Column.DOSE) == before
    assert "52 mg/day cannot be measured" in window.summary.notice.text()
    edit_cell(qtbot, window, 0, Column.DOSE, "lots")
    assert "'lots' is not a number" in window.summary.notice.text()


def test_hold_split_and_delete_from_the_toolbar(qtbot: QtBot, planned: MainWindow, prompts: FakePrompts) -> None:
    window = planned
    table = find(window, QTableView, "stepTable")
    steps = len(table_texts(window, Column.DOSE))
    table.selectRow(0)

    prompts.numbers = [7.0]
    trigger(window, "actionInsertHold")
    assert len(table_texts(window, Column.DOSE)) == steps + 1
    assert table_texts(window, Column.NOTES)[1] == "hold; hold of 7 days added by hand"
    assert table_texts(window, Column.DOSE)[1] == "55 mg/day"

    table.selectRow(2)
    trigger(window, "actionSplitStep")  # 55 → 50 becomes 55 → 52.5? no: tablets make 55 → 50
    assert window.summary.notice.text().startswith("Split step 3: step 3 cuts 5 mg/day")

    table.selectRow(1)
    trigger(window, "actionDeleteStep")
    assert len(table_texts(window, Column.DOSE)) == steps
    assert window.document.undo_stack.count() >= 2

    trigger(window, "actionUndo")
    assert table_texts(window, Column.NOTES)[1] == "hold; hold of 7 days added by hand"


def test_splitting_a_cut_on_a_liquid(qtbot: QtBot, window: MainWindow) -> None:
    from tests.gui.conftest import choose

    choose(qtbot, window.form.regimen.product_combo, "1 mg/mL")
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    steps = table_texts(window, Column.DOSE)
    assert steps[0] == "54 mg/day"
    window.step_table.selectRow(0)
    trigger(window, "actionSplitStep")
    assert table_texts(window, Column.DOSE)[:2] == ["57 mg/day", "54 mg/day"]
    assert table_texts(window, Column.NOTES)[0] == "cut; split from step 1 by hand: cut halved"


def test_dialog_edits_of_dose_and_length(qtbot: QtBot, planned: MainWindow, prompts: FakePrompts) -> None:
    window = planned
    window.step_table.selectRow(0)
    prompts.numbers = [28.0]
    trigger(window, "actionEditDays")
    assert table_texts(window, Column.DAYS)[0] == "28"
    prompts.numbers = [None]  # the user cancels the dialog
    trigger(window, "actionEditDose")
    assert table_texts(window, Column.DOSE)[0] == "55 mg/day"


def test_a_raised_dose_asks_first(qtbot: QtBot, planned: MainWindow, prompts: FakePrompts) -> None:
    window = planned
    window.step_table.selectRow(2)
    prompts.numbers = [55.0]
    trigger(window, "actionEditDose")
    kind, concerns = prompts.asked[-1]
    assert kind == "confirm"
    assert "step 3 raises the dose from 50 to 55 mg/day" in concerns
    assert table_texts(window, Column.DOSE)[2] == "55 mg/day"


def test_changing_the_regimen_drops_hand_edits_undoably(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    edit_cell(qtbot, window, 0, Column.DAYS, "21")
    assert window.document.hand_edited

    qtbot.keyClicks(find(window, QLineEdit, "ageInput"), "7")
    assert table_texts(window, Column.DAYS)[0] == "28"  # a child: one more risk factor, the very cautious pace
    assert "hand edits were dropped" in window.statusBar().currentMessage()
    assert window.document.undo_stack.undoText() == "Re-plan from the form (drops hand edits)"

    trigger(window, "actionUndo")
    assert table_texts(window, Column.DAYS)[0] == "21"
    assert find(window, QLineEdit, "ageInput").text() == ""


def test_details_for_printing_keep_hand_edits(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    edit_cell(qtbot, window, 0, Column.DAYS, "21")
    qtbot.keyClicks(window.form.patient.inputs["prescriber"], "Dr Who")  # type: ignore[arg-type]
    assert table_texts(window, Column.DAYS)[0] == "21"
    assert window.document.plan is not None
    assert window.document.plan.regimen.extra["prescriber"] == "Dr Who"


def test_no_hand_edits_while_the_plan_is_out_of_date(qtbot: QtBot, planned: MainWindow) -> None:
    window = planned
    window.step_table.selectRow(0)
    assert find(window, QAction, "actionEditDose").isEnabled()
    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), "0")
    assert not find(window, QAction, "actionEditDose").isEnabled()
    index = window.step_table.model().index(0, Column.DOSE)
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable


def test_the_last_step_has_no_length_to_edit(planned: MainWindow) -> None:
    window = planned
    model = window.step_table.model()
    last = model.rowCount() - 1
    assert not model.index(last, Column.DAYS).flags() & Qt.ItemFlag.ItemIsEditable
    assert model.index(last, Column.DOSE).flags() & Qt.ItemFlag.ItemIsEditable
    window.step_table.selectRow(last)
    assert not find(window, QAction, "actionEditDays").isEnabled()
    assert not find(window, QAction, "actionInsertHold").isEnabled()


def test_clicking_a_calendar_day_selects_its_step(planned: MainWindow) -> None:
    from PySide6.QtCore import QDate

    window = planned
    window.calendar.clicked.emit(QDate(2026, 12, 20))
    assert window.step_table.selected_row() == 1
