"""Changing the patient's plan from the log: attaching one, accepting a hold or step back,
restoring an older revision.  Each change asks who makes it and why (stubbable prompts)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.gui.nurse_log.advice_source import Shown, default_reason
from baclotaper.gui.nurse_log.patients_model import patient_text
from baclotaper.gui.nurse_log.prompts import Prompts
from baclotaper.gui.nurse_log.session import LogSession
from baclotaper.nurse_log.advice import Proposal
from baclotaper.nurse_log.revise import apply_proposal, describe, first_changed_day
from baclotaper.nurse_log.store import Revision
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import load as load_plan_file

T = TypeVar("T")
# Runs an action and turns a store or input error into a message (the window's ``_attempt``).
Attempt = Callable[[str, Callable[[], T]], T | None]


def plan_title(plan: TaperPlan, path: Path | None) -> str:
    if path is not None:
        return path.stem
    r = plan.regimen
    return f"{fmt(r.daily_dose)} → {fmt(r.target)} {plan.unit} from {plan.steps[0].start.isoformat()}"


class PlanActions:
    def __init__(
        self, session: LogSession, prompts: Callable[[], Prompts], initials: Callable[[], str], attempt: Attempt[object]
    ) -> None:
        self.session = session
        self._prompts = prompts
        self._initials = initials
        self._attempt = attempt

    @property
    def prompts(self) -> Prompts:
        return self._prompts()

    def open_file(self) -> None:
        path = self.prompts.ask_open_plan()
        if path is None:
            return
        plan = self._attempt("Plan not opened", lambda: load_plan_file(path))
        if isinstance(plan, TaperPlan):
            self.attach(plan, path.stem)

    def attach(self, plan: TaperPlan, title: str) -> None:
        patient = self.session.patient
        if patient is None:
            self.prompts.show_error("No patient", "Choose the patient the plan is for first.")
            return
        named = plan.regimen.extra.get("patient_id", "").strip()
        if named and patient.identifier and named != patient.identifier:
            question = (
                f"The plan is for patient {named}, but the chosen patient is {patient_text(patient)}. "
                "Attach it to this patient anyway?"
            )
            if not self.prompts.confirm("Another patient's plan?", question):
                return
        answer = self.prompts.ask_sign_off(
            "Attach plan",
            f"Attach the plan “{title}” to {patient_text(patient)}? It is kept as revision 1, with your initials.",
            initials=self._initials(),
            reason="attached",
        )
        if answer is not None:
            self._attempt(
                "Plan not attached",
                lambda: self.session.attach_plan(plan, title=title, author=answer.initials, reason=answer.reason),
            )

    def accept(self, proposal: Proposal, shown: Shown, entry_id: int) -> tuple[Revision, str] | None:
        """Revise the plan as proposed from ``shown``'s day, answering saved entry ``entry_id``;
        the revision and who signed it."""
        text = describe(proposal)
        taper = self.session.taper
        starts = shown.on
        if taper is not None:
            try:
                revised = apply_proposal(taper, proposal, on=shown.on, reason=text)
            except InputError:
                pass  # said when it is accepted below
            else:
                # A hold begins the day the next cut was due, not on the day of the entry.
                starts = first_changed_day(taper, revised, shown.on)
        answer = self.prompts.ask_sign_off(
            text,
            f"{text}, from {starts.isoformat()}. The plan is saved as a new revision with your initials and "
            "the reason; later steps move later. The plan never speeds up by itself.",
            initials=self._initials(),
            reason=default_reason(shown),
        )
        if answer is None:
            return None
        revision = self._attempt(
            "Plan not revised",
            lambda: self.session.accept_proposal(
                proposal, on=shown.on, author=answer.initials, reason=answer.reason, entry_id=entry_id
            ),
        )
        return (revision, answer.initials) if isinstance(revision, Revision) else None

    def restore(self, number: int) -> None:
        answer = self.prompts.ask_sign_off(
            f"Restore revision {number}",
            f"Make revision {number} current again? It is copied as a new revision; nothing is deleted.",
            initials=self._initials(),
            reason=f"Restored revision {number}",
        )
        if answer is not None:
            self._attempt(
                "Revision not restored",
                lambda: self.session.restore_revision(number, author=answer.initials, reason=answer.reason),
            )
