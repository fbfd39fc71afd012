"""Above the plan: what it does in one line, and a banner when it is out of date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.gui import palette
from baclotaper.taper.paces import preset_table

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan

FIELD_NAMES = {
    "dose": "Current daily dose",
    "per_day": "Doses a day",
    "split": "Current split",
    "on_therapy": "Time on baclofen",
    "target": "Target dose",
    "interval_days": "Days between cuts",
    "step": "Cut per step",
    "percent": "Cut per step (percent)",
    "cut_order": "Cut order",
    "avoid_weekdays": "No cuts on",
    "age": "Age",
    "egfr": "eGFR",
    "strengths": "Tablet strengths",
    "product": "Product",
    "concentration": "Product",
    "jurisdiction": "Jurisdiction",
}


def summary_text(plan: TaperPlan) -> str:
    unit = plan.unit
    r = plan.regimen
    steps = len(plan.steps) - 1
    return (
        f"From {fmt(r.daily_dose)} to {fmt(r.target)} {unit}, "
        f"{plan.steps[0].start.isoformat()} → {plan.stop_date.isoformat()} "
        f"({plan.total_days} days, {steps} change{'s' if steps != 1 else ''}) · "
        f"pace: {pace_heading(plan)}"
    )


def pace_heading(plan: TaperPlan) -> str:
    """The pace's title, or, when the regimen or the prescriber changed how it cuts (kidneys double
    the days between cuts, say), its name and what it really does: never "every 2 weeks" over 28 days."""
    pace = plan.pace
    preset = preset_table().get(pace.key)
    main = pace.main
    if preset is None or (
        main.interval_days == preset.get("interval_days")
        and main.percent == preset.get("percent")
        and main.step == preset.get("step")
    ):
        return pace.title
    name = pace.title.split(":")[0]
    return f"{name}, changed: {main.describe(plan.unit)}"


def now_text(plan: TaperPlan) -> str:
    doses = "; ".join(f"{a.time} {a.amount}" for a in plan.starting_administrations)
    return f"Now {fmt(plan.regimen.daily_dose)} {plan.unit}: {doses}"


class PlanSummary(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setObjectName("staleBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"background: {palette.DANGER_BACKGROUND}; color: {palette.DANGER};"
            f" border: 1px solid {palette.ERROR}; padding: 4px; font-weight: bold;"
        )
        self.banner.hide()
        self.title = QLabel("No plan yet: fill in the regimen on the left.")
        self.title.setObjectName("planSummary")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.now = QLabel()
        self.now.setObjectName("planNow")
        self.now.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("editNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {palette.ERROR};")
        self.notice.hide()
        for label in (self.banner, self.title, self.now, self.notice):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.title)
        layout.addWidget(self.now)
        layout.addWidget(self.notice)

    def set_state(self, plan: TaperPlan | None, error: InputError | None) -> None:
        if plan is None:
            self.title.setText("No plan yet: fill in the regimen on the left.")
            self.now.setText(f"Still needed: {error.message}" if error else "")
        else:
            self.title.setText(summary_text(plan))
            self.now.setText(now_text(plan))
        stale = plan is not None and error is not None
        if stale and error is not None:
            name = FIELD_NAMES.get(error.field, error.field.replace("_", " ").capitalize())
            self.banner.setText(
                f"Out of date — {name}: {error.message}. The plan shown is the last valid one; "
                "correct the field or undo."
            )
        self.banner.setVisible(stale)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
