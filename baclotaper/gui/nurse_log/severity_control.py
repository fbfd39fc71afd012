"""One checklist item's score: a slider from "not assessed" to 3, drawn as four exclusive buttons.

A slider to the keyboard and to screen readers (role, name, its value in words, the tier in its description):
one Tab stop per item; the digits 0–3 score it, Left/Right (or Up/Down) step the score, Delete clears
it (not assessed).  The buttons are for the mouse; a click on one puts the focus on the control.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QButtonGroup, QHBoxLayout, QToolButton, QWidget

from baclotaper.nurse_log.checklist import SeverityLevel

_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
NOT_ASSESSED = -1  # the slider's position for an item left blank: never taken for "none"


class SeverityControl(QAbstractSlider):
    # int, or None when the item is not assessed.
    scoreChanged = Signal(object)

    def __init__(
        self,
        levels: Sequence[SeverityLevel],
        colour: str,
        *,
        tier: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._levels = tuple(levels)
        self._tier = tier
        self.setOrientation(Qt.Orientation.Horizontal)
        self.setRange(NOT_ASSESSED, max(level.value for level in self._levels))
        self.setValue(NOT_ASSESSED)
        self.setSingleStep(1)
        self.setPageStep(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # exclusivity by hand, so "not assessed" stays possible
        layout = self._row = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        checked = f"QToolButton:checked {{ background: {colour}; color: white; font-weight: bold; }}"
        for level in self._levels:
            button = QToolButton(self)
            button.setText(str(level.value))
            button.setCheckable(True)
            # A click focuses the control itself, so the digits typed next score this item.
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            button.setFocusProxy(self)
            button.setToolTip(f"{level.value}: {level.label} ({level.plain})")
            button.setAccessibleName(f"{level.value}, {level.label}")
            button.setMinimumSize(QSize(30, 24))
            button.setStyleSheet(checked)
            self.group.addButton(button, level.value)
            layout.addWidget(button)
        self.group.idClicked.connect(self._clicked)
        # However the value changes (keys, a click, a screen reader setting it): buttons, words, form.
        self.valueChanged.connect(self._value_changed)
        self._describe()

    def score(self) -> int | None:
        value = self.value()
        return None if value == NOT_ASSESSED else value

    def set_score(self, score: int | None) -> None:
        if score is not None and score not in {level.value for level in self._levels}:
            return
        if score == self.score():
            self._check_buttons()  # a click toggled one: put it back
        else:
            # The slider's own value change tells screen readers; _value_changed does the rest.
            self.setValue(NOT_ASSESSED if score is None else score)

    def _value_changed(self, _value: int) -> None:
        self._check_buttons()
        self._describe()
        self.scoreChanged.emit(self.score())

    def _check_buttons(self) -> None:
        score = self.score()
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == score)

    def text(self) -> str:
        """The score in words, as the screen reader's description says it."""
        level = next((lvl for lvl in self._levels if lvl.value == self.score()), None)
        return "not assessed" if level is None else f"{level.value}, {level.label}"

    def value_in_words(self) -> str:
        """The value a screen reader reads: "not assessed", not the -1 the slider holds."""
        return self.text()

    def _clicked(self, value: int) -> None:
        # A second click on the chosen score clears it, like Delete.
        self.set_score(None if value == self.score() else value)

    def _describe(self) -> None:
        tier = f"Tier: {self._tier}. " if self._tier else ""
        self.setAccessibleDescription(f"{tier}Score: {self.text()}. Type 0 to 3; Delete clears.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        values = [level.value for level in self._levels]
        score = self.score()
        text = event.text()
        if text.isdigit() and int(text) in values:
            self.set_score(int(text))
        elif key in _CLEAR_KEYS:
            self.set_score(None)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self.set_score(min(values) if score is None else min(score + 1, max(values)))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self.set_score(min(values) if score is None else max(score - 1, min(values)))
        else:
            event.ignore()  # Tab, Home, Page Up…: the window's, not the slider's

    def wheelEvent(self, event: QWheelEvent) -> None:
        # A scroll over the checklist scrolls the form; it never changes a score.
        event.ignore()

    def sizeHint(self) -> QSize:
        return self._row.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._row.minimumSize()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.hasFocus():
            painter = QPainter(self)
            pen = QPen(self.palette().highlight().color(), 2)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
            painter.end()
