"""The days the table, the timeline and the exports cover: two date fields and quick choices."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from baclotaper.gui.accessibility import label_for, tab_leaves
from baclotaper.gui.nurse_log.tables import named

# The "from" field shows "earliest" at its minimum: the whole log.
EARLIEST = QDate(2000, 1, 1)
DEFAULT_DAYS = 30


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DateRangeBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dateRange")
        self.since = named(QDateEdit(), "sinceInput")
        self.until = named(QDateEdit(), "untilInput")
        for edit in (self.since, self.until):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setMinimumDate(EARLIEST)
            edit.dateChanged.connect(self.changed)
            tab_leaves(edit)
        self.since.setSpecialValueText("earliest")
        since_label = QLabel("&Dates from:")
        label_for(since_label, self.since)
        self.since.setAccessibleDescription("The first day of entries shown, in the table, the timeline and exports")
        until_label = QLabel("&Until:")
        label_for(until_label, self.until)
        self.until.setAccessibleDescription("The last day of entries shown")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(since_label)
        layout.addWidget(self.since)
        layout.addWidget(until_label)
        layout.addWidget(self.until)
        for text, days in (("Last &7 days", 7), ("Last &30 days", 30), ("All dates", None)):
            button = named(QPushButton(text), f"range{days or 'All'}")
            button.clicked.connect(lambda _checked=False, d=days: self.show_last(d))
            layout.addWidget(button)
        layout.addStretch()
        self.show_last(DEFAULT_DAYS)

    def show_last(self, days: int | None, today: date | None = None) -> None:
        """The last ``days`` days up to today (``None``: the whole log)."""
        today = today or date.today()
        self.blockSignals(True)
        self.until.setDate(to_qdate(today))
        self.since.setDate(EARLIEST if days is None else to_qdate(today - timedelta(days=days - 1)))
        self.blockSignals(False)
        self.changed.emit()

    def set_dates(self, since: date | None, until: date) -> None:
        self.blockSignals(True)
        self.since.setDate(EARLIEST if since is None else to_qdate(since))
        self.until.setDate(to_qdate(until))
        self.blockSignals(False)
        self.changed.emit()

    def dates(self) -> tuple[date | None, date]:
        since = None if self.since.date() == EARLIEST else to_date(self.since.date())
        return since, to_date(self.until.date())

    def include(self, day: date) -> None:
        """Widen the range so that ``day`` (a just-saved entry's) is shown."""
        since, until = self.dates()
        if (since is None or since <= day) and day <= until:
            return
        self.set_dates(None if since is None else min(since, day), max(until, day))

    def describe(self) -> str:
        since, until = self.dates()
        return f"{since.isoformat() if since else 'the first entry'} to {until.isoformat()}"
