"""The nurse's log meets the plan: where an observation falls, and revising the plan on advice.

Accepting a proposal (hold, step back) returns a revised plan; the store keeps every revision with
who, when and why.  Nothing here ever shortens or speeds up a plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS
from baclotaper.nurse_log.advice import Proposal, rules
from baclotaper.taper import edits
from baclotaper.taper.build import rebuild
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import limit
from baclotaper.taper.sequence import StepKind


@dataclass(frozen=True)
class Position:
    """Where a day falls in a plan: which step (1-based; 0 before the plan starts) and how many
    days since the last cut (``None`` before the first cut)."""

    step_number: int
    days_since_cut: int | None
    daily_dose: float

    @property
    def step_index(self) -> int | None:
        return self.step_number - 1 if self.step_number else None


def observed_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The plan day of an observation: its date in the local time zone (or ``tz``), whatever offset
    it was written with, so one moment always falls on one step of the plan."""
    return moment.astimezone(tz).date()


def plan_position(plan: TaperPlan, day: date) -> Position:
    last_cut: date | None = None
    for step in plan.steps:
        if step.start > day:
            break
        if step.kind is StepKind.CUT:
            last_cut = step.start
        if step.covers(day):
            since = (day - last_cut).days if last_cut is not None else None
            return Position(step.number, since, step.daily_dose)
    return Position(0, None, plan.regimen.daily_dose)


def describe(proposal: Proposal, unit_days: int | None = None) -> str:
    """Words for a button: 'Hold the current step 7 days', 'Step back to the last tolerated dose'."""
    days = proposal.days or unit_days or rules().hold_days
    if proposal.kind == "hold":
        if proposal.days is None:
            return f"Hold the taper until the prescriber resumes it (planned review in {days} days)"
        return f"Hold the current step {days} days"
    return (
        f"Step back to the last tolerated dose for {days} days, then retry with a smaller cut "
        "(or the same cut over a longer interval)"
    )


def apply_proposal(plan: TaperPlan, proposal: Proposal, *, on: date, reason: str) -> TaperPlan:
    """The plan revised as ``proposal`` says, from ``on``: later steps move later.

    A hold "until the prescriber resumes" is laid out as a hold of the data's review length, so the
    calendar stays concrete; its note says the dates after it are provisional.
    """
    days = proposal.days or rules().hold_days
    _check_not_before_a_step_back(plan, on)
    if proposal.kind == "hold":
        why = reason if proposal.days else f"{reason}; taper stopped until the prescriber resumes it"
        return edits.hold(plan, on, days, why)
    return _slower_retry(plan, edits.step_back(plan, on, days, reason), on)


def _check_not_before_a_step_back(plan: TaperPlan, on: date) -> None:
    """A revision starts on or after every step back already accepted: dated before one (an older
    entry's advice accepted late) it would lay the old cuts over the restored dose, a lower dose
    than the patient is now on."""
    later = next((s for s in plan.steps if s.kind is StepKind.STEP_BACK and s.start > on), None)
    if later is not None:
        start = later.start.isoformat()
        raise InputError(
            "date",
            f"{on.isoformat()} is before the step back from {start} already in the plan: revise from {start} or later",
        )


def _slower_retry(plan: TaperPlan, revised: TaperPlan, on: date) -> TaperPlan:
    """When the product cannot measure a smaller cut, the step back retries the same cut: over a
    longer interval then (``advice.toml`` [step_back]), never the same cut at the same pace."""
    failed = plan.step_on(on)
    back = next((i for i, s in enumerate(revised.steps) if s.kind is StepKind.STEP_BACK and s.start == on), None)
    if failed is None or back is None or back + 2 >= len(revised.steps):
        return revised  # the retry is the open-ended last step: it has no interval to lengthen
    retry = revised.specs[back + 1]
    if abs(retry.dose - failed.daily_dose) > EPS or retry.days is None:
        return revised  # a smaller cut was found
    r = rules()
    longest = int(limit("input", "interval_max_days").value)
    days = min(longest, math.ceil(retry.days * r.retry_interval_factor))
    specs = revised.specs
    specs[back + 1] = replace(
        retry,
        days=days,
        note=(
            f"retried after the step back over a longer interval ({days} days instead of {retry.days}): "
            "no smaller cut can be measured"
        ),
    )
    return rebuild(revised, specs)


def first_changed_day(before: TaperPlan, after: TaperPlan, since: date) -> date:
    """The first day from ``since`` on which ``after`` gives another dose than ``before``: where a
    hold really begins (the day the next cut was due), or a step back (the day it is accepted)."""
    day = since
    last = max(before.stop_date, after.stop_date)
    while day <= last:
        if abs(before.dose_on(day) - after.dose_on(day)) > EPS:
            return day
        day += timedelta(days=1)
    return since
