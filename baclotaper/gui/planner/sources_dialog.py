"""Help ▸ Sources: every default the planner uses, with its source and evidence tag.

Rows are read from the resource files themselves (any table that has a ``source``), so a number
added to the data shows up here without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common import data

Index = QModelIndex | QPersistentModelIndex
RESOURCES = ("products", "limits", "paces", "warnings")
# Keys that say what an entry is, best first, used to name and value a row.
_NAME_KEYS = ("title", "label", "id")
_VALUE_KEYS = (
    "value",
    "message",
    "summary",
    "text",
    "mg_per_ml",
    "mcg_per_ml",
    "default_strengths",
    "strengths",
)


class Column(IntEnum):
    FILE = 0
    ITEM = 1
    VALUE = 2
    SOURCE = 3
    TAG = 4


HEADERS = ("File", "Item", "Default", "Source", "Tag")


@dataclass(frozen=True)
class SourceRow:
    file: str
    item: str
    value: str
    source: str
    tag: str
    note: str


def _value_text(entry: dict[str, Any]) -> str:
    for key in _VALUE_KEYS:
        value = entry.get(key)
        if isinstance(value, list) and all(isinstance(v, int | float | str) for v in value):
            return ", ".join(str(v) for v in value)
        if isinstance(value, int | float | str):
            return str(value)
    return ""


def _walk(file: str, path: str, node: Any, rows: list[SourceRow]) -> None:
    if isinstance(node, dict):
        if "source" in node and isinstance(node["source"], str):
            name = next((str(node[k]) for k in _NAME_KEYS if k in node), "")
            item = f"{path} — {name}" if name else path
            rows.append(
                SourceRow(
                    file=file,
                    item=item,
                    value=_value_text(node),
                    source=node["source"],
                    tag=str(node.get("tag", "")),
                    note=str(node.get("note", "")),
                )
            )
        for key, value in node.items():
            if isinstance(value, dict | list):
                _walk(file, f"{path}.{key}" if path else str(key), value, rows)
    elif isinstance(node, list):
        for i, value in enumerate(node, start=1):
            _walk(file, f"{path}[{i}]", value, rows)


def source_rows(names: tuple[str, ...] = RESOURCES) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for name in names:
        _walk(f"{name}.toml", "", data.load(name), rows)
    return rows


class SourcesModel(QAbstractTableModel):
    def __init__(self, rows: list[SourceRow], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation is Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.FILE: row.file,
                Column.ITEM: row.item,
                Column.VALUE: row.value,
                Column.SOURCE: row.source,
                Column.TAG: row.tag,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.TAG:
            return data.TAG_MEANINGS.get(row.tag, row.tag)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.value, f"Source: {row.source}"]
            if row.note:
                parts.append(f"Note: {row.note}")
            return "\n".join(p for p in parts if p)
        return None


class SourcesDialog(QDialog):
    """A window, not modal: it can stay open beside the plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesDialog")
        self.setWindowTitle("Sources of the defaults — BacloTaper")
        self.model = SourcesModel(source_rows(), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        intro = QLabel(
            "Every number the planner proposes is a default with its source. Tags: "
            + "; ".join(f"{k} {v}" for k, v in data.TAG_MEANINGS.items())
            + ". There is no validated baclofen taper schedule."
        )
        intro.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setObjectName("sourcesFilter")
        self.filter.setPlaceholderText("Filter, e.g. ANSM or intrathecal")
        self.filter.setAccessibleName("Filter sources")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        label = QLabel("&Filter:")
        label.setBuddy(self.filter)
        self.table = QTableView()
        self.table.setObjectName("sourcesTable")
        self.table.setAccessibleName("Sources")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.SOURCE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        m = self.fontMetrics()
        for column, chars in ((Column.FILE, 14), (Column.ITEM, 30), (Column.VALUE, 30), (Column.TAG, 5)):
            self.table.setColumnWidth(column, m.horizontalAdvance("x") * chars)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(m.horizontalAdvance("x") * 150, m.height() * 36)
