"""A row of four exclusive buttons, 0 to 3, for one checklist item: one Tab stop, typed with digits.

The control takes the focus itself (its buttons never do), so Tab goes from item to item and the
digits 0–3 score the item in focus; Left/Right step the score, Delete clears it (not assessed).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from baclotaper.nurse_log.checklist import SeverityLevel

_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class SeverityControl(QWidget):
    # int, or None when the item is not assessed.
    valueChanged = Signal(object)

    def __init__(self, levels: Sequence[SeverityLevel], colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._levels = tuple(levels)
        self._value: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # exclusivity by hand, so "not assessed" stays possible
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        checked = f"QToolButton:checked {{ background: {colour}; color: white; font-weight: bold; }}"
        for level in self._levels:
            button = QToolButton(self)
            button.setText(str(level.value))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{level.value}: {level.label} ({level.plain})")
            button.setMinimumSize(QSize(30, 24))
            button.setStyleSheet(checked)
            self.group.addButton(button, level.value)
            layout.addWidget(button)
        self.group.idClicked.connect(self._clicked)
        self._describe()

    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int | None) -> None:
        if value is not None and value not in {level.value for level in self._levels}:
            return
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == value)
        if value != self._value:
            self._value = value
            self._describe()
            self.valueChanged.emit(value)

    def _clicked(self, value: int) -> None:
        # A second click on the chosen score clears it, like Delete.
        self.setValue(None if value == self._value else value)

    def _describe(self) -> None:
        level = next((lvl for lvl in self._levels if lvl.value == self._value), None)
        text = "not assessed" if level is None else f"{level.value}, {level.label}"
        self.setAccessibleDescription(f"Severity: {text}. Type 0 to 3; Delete clears.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        values = [level.value for level in self._levels]
        text = event.text()
        if text.isdigit() and int(text) in values:
            self.setValue(int(text))
        elif key in _CLEAR_KEYS:
            self.setValue(None)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self.setValue(min(values) if self._value is None else min(self._value + 1, max(values)))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self.setValue(min(values) if self._value is None else max(self._value - 1, min(values)))
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            pen = QPen(self.palette().highlight().color(), 2)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
            painter.end()
