"""The vital signs of an entry, each checked against its entry range as it is typed.

A refused value (385 for 38.5 °C) stays in its field with a message under it naming the field and
the allowed range; nothing is cleared.  A message appears once the nurse leaves the field or tries
to save, and goes as soon as the value is right.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from baclotaper.common.numbers import fmt
from baclotaper.gui.accessibility import label_for
from baclotaper.gui.nurse_log.colours import ERROR_TEXT
from baclotaper.gui.nurse_log.draft import check_vitals, range_text
from baclotaper.gui.nurse_log.tables import named
from baclotaper.nurse_log.checklist import VitalSign, vital_signs

# Alt+T and Alt+H jump to the two vital signs taken at every check.
_MNEMONICS = frozenset({"temperature", "heart_rate"})


def object_name(vital_id: str) -> str:
    """``heart_rate`` -> ``heartRateInput``."""
    first, *rest = vital_id.split("_")
    return first + "".join(part.capitalize() for part in rest) + "Input"


class VitalsBox(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Vital signs", parent)
        self.signs: dict[str, VitalSign] = {sign.id: sign for sign in vital_signs()}
        self.edits: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        self._revealed: set[str] = set()
        self._errors: dict[str, str] = {}
        form = QFormLayout(self)
        for sign in self.signs.values():
            edit = named(QLineEdit(), object_name(sign.id))
            edit.setPlaceholderText(range_text(sign))
            edit.setMaximumWidth(140)
            edit.textChanged.connect(self._typed)
            edit.editingFinished.connect(lambda vital=sign.id: self._reveal({vital}))
            label = QLabel(("&" if sign.id in _MNEMONICS else "") + f"{sign.label} ({sign.unit}):")
            label_for(label, edit)
            message = named(QLabel(), f"{object_name(sign.id)}Error")
            message.setWordWrap(True)
            message.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: bold;")
            message.hide()
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(edit)
            column.addWidget(message)
            form.addRow(label, box)
            self.edits[sign.id] = edit
            self.messages[sign.id] = message

    def texts(self) -> dict[str, str]:
        return {vital_id: edit.text() for vital_id, edit in self.edits.items()}

    def values(self) -> tuple[dict[str, float], dict[str, str]]:
        """The valid values, and a message per refused field (shown or not yet)."""
        return check_vitals(self.texts())

    def reveal_all(self) -> None:
        self._reveal(set(self.edits))

    def load(self, vitals: Mapping[str, float]) -> None:
        for vital_id, edit in self.edits.items():
            value = vitals.get(vital_id)
            edit.setText("" if value is None else fmt(value))
        self._revealed.clear()
        self._show()

    def _typed(self) -> None:
        self._show()
        self.changed.emit()

    def _reveal(self, fields: set[str]) -> None:
        self._revealed |= fields
        self._show()

    def _show(self) -> None:
        _, self._errors = self.values()
        self._revealed &= set(self._errors)  # a corrected field starts afresh
        for vital_id, edit in self.edits.items():
            shown = vital_id in self._errors and vital_id in self._revealed
            message = self.messages[vital_id]
            text = f"{self.signs[vital_id].label}: {self._errors[vital_id]}" if shown else ""
            message.setText(text)
            message.setVisible(shown)
            edit.setAccessibleDescription(text)
            edit.setStyleSheet(f"border: 2px solid {ERROR_TEXT};" if shown else "")

    def shown_errors(self) -> dict[str, str]:
        return {vital_id: label.text() for vital_id, label in self.messages.items() if label.text()}
