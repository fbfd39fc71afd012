"""Hand edits of the plan's steps: from the Edit menu, the table's context menu or a table cell.

Each edit is a change of the plan (``baclotaper.taper.edits``) made through the document, which
asks for confirmation when the core has concerns and puts it on the undo stack.  The edits
module is imported by each action, not with this one: the engine loads after the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import NumberTextError, fmt, read_decimal
from baclotaper.gui.numbers import decimal_point
from baclotaper.gui.planner.document import PlanDocument
from baclotaper.gui.planner.plan_summary import PlanSummary
from baclotaper.gui.planner.prompts import Prompts
from baclotaper.gui.planner.step_table import StepTable
from baclotaper.gui.planner.step_table_model import Column
from baclotaper.gui.planner.window_actions import WindowActions
from baclotaper.taper.regimen import Route, limit

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan


class StepEdits(QObject):
    def __init__(
        self,
        document: PlanDocument,
        table: StepTable,
        summary: PlanSummary,
        *,
        prompts: Prompts,
        actions: WindowActions,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.summary = summary
        self.prompts = prompts
        self.actions = actions
        table.step_model.edit_handler = self.cell_edited
        actions.edit_dose.triggered.connect(self.edit_selected_dose)
        actions.edit_days.triggered.connect(self.edit_selected_days)
        actions.insert_hold.triggered.connect(self.insert_hold)
        actions.split_step.triggered.connect(self.split_selected_step)
        actions.delete_step.triggered.connect(self.delete_selected_step)
        for action, short in zip(actions.step_edits, ("Dose…", "Length…", "Hold…", "Split", "Delete"), strict=True):
            action.setIconText(short)
            table.addAction(action)
        table.selectionModel().selectionChanged.connect(self.update_actions)

    def update_actions(self) -> None:
        plan = self.document.plan
        usable = plan is not None and not self.document.stale
        row = self.table.selected_row()
        has_row = usable and row is not None
        last = plan is not None and row is not None and row == len(plan.steps) - 1
        self.actions.edit_dose.setEnabled(has_row)
        self.actions.edit_days.setEnabled(has_row and not last)
        self.actions.insert_hold.setEnabled(has_row and not last)
        self.actions.split_step.setEnabled(has_row)
        self.actions.delete_step.setEnabled(has_row and plan is not None and len(plan.steps) > 1)

    def apply_edit(self, text: str, change: Callable[[TaperPlan], TaperPlan]) -> bool:
        """Make a hand edit (asking for confirmation when the core has concerns)."""
        row = self.table.selected_row()
        try:
            done = self.document.edit(text, change, self.prompts.confirm_concerns)
        except InputError as exc:
            self.summary.show_notice(f"{text}: {exc.message}")
            return False
        self.summary.show_notice("")
        if done and row is not None and self.document.plan is not None:
            self.table.selectRow(min(row, len(self.document.plan.steps) - 1))
        return done

    def cell_edited(self, row: int, column: Column, text: str) -> bool:
        """A cell of the step table was edited in place."""
        from baclotaper.taper import edits

        plan = self.document.plan
        if plan is None:
            return False
        step = plan.steps[row]
        try:
            if column is Column.DOSE:
                dose = _parse_number(text, "dose", plan.unit)
                label = f"Step {step.number}: dose {fmt(dose)} {plan.unit}"
                change: Callable[[TaperPlan], TaperPlan] = partial(edits.set_dose, index=row, dose=dose)
            else:
                days = _parse_number(text, "days", "days")
                if not days.is_integer():
                    raise InputError("days", f"'{text}' is not a whole number of days")
                label = f"Step {step.number}: {int(days)} days"
                change = partial(edits.set_days, index=row, days=int(days))
            after = change(plan)
        except InputError as exc:
            self.summary.show_notice(f"Step {step.number}: {exc.message}")
            return False
        if edits.new_concerns(plan, after):
            # The confirmation is a modal dialog: ask once the cell editor has closed.
            QTimer.singleShot(0, partial(self.apply_edit, label, change))
            return False
        return self.apply_edit(label, change)

    def _selected_step(self) -> tuple[TaperPlan, int] | None:
        plan = self.document.plan
        row = self.table.selected_row()
        if plan is None or row is None or self.document.stale:
            self.summary.show_notice("Select a step in the table first.")
            return None
        return plan, row

    def edit_selected_dose(self) -> None:
        from baclotaper.taper import edits

        chosen = self._selected_step()
        if chosen is None:
            return
        plan, row = chosen
        step = plan.steps[row]
        top = limit("input", "oral_max_mg" if plan.regimen.route is Route.ORAL else "intrathecal_max_mcg").value
        value = self.prompts.ask_number(
            "Change step dose",
            f"Daily dose of step {step.number} ({plan.unit}):",
            value=step.daily_dose,
            minimum=0,
            maximum=top,
            decimals=2 if plan.regimen.route is Route.ORAL else 0,
        )
        if value is not None:
            self.apply_edit(
                f"Step {step.number}: dose {fmt(value)} {plan.unit}",
                partial(edits.set_dose, index=row, dose=value),
            )

    def edit_selected_days(self) -> None:
        from baclotaper.taper import edits

        chosen = self._selected_step()
        if chosen is None:
            return
        plan, row = chosen
        step = plan.steps[row]
        top = limit("input", "interval_max_days").value
        value = self.prompts.ask_number(
            "Change step length",
            f"Days of step {step.number}:",
            value=step.days or 7,
            minimum=1,
            maximum=top,
            decimals=0,
        )
        if value is not None:
            self.apply_edit(
                f"Step {step.number}: {int(value)} days",
                partial(edits.set_days, index=row, days=int(value)),
            )

    def insert_hold(self) -> None:
        from baclotaper.taper import edits

        chosen = self._selected_step()
        if chosen is None:
            return
        plan, row = chosen
        top = limit("input", "interval_max_days").value
        value = self.prompts.ask_number(
            "Insert hold",
            f"Stay on {fmt(plan.steps[row].daily_dose)} {plan.unit} for how many more days?",
            value=7,
            minimum=1,
            maximum=top,
            decimals=0,
        )
        if value is not None:
            self.apply_edit(
                f"Hold {int(value)} days after step {row + 1}",
                partial(edits.insert_hold, index=row, days=int(value)),
            )

    def split_selected_step(self) -> None:
        from baclotaper.taper import edits

        chosen = self._selected_step()
        if chosen is not None:
            _plan, row = chosen
            self.apply_edit(f"Split step {row + 1}", partial(edits.split_step, index=row))

    def delete_selected_step(self) -> None:
        from baclotaper.taper import edits

        chosen = self._selected_step()
        if chosen is not None:
            _plan, row = chosen
            self.apply_edit(f"Delete step {row + 1}", partial(edits.delete_step, index=row))


def _parse_number(text: str, field: str, unit: str) -> float:
    mark = decimal_point()
    try:
        return read_decimal(text, mark)
    except NumberTextError:
        raise InputError(
            field, f"'{text.strip()}' is not a number of {unit} (digits, '{mark}' for decimals, no thousands separator)"
        ) from None
