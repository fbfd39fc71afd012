"""A date that may be left out: a date field with a calendar and a "given" tick box.

A date field cannot be typed wrong (``20/01/2027`` is refused as it is typed), and the calendar
picks one.  Choosing a date ticks "given"; unticked, the date is greyed and not part of the plan.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

ISO = "yyyy-MM-dd"


class OptionalDate(QWidget):
    changed = Signal()  # ticked, unticked or another date picked by the user

    def __init__(self, name: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._loading = False
        self._raw = ""  # a date from a file that could not be read: kept until replaced
        self.given = QCheckBox("given")
        self.given.setObjectName(f"{name}Given")
        self.given.setAccessibleName(f"{accessible_name} given")
        self.given.setToolTip("Untick when the date is not known; choosing a date ticks it")
        self.edit = QDateEdit()
        self.edit.setObjectName(f"{name}Edit")
        self.edit.setAccessibleName(accessible_name)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(ISO)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.edit, 1)
        line.addWidget(self.given)
        self.given.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(self._edited)
        # No focus proxy: a container proxying to its date field keeps a place of its own in the
        # window's focus chain, and Tab would come back to the field from the end of the window.
        self._show_given(False)

    @property
    def raw(self) -> str:
        """A date from a file that could not be read ('' when none)."""
        return self._raw

    def text(self) -> str:
        """The date as ``YYYY-MM-DD``, '' when not given (or a file's unreadable text, kept)."""
        if self.given.isChecked():
            return self.edit.date().toString(ISO)
        return self._raw

    def set_text(self, text: str) -> None:
        """Show ``text`` (ISO or empty) without reporting it as an edit."""
        self._loading = True
        try:
            parsed = QDate.fromString(text.strip(), ISO)
            self._raw = "" if parsed.isValid() else text.strip()
            if parsed.isValid():
                self.edit.setDate(parsed)
            self.given.setChecked(parsed.isValid())
            self._show_given(parsed.isValid())
        finally:
            self._loading = False

    def suggest(self, day: date) -> None:
        """The date shown when the box is ticked (the plan's first day, say)."""
        if not self.given.isChecked():
            self._loading, was = True, self._loading
            self.edit.setDate(QDate(day.year, day.month, day.day))
            self._loading = was

    def _show_given(self, on: bool) -> None:
        # Greyed when not given, so a date on screen is never mistaken for one in the plan.
        name = self.edit.objectName()
        self.edit.setStyleSheet("" if on else f"#{name} {{ color: palette(placeholder-text); }}")

    def _toggled(self, on: bool) -> None:
        self._show_given(on)
        if self._loading:
            return
        self._raw = ""
        self.changed.emit()

    def _edited(self, _day: QDate) -> None:
        if self._loading:
            return
        if not self.given.isChecked():
            self.given.setChecked(True)  # reports the change
        else:
            self.changed.emit()
