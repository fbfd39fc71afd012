"""The plan the log follows: its steps (current revision, or one chosen to view) and revisions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from baclotaper.gui.nurse_log.plan_steps_model import PlanStepsModel
from baclotaper.gui.nurse_log.revisions_model import RevisionsTableModel
from baclotaper.gui.nurse_log.session import LogSession
from baclotaper.gui.nurse_log.tables import named, read_only_table


class PlanPanel(QWidget):
    restore_requested = Signal(int)
    print_requested = Signal()  # the current revision on paper (the window asks where)

    def __init__(self, session: LogSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.viewing: int | None = None
        self.heading = named(QLabel(), "planHeading")
        self.heading.setWordWrap(True)
        self.steps_model = PlanStepsModel(self)
        self.steps = read_only_table("planSteps", "Plan steps")
        self.steps.setModel(self.steps_model)
        self.revisions_model = RevisionsTableModel(self)
        self.revisions = read_only_table("revisionsList", "Plan revisions")
        self.revisions.setModel(self.revisions_model)
        self.view_button = named(QPushButton("View revision"), "viewRevisionButton")
        self.restore_button = named(QPushButton("Restore revision…"), "restoreRevisionButton")
        self.current_button = named(QPushButton("Show current"), "showCurrentButton")
        # A hold or step back accepted here must reach the patient's paper.
        self.print_button = named(QPushButton("Print current revision…"), "printRevisionButton")
        buttons = QHBoxLayout()
        for button in (self.view_button, self.restore_button, self.current_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch()
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("Revisions (every change is kept: who, when, why):"))
        lower_layout.addWidget(self.revisions)
        lower_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.steps)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        self.view_button.clicked.connect(self.view_selected)
        self.current_button.clicked.connect(lambda: self.view(None))
        self.restore_button.clicked.connect(self._restore)
        self.print_button.clicked.connect(self.print_requested)
        session.plan_changed.connect(lambda: self.view(None))

    def selected_number(self) -> int | None:
        rows = self.revisions.selectionModel().selectedRows()
        return self.revisions_model.revision(rows[0].row()).number if rows else None

    def view_selected(self) -> None:
        self.view(self.selected_number())

    def _restore(self) -> None:
        number = self.selected_number()
        if number is not None:
            self.restore_requested.emit(number)

    def view(self, number: int | None) -> None:
        """Show revision ``number``'s steps (``None``: the current one)."""
        session = self.session
        current = session.revision
        if current is not None and number == current.number:
            number = None
        self.viewing = number
        self.steps_model.set_plan(session.plan_at(number) if number is not None else session.taper)
        self.revisions_model.set_revisions(session.revisions, viewing=number)
        if number is not None:  # the reset cleared the selection: keep the viewed revision chosen
            self.revisions.selectRow(next(i for i, r in enumerate(session.revisions) if r.number == number))
        if session.plan is None or current is None:
            self.heading.setText("No plan attached to this patient.")
        elif number is None:
            self.heading.setText(f"<b>{session.plan.title}</b>: current revision {current.number}")
        else:
            self.heading.setText(
                f"<b>{session.plan.title}</b>: showing revision {number} — <b>not the current one</b>"
                f" ({current.number}). Restore it to make it current again."
            )
        has = bool(session.revisions) and session.can_write
        self.view_button.setEnabled(bool(session.revisions))
        self.restore_button.setEnabled(has)
        self.current_button.setEnabled(number is not None)
