"""The plan's warnings, most severe first, each with its source and evidence tag.

A warning that appears while the prescriber types is announced to screen readers once the typing
pauses (a DANGER one urgently); the focus stays in the field being typed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from baclotaper.common.data import TAG_MEANINGS
from baclotaper.gui import palette
from baclotaper.gui.accessibility import announce

if TYPE_CHECKING:
    from baclotaper.taper.plan import PlanWarning, TaperPlan

Index = QModelIndex | QPersistentModelIndex
WARNING_ROLE = Qt.ItemDataRole.UserRole
# New warnings are announced this long after the last keystroke.
ANNOUNCE_AFTER_MS = 700


def warning_text(w: PlanWarning) -> str:
    tag = TAG_MEANINGS.get(w.tag, w.tag)
    return f"{w.severity.upper()}: {w.message}\nSource: {w.source} [{w.tag}: {tag}]"


def _key(w: PlanWarning) -> tuple[str, str]:
    return (w.code, w.message)


def sorted_warnings(plan: TaperPlan | None) -> list[PlanWarning]:
    if plan is None:
        return []
    from baclotaper.taper.plan import SEVERITY_RANK

    return sorted(plan.warnings, key=lambda w: SEVERITY_RANK.get(w.severity, 99))


class WarningListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._warnings: list[PlanWarning] = []
        self._stale = False

    @property
    def warnings(self) -> list[PlanWarning]:
        return list(self._warnings)

    def set_plan(self, plan: TaperPlan | None) -> None:
        new = sorted_warnings(plan)
        if new == self._warnings:
            return
        self.beginResetModel()
        self._warnings = new
        self.endResetModel()

    def set_stale(self, stale: bool) -> None:
        if stale != self._stale and self._warnings:
            self._stale = stale
            self.dataChanged.emit(self.index(0), self.index(len(self._warnings) - 1))
        self._stale = stale

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._warnings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._warnings):
            return None
        w = self._warnings[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return warning_text(w)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return warning_text(w).replace("\n", ". ")
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = palette.STALE_TEXT if self._stale else palette.SEVERITY_COLOURS[w.severity]
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(palette.SEVERITY_BACKGROUNDS[w.severity]))
        if role == WARNING_ROLE:
            return w
        return None


class WarningsPanel(QWidget):
    """The list of warnings; its heading with the counts goes in the dock's title."""

    headingChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WarningListModel(self)
        self.heading = "Warnings"
        self.list = QListView()
        self.list.setObjectName("warningsList")
        self.list.setAccessibleName("Warnings, most severe first")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.list)
        # What the screen reader has been told of; None until a plan is first shown (or replaced).
        self._known: set[tuple[str, str]] | None = None
        self._news = QTimer(self)
        self._news.setSingleShot(True)
        self._news.setInterval(ANNOUNCE_AFTER_MS)
        self._news.timeout.connect(self._announce)

    def forget(self) -> None:
        """A plan opened or started afresh: its warnings are not news (the dock title counts them)."""
        self._known = None
        self._news.stop()

    def set_plan(self, plan: TaperPlan | None, *, stale: bool) -> None:
        self.model.set_plan(plan)
        if not stale and plan is not None:
            if self._known is None:
                self._known = {_key(w) for w in self.model.warnings}
            else:
                self._news.start()  # once the typing pauses: "8" then "80" is one change, not two
        self.model.set_stale(stale)
        counts: dict[str, int] = {}
        for w in self.model.warnings:  # most severe first, so the summary is too
            counts[w.severity] = counts.get(w.severity, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in counts.items())
        text = f"Warnings ({summary})" if summary else "Warnings"
        if stale:
            text += " — out of date"
        if text != self.heading:
            self.heading = text
            self.list.setAccessibleName(f"{text}, most severe first")
            self.headingChanged.emit(text)

    def new_warnings(self) -> list[PlanWarning]:
        """The warnings on screen that the screen reader has not been told of yet."""
        known = self._known or set()
        return [w for w in self.model.warnings if _key(w) not in known]

    def _announce(self) -> None:
        if self._known is None:
            return
        new = self.new_warnings()
        self._known = {_key(w) for w in self.model.warnings}
        if new:
            urgent = any(w.severity == "danger" for w in new)
            what = "New warning" if len(new) == 1 else f"{len(new)} new warnings"
            said = " ".join(f"{w.severity.upper()}: {w.message}" for w in new)
            announce(self.list, f"{what}: {said}", urgent=urgent)

    def texts(self) -> list[str]:
        """What the list shows, top to bottom."""
        return [warning_text(w) for w in self.model.warnings]
