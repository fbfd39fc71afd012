"""The open plan: the committed form, the plan, its file and its undo history.

Views subscribe to the signals; they never change the plan themselves.  The form sends what the
user typed to :meth:`PlanDocument.form_edited`; hand edits go through :meth:`PlanDocument.edit`.
An invalid form never replaces the plan: the last valid plan stays, marked out of date
(:attr:`PlanDocument.stale`), until the form is valid again or the change is undone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from baclotaper.common.errors import InputError
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.undo_commands import Snapshot, SnapshotCommand

if TYPE_CHECKING:
    from baclotaper.taper import edits
    from baclotaper.taper.plan import TaperPlan

# Fields whose keystrokes merge into one undo step.
TYPED_FIELDS = frozenset(
    {
        "dose",
        "split",
        "on_therapy",
        "target",
        "interval_days",
        "step",
        "percent",
        "cut_order",
        "age",
        "egfr",
    }
)
DETAIL_PREFIX = "detail:"
# Field names in undo's words where the key is not plain English.
FIELD_WORDS = {"interval_days": "days between cuts", "on_therapy": "time on baclofen", "per_day": "doses a day"}

Confirm = Callable[[Sequence[str]], bool]


def plan_for(form: FormState) -> TaperPlan:
    """The default plan for ``form``; raises :class:`InputError` naming the bad field."""
    try:
        regimen, options = form.to_inputs()
        # The engine is imported for the first plan, not for a new window's empty form.
        from baclotaper.taper.build import build_plan

        return build_plan(regimen, options)
    except InputError:
        raise
    except (ArithmeticError, LookupError, TypeError) as exc:
        # A core bug must not take the window down with the user's typing; say what failed.
        raise InputError("form", f"this regimen could not be planned ({exc!r})") from exc


def has_hand_edits(plan: TaperPlan) -> bool:
    from baclotaper.taper.build import build_plan

    try:
        return plan.specs != build_plan(plan.regimen, plan.options).specs
    except InputError:
        return True


class PlanDocument(QObject):
    planChanged = Signal()  # a different plan (or none) is current
    validityChanged = Signal()  # the form error or the out-of-date state changed
    formReplaced = Signal()  # undo, redo, New or Open: the form must show ``form`` again
    pathChanged = Signal()
    modifiedChanged = Signal(bool)
    message = Signal(str)  # something worth a line in the status bar

    def __init__(self, form: FormState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._current = Snapshot(form, None)
        self._error: InputError | None = None
        self._typed_invalid = False  # the form shows an invalid entry that undo can drop
        self._invalid_fields: list[str] = []  # fields changed since the plan on screen, for undo's message
        self._path: Path | None = None
        self.reset(form)

    # ----- state

    @property
    def plan(self) -> TaperPlan | None:
        """The last valid plan: the one on screen."""
        return self._current.plan

    @property
    def form(self) -> FormState:
        """The form as last committed (valid)."""
        return self._current.form

    @property
    def error(self) -> InputError | None:
        return self._error

    @property
    def stale(self) -> bool:
        """The form has an error, so the plan on screen is the last valid one, out of date."""
        return self._error is not None and self.plan is not None

    @property
    def hand_edited(self) -> bool:
        return self._current.hand_edited

    @property
    def can_undo(self) -> bool:
        return self._typed_invalid or self.undo_stack.canUndo()

    def undo(self) -> None:
        """Drop an invalid entry first (back to the plan on screen), then undo changes."""
        if self._typed_invalid:
            names = [FIELD_WORDS.get(f, f.removeprefix(DETAIL_PREFIX).replace("_", " ")) for f in self._invalid_fields]
            self.restore(self._current, reload_form=True)
            plural = "s" if len(names) > 1 else ""
            self.message.emit(f"Undone: the {' and '.join(names)} change{plural}, which could not make a plan.")
        else:
            self.undo_stack.undo()

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    # ----- whole documents

    def reset(
        self,
        form: FormState,
        *,
        plan: TaperPlan | None = None,
        path: Path | None = None,
        modified: bool = False,
    ) -> None:
        """Start over with ``form`` (and ``plan`` from a file, hand edits included)."""
        self.undo_stack.clear()
        error: InputError | None = None
        if plan is None:
            try:
                plan = plan_for(form)
            except InputError as exc:
                error = exc
        edited = plan is not None and has_hand_edits(plan)
        self.restore(Snapshot(form, plan, edited), reload_form=True, error=error)
        self.set_path(path)
        if modified:
            self.undo_stack.resetClean()
        self.modifiedChanged.emit(self.modified)

    def set_path(self, path: Path | None) -> None:
        self._path = path
        self.pathChanged.emit()

    def mark_saved(self, path: Path) -> None:
        self.set_path(path)
        self.undo_stack.setClean()

    # ----- changes

    def form_edited(self, form: FormState, field: str) -> None:
        """The user changed ``field``: re-plan, or keep the plan and show why the form is wrong."""
        try:
            plan = plan_for(form)
        except InputError as exc:
            self._error = exc
            if not self._typed_invalid:
                self._invalid_fields = []
            self._typed_invalid = True
            if field not in self._invalid_fields:
                self._invalid_fields.append(field)
            self.validityChanged.emit()
            return
        before = self._current
        if form == before.form:
            self._error = None
            self._typed_invalid = False
            self.validityChanged.emit()
            return
        same_inputs = before.plan is not None and (
            plan.regimen == before.plan.regimen and plan.options == before.plan.options
        )
        if before.hand_edited and same_inputs and before.plan is not None:
            # Only details for printing changed (they are not part of the comparison):
            # keep the hand-edited steps.
            after = Snapshot(form, replace(before.plan, regimen=plan.regimen), True)
            drops = False
        else:
            after = Snapshot(form, plan, False)
            drops = before.hand_edited
        if drops:
            text = "Re-plan from the form (drops hand edits)"
            typing = None
        else:
            text = f"Change {field.removeprefix(DETAIL_PREFIX).replace('_', ' ')}"
            typing = field if field in TYPED_FIELDS or field.startswith(DETAIL_PREFIX) else None
        self.undo_stack.push(SnapshotCommand(self, before, after, text, typing_field=typing))
        if drops:
            self.message.emit(
                "The regimen changed, so the plan was rebuilt and its hand edits were dropped. Undo brings them back."
            )

    def edit(self, text: str, change: Callable[[TaperPlan], TaperPlan], confirm: Confirm) -> bool:
        """Apply a hand edit; an edit that raises a dose or cuts faster than the pace needs
        ``confirm`` and is flagged in the plan.  Raises :class:`InputError` for an impossible edit.
        """
        before = self._current
        if before.plan is None or self.stale:
            raise InputError("form", "fix the form first: the plan on screen is out of date")
        from baclotaper.taper import edits

        after = change(before.plan)
        found = edits.new_concerns(before.plan, after)
        if found:
            if not confirm([c.message for c in found]):
                self.message.emit(f"{text}: cancelled")
                return False
            after = _flag_confirmed(after, found)
        self.undo_stack.push(SnapshotCommand(self, before, Snapshot(before.form, after, True), text))
        self.message.emit(text)
        return True

    def restore(self, snapshot: Snapshot, *, reload_form: bool, error: InputError | None = None) -> None:
        """Make ``snapshot`` current (called by undo commands)."""
        plan_changed = snapshot.plan is not self._current.plan
        self._current = snapshot
        error_changed = (self._error is not None) or (error is not None)
        self._error = error
        self._typed_invalid = False
        if reload_form:
            self.formReplaced.emit()
        if plan_changed:
            self.planChanged.emit()
        if error_changed or reload_form:
            self.validityChanged.emit()

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)


def _flag_confirmed(plan: TaperPlan, found: Sequence[edits.Concern]) -> TaperPlan:
    from baclotaper.taper.build import rebuild

    specs = plan.specs
    for concern in found:
        i = concern.step - 1
        flag = f"edited:confirmed by the prescriber ({concern.message})"
        specs[i] = replace(specs[i], flags=(*specs[i].flags, flag))
    return rebuild(plan, specs)
