"""The plan's steps as a table: what a prescriber checks and what a patient takes.

The model shows a :class:`TaperPlan` and never changes it: an edited cell is handed to
``edit_handler`` (the window), which asks the document for a new plan; the new plan comes back
through :meth:`StepTableModel.set_plan`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from baclotaper.common.numbers import EPS, fmt
from baclotaper.gui import palette
from baclotaper.gui.numbers import show

if TYPE_CHECKING:
    from baclotaper.taper.plan import Step, TaperPlan

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    START = 1
    END = 2
    DAYS = 3
    DOSE = 4
    TAKES = 5
    NOTES = 6


HEADERS = {
    Column.NUMBER: "Step",
    Column.START: "From",
    Column.END: "To",
    Column.DAYS: "Days",
    Column.DOSE: "Daily dose",
    Column.TAKES: "What the patient takes",
    Column.NOTES: "Kind and notes",
}
EDITABLE = (Column.DAYS, Column.DOSE)

# The handler gets the row, the column and the text typed; it returns whether the edit was made.
EditHandler = Callable[[int, Column, str], bool]

STEP_ROLE = Qt.ItemDataRole.UserRole

# Roles as plain ints: data() runs for every visible cell and role on each repaint, and comparing
# ints is much cheaper than building Qt's Python enums each time.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_STEP = int(STEP_ROLE)
_RIGHT_TOP = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
_LEFT_TOP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
_NUMERIC = frozenset({int(Column.NUMBER), int(Column.DAYS), int(Column.DOSE)})
_EDIT_TIP = "Double-click or press F2 to change"


def day_text(day: date) -> str:
    return day.isoformat()


def takes_text(step: Step) -> str:
    if not step.administrations:
        return "nothing: stopped"
    return "\n".join(f"{a.time}: {a.amount}" for a in step.administrations)


def kind_text(step: Step, before: float) -> str:
    """What the step does to the dose taken ``before`` it, in the printed plan's words: a step that
    was a cut until a hand edit left its dose unchanged says "stay", as the PDF does."""
    from baclotaper.taper.sequence import StepKind  # not before the first plan (start-up time)

    if step.kind is StepKind.HOLD:
        kind = "hold"
    elif abs(step.daily_dose - before) <= EPS:
        kind = "stay"
    elif step.kind is StepKind.STEP_BACK or step.daily_dose > before:
        kind = "step back"
    else:
        kind = "cut"
    parts = [kind]
    if step.note:
        parts.append(step.note)
    parts += [f.removeprefix("edited:") for f in step.flags if f.startswith("edited:")]
    return "; ".join(parts)


class StepTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: TaperPlan | None = None
        self._stale = False
        # What each cell shows, worked out once per plan rather than on every repaint.
        self._texts: list[tuple[str, ...]] = []
        self._backgrounds: list[QBrush | None] = []
        self._stale_colour = QColor(palette.STALE_TEXT)  # a colour, not a brush: no QBrush before a plan
        self.edit_handler: EditHandler | None = None

    @property
    def plan(self) -> TaperPlan | None:
        return self._plan

    def set_plan(self, plan: TaperPlan | None) -> None:
        old_rows = len(self._texts)
        texts = [_row_texts(plan, step) for step in plan.steps] if plan is not None else []
        if len(texts) == old_rows and texts:
            # Same shape (a dose typed, a step's length changed): repaint the cells in place so an
            # open editor and the selection survive.
            self._set(plan, texts)
            self.dataChanged.emit(self.index(0, 0), self.index(old_rows - 1, len(Column) - 1))
            return
        self.beginResetModel()
        self._set(plan, texts)
        self.endResetModel()

    def _set(self, plan: TaperPlan | None, texts: list[tuple[str, ...]]) -> None:
        self._plan = plan
        self._texts = texts
        worst = _worst_by_step(plan)
        self._backgrounds = [_background(step, worst) for step in plan.steps] if plan else []

    def set_stale(self, stale: bool) -> None:
        if stale == self._stale:
            return
        self._stale = stale
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(rows - 1, len(Column) - 1),
                [Qt.ItemDataRole.ForegroundRole],
            )

    def max_lines(self) -> int:
        """The most lines any row needs (one per administration)."""
        return max((t[Column.TAKES].count("\n") + 1 for t in self._texts), default=1)

    # ----- QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._texts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == _DISPLAY:
                return HEADERS[Column(section)]
            if role == _TOOLTIP and Column(section) in EDITABLE:
                return _EDIT_TIP
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._is_editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _is_editable(self, row: int, column: int) -> bool:
        if self._stale or self._plan is None or self.edit_handler is None:
            return False
        if column == Column.DOSE:
            return True
        return column == Column.DAYS and row < len(self._texts) - 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._texts) or not index.isValid():
            return None
        column = index.column()
        role = int(role)
        if role == _DISPLAY:
            return self._texts[row][column]
        if role == _BACKGROUND:
            return self._backgrounds[row]
        if role == _ALIGNMENT:
            return _RIGHT_TOP if column in _NUMERIC else _LEFT_TOP
        if role == _FOREGROUND:
            return self._stale_colour if self._stale else None
        if role == _EDIT:
            return self._edit_text(row, column)
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _STEP and self._plan is not None:
            return self._plan.steps[row]
        return None

    def _edit_text(self, row: int, column: int) -> str:
        assert self._plan is not None
        step = self._plan.steps[row]
        if column == Column.DOSE:
            return show(step.daily_dose)  # typed back in the user's own decimal mark
        if column == Column.DAYS:
            return str(step.days) if step.days is not None else ""
        return self._texts[row][column]

    def _tooltip(self, row: int, column: int) -> str | None:
        assert self._plan is not None
        step = self._plan.steps[row]
        if column == Column.TAKES and step.administrations:
            return "\n".join(f"{a.time}: {a.plain}" for a in step.administrations)
        if column == Column.NOTES:
            return self._texts[row][column]
        if column == Column.START:
            return f"{step.start:%A} {step.start.isoformat()}"
        if column == Column.END and step.end is not None:
            return f"{step.end:%A} {step.end.isoformat()}"
        if column in EDITABLE and self._is_editable(row, column):
            return _EDIT_TIP
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if int(role) != _EDIT or not index.isValid():
            return False
        if not self._is_editable(index.row(), index.column()) or self.edit_handler is None:
            return False
        return self.edit_handler(index.row(), Column(index.column()), str(value))


def _row_texts(plan: TaperPlan, step: Step) -> tuple[str, ...]:
    return (
        str(step.number),
        day_text(step.start),
        day_text(step.end) if step.end else "onwards",
        str(step.days) if step.days is not None else "—",
        f"{fmt(step.daily_dose)} {plan.unit}",
        takes_text(step),
        kind_text(step, plan.steps[step.number - 2].daily_dose if step.number > 1 else plan.regimen.daily_dose),
    )


def _background(step: Step, worst: dict[int, str]) -> QBrush | None:
    from baclotaper.taper.sequence import StepKind

    if worst.get(step.number) == "danger":
        return QBrush(QColor(palette.DANGER_BACKGROUND))
    if step.kind is not StepKind.CUT:
        return QBrush(QColor(palette.HOLD_BACKGROUND))
    if any(f.startswith("edited:") for f in step.flags):
        return QBrush(QColor(palette.EDITED_BACKGROUND))
    return None


def _worst_by_step(plan: TaperPlan | None) -> dict[int, str]:
    rank = {"danger": 0, "caution": 1, "info": 2}
    worst: dict[int, str] = {}
    for warning in plan.warnings if plan is not None else ():
        for number in warning.steps:
            if number not in worst or rank[warning.severity] < rank[worst[number]]:
                worst[number] = warning.severity
    return worst
