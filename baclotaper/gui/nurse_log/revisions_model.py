"""A plan's revisions: number, when, who and why; the last one is current."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from baclotaper.gui.nurse_log.entries_model import when
from baclotaper.nurse_log.store import Revision

Index = QModelIndex | QPersistentModelIndex
REVISION_ROLE = Qt.ItemDataRole.UserRole


class Column(IntEnum):
    NUMBER = 0
    CREATED = 1
    AUTHOR = 2
    REASON = 3


HEADERS = {Column.NUMBER: "Revision", Column.CREATED: "Saved", Column.AUTHOR: "By", Column.REASON: "Why"}


def reason_text(revision: Revision) -> str:
    if revision.restored_from is not None and f"{revision.restored_from}" not in revision.reason:
        return f"{revision.reason} (copy of revision {revision.restored_from})"
    return revision.reason


class RevisionsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._revisions: list[Revision] = []
        self._viewing: int | None = None

    def set_revisions(self, revisions: Sequence[Revision], viewing: int | None = None) -> None:
        self.beginResetModel()
        self._revisions = list(revisions)
        self._viewing = viewing
        self.endResetModel()

    def revision(self, row: int) -> Revision:
        return self._revisions[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._revisions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return HEADERS[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._revisions):
            return None
        revision = self._revisions[index.row()]
        current = index.row() == len(self._revisions) - 1
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == Column.NUMBER:
                marks = [" (current)" if current else "", " (shown)" if revision.number == self._viewing else ""]
                return f"{revision.number}{''.join(marks)}"
            if column == Column.CREATED:
                return when(revision.created)
            if column == Column.AUTHOR:
                return revision.author
            return reason_text(revision)
        if role == REVISION_ROLE:
            return revision
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont()
            font.setBold(True)
            return font
        return None
