"""The "Risk factors" section: age, kidney function, history, indication and jurisdiction."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout, QWidget

from baclotaper.common.numbers import fmt
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.sections.date_field import OptionalDate
from baclotaper.gui.planner.sections.rows import Section, line_edit, select, set_text
from baclotaper.taper.regimen import Indication, Route, jurisdictions


class RiskSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Risk factors", parent)
        self.age_input = line_edit("ageInput", "years (optional)")
        self.age_input.textEdited.connect(lambda _t: self._changed("age"))
        self.add_row("age", "A&ge:", self.age_input)

        self.egfr_input = line_edit("egfrInput", "mL/min/1.73 m² (optional)")
        self.egfr_input.textEdited.connect(lambda _t: self._changed("egfr"))
        self.dialysis_check = QCheckBox("On dia&lysis")
        self.dialysis_check.setObjectName("dialysisCheck")
        self.dialysis_check.toggled.connect(lambda _on: self._changed("dialysis"))
        self.add_row(
            "egfr",
            "e&GFR:",
            self.egfr_input,
            trailing=self.dialysis_check,
            focus=[self.egfr_input, self.dialysis_check],
        )

        checks = QWidget()
        column = QVBoxLayout(checks)
        column.setContentsMargins(0, 0, 0, 0)
        self.prior_check = QCheckBox("Earlier &withdrawal episode")
        self.prior_check.setObjectName("priorWithdrawalCheck")
        self.pregnant_check = QCheckBox("Pregna&nt")
        self.pregnant_check.setObjectName("pregnantCheck")
        self.sedatives_check = QCheckBox("Takes sedatives or o&pioids")
        self.sedatives_check.setObjectName("sedativesCheck")
        # The intrathecal boxed warning's risk groups (they slow an oral taper too).
        self.t6_check = QCheckBox("Spinal cord injury at T&6 or above")
        self.t6_check.setObjectName("spinalInjuryT6Check")
        self.t6_check.setToolTip("Boxed-warning risk group: withdrawal may be harder to recognise or more severe")
        self.communication_check = QCheckBox("Communication difficulties")
        self.communication_check.setObjectName("communicationCheck")
        self.communication_check.setToolTip("Boxed-warning risk group: the patient may not be able to report symptoms")
        history = (
            (self.prior_check, "prior_withdrawal"),
            (self.pregnant_check, "pregnant"),
            (self.sedatives_check, "sedatives"),
            (self.t6_check, "spinal_injury_t6"),
            (self.communication_check, "communication_difficulty"),
        )
        for check, key in history:
            check.setAccessibleName(check.text().replace("&", ""))
            check.toggled.connect(lambda _on, key=key: self._changed(key))
            column.addWidget(check)
        self.add_row("history", "History:", checks, focus=[check for check, _key in history])

        self.due_date = OptionalDate("dueDate", "Expected delivery date")
        self.due_date.setToolTip("With a pregnancy: the plan says whether the taper ends before this date")
        self.due_date.changed.connect(lambda: self._changed("due_date"))
        self.add_row(
            "due_date",
            "Expected delivery:",
            self.due_date,
            focus=[self.due_date.edit, self.due_date.given],
        )

        self.indication_combo = QComboBox()
        self.indication_combo.setObjectName("indicationCombo")
        for value, text in (
            (Indication.SPASTICITY, "Spasticity"),
            (Indication.ALCOHOL, "Alcohol use disorder"),
            (Indication.OTHER, "Other"),
        ):
            self.indication_combo.addItem(text, value.value)
        self.indication_combo.currentIndexChanged.connect(lambda _i: self._changed("indication"))
        self.add_row("indication", "&Indication:", self.indication_combo)

        self.jurisdiction_combo = QComboBox()
        self.jurisdiction_combo.setObjectName("jurisdictionCombo")
        for key, maximum in jurisdictions().items():
            self.jurisdiction_combo.addItem(f"{key}: max {fmt(maximum.value)} mg/day", key)
            self.jurisdiction_combo.setItemData(
                self.jurisdiction_combo.count() - 1,
                maximum.citation,
                Qt.ItemDataRole.ToolTipRole,
            )
        self.jurisdiction_combo.currentIndexChanged.connect(lambda _i: self._changed("jurisdiction"))
        self.add_row("jurisdiction", "&Jurisdiction:", self.jurisdiction_combo)

    def read(self, state: FormState) -> FormState:
        return replace(
            state,
            age=self.age_input.text(),
            egfr=self.egfr_input.text(),
            dialysis=self.dialysis_check.isChecked(),
            prior_withdrawal=self.prior_check.isChecked(),
            pregnant=self.pregnant_check.isChecked(),
            due_date=self.due_date.text(),
            sedatives=self.sedatives_check.isChecked(),
            spinal_injury_t6=self.t6_check.isChecked(),
            communication_difficulty=self.communication_check.isChecked(),
            indication=self.indication_combo.currentData(),
            jurisdiction=self.jurisdiction_combo.currentData(),
        )

    def load(self, state: FormState) -> None:
        self._loading = True
        try:
            set_text(self.age_input, state.age)
            set_text(self.egfr_input, state.egfr)
            self.dialysis_check.setChecked(state.dialysis)
            self.prior_check.setChecked(state.prior_withdrawal)
            self.pregnant_check.setChecked(state.pregnant)
            self.due_date.set_text(state.due_date)
            self.due_date.suggest(state.start)
            self.sedatives_check.setChecked(state.sedatives)
            self.t6_check.setChecked(state.spinal_injury_t6)
            self.communication_check.setChecked(state.communication_difficulty)
            select(self.indication_combo, state.indication)
            select(self.jurisdiction_combo, state.jurisdiction)
        finally:
            self._loading = False

    def show_route(self, route: Route) -> None:
        """The national maximum dose is an oral limit."""
        self.set_row_visible("jurisdiction", route is Route.ORAL)
