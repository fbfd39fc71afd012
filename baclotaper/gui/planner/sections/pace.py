"""The "Pace" section: the preset (and why it was chosen), days between cuts, the cut per step,
which dose gives way first and the weekdays without cuts."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QWidget

from baclotaper.common.data import TAG_MEANINGS
from baclotaper.gui.accessible_interfaces import set_accessible_role
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.sections.rows import Section, line_edit, select, set_role, set_text
from baclotaper.taper.paces import default_pace, preset_table, presets_for
from baclotaper.taper.regimen import Route
from baclotaper.taper.schedule import WEEKDAY_NAMES
from baclotaper.taper.split import slot_names

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan

CUSTOM_PACE = "__custom__"


class PaceSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pace", parent)
        # Steps entered on the command line or kept from a plan file: the form has no field for
        # them, so they ride along until the user picks a pace preset.
        self.custom: tuple[tuple[float, int], ...] | None = None

        self.pace_combo = QComboBox()
        self.pace_combo.setObjectName("paceCombo")
        self.pace_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pace_combo.setMinimumContentsLength(12)
        self.pace_combo.currentIndexChanged.connect(self._pace_changed)
        self.add_row("pace", "P&ace:", self.pace_combo)
        self.pace_info = self._pace_info()

        self.interval_input = line_edit("intervalInput", "as the pace says")
        self.interval_input.textEdited.connect(lambda _t: self._changed("interval_days"))
        self.add_row("interval_days", "Days &between cuts:", self.interval_input, trailing=QLabel("days"))

        cut = QWidget()
        cut_line = QHBoxLayout(cut)
        cut_line.setContentsMargins(0, 0, 0, 0)
        self.step_input = line_edit("stepInput", "pace")
        self.step_input.setAccessibleName("Cut per step, fixed amount")
        self.step_input.textEdited.connect(lambda _t: self._changed("step"))
        self.step_unit = QLabel("mg/day or")
        self.percent_input = line_edit("percentInput", "pace")
        self.percent_input.setAccessibleName("% of the current dose per step")
        self.percent_input.textEdited.connect(lambda _t: self._changed("percent"))
        cut_line.addWidget(self.step_input, 1)
        cut_line.addWidget(self.step_unit)
        cut_line.addWidget(self.percent_input, 1)
        percent_label = QLabel("%")
        percent_label.setBuddy(self.percent_input)
        cut_line.addWidget(percent_label)
        self.add_row("step", "&Cut per step:", cut, focus=[self.step_input, self.percent_input])

        self.cut_order_input = line_edit("cutOrderInput", "midday first, bedtime last")
        self.cut_order_input.textEdited.connect(lambda _t: self._changed("cut_order"))
        self.add_row("cut_order", "Cut or&der:", self.cut_order_input)

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
        self.add_row("avoid_weekdays", "No c&uts on:", days, focus=list(self.weekday_checks))

    def _pace_info(self) -> QLabel:
        """Why the pace was chosen and its source, under the fields of the section, in a box of a
        fixed height (it scrolls when longer) so that a new reason never moves a field."""
        info = QLabel()
        info.setObjectName("paceInfo")
        info.setWordWrap(True)
        info.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(info, "hint")
        box = QScrollArea()
        box.setObjectName("paceInfoBox")
        box.setWidgetResizable(True)
        box.setFrameShape(QFrame.Shape.NoFrame)
        box.setWidget(info)
        box.setFixedHeight(info.fontMetrics().lineSpacing() * 5 + 4)
        box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab reaches it after the pace's fields (the arrows scroll a long text); it says what it is.
        box.setAccessibleName("Pace: why it was chosen")
        set_accessible_role(box, QAccessible.Role.StaticText)  # its description is the text (show_pace)
        self.pace_box = box
        self.tab_chain.append(box)
        self.grid.addWidget(box, self.grid.rowCount(), 0, 1, 2)
        return info

    # ----- reading and loading

    def read(self, state: FormState) -> FormState:
        pace = self.pace_combo.currentData() or ""
        return replace(
            state,
            pace="" if pace == CUSTOM_PACE else pace,
            interval_days=self.interval_input.text(),
            step=self.step_input.text(),
            percent=self.percent_input.text(),
            cut_order=self.cut_order_input.text(),
            avoid_weekdays=frozenset(i for i, c in enumerate(self.weekday_checks) if c.isChecked()),
            custom=self.custom,
        )

    def load(self, state: FormState) -> None:
        self._loading = True
        try:
            self.custom = state.custom
            self._fill_paces(state.route)
            select(self.pace_combo, CUSTOM_PACE if state.custom else state.pace)
            set_text(self.interval_input, state.interval_days)
            set_text(self.step_input, state.step)
            set_text(self.percent_input, state.percent)
            set_text(self.cut_order_input, state.cut_order)
            for i, check in enumerate(self.weekday_checks):
                check.setChecked(i in state.avoid_weekdays)
        finally:
            self._loading = False

    def change_route(self, route: Route) -> None:
        """The presets of another route; custom steps do not carry over."""
        self.custom = None
        self._fill_paces(route)

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
        if self.custom:
            self.pace_combo.addItem("Custom steps (from the plan file)", CUSTOM_PACE)
        self._loading = was_loading

    def show_route(self, route: Route, per_day: int) -> None:
        """The cut's unit, and the cut order only where there are several doses (oral)."""
        oral = route is Route.ORAL
        self.step_unit.setText(f"{'mg/day' if oral else 'mcg/day'} or")
        self.set_row_visible("cut_order", oral)
        self.show_slots(per_day)

    def show_slots(self, per_day: int) -> None:
        names = ", ".join(slot_names(per_day))
        self.cut_order_input.setToolTip(f"Which dose gives way first; today's doses: {names}")
        self.cut_order_input.setPlaceholderText("default: midday first, bedtime last")

    # ----- reacting to the user

    def _pace_changed(self, _index: int) -> None:
        if self._loading:
            return
        if self.pace_combo.currentData() != CUSTOM_PACE and self.custom is not None:
            self.custom = None
            self._loading = True
            self.pace_combo.removeItem(self.pace_combo.findData(CUSTOM_PACE))
            self._loading = False
        self._changed("pace")

    # ----- what the section is told

    def show_pace(self, plan: TaperPlan | None) -> None:
        """The chosen pace, why it was chosen and its source, under the pace list."""
        if plan is None:
            self.pace_combo.setItemText(0, "Default (chosen from the regimen)")
            self._say_why("The pace is chosen when the regimen is complete.")
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
        self._say_why("\n".join(line for line in lines if line))

    def _say_why(self, text: str) -> None:
        self.pace_info.setText(text)
        # One line after another, as a screen reader reads sentences.
        lines = (line if line.endswith((".", ";", ":")) else f"{line}." for line in text.splitlines())
        self.pace_box.setAccessibleDescription(" ".join(lines))
