"""The table of the plan's steps: one row per step, one line per administration in a row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from baclotaper.gui.planner.step_table_model import Column, StepTableModel


class StepTable(QTableView):
    def __init__(self, model: StepTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepTable")
        self.setAccessibleName("Steps of the plan")
        self.setModel(model)
        self.step_model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table (no keyboard trap); the arrows move in it
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # Fixed sizes: sizing rows and columns to their contents would ask the model for every
        # cell on every keystroke.  Rows get one line per administration (see fit_rows).
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TAKES, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        pad = metrics.horizontalAdvance("x") * 2
        for column, sample in (
            (Column.NUMBER, "Step"),
            (Column.START, "2026-12-30"),
            (Column.END, "2026-12-30"),
            (Column.DAYS, "Days"),
            (Column.DOSE, "300 mg/day"),
            (Column.NOTES, "x" * 20),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + pad)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def fit_rows(self) -> None:
        """Rows tall enough for the step with the most administrations."""
        metrics = self.fontMetrics()
        height = metrics.lineSpacing() * self.step_model.max_lines() + metrics.height() // 4
        header = self.verticalHeader()
        if header.defaultSectionSize() != height:
            header.setMinimumSectionSize(metrics.height())
            header.setDefaultSectionSize(height)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        current = self.currentIndex()
        return current.row() if current.isValid() else None
