"""Details longer than makes sense are refused at their field in the planner; nothing typed is lost."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import fill_in, find


def test_notes_over_the_limit_are_refused_at_their_field(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window)
    assert window.document.plan is not None
    most = text_limit(TextKind.NOTE)
    notes = find(window, QPlainTextEdit, "detail_notes")
    notes.setPlainText("n" * (most + 1))
    qtbot.waitUntil(lambda: window.form.error_text("notes") != "")
    assert window.form.error_text("notes") == f"is {most + 1} characters long; the most is {most}"
    assert notes.toPlainText() == "n" * (most + 1)
    notes.setPlainText("n" * most)
    qtbot.waitUntil(lambda: window.form.error_text("notes") == "")
    assert window.document.plan is not None and window.document.plan.regimen.extra["notes"] == "n" * most


def test_a_name_cannot_be_typed_past_its_limit(qtbot: QtBot, window: MainWindow) -> None:
    name = find(window, QLineEdit, "detail_patient_name")
    qtbot.keyClicks(name, "N" * 250)
    assert len(name.text()) == text_limit(TextKind.NAME)
