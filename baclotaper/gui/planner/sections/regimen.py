"""The "Current regimen" section: route, product, tablet strengths, dose, split, time on baclofen,
first cut and target."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common.numbers import fmt
from baclotaper.gui.planner.form_state import TABLETS, FormState, product_choices, route_of, tablet_strengths
from baclotaper.gui.planner.sections.rows import Section, line_edit, select, set_text
from baclotaper.taper.products import default_intrathecal_concentration
from baclotaper.taper.regimen import Route


class RegimenSection(Section):
    route_changed = Signal()  # the user picked another route (before ``edited``)
    product_changed = Signal()  # the user picked another product (before ``edited``)
    per_day_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Current regimen", parent)
        pump = f"intrathecal:{fmt(default_intrathecal_concentration())}"
        self._last_product = {Route.ORAL: TABLETS, Route.INTRATHECAL: pump}

        self.route_combo = QComboBox()
        self.route_combo.setObjectName("routeCombo")
        self.route_combo.addItem("Oral", Route.ORAL.value)
        self.route_combo.addItem("Intrathecal (pump)", Route.INTRATHECAL.value)
        self.route_combo.currentIndexChanged.connect(self._route_changed)
        self.add_row("route", "&Route:", self.route_combo)

        self.product_combo = QComboBox()
        self.product_combo.setObjectName("productCombo")
        self.product_combo.currentIndexChanged.connect(self._product_changed)
        self.product_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product_combo.setMinimumContentsLength(12)
        self.add_row("product", "&Product:", self.product_combo)

        self._add_strengths()

        self.dose_input = line_edit("doseInput", "e.g. 60")
        self.dose_unit = QLabel("mg/day")
        self.dose_unit.setObjectName("doseUnit")
        self.dose_input.textEdited.connect(lambda _t: self._changed("dose"))
        self.add_row("dose", "Current &daily dose:", self.dose_input, trailing=self.dose_unit)

        self.per_day_spin = QSpinBox()
        self.per_day_spin.setObjectName("perDayInput")
        self.per_day_spin.setRange(1, 6)
        self.per_day_spin.valueChanged.connect(self._per_day_changed)
        self.add_row("per_day", "Doses a da&y:", self.per_day_spin)

        self.split_input = line_edit("splitInput", "even; or e.g. 10+10+20")
        self.split_input.textEdited.connect(lambda _t: self._changed("split"))
        self.add_row("split", "Current sp&lit:", self.split_input, hint="mg per dose, morning first (optional)")

        self.on_therapy_input = line_edit("onTherapyInput", "e.g. 18m, 2y, 6w")
        self.on_therapy_input.textEdited.connect(lambda _t: self._changed("on_therapy"))
        self.add_row("on_therapy", "Time on &baclofen:", self.on_therapy_input)

        self.start_input = QDateEdit()
        self.start_input.setObjectName("startDateInput")
        self.start_input.setCalendarPopup(True)
        self.start_input.setDisplayFormat("yyyy-MM-dd")
        self.start_input.dateChanged.connect(lambda _d: self._changed("start"))
        self.add_row("start", "F&irst cut on:", self.start_input)

        self.target_input = line_edit("targetInput", "0 = stop")
        self.target_unit = QLabel("mg/day")
        self.target_input.textEdited.connect(lambda _t: self._changed("target"))
        self.add_row("target", "Tar&get dose:", self.target_input, trailing=self.target_unit)

    def _add_strengths(self) -> None:
        strengths = QFrame()
        strengths.setObjectName("strengthBoxes")
        grid = QVBoxLayout(strengths)
        grid.setContentsMargins(2, 2, 2, 2)
        checks = QHBoxLayout()
        self.strength_checks: dict[float, QCheckBox] = {}
        for mg, scored in tablet_strengths():
            check = QCheckBox(f"{fmt(mg)} mg{' (scored)' if scored else ''}")
            check.setObjectName(f"strength{fmt(mg)}Check")
            check.setAccessibleName(f"Tablet strength {fmt(mg)} mg{', scored' if scored else ''}")
            check.toggled.connect(lambda _on: self._changed("strengths"))
            self.strength_checks[mg] = check
        row_one = list(self.strength_checks.values())
        for check in row_one[:3]:
            checks.addWidget(check)
        checks.addStretch(1)
        checks_two = QHBoxLayout()
        for check in row_one[3:]:
            checks_two.addWidget(check)
        checks_two.addStretch(1)
        grid.addLayout(checks)
        grid.addLayout(checks_two)
        self.split_check = QCheckBox("Allow splitting &unscored tablets")
        self.split_check.setObjectName("allowSplittingCheck")
        self.split_check.toggled.connect(lambda _on: self._changed("allow_splitting"))
        grid.addWidget(self.split_check)
        self.add_row("strengths", "Tablet &strengths:", strengths, focus=[*row_one, self.split_check])

    # ----- reading and loading

    @property
    def route(self) -> Route:
        return Route(self.route_combo.currentData())

    def read(self, state: FormState) -> FormState:
        start = self.start_input.date()
        return replace(
            state,
            product=self.product_combo.currentData() or TABLETS,
            strengths=tuple(mg for mg, check in self.strength_checks.items() if check.isChecked()),
            allow_splitting=self.split_check.isChecked(),
            dose=self.dose_input.text(),
            per_day=self.per_day_spin.value(),
            split=self.split_input.text(),
            on_therapy=self.on_therapy_input.text(),
            start=date(start.year(), start.month(), start.day()),
            target=self.target_input.text(),
        )

    def load(self, state: FormState) -> None:
        self._loading = True
        try:
            route = state.route
            self._last_product[route] = state.product
            select(self.route_combo, route.value)
            self._fill_products(route)
            select(self.product_combo, state.product)
            for mg, check in self.strength_checks.items():
                check.setChecked(mg in state.strengths)
            self.split_check.setChecked(state.allow_splitting)
            set_text(self.dose_input, state.dose)
            self.per_day_spin.setValue(state.per_day)
            set_text(self.split_input, state.split)
            set_text(self.on_therapy_input, state.on_therapy)
            self.start_input.setDate(QDate(state.start.year, state.start.month, state.start.day))
            set_text(self.target_input, state.target)
        finally:
            self._loading = False

    def _fill_products(self, route: Route) -> None:
        choices = product_choices(route)
        if [self.product_combo.itemData(i) for i in range(self.product_combo.count())] == [c.key for c in choices]:
            return
        was_loading, self._loading = self._loading, True
        self.product_combo.clear()
        for choice in choices:
            self.product_combo.addItem(choice.label, choice.key)
        self._loading = was_loading

    def show_route(self, route: Route) -> None:
        """Units and rows for ``route`` and the product chosen."""
        oral = route is Route.ORAL
        unit = "mg/day" if oral else "mcg/day"
        self.dose_unit.setText(unit)
        self.target_unit.setText(unit)
        self.dose_input.setAccessibleName(f"Current daily dose, {unit}")
        self.target_input.setAccessibleName(f"Target dose, {unit}")
        self.set_row_visible("strengths", self.product_combo.currentData() == TABLETS)
        for key in ("per_day", "split"):
            self.set_row_visible(key, oral)

    # ----- reacting to the user

    def _route_changed(self, _index: int) -> None:
        if self._loading:
            return
        route = self.route
        old = route_of(self.product_combo.currentData() or TABLETS)
        self._last_product[old] = self.product_combo.currentData() or TABLETS
        self._loading = True
        try:
            self._fill_products(route)
            select(self.product_combo, self._last_product[route])
        finally:
            self._loading = False
        self.route_changed.emit()
        self._changed("route")

    def _product_changed(self, _index: int) -> None:
        if self._loading:
            return
        self.product_changed.emit()
        self._changed("product")

    def _per_day_changed(self, value: int) -> None:
        self.per_day_changed.emit(value)
        self._changed("per_day")
