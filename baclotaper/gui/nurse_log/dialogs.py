"""The small forms the log asks for: a new patient, who signs a change and why, which log to use.

Only :mod:`baclotaper.gui.nurse_log.prompts` runs them; tests fill them without ``exec()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.gui.nurse_log.tables import named

# The date edit shows "unknown" at its minimum: a date of birth is optional.
_NO_DATE = QDate(1900, 1, 1)


@dataclass(frozen=True)
class NewPatient:
    name: str
    identifier: str
    date_of_birth: date | None


@dataclass(frozen=True)
class SignOff:
    initials: str
    reason: str


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


NOT_SAVED_NOTE = "NOT SAVED: the log did not take this before. What you typed is kept below; OK tries again."


def _not_saved_note() -> QLabel:
    note = named(QLabel(NOT_SAVED_NOTE), "notSavedNote")
    note.setWordWrap(True)
    note.setStyleSheet("color: #b00020; font-weight: bold;")
    return note


class NewPatientDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, kept: NewPatient | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New patient")
        self.name = named(QLineEdit(), "newPatientName")
        self.name.setMaxLength(text_limit(TextKind.NAME))
        self.name.setAccessibleName("Patient name or initials")
        self.identifier = named(QLineEdit(), "newPatientIdentifier")
        self.identifier.setMaxLength(text_limit(TextKind.IDENTIFIER))
        self.identifier.setAccessibleName("Patient identifier")
        self.birth = named(QDateEdit(), "newPatientBirth")
        self.birth.setAccessibleName("Date of birth")
        self.birth.setDisplayFormat("yyyy-MM-dd")
        self.birth.setMinimumDate(_NO_DATE)
        self.birth.setSpecialValueText("unknown")
        self.birth.setDate(_NO_DATE)
        self.birth.setCalendarPopup(True)
        form = QFormLayout()
        for text, field in (
            ("&Name or initials:", self.name),
            ("&Identifier (e.g. hospital number):", self.identifier),
            ("Date of &birth:", self.birth),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.buttons = _buttons(self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(False)
        layout = QVBoxLayout(self)
        if kept is not None:
            layout.addWidget(_not_saved_note())
            self.name.setText(kept.name)
            self.identifier.setText(kept.identifier)
            if kept.date_of_birth is not None:
                born = kept.date_of_birth
                self.birth.setDate(QDate(born.year, born.month, born.day))
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def value(self) -> NewPatient:
        birth = self.birth.date()
        return NewPatient(
            name=self.name.text().strip(),
            identifier=self.identifier.text().strip(),
            date_of_birth=None if birth == _NO_DATE else date(birth.year(), birth.month(), birth.day()),
        )


class SignOffDialog(QDialog):
    """Initials and a reason, both required: every plan change names who made it and why."""

    def __init__(
        self,
        title: str,
        question: str,
        *,
        initials: str,
        reason: str,
        parent: QWidget | None = None,
        who: str = "Your &initials:",
        why: str = "&Reason:",
        kept: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        text = QLabel(question)
        text.setWordWrap(True)
        self.initials = named(QLineEdit(initials), "signOffInitials")
        self.initials.setMaxLength(text_limit(TextKind.INITIALS))
        self.initials.setAccessibleName(who.replace("&", "").rstrip(":"))
        self.reason = named(QLineEdit(reason), "signOffReason")
        self.reason.setMaxLength(text_limit(TextKind.SHORT))
        self.reason.setAccessibleName(why.replace("&", "").rstrip(":"))
        self.reason.setMinimumWidth(420)
        form = QFormLayout()
        for label_text, field in ((who, self.initials), (why, self.reason)):
            label = QLabel(label_text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.buttons = _buttons(self)
        self._ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.initials.textChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self._update()
        layout = QVBoxLayout(self)
        if kept:  # the initials and reason are what was typed the time it was not saved
            layout.addWidget(_not_saved_note())
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _update(self) -> None:
        self._ok.setEnabled(bool(self.initials.text().strip() and self.reason.text().strip()))

    def value(self) -> SignOff:
        return SignOff(self.initials.text().strip(), self.reason.text().strip())


class LogDatabaseDialog(QDialog):
    """Which log the window uses: this computer's file (empty), another file, or a ward's server."""

    def __init__(self, current: str, default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log database")
        text = QLabel(
            "Leave empty for the log on this computer:\n"
            f"{default}\n\n"
            "On a ward, every workstation uses the same PostgreSQL server, e.g.\n"
            "postgresql://nurse_ab@ward-db.example.org/baclotaper?sslmode=verify-full\n"
            "Keep the password in ~/.pgpass, not here. The window uses the new log when it is next opened."
        )
        text.setWordWrap(True)
        self.location = named(QLineEdit(current), "logDatabaseInput")
        self.location.setAccessibleName("Log database: file path or postgresql:// address")
        self.location.setMinimumWidth(480)
        label = QLabel("&Log database:")
        label.setBuddy(self.location)
        form = QFormLayout()
        form.addRow(label, self.location)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def value(self) -> str:
        return self.location.text().strip()
