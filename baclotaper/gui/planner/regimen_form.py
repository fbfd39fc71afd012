"""The regimen form: one section per subject (regimen, pace, risk factors, pump, patient and prescriber).

The form only reports what the user typed (:attr:`RegimenForm.edited` with the field's name) and
shows what it is told: a :class:`FormState` after undo or Open, the error for a field, the pace
that was chosen and why.  It never builds plans itself.  The sections keep their own fields; the
form reads them into one state and tells the others when the route or the product changes.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from baclotaper.common.errors import InputError
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.sections.details import DetailsSection, patient_section
from baclotaper.gui.planner.sections.pace import PaceSection
from baclotaper.gui.planner.sections.pump import PumpSection
from baclotaper.gui.planner.sections.regimen import RegimenSection
from baclotaper.gui.planner.sections.risks import RiskSection
from baclotaper.gui.planner.sections.rows import FieldRow, MessageLine, Section, set_message, set_role
from baclotaper.gui.wheel import guard_wheel
from baclotaper.taper.regimen import DETAIL_FIELDS, Route

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan

# Which row shows the error for each ``InputError.field``.
ROW_FOR_FIELD = {
    "route": "route",
    "product": "product",
    "concentration": "product",
    "strengths": "strengths",
    "dose": "dose",
    "per_day": "per_day",
    "split": "split",
    "on_therapy": "on_therapy",
    "start": "start",
    "target": "target",
    "pace": "pace",
    "custom": "pace",
    "interval_days": "interval_days",
    "step": "step",
    "percent": "step",
    "cut_order": "cut_order",
    "avoid_weekdays": "avoid_weekdays",
    "age": "age",
    "egfr": "egfr",
    "jurisdiction": "jurisdiction",
    "indication": "indication",
    "reservoir_ml": "detail:reservoir_ml",
    "last_refill": "detail:last_refill",
    "next_refill": "detail:next_refill",
} | {key: f"detail:{key}" for key in DETAIL_FIELDS if key not in ("reservoir_ml", "last_refill", "next_refill")}


class RegimenForm(QWidget):
    edited = Signal(str)  # the field the user changed

    def __init__(self, state: FormState | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("regimenForm")
        self._state = FormState()
        self.regimen = RegimenSection()
        self.pace = PaceSection()
        self.risks = RiskSection()
        self.pump = PumpSection()
        self.patient: DetailsSection = patient_section()
        self.sections: tuple[Section, ...] = (self.regimen, self.pace, self.risks, self.pump, self.patient)
        self._rows: dict[str, FieldRow] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        # An error no field owns; its line is always there so that it never pushes the form down.
        self.general_error = MessageLine()
        self.general_error.setObjectName("formError")
        set_role(self.general_error, "error")
        layout.addWidget(self.general_error)
        chain: list[QWidget] = []
        for section in self.sections:
            layout.addWidget(section)
            self._rows.update(section.rows)
            chain += section.tab_chain
            section.edited.connect(self.edited)
        layout.addStretch(1)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.tab_chain: tuple[QWidget, ...] = tuple(chain)  # every field, in reading order

        self.regimen.route_changed.connect(self._route_changed)
        self.regimen.product_changed.connect(self._show_route)
        self.regimen.per_day_changed.connect(self.pace.show_slots)
        guard_wheel(self, chain)  # every list and spin box of the form is in the Tab chain
        self.load(state or FormState())

    # ----- reading and loading

    def state(self) -> FormState:
        state = self._state
        for section in self.sections:
            state = section.read(state)
        return state

    def load(self, state: FormState) -> None:
        """Show ``state`` without reporting it as an edit."""
        self._state = state
        for section in self.sections:
            section.load(state)
        self._show_route()

    def _route_changed(self) -> None:
        self.pace.change_route(self.regimen.route)
        self._show_route()

    def _show_route(self) -> None:
        route = self.regimen.route
        self.regimen.show_route(route)
        self.pace.show_route(route, self.regimen.per_day_spin.value())
        self.risks.show_route(route)
        self.pump.setVisible(route is Route.INTRATHECAL)

    # ----- what the form is told

    def show_error(self, error: InputError | None) -> None:
        """Outline the field ``error`` is about and say why; clear every other field."""
        key = ROW_FOR_FIELD.get(error.field) if error else None
        for row in self._rows.values():
            set_message(row, None)
        general = error is not None and key is None
        self.general_error.show_text(f"The plan could not be made: {error.message}" if error and general else "")
        if error is not None and key is not None:
            set_message(self._rows[key], error.message)

    def error_text(self, field: str) -> str:
        """The message shown under the widget for ``field`` ('' when none)."""
        key = ROW_FOR_FIELD.get(field, field)
        row = self._rows.get(key)
        if row is None or row.message.property("role") != "error":
            return ""
        return row.message.text()

    def is_marked_invalid(self, field: str) -> bool:
        row = self._rows.get(ROW_FOR_FIELD.get(field, field))
        return bool(row is not None and row.editor.property("invalid"))

    def widget_for(self, field: str) -> QWidget | None:
        row = self._rows.get(ROW_FOR_FIELD.get(field, field))
        return row.editor if row is not None else None

    def show_pace(self, plan: TaperPlan | None) -> None:
        self.pace.show_pace(plan)
