"""The regimen form: the patient's current baclofen, the pace, the risk factors, the details.

The form only reports what the user typed (:attr:`RegimenForm.edited` with the field's name) and
shows what it is told: a :class:`FormState` after undo or Open, the error for a field, the pace
that was chosen and why.  It never builds plans itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common.data import TAG_MEANINGS
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.gui import palette
from baclotaper.gui.planner.form_state import (
    TABLETS,
    FormState,
    product_choices,
    route_of,
    tablet_strengths,
)
from baclotaper.taper.paces import default_pace, preset_table, presets_for
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.products import default_intrathecal_concentration
from baclotaper.taper.regimen import DETAIL_FIELDS, Indication, Route, jurisdictions
from baclotaper.taper.schedule import WEEKDAY_NAMES
from baclotaper.taper.split import slot_names

CUSTOM_PACE = "__custom__"

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
}


def _invalid_style(name: str) -> str:
    # Set on the one widget with the error: a style sheet on the whole form would re-polish every
    # field on each keystroke and slow the window's start.
    return f"#{name} {{ border: 2px solid {palette.ERROR}; border-radius: 3px; }}"


@dataclass
class FieldRow:
    key: str
    label: QLabel
    editor: QWidget  # the widget that gets the red outline
    message: QLabel
    container: QWidget
    hint: str = ""  # shown under the field when there is no error


def _plain(label: str) -> str:
    return label.replace("&", "").rstrip(":")


class RegimenForm(QWidget):
    edited = Signal(str)  # the field the user changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("regimenForm")
        self._loading = False
        self._rows: dict[str, FieldRow] = {}
        self._tab_chain: list[QWidget] = []
        pump = f"intrathecal:{fmt(default_intrathecal_concentration())}"
        self._last_product = {Route.ORAL: TABLETS, Route.INTRATHECAL: pump}
        self._custom: tuple[tuple[float, int], ...] | None = None
        self._state = FormState()
        self._error: InputError | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.general_error = QLabel()
        self.general_error.setObjectName("formError")
        _set_role(self.general_error, "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        layout.addWidget(self._regimen_group())
        layout.addWidget(self._pace_group())
        layout.addWidget(self._risk_group())
        layout.addWidget(self._details_group())
        layout.addStretch(1)
        for first, second in zip(self._tab_chain, self._tab_chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.load(FormState())

    # ----- building

    def _form(self, group: QGroupBox) -> QGridLayout:
        # A grid rather than a QFormLayout: QFormLayout does not grow a row when a wrapped
        # message under a field gets longer (the pace's reasons), and the text was clipped.
        grid = QGridLayout(group)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        return grid

    def _add_row(
        self,
        form: QGridLayout,
        key: str,
        label_text: str,
        editor: QWidget,
        *,
        focus: list[QWidget] | None = None,
        trailing: QWidget | None = None,
        hint: str = "",
    ) -> FieldRow:
        """A labelled row: the editor (with a unit or extra widgets beside it) and a message."""
        label = QLabel(label_text)
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        if trailing is not None:
            line.addWidget(trailing)
        box.addLayout(line)
        message = QLabel(hint)
        message.setWordWrap(True)
        _set_role(message, "hint")
        message.setObjectName(f"{key}Message")
        message.setVisible(bool(hint))
        box.addWidget(message)
        focusables = focus or [editor]
        label.setBuddy(focusables[0])
        for widget in focusables:
            if not widget.accessibleName():
                widget.setAccessibleName(_plain(label_text))
        self._tab_chain += focusables
        row_number = form.rowCount()
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 4, 0, 0)
        form.addWidget(label, row_number, 0)
        form.addWidget(container, row_number, 1)
        row = FieldRow(key, label, editor, message, container, hint)
        self._rows[key] = row
        return row

    def _line_edit(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(False)
        return edit

    def _regimen_group(self) -> QGroupBox:
        group = QGroupBox("Current regimen")
        form = self._form(group)

        self.route_combo = QComboBox()
        self.route_combo.setObjectName("routeCombo")
        self.route_combo.addItem("Oral", Route.ORAL.value)
        self.route_combo.addItem("Intrathecal (pump)", Route.INTRATHECAL.value)
        self.route_combo.currentIndexChanged.connect(self._route_changed)
        self._add_row(form, "route", "&Route:", self.route_combo)

        self.product_combo = QComboBox()
        self.product_combo.setObjectName("productCombo")
        self.product_combo.currentIndexChanged.connect(self._product_changed)
        self.product_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product_combo.setMinimumContentsLength(12)
        self._add_row(form, "product", "&Product:", self.product_combo)

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
        self._add_row(
            form,
            "strengths",
            "Tablet &strengths:",
            strengths,
            focus=[*row_one, self.split_check],
        )

        self.dose_input = self._line_edit("doseInput", "e.g. 60")
        self.dose_unit = QLabel("mg/day")
        self.dose_unit.setObjectName("doseUnit")
        self.dose_input.textEdited.connect(lambda _t: self._changed("dose"))
        self._add_row(form, "dose", "Current &daily dose:", self.dose_input, trailing=self.dose_unit)

        self.per_day_spin = QSpinBox()
        self.per_day_spin.setObjectName("perDayInput")
        self.per_day_spin.setRange(1, 6)
        self.per_day_spin.valueChanged.connect(self._per_day_changed)
        self._add_row(form, "per_day", "Doses a da&y:", self.per_day_spin)

        self.split_input = self._line_edit("splitInput", "even; or e.g. 10+10+20")
        self.split_input.textEdited.connect(lambda _t: self._changed("split"))
        self._add_row(
            form,
            "split",
            "Current spli&t:",
            self.split_input,
            hint="mg per dose, morning first (optional)",
        )

        self.on_therapy_input = self._line_edit("onTherapyInput", "e.g. 18m, 2y, 6w")
        self.on_therapy_input.textEdited.connect(lambda _t: self._changed("on_therapy"))
        self._add_row(form, "on_therapy", "Time on &baclofen:", self.on_therapy_input)

        self.start_input = QDateEdit()
        self.start_input.setObjectName("startDateInput")
        self.start_input.setCalendarPopup(True)
        self.start_input.setDisplayFormat("yyyy-MM-dd")
        self.start_input.dateChanged.connect(lambda _d: self._changed("start"))
        self._add_row(form, "start", "First cut &on:", self.start_input)

        self.target_input = self._line_edit("targetInput", "0 = stop")
        self.target_unit = QLabel("mg/day")
        self.target_input.textEdited.connect(lambda _t: self._changed("target"))
        self._add_row(form, "target", "Tar&get dose:", self.target_input, trailing=self.target_unit)
        return group

    def _pace_group(self) -> QGroupBox:
        group = QGroupBox("Pace")
        form = self._form(group)
        self.pace_combo = QComboBox()
        self.pace_combo.setObjectName("paceCombo")
        self.pace_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pace_combo.setMinimumContentsLength(12)
        self.pace_combo.currentIndexChanged.connect(self._pace_changed)
        row = self._add_row(form, "pace", "P&ace:", self.pace_combo)
        self.pace_info = row.message
        self.pace_info.setObjectName("paceInfo")

        self.interval_input = self._line_edit("intervalInput", "as the pace says")
        self.interval_input.textEdited.connect(lambda _t: self._changed("interval_days"))
        self._add_row(
            form,
            "interval_days",
            "Days &between cuts:",
            self.interval_input,
            trailing=QLabel("days"),
        )

        cut = QWidget()
        cut_line = QHBoxLayout(cut)
        cut_line.setContentsMargins(0, 0, 0, 0)
        self.step_input = self._line_edit("stepInput", "pace")
        self.step_input.setAccessibleName("Cut per step, fixed amount")
        self.step_input.textEdited.connect(lambda _t: self._changed("step"))
        self.step_unit = QLabel("mg/day or")
        self.percent_input = self._line_edit("percentInput", "pace")
        self.percent_input.setAccessibleName("Cut per step, percent of the current dose")
        self.percent_input.textEdited.connect(lambda _t: self._changed("percent"))
        cut_line.addWidget(self.step_input, 1)
        cut_line.addWidget(self.step_unit)
        cut_line.addWidget(self.percent_input, 1)
        percent_label = QLabel("%")
        percent_label.setBuddy(self.percent_input)
        cut_line.addWidget(percent_label)
        self._add_row(form, "step", "&Cut per step:", cut, focus=[self.step_input, self.percent_input])
        self._rows["step"].editor = cut

        self.cut_order_input = self._line_edit("cutOrderInput", "midday first, bedtime last")
        self.cut_order_input.textEdited.connect(lambda _t: self._changed("cut_order"))
        self._add_row(form, "cut_order", "Cut &order:", self.cut_order_input)

        days = QFrame()
        days_line = QHBoxLayout(days)
        days_line.setContentsMargins(2, 2, 2, 2)
        days_line.setSpacing(2)
        self.weekday_checks: list[QCheckBox] = []
        for name in WEEKDAY_NAMES:
            check = QCheckBox(name[:2])
            check.setObjectName(f"avoid{name}Check")
            check.setAccessibleName(f"No cuts on {name}")
            check.toggled.connect(lambda _on: self._changed("avoid_weekdays"))
            self.weekday_checks.append(check)
            days_line.addWidget(check)
        days_line.addStretch(1)
        self._add_row(form, "avoid_weekdays", "No cuts &on:", days, focus=list(self.weekday_checks))
        return group

    def _risk_group(self) -> QGroupBox:
        group = QGroupBox("Risk factors")
        form = self._form(group)
        self.age_input = self._line_edit("ageInput", "years (optional)")
        self.age_input.textEdited.connect(lambda _t: self._changed("age"))
        self._add_row(form, "age", "A&ge:", self.age_input)

        self.egfr_input = self._line_edit("egfrInput", "mL/min/1.73 m² (optional)")
        self.egfr_input.textEdited.connect(lambda _t: self._changed("egfr"))
        self.dialysis_check = QCheckBox("On dia&lysis")
        self.dialysis_check.setObjectName("dialysisCheck")
        self.dialysis_check.toggled.connect(lambda _on: self._changed("dialysis"))
        self._add_row(
            form,
            "egfr",
            "&eGFR:",
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
        for check, key in (
            (self.prior_check, "prior_withdrawal"),
            (self.pregnant_check, "pregnant"),
            (self.sedatives_check, "sedatives"),
        ):
            check.toggled.connect(lambda _on, key=key: self._changed(key))
            column.addWidget(check)
        self._add_row(
            form,
            "history",
            "History:",
            checks,
            focus=[self.prior_check, self.pregnant_check, self.sedatives_check],
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
        self._add_row(form, "indication", "&Indication:", self.indication_combo)

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
        self._add_row(form, "jurisdiction", "&Jurisdiction:", self.jurisdiction_combo)
        return group

    def _details_group(self) -> QGroupBox:
        group = QGroupBox("Patient and prescriber (optional, for printing)")
        form = self._form(group)
        self.detail_inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, label in DETAIL_FIELDS.items():
            editor: QLineEdit | QPlainTextEdit
            if key == "notes":
                editor = QPlainTextEdit()
                editor.setTabChangesFocus(True)
                editor.setFixedHeight(editor.fontMetrics().height() * 4)
                editor.textChanged.connect(lambda key=key: self._changed(f"detail:{key}"))
            else:
                editor = QLineEdit()
                editor.textEdited.connect(lambda _t, key=key: self._changed(f"detail:{key}"))
            editor.setObjectName(f"detail_{key}")
            self.detail_inputs[key] = editor
            self._add_row(form, f"detail:{key}", f"{label}:", editor)
        return group

    # ----- reading and loading

    def state(self) -> FormState:
        details = tuple(
            sorted(
                (key, text)
                for key, editor in self.detail_inputs.items()
                if (text := (editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()).strip())
            )
        )
        start = self.start_input.date()
        pace = self.pace_combo.currentData() or ""
        return replace(
            self._state,
            product=self.product_combo.currentData() or TABLETS,
            strengths=tuple(mg for mg, check in self.strength_checks.items() if check.isChecked()),
            allow_splitting=self.split_check.isChecked(),
            dose=self.dose_input.text(),
            per_day=self.per_day_spin.value(),
            split=self.split_input.text(),
            on_therapy=self.on_therapy_input.text(),
            start=date(start.year(), start.month(), start.day()),
            target=self.target_input.text(),
            pace="" if pace == CUSTOM_PACE else pace,
            interval_days=self.interval_input.text(),
            step=self.step_input.text(),
            percent=self.percent_input.text(),
            cut_order=self.cut_order_input.text(),
            avoid_weekdays=frozenset(i for i, c in enumerate(self.weekday_checks) if c.isChecked()),
            age=self.age_input.text(),
            egfr=self.egfr_input.text(),
            dialysis=self.dialysis_check.isChecked(),
            prior_withdrawal=self.prior_check.isChecked(),
            pregnant=self.pregnant_check.isChecked(),
            sedatives=self.sedatives_check.isChecked(),
            indication=self.indication_combo.currentData(),
            jurisdiction=self.jurisdiction_combo.currentData(),
            details=details,
            custom=self._custom,
        )

    def load(self, state: FormState) -> None:
        """Show ``state`` without reporting it as an edit."""
        self._loading = True
        try:
            self._state = state
            self._custom = state.custom
            route = state.route
            self._last_product[route] = state.product
            self._select(self.route_combo, route.value)
            self._fill_products(route)
            self._select(self.product_combo, state.product)
            for mg, check in self.strength_checks.items():
                check.setChecked(mg in state.strengths)
            self.split_check.setChecked(state.allow_splitting)
            _set_text(self.dose_input, state.dose)
            self.per_day_spin.setValue(state.per_day)
            _set_text(self.split_input, state.split)
            _set_text(self.on_therapy_input, state.on_therapy)
            self.start_input.setDate(QDate(state.start.year, state.start.month, state.start.day))
            _set_text(self.target_input, state.target)
            self._fill_paces(route)
            self._select(self.pace_combo, CUSTOM_PACE if state.custom else state.pace)
            _set_text(self.interval_input, state.interval_days)
            _set_text(self.step_input, state.step)
            _set_text(self.percent_input, state.percent)
            _set_text(self.cut_order_input, state.cut_order)
            for i, check in enumerate(self.weekday_checks):
                check.setChecked(i in state.avoid_weekdays)
            _set_text(self.age_input, state.age)
            _set_text(self.egfr_input, state.egfr)
            self.dialysis_check.setChecked(state.dialysis)
            self.prior_check.setChecked(state.prior_withdrawal)
            self.pregnant_check.setChecked(state.pregnant)
            self.sedatives_check.setChecked(state.sedatives)
            self._select(self.indication_combo, state.indication)
            self._select(self.jurisdiction_combo, state.jurisdiction)
            for key, editor in self.detail_inputs.items():
                value = state.detail(key)
                if isinstance(editor, QPlainTextEdit):
                    if editor.toPlainText() != value:
                        editor.setPlainText(value)
                else:
                    _set_text(editor, value)
            self._update_route_rows(route)
        finally:
            self._loading = False

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def _fill_products(self, route: Route) -> None:
        choices = product_choices(route)
        if [self.product_combo.itemData(i) for i in range(self.product_combo.count())] == [c.key for c in choices]:
            return
        was_loading, self._loading = self._loading, True
        self.product_combo.clear()
        for choice in choices:
            self.product_combo.addItem(choice.label, choice.key)
        self._loading = was_loading

    def _fill_paces(self, route: Route) -> None:
        was_loading, self._loading = self._loading, True
        self.pace_combo.clear()
        self.pace_combo.addItem("Default (chosen from the regimen)", "")
        table = preset_table()
        for key in presets_for(route):
            self.pace_combo.addItem(str(table[key]["title"]), key)
            self.pace_combo.setItemData(
                self.pace_combo.count() - 1,
                f"{table[key]['summary']}\nFor: {table[key].get('for_whom', '')}",
                Qt.ItemDataRole.ToolTipRole,
            )
        if self._custom:
            self.pace_combo.addItem("Custom steps (from the plan file)", CUSTOM_PACE)
        self._loading = was_loading

    def _update_route_rows(self, route: Route) -> None:
        oral = route is Route.ORAL
        unit = "mg/day" if oral else "mcg/day"
        self.dose_unit.setText(unit)
        self.target_unit.setText(unit)
        self.step_unit.setText(f"{unit} or")
        self.dose_input.setAccessibleName(f"Current daily dose, {unit}")
        self.target_input.setAccessibleName(f"Target dose, {unit}")
        is_tablets = self.product_combo.currentData() == TABLETS
        self._set_row_visible("strengths", is_tablets)
        for key in ("per_day", "split", "cut_order"):
            self._set_row_visible(key, oral)
        self._set_row_visible("jurisdiction", oral)
        self._update_cut_order_hint()

    def _update_cut_order_hint(self) -> None:
        names = ", ".join(slot_names(self.per_day_spin.value()))
        self.cut_order_input.setToolTip(f"Which dose gives way first; today's doses: {names}")
        self.cut_order_input.setPlaceholderText("default: midday first, bedtime last")

    def _set_row_visible(self, key: str, visible: bool) -> None:
        row = self._rows[key]
        row.label.setVisible(visible)
        row.container.setVisible(visible)

    # ----- reacting to the user

    def _changed(self, field: str) -> None:
        if not self._loading:
            self.edited.emit(field)

    def _route_changed(self, _index: int) -> None:
        if self._loading:
            return
        route = Route(self.route_combo.currentData())
        old = route_of(self.product_combo.currentData() or TABLETS)
        self._last_product[old] = self.product_combo.currentData() or TABLETS
        self._loading = True
        try:
            self._fill_products(route)
            self._select(self.product_combo, self._last_product[route])
            self._custom = None
            self._fill_paces(route)
            self._update_route_rows(route)
        finally:
            self._loading = False
        self._changed("route")

    def _product_changed(self, _index: int) -> None:
        if self._loading:
            return
        self._update_route_rows(Route(self.route_combo.currentData()))
        self._changed("product")

    def _per_day_changed(self, _value: int) -> None:
        self._update_cut_order_hint()
        self._changed("per_day")

    def _pace_changed(self, _index: int) -> None:
        if self._loading:
            return
        if self.pace_combo.currentData() != CUSTOM_PACE and self._custom is not None:
            self._custom = None
            self._loading = True
            self.pace_combo.removeItem(self.pace_combo.findData(CUSTOM_PACE))
            self._loading = False
        self._changed("pace")

    # ----- what the form is told

    def show_error(self, error: InputError | None) -> None:
        """Outline the field ``error`` is about and say why; clear every other field."""
        self._error = error
        key = ROW_FOR_FIELD.get(error.field) if error else None
        for row in self._rows.values():
            if row.key == "pace":
                continue
            self._set_message(row, None)
        self.general_error.setVisible(error is not None and key is None)
        if error is not None and key is None:
            self.general_error.setText(f"The plan could not be made: {error.message}")
        if error is not None and key is not None:
            self._set_message(self._rows[key], error.message)

    def _set_message(self, row: FieldRow, text: str | None) -> None:
        empty = isinstance(row.editor, QLineEdit) and not row.editor.text().strip()
        invalid = text is not None and not empty
        if text is None:
            shown, role = row.hint, "hint"
        elif empty:
            # An empty required field is told what to enter, without the alarm of a red outline.
            shown, role = text[0].upper() + text[1:], "hint"
        else:
            shown, role = text, "error"
        if row.message.text() != shown:
            row.message.setText(shown)
        row.message.setVisible(bool(shown))
        # Re-polishing is the slow part of a keystroke: only when the look really changes.
        if row.message.property("role") != role:
            _set_role(row.message, role)
        if bool(row.editor.property("invalid")) != invalid:
            row.editor.setProperty("invalid", invalid)
            name = row.editor.objectName() or f"{row.key}Field"
            row.editor.setObjectName(name)
            row.editor.setStyleSheet(_invalid_style(name) if invalid else "")
        if row.editor.accessibleDescription() != (text or ""):
            row.editor.setAccessibleDescription(text or "")

    def error_text(self, field: str) -> str:
        """The message shown under the widget for ``field`` ('' when none)."""
        key = ROW_FOR_FIELD.get(field, field)
        row = self._rows.get(key)
        if row is None or row.message.property("role") != "error" or row.message.isHidden():
            return ""
        return row.message.text()

    def is_marked_invalid(self, field: str) -> bool:
        row = self._rows.get(ROW_FOR_FIELD.get(field, field))
        return bool(row is not None and row.editor.property("invalid"))

    def widget_for(self, field: str) -> QWidget | None:
        row = self._rows.get(ROW_FOR_FIELD.get(field, field))
        return row.editor if row is not None else None

    def show_pace(self, plan: TaperPlan | None) -> None:
        """The chosen pace, why it was chosen and its source, under the pace list."""
        row = self._rows["pace"]
        if plan is None:
            self.pace_combo.setItemText(0, "Default (chosen from the regimen)")
            row.message.setText("The pace is chosen when the regimen is complete.")
            row.message.setVisible(True)
            return
        pace = plan.pace
        default = pace if pace.chosen_by == "default" else default_pace(plan.regimen)
        self.pace_combo.setItemText(0, f"Default ({default.title})")
        tag = TAG_MEANINGS.get(pace.tag, pace.tag)
        lines = [
            f"{pace.title}: {pace.summary}",
            "Why: " + "; ".join(pace.reasons) if pace.reasons else "",
            "Changed: " + "; ".join(pace.changes) if pace.changes else "",
            f"Source: {pace.source} [{pace.tag}: {tag}]",
        ]
        row.message.setText("\n".join(line for line in lines if line))
        row.message.setVisible(True)


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)


def _set_role(label: QLabel, role: str) -> None:
    """Colour a message as an error (red) or a hint (the placeholder grey)."""
    label.setProperty("role", role)
    colours = label.palette()
    colour = QColor(palette.ERROR) if role == "error" else colours.color(QPalette.ColorRole.PlaceholderText)
    colours.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(colours)
