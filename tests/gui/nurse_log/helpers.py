"""Helpers for the log window tests: a stand-in for every dialog, and the nurse's gestures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log import LogWindow
from baclotaper.gui.nurse_log.dialogs import NewPatient, SignOff
from baclotaper.gui.nurse_log.severity_control import SeverityControl

# The factory plan cuts every 14 days: 16 days after its start is day 2 after the second cut.
DAYS_INTO_PLAN = 16


@dataclass
class FakePrompts:
    """Answers the window's questions as the test decides, and remembers what was said."""

    new_patient: NewPatient | None = field(default_factory=lambda: NewPatient("A.B.", "MRN-1", date(1970, 1, 2)))
    sign_off: SignOff | None = field(default_factory=lambda: SignOff("NB", ""))
    open_path: Path | None = None
    export_path: Path | None = None
    confirm_answer: bool = True
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    sign_offs: list[tuple[str, str, str]] = field(default_factory=list)
    acknowledgement: SignOff | None = field(default_factory=lambda: SignOff("Dr Kahn", "seen; observe 4-hourly"))
    acknowledgements: list[str] = field(default_factory=list)
    confirmations: list[str] = field(default_factory=list)
    exports: list[tuple[str, str]] = field(default_factory=list)
    database: str | None = None
    database_asked: list[tuple[str, str]] = field(default_factory=list)
    # What each dialog was filled with again, because the log had not saved it (None: empty).
    kept: list[object] = field(default_factory=list)

    def ask_new_patient(self, kept: NewPatient | None = None) -> NewPatient | None:
        self.kept.append(kept)
        return self.new_patient

    def ask_sign_off(
        self, title: str, question: str, *, initials: str, reason: str, kept: bool = False
    ) -> SignOff | None:
        self.sign_offs.append((title, question, reason))
        self.kept.append(SignOff(initials, reason) if kept else None)
        if self.sign_off is None:
            return None
        # An empty reason in the test's answer means: accept the reason the window suggested.
        return SignOff(self.sign_off.initials, self.sign_off.reason or reason)

    def ask_acknowledgement(self, question: str, kept: SignOff | None = None) -> SignOff | None:
        self.acknowledgements.append(question)
        self.kept.append(kept)
        return self.acknowledgement

    def ask_open_plan(self) -> Path | None:
        return self.open_path

    def ask_export_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        self.exports.append((title, suggested))
        return self.export_path

    def ask_log_database(self, current: str, default: str) -> str | None:
        self.database_asked.append((current, default))
        return self.database

    def confirm(self, title: str, question: str) -> bool:
        self.confirmations.append(question)
        return self.confirm_answer

    def show_error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def show_info(self, title: str, message: str) -> None:
        self.infos.append((title, message))


def settle(qtbot: QtBot, widget: QWidget) -> None:
    """Wait, as the nurse would, for what the gesture started on the log's own thread (a save, a
    read) to end and be shown."""
    window = widget.window()
    if isinstance(window, LogWindow):
        qtbot.waitUntil(lambda: not window.session.busy, timeout=15_000)
        QApplication.processEvents()  # and what the result queued (buttons it added are shown by the event loop)


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, button)


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)
    settle(qtbot, widget)


def control(window: LogWindow, item_id: str) -> SeverityControl:
    found = window.findChild(SeverityControl, f"score_{item_id}")
    assert found is not None, item_id
    return found


def line(window: LogWindow, name: str) -> QLineEdit:
    found = window.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def with_patient(qtbot: QtBot, window: LogWindow, *, attach: bool = True) -> None:
    """Add the prompts' patient through the New patient button, then attach the planner's plan."""
    click(qtbot, window.patients.new_button)
    if attach:
        click(qtbot, window.patients.attach_button)


def aware(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone()


def choose_row(qtbot: QtBot, window: LogWindow, row: int) -> None:
    """Click a patient in the list and wait for the log's thread to read them."""
    window.patients.select_row(row)
    settle(qtbot, window)
