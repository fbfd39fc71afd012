"""The taper plan: steps with dates and the administrations a patient actually takes.

``build_plan`` turns a regimen and the prescriber's choices into a :class:`TaperPlan`;
``rebuild`` lays out a changed list of steps (a hand edit, a hold, a step back) the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from baclotaper.errors import InputError
from baclotaper.numbers import EPS
from baclotaper.paces import Pace, PaceChanges, choose_pace
from baclotaper.plan_warnings import PlanWarning, plan_warnings
from baclotaper.regimen import Regimen, Route
from baclotaper.schedule import lay_out
from baclotaper.sequence import StepKind, StepSpec, custom_sequence, taper_sequence
from baclotaper.split import DEFAULT_CUT_ORDER, even_split, resplit, slot_names

CONTINUOUS = "continuous"


@dataclass(frozen=True)
class PlanOptions:
    """What the prescriber chose beyond the regimen."""

    pace: PaceChanges = field(default_factory=PaceChanges)
    custom: tuple[tuple[float, int], ...] | None = None  # (daily dose, days) per step
    cut_order: tuple[str, ...] | None = None
    avoid_weekdays: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Administration:
    time: str  # "morning", "midday", ... or "continuous" for a pump
    dose: float
    amount: str  # "1 × 10 mg tablet + ½ × 10 mg tablet"
    plain: str  # "1 and a half 10 mg tablets"


@dataclass(frozen=True)
class Step:
    number: int
    start: date
    end: date | None  # inclusive; None for the open-ended last step
    daily_dose: float
    administrations: tuple[Administration, ...]
    kind: StepKind = StepKind.CUT
    note: str = ""
    flags: tuple[str, ...] = ()

    @property
    def days(self) -> int | None:
        return None if self.end is None else (self.end - self.start).days + 1

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def spec(self) -> StepSpec:
        return StepSpec(self.daily_dose, self.days, self.kind, self.note, self.flags)


@dataclass(frozen=True)
class TaperPlan:
    regimen: Regimen
    options: PlanOptions
    pace: Pace
    steps: tuple[Step, ...]
    warnings: tuple[PlanWarning, ...]

    @property
    def unit(self) -> str:
        return self.regimen.unit

    @property
    def specs(self) -> list[StepSpec]:
        return [s.spec for s in self.steps]

    @property
    def stop_date(self) -> date:
        """The day the target dose starts."""
        return self.steps[-1].start

    @property
    def total_days(self) -> int:
        return (self.stop_date - self.steps[0].start).days

    @property
    def starting_administrations(self) -> tuple[Administration, ...]:
        return _administrations(self.regimen, self.starting_split)

    @property
    def starting_split(self) -> tuple[float, ...]:
        return starting_split(self.regimen, self.options)

    def step_on(self, day: date) -> Step | None:
        for step in self.steps:
            if step.covers(day):
                return step
        return None

    def dose_on(self, day: date) -> float:
        """The daily dose on ``day``: the current dose before the plan starts."""
        step = self.step_on(day)
        return self.regimen.daily_dose if step is None else step.daily_dose


def starting_split(regimen: Regimen, options: PlanOptions) -> tuple[float, ...]:
    if regimen.route is Route.INTRATHECAL:
        return (regimen.daily_dose,)
    if regimen.split is not None:
        return regimen.split
    order = options.cut_order or DEFAULT_CUT_ORDER
    return even_split(regimen.daily_dose, regimen.per_day, regimen.product.quantum, order)


def _administrations(regimen: Regimen, split: tuple[float, ...]) -> tuple[Administration, ...]:
    product = regimen.product
    if regimen.route is Route.INTRATHECAL:
        dose = split[0]
        return (Administration(CONTINUOUS, dose, product.amount(dose), product.plain(dose)),)
    names = slot_names(len(split))
    return tuple(
        Administration(name, dose, product.amount(dose), product.plain(dose))
        for name, dose in zip(names, split, strict=True)
        if dose > EPS
    )


def materialize(regimen: Regimen, options: PlanOptions, specs: list[StepSpec]) -> tuple[Step, ...]:
    """Dates and administrations for each step, in order."""
    if not specs:
        raise InputError("steps", "a plan needs at least one step")
    product = regimen.product
    order = options.cut_order or DEFAULT_CUT_ORDER
    shape = starting_split(regimen, options)
    split = shape
    dates = lay_out(
        regimen.start,
        [s.days for s in specs[:-1]] + [None],
        options.avoid_weekdays,
        [s.kind is StepKind.CUT for s in specs],
    )
    steps = []
    for number, (spec, (start, end)) in enumerate(zip(specs, dates, strict=True), start=1):
        if regimen.route is Route.INTRATHECAL:
            split = (spec.dose,)
        else:
            split = resplit(split, shape, spec.dose, product.quantum, order)
        steps.append(
            Step(
                number=number,
                start=start,
                end=end,
                daily_dose=spec.dose,
                administrations=_administrations(regimen, split),
                kind=spec.kind,
                note=spec.note,
                flags=spec.flags,
            )
        )
    return tuple(steps)


def build_plan(regimen: Regimen, options: PlanOptions | None = None) -> TaperPlan:
    """The default plan for ``regimen`` with the prescriber's ``options``.

    Raises :class:`InputError` naming the field when the input cannot make a plan.
    """
    options = options or PlanOptions()
    regimen.validate()
    pace = choose_pace(regimen, options.pace)
    if options.custom is not None:
        pace = replace(
            pace,
            key="custom",
            title="Custom steps",
            summary="The prescriber's own steps",
            source="Prescriber's choice",
            tag="C",
            chosen_by="prescriber",
            reasons=("steps entered by the prescriber",),
        )
        specs = custom_sequence(regimen, options.custom)
    else:
        specs = taper_sequence(regimen, pace)
    steps = materialize(regimen, options, specs)
    plan = TaperPlan(regimen, options, pace, steps, ())
    return replace(plan, warnings=plan_warnings(plan))


def rebuild(plan: TaperPlan, specs: list[StepSpec]) -> TaperPlan:
    """The same plan with a changed list of steps, laid out and checked again."""
    if specs[-1].days is not None:
        specs = [*specs[:-1], replace(specs[-1], days=None)]
    steps = materialize(plan.regimen, plan.options, specs)
    new = replace(plan, steps=steps, warnings=())
    return replace(new, warnings=plan_warnings(new))
