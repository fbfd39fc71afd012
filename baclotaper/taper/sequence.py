"""The daily doses of a taper, step by step, for a pace and a product.

Each cut is the pace's nominal cut rounded so the new dose stays measurable, rounding towards the
*smaller* cut; when even the smallest measurable cut is larger than the pace asks for, the cut is
one measurable step and the plan says so.  Intervals are never shortened.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt, is_multiple, snap_down, snap_up
from baclotaper.taper.paces import Pace, Phase, Strategy
from baclotaper.taper.regimen import Regimen, limit


class StepKind(StrEnum):
    CUT = "cut"
    HOLD = "hold"
    STEP_BACK = "step_back"


@dataclass(frozen=True)
class StepSpec:
    """A step before it has dates: its daily dose and how long it lasts (``None``: open-ended)."""

    dose: float
    days: int | None
    kind: StepKind = StepKind.CUT
    note: str = ""
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cutter:
    """Sizes the cuts of one plan."""

    pace: Pace
    start_dose: float
    target: float
    quantum: float

    def nominal_cut(self, current: float) -> float:
        phase = self.pace.phase_for(current)
        if phase.strategy is Strategy.PERCENT:
            return current * (phase.percent or 0) / 100
        if phase.strategy is Strategy.SPREAD:
            return self._spread_step(phase)
        return phase.step or 0.0

    def _spread_step(self, phase: Phase) -> float:
        cuts = max(1, (phase.over_days or phase.interval_days) // phase.interval_days)
        return snap_up((self.start_dose - self.target) / cuts, self.quantum)

    def _stops_here(self, current: float, phase: Phase) -> bool:
        return phase.stop_at_or_below is not None and current <= phase.stop_at_or_below + EPS

    def allowed_cut(self, current: float) -> float:
        """The largest cut the pace allows from ``current``: its nominal cut, or one measurable
        step if that is larger, or the whole way to the target once at the stopping dose."""
        phase = self.pace.phase_for(current)
        if self._stops_here(current, phase):
            return current - self.target
        return max(snap_down(self.nominal_cut(current) + EPS, self.quantum), self.quantum)

    def next_dose(self, current: float) -> float:
        phase = self.pace.phase_for(current)
        if self._stops_here(current, phase):
            return self.target
        nominal = self.nominal_cut(current)
        new = snap_up(current - nominal, self.quantum)
        if new > current - self.quantum + EPS:
            new = current - self.quantum
        floor = self.target
        if phase.down_to is not None:
            floor = max(floor, snap_up(phase.down_to, self.quantum))
        return round(max(new, floor), 6)

    def interval(self, current: float) -> int:
        phase = self.pace.phase_for(current)
        if phase.strategy is Strategy.SPREAD and phase.over_days:
            # Measurable steps may force fewer, larger cuts: space them out so the taper still
            # lasts about as long as the pace says (never shorter).
            cuts = math.ceil((self.start_dose - self.target) / self._spread_step(phase) - EPS)
            return max(phase.interval_days, math.ceil(phase.over_days / max(cuts, 1)))
        return phase.interval_days


def taper_sequence(regimen: Regimen, pace: Pace) -> list[StepSpec]:
    """The steps from the first cut to the target, which is the open-ended last step."""
    cutter = Cutter(pace, regimen.daily_dose, regimen.target, regimen.product.quantum)
    max_steps = int(limit("input", "max_steps").value)
    specs: list[StepSpec] = []
    current = regimen.daily_dose
    while current > regimen.target + EPS:
        new = cutter.next_dose(current)
        specs.append(StepSpec(new, cutter.interval(new)))
        current = new
        if len(specs) > max_steps:
            raise InputError(
                "step",
                f"this pace needs more than {max_steps} steps to reach {fmt(regimen.target)} "
                f"{regimen.unit}; choose a larger step or percent",
            )
    specs[-1] = StepSpec(specs[-1].dose, None)
    return specs


def custom_sequence(regimen: Regimen, steps: tuple[tuple[float, int], ...]) -> list[StepSpec]:
    """The prescriber's own steps; the target is added at the end if they did not reach it."""
    product = regimen.product
    specs: list[StepSpec] = []
    previous = regimen.daily_dose
    for number, (dose, days) in enumerate(steps, start=1):
        where = f"step {number} ({fmt(dose)} {regimen.unit})"
        if not regimen.target - EPS <= dose < previous - EPS:
            raise InputError(
                "custom",
                f"{where} must be below {fmt(previous)} {regimen.unit} and at least the target "
                f"of {fmt(regimen.target)} {regimen.unit}",
            )
        if not is_multiple(dose, product.quantum):
            raise InputError(
                "custom",
                f"{where} cannot be measured: {product.description} measure in steps of "
                f"{fmt(product.quantum)} {product.dose_unit}",
            )
        if not 1 <= days <= int(limit("input", "interval_max_days").value):
            raise InputError(
                "custom",
                f"{where} lasts {days} days; allowed 1–{fmt(limit('input', 'interval_max_days').value)}",
            )
        specs.append(StepSpec(dose, days))
        previous = dose
    if not specs:
        raise InputError("custom", "give at least one step, e.g. 50:7,40:7")
    if specs[-1].dose > regimen.target + EPS:
        specs.append(StepSpec(regimen.target, None))
    else:
        specs[-1] = StepSpec(specs[-1].dose, None)
    return specs
