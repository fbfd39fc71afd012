"""The daily doses of a taper, step by step, for a pace and a product.

Each cut is the pace's nominal cut rounded so the new dose stays measurable, rounding towards the
*smaller* cut; when even the smallest measurable cut is larger than the pace asks for, the cut is
one measurable step and the plan says so.  Intervals are never shortened.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt, is_multiple, snap_down, snap_up
from baclotaper.taper.paces import Pace, Phase, Strategy
from baclotaper.taper.regimen import Regimen, Route, limit

FINAL_STOP = "final stop"
# The note on steps the plan adds below the prescriber's own steps.
CONTINUED = "continued at the pace below the prescriber's own steps"


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


def taper_end(name: str) -> float:
    """A sourced number from ``resources/limits.toml`` ``[taper_end]``."""
    return limit("taper_end", name).value


def stop_floor(regimen: Regimen) -> float:
    """The highest dose a planned stop may be made from (with a target of 0)."""
    key = "intrathecal_floor_mcg" if regimen.route is Route.INTRATHECAL else "oral_floor_mg"
    return taper_end(key)


def last_dose_min_days(regimen: Regimen) -> int:
    key = "intrathecal_last_dose_min_days" if regimen.route is Route.INTRATHECAL else "oral_last_dose_min_days"
    return int(taper_end(key))


@dataclass(frozen=True)
class Cutter:
    """Sizes the cuts of one plan.

    With a target of 0 the plan comes down in the pace's own steps to the floor (or one measurable
    step, where the product cannot measure the floor), and only from there is the next step the stop.
    On oral baclofen no cut that goes below the tail's start takes more than the tail share of the
    current dose, unless the product cannot measure less: the end of a taper is where a cut is
    largest in percent.
    """

    pace: Pace
    start_dose: float
    target: float
    quantum: float
    floor: float = 0.0
    tail_percent: float | None = None
    tail_start: float = 0.0

    @classmethod
    def of(cls, regimen: Regimen, pace: Pace) -> Cutter:
        oral = regimen.route is Route.ORAL
        return cls(
            pace,
            regimen.daily_dose,
            regimen.target,
            regimen.product.quantum,
            floor=stop_floor(regimen) if regimen.target <= EPS else regimen.target,
            tail_percent=taper_end("oral_tail_max_cut_percent") if oral else None,
            tail_start=taper_end("oral_tail_start_mg") if oral else 0.0,
        )

    def nominal_cut(self, current: float) -> float:
        phase = self.pace.phase_for(current)
        if phase.strategy is Strategy.PERCENT:
            cut = current * (phase.percent or 0) / 100
        elif phase.strategy is Strategy.SPREAD:
            cut = self._spread_step(phase)
        else:
            cut = phase.step or 0.0
        if self.tail_percent is not None:
            # Where the cut would land (never below the target or the phase's end): in the tail?
            landing = max(current - cut, self.target, phase.down_to or 0.0)
            if landing < self.tail_start - EPS:
                cut = min(cut, current * self.tail_percent / 100)
        return cut

    def _spread_step(self, phase: Phase) -> float:
        cuts = max(1, (phase.over_days or phase.interval_days) // phase.interval_days)
        return snap_up((self.start_dose - self.target) / cuts, self.quantum)

    @property
    def stop_level(self) -> float:
        """The dose the stop is made from: the largest measurable dose at or below the floor, or
        one measurable step where the product cannot measure that little."""
        return max(snap_down(self.floor + EPS, self.quantum), self.quantum)

    def stops_from(self, current: float) -> bool:
        """True when the next step is the stop."""
        return self.target <= EPS and current <= self.stop_level + EPS

    def allowed_cut(self, current: float) -> float:
        """The largest cut the pace allows from ``current``: its nominal cut, or one measurable
        step if that is larger, or the whole way to the target once at the stopping dose."""
        if self.stops_from(current):
            return current - self.target
        return max(snap_down(self.nominal_cut(current) + EPS, self.quantum), self.quantum)

    def next_dose(self, current: float) -> float:
        if self.stops_from(current):
            return self.target
        phase = self.pace.phase_for(current)
        nominal = self.nominal_cut(current)
        new = snap_up(current - nominal, self.quantum)
        if new > current - self.quantum + EPS:
            new = current - self.quantum
        bound = self.target if self.target > EPS else self.stop_level
        if phase.down_to is not None:
            bound = max(bound, snap_up(phase.down_to, self.quantum))
        return round(max(new, bound), 6)

    def interval(self, current: float) -> int:
        phase = self.pace.phase_for(current)
        if phase.strategy is Strategy.SPREAD and phase.over_days:
            # Measurable steps may force fewer, larger cuts: space them out so the taper still
            # lasts about as long as the pace says (never shorter).
            cuts = math.ceil((self.start_dose - self.target) / self._spread_step(phase) - EPS)
            return max(phase.interval_days, math.ceil(phase.over_days / max(cuts, 1)))
        return phase.interval_days


def ending_words(regimen: Regimen) -> str:
    """How every pace ends for this regimen, for the pace's summary."""
    unit = regimen.unit
    if regimen.target > EPS:
        return f"down to the target of {fmt(regimen.target)} {unit}"
    parts = []
    if regimen.route is Route.ORAL:
        parts.append(
            f"below {fmt(taper_end('oral_tail_start_mg'))} {unit} cuts of at most "
            f"{fmt(taper_end('oral_tail_max_cut_percent'))} % of the dose (or one measurable step)"
        )
    parts.append(
        f"down to {fmt(stop_floor(regimen))} {unit} or the smallest measurable dose, at least "
        f"{last_dose_min_days(regimen)} days there, then a final stop the prescriber confirms"
    )
    return "; ".join(parts)


def final_stop_note(regimen: Regimen) -> str:
    return str(data.load("paces")["final_stop"][str(regimen.route)])


def end_with_a_planned_stop(regimen: Regimen, specs: list[StepSpec], interval: int) -> list[StepSpec]:
    """With a target of 0: the last dose lasts at least the pace's interval and the last-dose
    minimum, the stop never starts on day 1, and the stop is a step that says what it needs."""
    if regimen.target > EPS or not specs or specs[-1].dose > EPS:
        return specs
    least = max(interval, last_dose_min_days(regimen))
    if len(specs) == 1:
        # Already at (or below) the floor: stay at today's dose while the stop is arranged.
        before = StepSpec(regimen.daily_dose, least, StepKind.HOLD, "Stay at today's dose while the stop is arranged")
        specs = [before, specs[0]]
    else:
        last_dose = specs[-2]
        if last_dose.days is not None and last_dose.days < least:
            specs[-2] = replace(last_dose, days=least)
    stop = specs[-1]
    if FINAL_STOP not in stop.flags:
        specs[-1] = replace(stop, note=stop.note or final_stop_note(regimen), flags=(*stop.flags, FINAL_STOP))
    return specs


def taper_sequence(regimen: Regimen, pace: Pace) -> list[StepSpec]:
    """The steps from the first cut to the target, which is the open-ended last step."""
    cutter = Cutter.of(regimen, pace)
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
    before_stop = specs[-2].dose if len(specs) > 1 else regimen.daily_dose
    return end_with_a_planned_stop(regimen, specs, cutter.interval(before_stop))


def custom_sequence(regimen: Regimen, steps: tuple[tuple[float, int], ...], then: Pace) -> list[StepSpec]:
    """The prescriber's own steps.  Where they stop short of the target, the plan continues from
    the last of them at the pace ``then`` (the regimen's pace, with the prescriber's changes), down
    to the floor and a planned stop: the planner never adds a stop from above the floor that the
    prescriber did not write (``…,0:3`` writes one)."""
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
    last = specs[-1].dose
    if last <= regimen.target + EPS:
        specs[-1] = StepSpec(last, None)
    elif Cutter.of(regimen, then).stops_from(last):
        specs.append(StepSpec(regimen.target, None))
    else:
        note = f"{CONTINUED} ({then.title})"
        rest = taper_sequence(replace(regimen, daily_dose=last), then)
        return [*specs, *(replace(s, note=s.note or note) for s in rest)]
    return end_with_a_planned_stop(regimen, specs, 1)
