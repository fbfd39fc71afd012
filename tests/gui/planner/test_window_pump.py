"""The pump's details have their own section; dates are picked, never misread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QDateEdit, QGroupBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.taper import planfile
from tests.gui.conftest import FakePrompts, choose, fill_in, find


def pump_plan(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window.form.regimen.route_combo, "Intrathecal")
    fill_in(qtbot, window, dose="300", on_therapy="2y")


def test_the_pump_section_shows_for_pump_plans_only(qtbot: QtBot, window: MainWindow) -> None:
    section = window.form.pump
    assert isinstance(section, QGroupBox)
    assert section.title().startswith("Intrathecal pump")
    assert section.isHidden()
    pump_plan(qtbot, window)
    assert section.isVisible()
    # Not under "for printing" any more.
    assert not window.form.patient.findChildren(QLineEdit, "detail_reservoir_ml")


def test_a_date_typed_another_way_is_refused_where_it_is_typed(qtbot: QtBot, window: MainWindow) -> None:
    pump_plan(qtbot, window)
    edit = find(window, QDateEdit, "detail_last_refillEdit")
    edit.setFocus()
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit.lineEdit(), "20/01/2027")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    # The date field only ever holds a real date; the plan never sees "20/01/2027".
    detail = window.document.form.detail("last_refill")
    assert detail != "20/01/2027"
    assert detail == "" or date.fromisoformat(detail)


def test_a_late_booked_refill_stays_a_danger(qtbot: QtBot, window: MainWindow) -> None:
    pump_plan(qtbot, window)
    qtbot.keyClicks(find(window, QLineEdit, "detail_reservoir_ml"), "20")
    find(window, QDateEdit, "detail_last_refillEdit").setDate(QDate(2026, 11, 20))
    find(window, QDateEdit, "detail_next_refillEdit").setDate(QDate(2027, 6, 1))
    assert find(window, QCheckBox, "detail_last_refillGiven").isChecked()  # picking a date gives it
    assert window.document.form.detail("last_refill") == "2026-11-20"
    assert window.document.form.detail("next_refill") == "2027-06-01"
    texts = window.warnings.texts()
    assert any("booked refill on 2027-06-01 is after the reservoir's low-volume alarm" in t for t in texts), texts
    assert not any("could not be read" in t for t in texts)


def test_the_reservoir_volume_follows_the_decimal_mark(qtbot: QtBot, window: MainWindow) -> None:
    pump_plan(qtbot, window)
    qtbot.keyClicks(find(window, QLineEdit, "detail_reservoir_ml"), "20,5")
    assert window.form.error_text("reservoir_ml").startswith("'20,5' is ambiguous")
    assert window.form.is_marked_invalid("reservoir_ml")


def test_an_unreadable_date_from_a_file_is_kept_and_shown_at_its_field(
    qtbot: QtBot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    pump_plan(qtbot, window)
    plan = window.document.plan
    assert plan is not None
    from dataclasses import replace

    old = replace(plan, regimen=replace(plan.regimen, extra={"last_refill": "20/01/2027", "reservoir_ml": "20"}))
    path = tmp_path / f"old{planfile.SUFFIX}"
    planfile.save(old, path)
    assert window.files.open_plan(path)
    message = find(window, QLabel, "detail:last_refillMessage")
    assert message.text() == "'20/01/2027' from the file is not a date; pick the last refill in the calendar"
    assert message.isVisible()
    assert window.document.form.detail("last_refill") == "20/01/2027"  # nothing typed is lost
    find(window, QDateEdit, "detail_last_refillEdit").setDate(QDate(2026, 11, 20))
    assert window.document.form.detail("last_refill") == "2026-11-20"
    assert window.form.error_text("last_refill") == ""
    assert message.text() == ""
