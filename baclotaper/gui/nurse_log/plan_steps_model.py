"""The steps of one plan revision, read-only: the log's view of what the planner made."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from baclotaper.common.numbers import fmt
from baclotaper.gui.nurse_log.colours import TIER_BACKGROUNDS
from baclotaper.taper.plan import Step, TaperPlan
from baclotaper.taper.sequence import StepKind

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    START = 1
    END = 2
    DOSE = 3
    KIND = 4
    NOTE = 5


HEADERS = {
    Column.NUMBER: "Step",
    Column.START: "From",
    Column.END: "To",
    Column.DOSE: "Daily dose",
    Column.KIND: "Kind",
    Column.NOTE: "Note",
}
KIND_WORDS = {StepKind.CUT: "cut", StepKind.HOLD: "hold", StepKind.STEP_BACK: "step back"}
# Holds and step backs are the log's own changes: tinted so they stand out in the list.
KIND_BACKGROUNDS = {StepKind.HOLD: TIER_BACKGROUNDS["monitor"], StepKind.STEP_BACK: TIER_BACKGROUNDS["call_prescriber"]}


def step_text(step: Step, column: Column, unit: str) -> str:
    texts = {
        Column.NUMBER: str(step.number),
        Column.START: step.start.isoformat(),
        Column.END: step.end.isoformat() if step.end else "onwards",
        Column.DOSE: f"{fmt(step.daily_dose)} {unit}",
        Column.KIND: KIND_WORDS[step.kind],
        Column.NOTE: step.note,
    }
    return texts[column]


class PlanStepsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: TaperPlan | None = None
        self._today = date.today()

    def set_plan(self, plan: TaperPlan | None, today: date | None = None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._today = today or date.today()
        self.endResetModel()

    @property
    def plan(self) -> TaperPlan | None:
        return self._plan

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self._plan is None else len(self._plan.steps)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            return HEADERS[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        plan = self._plan
        if plan is None or not index.isValid() or not 0 <= index.row() < len(plan.steps):
            return None
        step = plan.steps[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return step_text(step, Column(index.column()), plan.unit)
        if role == Qt.ItemDataRole.FontRole and step.covers(self._today):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and step.kind in KIND_BACKGROUNDS:
            return QBrush(QColor(KIND_BACKGROUNDS[step.kind]))
        return None
