"""A stored plan revision as a plan to print: which revision, when, by whom, why, what changed.

The store keeps each revision's plan and who/when/why apart; here they meet, so the patient's paper,
the calendar, the spreadsheet and a saved ``.baclotaper`` file all carry the revision they show.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt
from baclotaper.nurse_log.store import Revision, Store, StoreError
from baclotaper.taper.plan import RevisionNote, Step, TaperPlan
from baclotaper.taper.planfile import file_dict, plan_from_dict
from baclotaper.taper.sequence import StepKind

# Steps listed in "what changed" before the later dates are summed up in one line.
_LISTED_STEPS = 3


def stored_document(plan: TaperPlan) -> dict[str, Any]:
    """The plan as the store keeps it: the revision details live in the store's own columns."""
    return file_dict(replace(plan, revision=None))


def _same(a: Step, b: Step) -> bool:
    return a.start == b.start and a.end == b.end and abs(a.daily_dose - b.daily_dose) < EPS and a.kind is b.kind


def _step_line(before: TaperPlan, after: TaperPlan, index: int) -> str:
    step = after.steps[index]
    dose = f"{fmt(step.daily_dose)} {after.unit}"
    until = f" to {step.end.isoformat()} ({step.days} days)" if step.end is not None else " onwards"
    if step.kind is StepKind.HOLD:
        what = f"hold at {dose}: no cut"
    elif step.kind is StepKind.STEP_BACK:
        what = f"back to {dose}, the last tolerated dose"
    elif any(_same_start_and_dose(old, step) for old in before.steps):
        what = f"{dose} as before, now ending sooner"
    elif any(abs(s.daily_dose - step.daily_dose) < EPS for s in after.steps[:index]):
        what = f"{dose} again" + (" (over a longer interval)" if "longer interval" in step.note else "")
    else:
        what = dose
    return f"From {step.start.isoformat()}{until}: {what}"


def _same_start_and_dose(a: Step, b: Step) -> bool:
    return a.start == b.start and abs(a.daily_dose - b.daily_dose) < EPS


def describe_changes(before: TaperPlan | None, after: TaperPlan, revision: Revision) -> tuple[str, ...]:
    """What changed for the patient between two revisions, in a few plain lines."""
    if revision.restored_from is not None:
        return (f"Revision {revision.restored_from} made current again (a copy of it).",)
    if before is None:
        return ("The first revision: the plan as attached to the log.",)
    first = next(
        (i for i, (old, new) in enumerate(zip(before.steps, after.steps, strict=False)) if not _same(old, new)),
        min(len(before.steps), len(after.steps)),
    )
    if first == len(before.steps) == len(after.steps):
        return ("No change to the dates or doses.",)
    lines = [_step_line(before, after, i) for i in range(first, min(first + _LISTED_STEPS, len(after.steps)))]
    shift = (after.stop_date - before.stop_date).days
    target = f"{fmt(after.steps[-1].daily_dose)} {after.unit}"
    if shift:
        later = "later" if shift > 0 else "earlier"
        lines.append(
            f"Later steps move {abs(shift)} days {later}: {target} from {after.stop_date.isoformat()} "
            f"(was {before.stop_date.isoformat()})."
        )
    else:
        lines.append(f"The date of the target dose ({target}) is unchanged: {after.stop_date.isoformat()}.")
    return tuple(lines)


def revision_plan(store: Store, plan_id: int, number: int | None = None) -> TaperPlan:
    """Revision ``number`` of stored plan ``plan_id`` (default the current one), carrying its note."""
    revisions = store.revisions(plan_id)
    if not revisions:
        raise StoreError(f"plan {plan_id} has no revision")
    if number is None:
        index = len(revisions) - 1
    else:
        index = next((i for i, r in enumerate(revisions) if r.number == number), -1)
        if index < 0:
            raise InputError("revision", f"{number} is not a revision of this plan (1–{revisions[-1].number})")
    chosen = revisions[index]
    plan = plan_from_dict(chosen.data())
    before = plan_from_dict(revisions[index - 1].data()) if index > 0 else None
    note = RevisionNote(
        number=chosen.number,
        created=chosen.created,
        author=chosen.author,
        reason=chosen.reason,
        changes=describe_changes(before, plan, chosen),
        latest=revisions[-1].number,
    )
    return replace(plan, revision=note)
