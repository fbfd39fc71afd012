"""Changing the patient's plan from the log: attaching one, accepting a hold or step back,
restoring an older revision.  Each change asks who makes it and why (stubbable prompts), and is
saved on the store's thread; a sign-off the log did not take is kept and offered again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.gui.nurse_log.advice_source import Shown, default_reason
from baclotaper.gui.nurse_log.dialogs import SignOff
from baclotaper.gui.nurse_log.kept import KeptAnswers
from baclotaper.gui.nurse_log.patients_model import patient_text
from baclotaper.gui.nurse_log.prompts import Prompts
from baclotaper.gui.nurse_log.session import LogSession
from baclotaper.nurse_log.advice import Proposal
from baclotaper.nurse_log.revise import apply_proposal, describe, first_changed_day
from baclotaper.nurse_log.store import Plan, Revision
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
        self,
        session: LogSession,
        prompts: Callable[[], Prompts],
        initials: Callable[[], str],
        attempt: Attempt[object],
        *,
        kept: KeptAnswers,
        said: Callable[[str], None],
    ) -> None:
        self.session = session
        self._prompts = prompts
        self._initials = initials
        self._attempt = attempt
        self.kept = kept
        self._said = said  # the status bar

    def _sign_off(self, key: str, title: str, question: str, reason: str) -> SignOff | None:
        """Who and why; what was typed the last time, if the log did not save it."""
        kept = self.kept.get(key, SignOff)
        answer = self.prompts.ask_sign_off(
            title,
            question,
            initials=kept.initials if kept else self._initials(),
            reason=kept.reason if kept else reason,
            kept=kept is not None,
        )
        if answer is None:
            self.kept.done(key)  # given up
        return answer

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
        key = f"attach-{patient.id}"
        answer = self._sign_off(
            key,
            "Attach plan",
            f"Attach the plan “{title}” to {patient_text(patient)}? It is kept as revision 1, with your initials.",
            "attached",
        )
        if answer is None:
            return

        def attached(record: Plan) -> None:
            self._said(f"Plan “{record.title}” attached as revision 1.")

        saved, failed = self.kept.saving(
            key,
            answer,
            what=f"attaching the plan “{title}”",
            title="Plan not attached",
            retry="attach it",
            done=attached,
        )
        save_key = self.kept.save_key(key)
        self._attempt(
            "Plan not attached",
            lambda: self.session.attach_plan(
                plan,
                title=title,
                author=answer.initials,
                reason=answer.reason,
                done=saved,
                failed=failed,
                key=save_key,
            ),
        )

    def accept(self, proposal: Proposal, shown: Shown, entry_id: int, done: Callable[[Revision], None]) -> None:
        """Revise the plan as proposed from ``shown``'s day, answering saved entry ``entry_id``;
        ``done`` hears the revision once the log has it."""
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
        key = f"accept-{entry_id}"
        answer = self._sign_off(
            key,
            text,
            f"{text}, from {starts.isoformat()}. The plan is saved as a new revision with your initials and "
            "the reason; later steps move later. The plan never speeds up by itself.",
            default_reason(shown),
        )
        if answer is None:
            return

        # Another clinician accepting first (another workstation): the error says who accepted what.
        accepted, failed = self.kept.saving(
            key,
            answer,
            what=f"{text.lower()} for entry #{entry_id}",
            title="Plan not revised",
            retry="accept it",
            done=done,
        )
        save_key = self.kept.save_key(key)
        self._attempt(
            "Plan not revised",
            lambda: self.session.accept_proposal(
                proposal,
                on=shown.on,
                author=answer.initials,
                reason=answer.reason,
                entry_id=entry_id,
                done=accepted,
                failed=failed,
                key=save_key,
            ),
        )

    def restore(self, number: int) -> None:
        plan = self.session.plan
        key = f"restore-{plan.id if plan else 0}-{number}"
        answer = self._sign_off(
            key,
            f"Restore revision {number}",
            f"Make revision {number} current again? It is copied as a new revision; nothing is deleted.",
            f"Restored revision {number}",
        )
        if answer is None:
            return

        def restored(revision: Revision) -> None:
            self._said(f"Revision {number} restored as revision {revision.number}.")

        saved, failed = self.kept.saving(
            key,
            answer,
            what=f"restoring revision {number}",
            title="Revision not restored",
            retry="restore it",
            done=restored,
        )
        save_key = self.kept.save_key(key)
        self._attempt(
            "Revision not restored",
            lambda: self.session.restore_revision(
                number, author=answer.initials, reason=answer.reason, done=saved, failed=failed, key=save_key
            ),
        )
