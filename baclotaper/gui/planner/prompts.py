"""Every modal question the window asks, in one place.

Tests hand the window a stand-in with the same methods, so no dialog is ever ``exec()``-ed
in a test and each answer is chosen by the test.  The dialog classes are imported when a question
is first asked: their Python enums would otherwise be built while the window starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from baclotaper.common import paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

PLAN_FILTER = f"BacloTaper plans (*{paths.PLAN_SUFFIX})"


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Prompts:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask_open_path(self, folder: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self.parent, "Open plan", folder, PLAN_FILTER)
        return Path(name) if name else None

    def ask_save_path(self, suggested: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self.parent, "Save plan as", suggested, PLAN_FILTER)
        return Path(name) if name else None

    def ask_export_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, file_filter)
        return Path(name) if name else None

    def ask_unsaved(self, name: str) -> Unsaved:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"{name} has changes that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        box.setInformativeText("Save them before continuing?")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return Unsaved.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return Unsaved.DISCARD
        return Unsaved.CANCEL

    def ask_recover(self, description: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.parent,
            "Recover unsaved plan",
            f"BacloTaper closed without saving a plan.\n\n{description}\n\nRecover it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_concerns(self, concerns: Sequence[str]) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Confirm this change",
            "This change needs the prescriber's confirmation:\n\n" + "\n".join(f"• {c}" for c in concerns),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        box.setInformativeText("Make the change anyway? It will be flagged in the plan.")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_number(
        self,
        title: str,
        label: str,
        *,
        value: float,
        minimum: float,
        maximum: float,
        decimals: int,
    ) -> float | None:
        from PySide6.QtWidgets import QInputDialog

        if decimals == 0:
            number, ok = QInputDialog.getInt(self.parent, title, label, int(value), int(minimum), int(maximum))
            return float(number) if ok else None
        real, ok = QInputDialog.getDouble(self.parent, title, label, value, minimum, maximum, decimals)
        return real if ok else None

    def show_error(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self.parent, title, message)

    def show_info(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.parent, title, message)

    def show_about(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self.parent, title, text)
