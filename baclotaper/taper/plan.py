"""The taper plan: steps with dates and the administrations a patient actually takes.

The model only: :mod:`baclotaper.taper.build` makes and checks plans (it sits above both this
module and the plan's warnings, so the model never imports its own checker).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from baclotaper.common import bounds
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS
from baclotaper.taper.concentration import products_by_step
from baclotaper.taper.paces import Pace, PaceChanges
from baclotaper.taper.products import Product
from baclotaper.taper.regimen import Regimen, Route, limit
from baclotaper.taper.schedule import lay_out
from baclotaper.taper.sequence import StepKind, StepSpec
from baclotaper.taper.split import DEFAULT_CUT_ORDER, even_split, resplit, slot_names

CONTINUOUS = "continuous"
SEVERITY_RANK = {"danger": 0, "caution": 1, "info": 2}


@dataclass(frozen=True)
class PlanOptions:
    """What the prescriber chose beyond the regimen."""

    pace: PaceChanges = field(default_factory=PaceChanges)
    custom: tuple[tuple[float, int], ...] | None = None  # (daily dose, days) per step
    cut_order: tuple[str, ...] | None = None
    avoid_weekdays: frozenset[int] = frozenset()
    concentration_change: tuple[float, float] | None = None  # intrathecal: (at or below mcg/day, new mcg/mL)
    all_strengths: bool = False  # keep every tablet strength offered, not only the fewest needed
    offered_strengths: tuple[float, ...] | None = None  # set by the plan when it used fewer


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
class PlanWarning:
    code: str
    severity: str  # info, caution, danger
    message: str
    source: str
    tag: str
    steps: tuple[int, ...] = ()


@dataclass(frozen=True)
class RevisionNote:
    """Which saved revision of a patient's plan this is (the nurse's log keeps them): printed with it."""

    number: int
    created: datetime
    author: str
    reason: str
    changes: tuple[str, ...] = ()  # what changed for the patient, one line each
    # The newest revision of the plan when this one was read: above ``number``, this one is out of date.
    latest: int | None = None

    @property
    def superseded(self) -> bool:
        return self.latest is not None and self.latest > self.number


@dataclass(frozen=True)
class TaperPlan:
    regimen: Regimen
    options: PlanOptions
    pace: Pace
    steps: tuple[Step, ...]
    warnings: tuple[PlanWarning, ...]
    revision: RevisionNote | None = None

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
        return _administrations(self.regimen, self.regimen.product, self.starting_split)

    @property
    def products(self) -> list[Product]:
        """The product each step delivers (a pump may change concentration on the way)."""
        return products_by_step(self.regimen, self.specs)

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


def _administrations(regimen: Regimen, product: Product, split: tuple[float, ...]) -> tuple[Administration, ...]:
    if regimen.route is Route.INTRATHECAL:
        dose = split[0]
        return (Administration(CONTINUOUS, dose, product.amount(dose), product.plain(dose)),)
    names = slot_names(len(split))
    return tuple(
        Administration(name, dose, product.amount(dose), product.plain(dose))
        for name, dose in zip(names, split, strict=True)
        if dose > EPS
    )


def materialize(
    regimen: Regimen,
    options: PlanOptions,
    specs: list[StepSpec],
    *,
    watch_after_cuts: bool = True,
    length_field: str = "interval_days",
) -> tuple[Step, ...]:
    """Dates and administrations for each step, in order.

    ``watch_after_cuts`` lets new cuts wait for clinic days after them (see ``lay_out``); a plan
    laid out again after an edit keeps the days it has (its cuts already sit where they should).
    A plan that would run past the last year a plan may hold is refused (naming ``length_field``),
    so no plan is shown or saved that its own file could not reopen.
    """
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
        # A hold as the first step keeps today's dose: it may wait for an allowed day like a cut.
        [s.kind is StepKind.CUT or (i == 0 and s.kind is StepKind.HOLD) for i, s in enumerate(specs)],
        watch_days=int(limit("taper_end", "watch_days_after_cut").value),
        watch_later_cuts=watch_after_cuts,
    )
    _check_last_day(dates[-1][0], length_field)
    steps = []
    products = products_by_step(regimen, specs)
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
                administrations=_administrations(regimen, products[number - 1], split),
                kind=spec.kind,
                note=spec.note,
                flags=spec.flags,
            )
        )
    return tuple(steps)


def _check_last_day(day: date, field: str) -> None:
    try:
        bounds.check_day(field, day)
    except InputError:
        last = bounds.care_years()[1]
        raise InputError(
            field,
            f"the plan would reach its target on {day.isoformat()}, after {last}-12-31, the last date a plan may "
            "hold; choose larger steps or shorter intervals",
        ) from None
