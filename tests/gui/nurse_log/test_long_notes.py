"""Text longer than makes sense is refused at its field in the log window; nothing is lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.nurse_log.store import Store
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import control, line, press, with_patient


def test_a_note_over_the_limit_is_refused_at_the_field_and_kept_in_the_form(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    most = text_limit(TextKind.NOTE)
    notes = window.findChild(QPlainTextEdit, "notesInput")
    assert notes is not None
    notes.setPlainText("n" * (most + 1))  # a paste gone wrong
    error = window.findChild(QLabel, "notesError")
    assert error is not None and error.isVisible()
    assert error.text() == f"Notes is {most + 1} characters long; the most is {most}"
    press(qtbot, window.form.save_button, Qt.Key.Key_Space)
    assert read_store.entries(1) == []
    assert notes.toPlainText() == "n" * (most + 1)  # nothing the nurse typed is lost
    notes.setPlainText("n" * most)
    assert not error.isVisible()
    press(qtbot, window.form.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(read_store.entries(1)) == 1)
    assert read_store.entries(1)[0].notes == "n" * most


def test_initials_cannot_be_typed_past_their_limit(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    qtbot.keyClicks(line(window, "recordedByInput"), "B" * 60)
    assert line(window, "recordedByInput").text() == "B" * text_limit(TextKind.INITIALS)
