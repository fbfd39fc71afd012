"""Changes to a plan: the prescriber's hand edits and the nurse-log revisions (hold, step back).

Every function returns a new plan; the old one is untouched, so the caller can keep both (undo, a
revision history).  :func:`concerns` lists what an edit would do that needs the prescriber's
confirmation: a dose that rises, or a cut larger than the pace allows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt, is_multiple, snap_up
from baclotaper.taper.build import rebuild
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import limit
from baclotaper.taper.sequence import FINAL_STOP, Cutter, StepKind, StepSpec, last_dose_min_days


@dataclass(frozen=True)
class Concern:
    step: int  # 1-based step number in the edited plan
    message: str


def _check_index(plan: TaperPlan, index: int) -> None:
    if not 0 <= index < len(plan.steps):
        raise InputError("step", f"there is no step {index + 1}; the plan has steps 1–{len(plan.steps)}")


def _check_days(days: int) -> None:
    top = int(limit("input", "interval_max_days").value)
    if not 1 <= days <= top:
        raise InputError("days", f"{days} is outside 1–{top} days")


def _flag(spec: StepSpec, text: str) -> StepSpec:
    return replace(spec, flags=(*spec.flags, f"edited:{text}"))


def set_dose(plan: TaperPlan, index: int, dose: float) -> TaperPlan:
    _check_index(plan, index)
    r = plan.regimen
    product = r.product
    unit = plan.unit
    if not 0 <= dose <= r.input_max:
        raise InputError("dose", f"{fmt(dose)} {unit} is outside 0–{fmt(r.input_max)} {unit}")
    maximum = r.highest_step()
    if maximum is not None and dose > max(maximum.value, r.daily_dose) + EPS:
        raise InputError(
            "dose",
            f"{fmt(dose)} {unit} is above today's {fmt(r.daily_dose)} {unit} and the {r.jurisdiction} maximum "
            f"of {fmt(maximum.value)} {unit} ({maximum.citation}): no step of a taper goes there",
        )
    if not is_multiple(dose, product.quantum) or not product.can_measure(dose):
        raise InputError(
            "dose",
            f"{fmt(dose)} {unit} cannot be measured: {product.description} measure in steps of "
            f"{fmt(product.quantum)} {product.dose_unit}",
        )
    specs = plan.specs
    old = specs[index]
    specs[index] = _flag(replace(old, dose=dose), f"dose {fmt(old.dose)} → {fmt(dose)} {unit}")
    return rebuild(plan, specs)


def set_days(plan: TaperPlan, index: int, days: int) -> TaperPlan:
    _check_index(plan, index)
    if index == len(plan.steps) - 1:
        raise InputError("days", "the last step has no end: it is the target dose")
    _check_days(days)
    specs = plan.specs
    old = specs[index]
    specs[index] = _flag(replace(old, days=days), f"length {old.days} → {days} days")
    return rebuild(plan, specs)


def insert_hold(plan: TaperPlan, index: int, days: int, note: str = "") -> TaperPlan:
    """Stay on step ``index``'s dose ``days`` longer, as a visible hold step after it."""
    _check_index(plan, index)
    _check_days(days)
    specs = plan.specs
    if index == len(specs) - 1:
        raise InputError("step", "the last step already lasts until the plan is changed")
    if specs[index + 1].kind is StepKind.STEP_BACK:
        raise InputError(
            "step",
            f"step {index + 2} steps back to the tolerated dose: a hold on step {index + 1} would delay the step back",
        )
    hold = StepSpec(specs[index].dose, days, StepKind.HOLD, note)
    if not note:  # by hand; holds from the nurse's log carry their reason in the note instead
        hold = _flag(hold, f"hold of {days} days added by hand")
    specs.insert(index + 1, hold)
    return rebuild(plan, specs)


def split_step(plan: TaperPlan, index: int) -> TaperPlan:
    """Halve the cut into step ``index``: an extra step at the dose halfway, as long as the step.

    The plan gets longer, never faster.
    """
    _check_index(plan, index)
    specs = plan.specs
    previous = plan.regimen.daily_dose if index == 0 else specs[index - 1].dose
    current = specs[index]
    quantum = plan.regimen.product.quantum
    middle = snap_up((previous + current.dose) / 2, quantum)
    if not current.dose + EPS < middle < previous - EPS:
        raise InputError(
            "step",
            f"step {index + 1} cuts {fmt(previous - current.dose)} {plan.unit}, already the smallest "
            f"measurable cut with {plan.regimen.product.description}",
        )
    days = current.days if current.days is not None else plan.pace.main.interval_days
    if FINAL_STOP in current.flags and current.dose <= EPS:
        # The new step is the last dose before the stop: it lasts what a last dose must.
        days = max(days, plan.pace.phase_for(middle).interval_days, last_dose_min_days(plan.regimen))
    extra = StepSpec(middle, days, StepKind.CUT)
    specs.insert(index, _flag(extra, f"split from step {index + 1} by hand: cut halved"))
    return rebuild(plan, specs)


def delete_step(plan: TaperPlan, index: int) -> TaperPlan:
    _check_index(plan, index)
    if len(plan.steps) == 1:
        raise InputError("step", "the plan needs at least one step")
    specs = plan.specs
    removed = specs.pop(index)
    if index == len(specs):  # the last step went: the new last one becomes open-ended
        specs[-1] = replace(specs[-1], days=None)
    elif index < len(specs):
        specs[index] = _flag(specs[index], f"step of {fmt(removed.dose)} {plan.unit} before it deleted")
    return rebuild(plan, specs)


# ----- revisions proposed from the nurse's log


def _index_on(plan: TaperPlan, day: date) -> int:
    for i, step in enumerate(plan.steps):
        if step.covers(day):
            return i
    raise InputError("date", f"{day.isoformat()} is before the plan starts on {plan.steps[0].start.isoformat()}")


def hold(plan: TaperPlan, on: date, days: int, reason: str) -> TaperPlan:
    """Stay on the dose taken on ``on`` for ``days`` more days; every later step moves later."""
    _check_days(days)
    index = _index_on(plan, on)
    if index == len(plan.steps) - 1:
        raise InputError("date", "the plan is already at its target dose; there is no next cut to delay")
    _check_nothing_recorded_after(plan, index, on)
    return insert_hold(plan, index, days, note=f"hold {days} days: {reason}")


def step_back(plan: TaperPlan, on: date, days: int, reason: str) -> TaperPlan:
    """Go back to the last tolerated dose from ``on`` for ``days`` days, then retry with a smaller cut.

    The step that was not tolerated ends the day before ``on``.  The retry goes halfway between
    the two doses (when measurable), then down to the dose that was not tolerated in cuts no larger
    than the pace allows from each dose (near the end of a taper it allows less than the step that
    was retried), then the plan continues as before, later.  Each dose on the way down again lasts
    at least the pace's interval at that dose (a step back during a one-day hold does not make the
    next cut come a day later), and the last dose before a retried final stop lasts at least the
    last-dose minimum: the way down after a step back is never faster than the way down before it.
    """
    _check_days(days)
    index = _index_on(plan, on)
    _check_nothing_recorded_after(plan, index, on)
    specs = plan.specs
    step = plan.steps[index]
    tolerated = plan.regimen.daily_dose if index == 0 else _last_tolerated(plan, index)
    if tolerated <= step.daily_dose + EPS:
        raise InputError("date", f"on {on.isoformat()} the dose is already the last tolerated dose")
    taken = (on - step.start).days
    after = specs[index + 1 :]
    before = specs[:index]
    if taken > 0:
        before.append(replace(specs[index], days=taken))
    cutter = Cutter.of(plan.regimen, plan.pace)
    paced = plan.options.custom is None  # a prescriber's own steps have no pace to follow
    failed_length = specs[index].days or plan.pace.main.interval_days

    def lasting(dose: float) -> int:
        return max(failed_length, cutter.interval(dose)) if paced else failed_length

    quantum = plan.regimen.product.quantum
    middle = snap_up((tolerated + step.daily_dose) / 2, quantum)
    retry: list[StepSpec] = []
    # Halfway, unless that is more than the pace allows (the cut retried was a larger one made by hand).
    halfway_paced = not paced or tolerated - middle <= cutter.allowed_cut(tolerated) + EPS
    if step.daily_dose + EPS < middle < tolerated - EPS and halfway_paced:
        retry.append(StepSpec(middle, lasting(middle), StepKind.CUT, "smaller cut after the step back"))
    if paced:
        current = retry[-1].dose if retry else tolerated
        while current - cutter.allowed_cut(current) > step.daily_dose + EPS:
            current = round(current - cutter.allowed_cut(current), 6)
            retry.append(StepSpec(current, lasting(current), StepKind.CUT, "smaller cut after the step back"))
    back = StepSpec(tolerated, days, StepKind.STEP_BACK, f"step back to {fmt(tolerated)} {plan.unit}: {reason}")
    retried = _retried(specs[index], lasting(step.daily_dose))
    if FINAL_STOP in retried.flags and retried.dose <= EPS:
        # The stop is retried: the dose before it lasts what the last dose before a stop must.
        least = max(lasting(retry[-1].dose if retry else tolerated), last_dose_min_days(plan.regimen))
        if retry:
            retry[-1] = replace(retry[-1], days=max(retry[-1].days or 0, least))
        elif days < least:
            back = replace(back, days=least, note=f"{back.note} (at least {least} days before the stop is retried)")
    new_specs = [*before, back, *retry, retried, *after]
    if not before:
        # The step back is now the first step: anchor the plan on the day it starts, which may be
        # later than the regimen's start date if the first cut had been moved off a weekday.
        plan = replace(plan, regimen=replace(plan.regimen, start=on))
    return rebuild(plan, new_specs)  # rebuild() makes the last step open-ended


def _retried(failed: StepSpec, least_days: int) -> StepSpec:
    """The dose that was not tolerated, tried again: reached by a cut (even if it was a hold or a
    step back the first time), for at least ``least_days``; a final stop keeps what it needs."""
    note = "retried after the step back"
    if FINAL_STOP in failed.flags and failed.note:
        note = f"{note}. {failed.note}"
    days = None if failed.days is None else max(failed.days, least_days)
    return replace(failed, days=days, kind=StepKind.CUT, note=note)


def _check_nothing_recorded_after(plan: TaperPlan, index: int, on: date) -> None:
    """A hold or step back dated before a step back already in the plan would schedule again what
    already happened (the cut that was not tolerated, even a stop, then the return): refused."""
    later = next((s for s in plan.steps[index + 1 :] if s.kind is StepKind.STEP_BACK), None)
    if later is not None:
        raise InputError(
            "date",
            f"{on.isoformat()} is before the step back already recorded from {later.start.isoformat()}; "
            "record a hold or step back from that day or later",
        )


def _last_tolerated(plan: TaperPlan, index: int) -> float:
    """The dose of the last step before ``index`` that was higher (skipping holds at this dose)."""
    current = plan.steps[index].daily_dose
    for step in reversed(plan.steps[:index]):
        if step.daily_dose > current + EPS:
            return step.daily_dose
    return plan.regimen.daily_dose


def concerns(plan: TaperPlan) -> list[Concern]:
    """What in ``plan`` needs the prescriber's confirmation: rising doses outside holds and step
    backs, cuts larger than the pace allows, and a dose reached by a cut kept for less time than
    the pace keeps it (less than the last-dose minimum before a stop) before the next cut."""
    r = plan.regimen
    cutter = Cutter.of(r, plan.pace)
    paced = plan.options.custom is None
    found: list[Concern] = []
    previous = r.daily_dose
    reached: tuple[int, int] | None = None  # (step that cut to ``previous``, days on it since)
    for step in plan.steps:
        change = step.daily_dose - previous
        if change > EPS and step.kind is StepKind.CUT:
            found.append(
                Concern(
                    step.number,
                    f"step {step.number} raises the dose from {fmt(previous)} to {fmt(step.daily_dose)} {plan.unit}",
                )
            )
        elif -change > EPS and paced and -change > cutter.allowed_cut(previous) + EPS:
            found.append(
                Concern(
                    step.number,
                    f"step {step.number} cuts {fmt(-change)} {plan.unit}, more than the "
                    f"{fmt(cutter.allowed_cut(previous))} {plan.unit} the pace allows",
                )
            )
        if -change > EPS and paced and reached is not None:
            number, days = reached
            least = cutter.interval(previous)
            if step.daily_dose <= EPS and r.target <= EPS:
                least = max(least, last_dose_min_days(r))
            if days < least:
                found.append(
                    Concern(
                        number,
                        f"step {number} keeps {fmt(previous)} {plan.unit} {days} days before the next cut, "
                        f"less than the {least} days the pace keeps a dose",
                    )
                )
        if change < -EPS:
            reached = (step.number, step.days or 0)
        elif change > EPS:
            reached = None  # a step back lasts what the nurse chose
        elif reached is not None:
            reached = (reached[0], reached[1] + (step.days or 0))
        previous = step.daily_dose
    return found


def new_concerns(before: TaperPlan, after: TaperPlan) -> list[Concern]:
    """Concerns in ``after`` that ``before`` did not already have (by message)."""
    old = {c.message for c in concerns(before)}
    return [c for c in concerns(after) if c.message not in old]
