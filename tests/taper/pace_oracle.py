"""What a plan promises, checked from the pace and ``resources/limits.toml`` alone.

Written apart from the engine's ``Cutter`` so a fault in the engine's own sizing cannot hide in its
own check: the largest cut the pace allows from a dose (its step, its percent, the oral tail's
share, at least one measurable step, the whole dose from the floor), and the days the patient
stays on each dose reached by a cut before the next cut (the pace's interval at that dose; before
a final stop also the last-dose minimum).  A dose reached by a step back lasts what the nurse chose.
"""

from __future__ import annotations

import math
from datetime import timedelta
from itertools import pairwise

from baclotaper.common import data
from baclotaper.common.numbers import EPS
from baclotaper.taper.paces import Strategy
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import Route
from baclotaper.taper.sequence import FINAL_STOP, StepKind

HAND_EDIT = "edited:"


def _end(key: str) -> float:
    return float(data.load("limits")["taper_end"][key]["value"])


def _oral(plan: TaperPlan) -> bool:
    return plan.regimen.route is Route.ORAL


def _stop_level(plan: TaperPlan) -> float:
    quantum = plan.regimen.product.quantum
    floor = _end("oral_floor_mg" if _oral(plan) else "intrathecal_floor_mcg")
    return max(math.floor(floor / quantum + 1e-9) * quantum, quantum)


def allowed_cut(plan: TaperPlan, dose: float) -> float:
    """The largest cut the plan's pace allows from ``dose``."""
    r = plan.regimen
    quantum = r.product.quantum
    if r.target <= EPS and dose <= _stop_level(plan) + EPS:
        return dose
    phase = plan.pace.phase_for(dose)
    if phase.strategy is Strategy.PERCENT:
        cut = dose * (phase.percent or 0) / 100
    elif phase.strategy is Strategy.FIXED:
        cut = phase.step or 0
    else:  # equal steps over the pace's days, each a whole number of measurable steps
        cuts = max(1, (phase.over_days or phase.interval_days) // phase.interval_days)
        cut = math.ceil((r.daily_dose - r.target) / cuts / quantum - 1e-9) * quantum
    if _oral(plan) and max(dose - cut, r.target, phase.down_to or 0) < _end("oral_tail_start_mg") - EPS:
        cut = min(cut, dose * _end("oral_tail_max_cut_percent") / 100)
    return max(cut, quantum)


def _least_days(plan: TaperPlan, dose: float, next_dose: float) -> int:
    days = plan.pace.phase_for(dose).interval_days
    if next_dose <= EPS and plan.regimen.target <= EPS:
        key = "oral_last_dose_min_days" if _oral(plan) else "intrathecal_last_dose_min_days"
        days = max(days, int(_end(key)))
    return days


def problems(plan: TaperPlan) -> list[str]:
    """Every broken promise, in words; empty when the plan keeps them all."""
    r = plan.regimen
    steps = plan.steps
    out: list[str] = []
    for a, b in pairwise(steps):
        if a.end is None or b.start != a.end + timedelta(days=1):
            out.append(f"step {b.number} does not start the day after step {a.number} ends")
        if a.daily_dose <= EPS and b.kind is not StepKind.STEP_BACK:
            out.append(f"step {a.number} stops delivery before the end of the plan")
    if steps[-1].end is not None or abs(steps[-1].daily_dose - r.target) > EPS:
        out.append("the plan does not end open-ended at the target")
    if r.target <= EPS and FINAL_STOP not in steps[-1].flags:
        out.append("the stop is not marked as the final stop")
    written = plan.options.custom is not None and any(dose <= EPS for dose, _days in plan.options.custom)
    by_hand = any(f.startswith(HAND_EDIT) for f in steps[-1].flags)
    before_stop = steps[-2].daily_dose if len(steps) > 1 else r.daily_dose
    if r.target <= EPS and not written and not by_hand and before_stop > _stop_level(plan) + EPS:
        out.append(f"the plan stops from {before_stop:g}, above the floor, and the prescriber did not write it")
    for step, product in zip(steps, plan.products, strict=True):
        if abs(sum(a.dose for a in step.administrations) - step.daily_dose) > 1e-6:
            out.append(f"step {step.number}: the day's doses do not add up to {step.daily_dose}")
        if any(not product.can_measure(a.dose) for a in step.administrations):
            out.append(f"step {step.number}: a dose cannot be measured")
    if _oral(plan):
        top = max(r.max_dose.value, r.daily_dose)
        out += [f"step {s.number} is above {top} mg/day" for s in steps if s.daily_dose > top + EPS]
    paced = plan.options.custom is None
    previous, days = r.daily_dose, None  # days on ``previous`` since a cut reached it
    for step in steps:
        cut = previous - step.daily_dose
        if cut > EPS:
            by_hand = any(f.startswith(HAND_EDIT) for f in step.flags)
            if paced and not by_hand and cut > allowed_cut(plan, previous) + 1e-6:
                out.append(f"step {step.number} cuts {cut:g} from {previous:g}, more than the pace allows")
            if paced and days is not None and days < _least_days(plan, previous, step.daily_dose):
                out.append(f"step {step.number} cuts {previous:g} after {days} days, sooner than the pace")
            days = step.days
        elif cut < -EPS:
            days = None  # reached by a step back: it lasts what the nurse chose
        elif days is not None and step.days is not None:
            days += step.days
        previous = step.daily_dose
    return out
