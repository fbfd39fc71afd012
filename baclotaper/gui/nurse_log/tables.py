"""Read-only table views, set up the same way everywhere in the log window."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

W = TypeVar("W", bound=QWidget)


def read_only_table(name: str, accessible: str) -> QTableView:
    table = named(QTableView(), name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users are not trapped in it
    table.verticalHeader().hide()
    # Compact rows: more of the log fits at 1280×720.
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(100)  # sized from the first rows: a long log stays fast
    return table


def named(widget: W, name: str) -> W:
    """``widget`` with its object name set (tests and accessibility tools find it by that name)."""
    widget.setObjectName(name)
    return widget
