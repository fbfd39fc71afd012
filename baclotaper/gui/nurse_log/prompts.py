"""Every modal question the log window asks, in one place.

Tests pass the window a stand-in with the same methods: no dialog is ever ``exec()``-ed in a test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from baclotaper.gui.nurse_log.dialogs import LogDatabaseDialog, NewPatient, NewPatientDialog, SignOff, SignOffDialog
from baclotaper.taper.planfile import SUFFIX

PLAN_FILTER = f"BacloTaper plans (*{SUFFIX})"
CSV_FILTER = "CSV files (*.csv)"
PDF_FILTER = "PDF files (*.pdf)"


class Prompts(Protocol):
    """What the window asks; :class:`LogPrompts` asks with real dialogs, tests with answers."""

    # ``kept``: what was typed the last time, when the log did not save it (the dialog says so).
    def ask_new_patient(self, kept: NewPatient | None = None) -> NewPatient | None: ...
    def ask_sign_off(
        self, title: str, question: str, *, initials: str, reason: str, kept: bool = False
    ) -> SignOff | None: ...
    def ask_acknowledgement(self, question: str, kept: SignOff | None = None) -> SignOff | None: ...
    def ask_open_plan(self) -> Path | None: ...
    def ask_export_path(self, title: str, suggested: str, file_filter: str) -> Path | None: ...
    def ask_log_database(self, current: str, default: str) -> str | None: ...
    def confirm(self, title: str, question: str) -> bool: ...
    def show_error(self, title: str, message: str) -> None: ...
    def show_info(self, title: str, message: str) -> None: ...


class LogPrompts:
    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent

    def ask_new_patient(self, kept: NewPatient | None = None) -> NewPatient | None:
        dialog = NewPatientDialog(self.parent, kept)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_sign_off(
        self, title: str, question: str, *, initials: str, reason: str, kept: bool = False
    ) -> SignOff | None:
        dialog = SignOffDialog(title, question, initials=initials, reason=reason, parent=self.parent, kept=kept)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_acknowledgement(self, question: str, kept: SignOff | None = None) -> SignOff | None:
        """The clinician who has seen an emergency (a name, not initials) and what was decided."""
        dialog = SignOffDialog(
            "Acknowledge the emergency",
            question,
            initials=kept.initials if kept else "",
            reason=kept.reason if kept else "",
            parent=self.parent,
            who="Clinician's &name:",
            why="&Assessment or decision:",
            kept=kept is not None,
        )
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_open_plan(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, "Open plan file", "", PLAN_FILTER)
        return Path(name) if name else None

    def ask_export_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, file_filter)
        return Path(name) if name else None

    def ask_log_database(self, current: str, default: str) -> str | None:
        dialog = LogDatabaseDialog(current, default, self.parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self.parent,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self.parent, title, message)

    def show_info(self, title: str, message: str) -> None:
        QMessageBox.information(self.parent, title, message)
