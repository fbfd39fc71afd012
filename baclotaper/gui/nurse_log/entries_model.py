"""The patient's log entries as a table, newest first, with the whole audit trail.

A corrected entry stays in the table, struck through and greyed, "superseded by #n"; rows in the
onset window after a cut (days 1–3 by the advice data) are highlighted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from baclotaper.common.numbers import fmt
from baclotaper.gui.nurse_log.colours import (
    ONSET_BACKGROUND,
    SUPERSEDED_TEXT,
    TIER_BACKGROUNDS,
    TIER_COLOURS,
    TIER_WORDS,
)
from baclotaper.nurse_log.checklist import vital_signs
from baclotaper.nurse_log.store import LogEntry

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole
# Says whether an entry falls in its route's onset window, and the note to show if so.
OnsetCheck = Callable[[LogEntry], str]


class Column(IntEnum):
    ID = 0
    OBSERVED = 1
    AFTER_CUT = 2
    TIER = 3
    TOTAL = 4
    TEMPERATURE = 5
    HEART_RATE = 6
    BLOOD_PRESSURE = 7
    RESPIRATORY_RATE = 8
    SPASTICITY = 9
    RECORDED_BY = 10
    STATUS = 11
    STEP = 12
    RECORDED = 13
    NOTES = 14


def _unit(vital_id: str) -> str:
    return next((v.unit for v in vital_signs() if v.id == vital_id), "")


HEADERS: dict[Column, str] = {
    Column.ID: "#",
    Column.OBSERVED: "Observed",
    Column.AFTER_CUT: "After cut",
    Column.TIER: "Tier",
    Column.TOTAL: "Total*",
    Column.TEMPERATURE: f"Temp ({_unit('temperature')})",
    Column.HEART_RATE: f"HR ({_unit('heart_rate')})",
    Column.BLOOD_PRESSURE: f"BP ({_unit('systolic')})",
    Column.RESPIRATORY_RATE: f"RR ({_unit('respiratory_rate')})",
    Column.SPASTICITY: "MAS",
    Column.RECORDED_BY: "By",
    Column.STATUS: "Status",
    Column.STEP: "Step",
    Column.RECORDED: "Recorded",
    Column.NOTES: "Notes",
}
NUMERIC = {Column.ID, Column.TOTAL, Column.TEMPERATURE, Column.HEART_RATE, Column.RESPIRATORY_RATE, Column.STEP}


def when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _vital(entry: LogEntry, vital_id: str) -> str:
    value = entry.vitals.get(vital_id)
    return "" if value is None else fmt(value)


def status_text(entry: LogEntry) -> str:
    parts = ["current" if entry.is_current else f"superseded by #{entry.superseded_by}"]
    if entry.supersedes is not None:
        parts.append(f"corrects #{entry.supersedes}")
    return "; ".join(parts)


def after_cut_text(entry: LogEntry) -> str:
    return "" if entry.days_since_cut is None else f"day {entry.days_since_cut}"


def cell_text(entry: LogEntry, column: Column) -> str:
    systolic, diastolic = _vital(entry, "systolic"), _vital(entry, "diastolic")
    texts: dict[Column, str] = {
        Column.ID: str(entry.id),
        Column.OBSERVED: when(entry.observed_at),
        Column.AFTER_CUT: after_cut_text(entry),
        Column.STEP: "" if entry.step_index is None else str(entry.step_index + 1),
        Column.TIER: TIER_WORDS[entry.tier],
        Column.TOTAL: str(entry.total),
        Column.TEMPERATURE: _vital(entry, "temperature"),
        Column.HEART_RATE: _vital(entry, "heart_rate"),
        Column.BLOOD_PRESSURE: f"{systolic}/{diastolic}" if systolic or diastolic else "",
        Column.RESPIRATORY_RATE: _vital(entry, "respiratory_rate"),
        Column.SPASTICITY: entry.spasticity or "",
        Column.RECORDED: when(entry.recorded_at),
        Column.RECORDED_BY: entry.author,
        Column.STATUS: status_text(entry),
        Column.NOTES: entry.notes.replace("\n", " "),
    }
    return texts[column]


class EntriesTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[LogEntry] = []
        self._onset: dict[int, str] = {}

    def set_entries(self, entries: Sequence[LogEntry], onset: OnsetCheck) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: (e.observed_at, e.id), reverse=True)
        self._onset = {e.id: note for e in self._entries if (note := onset(e))}
        self.endResetModel()

    def entry(self, row: int) -> LogEntry:
        return self._entries[row]

    def row_of(self, entry_id: int) -> int | None:
        return next((row for row, e in enumerate(self._entries) if e.id == entry_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Column(section)]
            if role == Qt.ItemDataRole.ToolTipRole and section == Column.TOTAL:
                return "* A checklist total, NOT a validated scale"
            if role == Qt.ItemDataRole.ToolTipRole and section == Column.RECORDED_BY:
                return "The initials typed, and in brackets the database user who saved the entry"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.FontRole and not entry.is_current:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if not entry.is_current:
                return QBrush(QColor(SUPERSEDED_TEXT))
            if column == Column.TIER:
                return QBrush(QColor(TIER_COLOURS[entry.tier]))
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == Column.TIER and entry.is_current:
                return QBrush(QColor(TIER_BACKGROUNDS[entry.tier]))
            if entry.id in self._onset:
                return QBrush(QColor(ONSET_BACKGROUND))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, entry: LogEntry, column: Column) -> str | None:
        if column == Column.NOTES and entry.notes:
            return entry.notes
        if column == Column.STATUS:
            return status_text(entry)
        return self._onset.get(entry.id)
