"""The entries table with its audit trail, and the way to correct an entry (never to edit one)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from baclotaper.gui.nurse_log.entries_model import EntriesTableModel, OnsetCheck
from baclotaper.gui.nurse_log.tables import named, read_only_table
from baclotaper.nurse_log.store import LogEntry


class EntriesPanel(QWidget):
    correct_requested = Signal(object)  # LogEntry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EntriesTableModel(self)
        self.table = read_only_table("entriesTable", "Log entries, newest first")
        self.table.setModel(self.model)
        self.count = named(QLabel(), "entriesCount")
        self.count.setWordWrap(True)  # a long sentence must not widen the whole column
        self.correct_button = named(QPushButton("&Correct entry…"), "correctEntryButton")
        self.correct_button.setEnabled(False)
        self.correct_button.setToolTip(
            "Record a corrected copy; the original stays in the log, marked as superseded (Ctrl+E)"
        )
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.correct_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._selection)
        self.model.modelReset.connect(self._selection)  # a reset clears the selection silently
        self.table.doubleClicked.connect(lambda _index: self.request_correction())
        self.correct_button.clicked.connect(self.request_correction)

    def show_entries(self, entries: Sequence[LogEntry], onset: OnsetCheck) -> None:
        """New rows (another workstation's entry, a reload): the entry chosen stays chosen."""
        chosen = self.selected()
        self.model.set_entries(entries, onset)
        row = self.model.row_of(chosen.id) if chosen is not None else None
        if row is not None:
            self.table.selectRow(row)

    def selected(self) -> LogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _selection(self) -> None:
        entry = self.selected()
        self.correct_button.setEnabled(entry is not None and entry.is_current)

    def request_correction(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.correct_requested.emit(entry)

    def show_count(self, shown: int, described: str, total: int | None = None) -> None:
        """``total``: how many the days hold, when the table shows only the newest ``shown``."""
        if total is not None and total > shown:
            what = (
                f"The newest {shown:,} of {total:,} entries from {described} (choose fewer days to list older"
                " ones; the timeline draws all of them, the CSV and PDF exports hold all of them)."
            )
        else:
            what = f"{shown} entries from {described}."
        self.count.setText(
            f"{what} Struck-through entries were corrected; highlighted ones fall in the onset window after a cut."
        )
