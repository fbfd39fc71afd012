"""The patient's current baclofen regimen and what changes the pace: the planner's input."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from baclotaper.common import bounds, data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt, is_multiple
from baclotaper.taper.durations import Duration
from baclotaper.taper.products import Product, ProductKind


class Route(StrEnum):
    ORAL = "oral"
    INTRATHECAL = "intrathecal"


class Indication(StrEnum):
    SPASTICITY = "spasticity"
    ALCOHOL = "alcohol"
    OTHER = "other"


# Optional details for printing, kept in ``Regimen.extra`` under these keys (label for display).
DETAIL_FIELDS: dict[str, str] = {
    "patient_name": "Patient name or initials",
    "patient_id": "Patient identifier",
    "date_of_birth": "Date of birth",
    "prescriber": "Prescriber or clinic",
    "contact": "Prescriber or clinic phone",
    "pump_team_phone": "Pump team phone (intrathecal)",
    "pump_model": "Pump model (intrathecal)",
    "reservoir_ml": "Pump reservoir volume, mL (intrathecal)",
    "last_refill": "Last pump refill date, YYYY-MM-DD (intrathecal)",
    "next_refill": "Next pump refill date, YYYY-MM-DD (intrathecal)",
    "notes": "Notes",
}
# How long each detail may be (``resources/limits.toml`` [text]); any other detail is one short line.
DETAIL_TEXT: dict[str, bounds.TextKind] = {
    "patient_name": bounds.TextKind.NAME,
    "patient_id": bounds.TextKind.IDENTIFIER,
    "notes": bounds.TextKind.NOTE,
}


def check_details_text(extra: dict[str, str]) -> None:
    """Each printed detail within its length limit: :class:`InputError` names the detail."""
    for key, value in extra.items():
        bounds.check_text(key, value, DETAIL_TEXT.get(key, bounds.TextKind.SHORT))


def jurisdictions() -> dict[str, data.Sourced]:
    return {k: data.sourced(v) for k, v in data.load("limits")["max_daily_dose"].items()}


def limit(section: str, key: str) -> data.Sourced:
    """A sourced number from ``resources/limits.toml``."""
    return data.sourced(data.load("limits")[section][key])


@dataclass(frozen=True)
class Regimen:
    """The current regimen the taper starts from, with what changes its pace."""

    product: Product
    daily_dose: float  # mg/day oral, mcg/day intrathecal
    on_therapy: Duration
    start: date
    per_day: int = 3
    split: tuple[float, ...] | None = None  # per administration, morning first; None = even
    target: float = 0.0
    age: int | None = None
    egfr: float | None = None
    dialysis: bool = False
    prior_withdrawal: bool = False
    pregnant: bool = False
    due_date: date | None = None  # expected delivery, with pregnancy
    sedatives: bool = False
    spinal_injury_t6: bool = False  # spinal cord injury at T6 or above (boxed-warning group)
    communication_difficulty: bool = False  # cannot reliably report symptoms (boxed-warning group)
    indication: Indication = Indication.SPASTICITY
    jurisdiction: str = "US"
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Callers (the form, the plan file) may pass plain strings for the enum.
        object.__setattr__(self, "indication", Indication(self.indication))

    @property
    def route(self) -> Route:
        return Route.INTRATHECAL if self.product.kind is ProductKind.INTRATHECAL else Route.ORAL

    @property
    def unit(self) -> str:
        return self.product.unit

    @property
    def administrations_per_day(self) -> int:
        return 1 if self.route is Route.INTRATHECAL else self.per_day

    @property
    def max_dose(self) -> data.Sourced:
        """The jurisdiction's maximum, from the indication's own source where it has one."""
        by_indication = data.load("limits").get("max_daily_dose_by_indication", {}).get(str(self.indication), {})
        if self.jurisdiction in by_indication:
            return data.sourced(by_indication[self.jurisdiction])
        return jurisdictions()[self.jurisdiction]

    @property
    def input_max(self) -> float:
        """The largest daily dose the planner accepts on this route (its input limit)."""
        return limit("input", "oral_max_mg" if self.route is Route.ORAL else "intrathecal_max_mcg").value

    def highest_step(self) -> data.Sourced | None:
        """The jurisdiction's maximum for oral baclofen: no step of a taper goes above both it and
        today's dose (``None`` for a pump)."""
        return self.max_dose if self.route is Route.ORAL else None

    @property
    def is_child(self) -> bool:
        return self.age is not None and self.age < limit("risk", "child_age").value

    @property
    def renal_impaired(self) -> bool:
        threshold = limit("risk", "renal_egfr").value
        return self.dialysis or (self.egfr is not None and self.egfr < threshold)

    def validate(self) -> Regimen:
        """Raise :class:`InputError` naming the first bad field; return self when all is well."""
        unit = self.unit
        bounds.check_day("start", self.start)  # a plan runs for years after it: 9999-12-31 overflows
        check_details_text(self.extra)
        top = self.input_max
        if not self.daily_dose > 0:
            raise InputError("dose", f"must be more than 0 {unit} (up to {fmt(top)} {unit})")
        if self.daily_dose > top:
            raise InputError(
                "dose",
                f"{fmt(self.daily_dose)} {unit} is above {fmt(top)} {unit}, the most this planner accepts",
            )
        lo, hi = int(limit("input", "per_day_min").value), int(limit("input", "per_day_max").value)
        if self.route is Route.ORAL and not lo <= self.per_day <= hi:
            raise InputError("per_day", f"{self.per_day} doses a day is outside {lo}–{hi}")
        if self.jurisdiction not in jurisdictions():
            raise InputError(
                "jurisdiction",
                f"'{self.jurisdiction}' is not known; choose {', '.join(jurisdictions())}",
            )
        if not math.isfinite(self.target) or self.target < 0 or self.target >= self.daily_dose - EPS:
            raise InputError(
                "target",
                f"{fmt(self.target)} {unit} must be at least 0 and below the current dose "
                f"of {fmt(self.daily_dose)} {unit}",
            )
        if self.age is not None and not 0 <= self.age <= limit("input", "age_max").value:
            raise InputError("age", f"{self.age} is outside 0–{fmt(limit('input', 'age_max').value)} years")
        if self.egfr is not None and not 0 <= self.egfr <= limit("input", "egfr_max").value:
            raise InputError(
                "egfr",
                f"{fmt(self.egfr)} is outside 0–{fmt(limit('input', 'egfr_max').value)} mL/min/1.73 m²",
            )
        if self.due_date is not None:
            if not self.pregnant:
                raise InputError("due_date", "an expected delivery date needs pregnancy ticked")
            most = int(limit("input", "due_date_max_days").value)
            # A date shortly before the start is kept: a step back recorded in the first step starts
            # the revised plan on its own day, which may fall after the expected delivery.
            past = int(limit("input", "due_date_past_days").value)
            if not -past <= (self.due_date - self.start).days <= most:
                raise InputError(
                    "due_date",
                    f"{self.due_date.isoformat()} must be from {past} days before the plan's start "
                    f"({self.start.isoformat()}) to {most} days after it",
                )
        self._validate_measurable()
        return self

    def _validate_measurable(self) -> None:
        product = self.product
        grid = f"{product.description} measure in steps of {fmt(product.quantum)} {product.dose_unit}"
        if self.route is Route.INTRATHECAL:
            if not product.can_measure(self.daily_dose):
                raise InputError("dose", f"{fmt(self.daily_dose)} mcg/day: {grid}")
            if not product.can_measure(self.target):
                raise InputError("target", f"{fmt(self.target)} mcg/day: {grid}")
            return
        split = self.split
        if split is not None:
            if len(split) != self.per_day:
                raise InputError("split", f"has {len(split)} doses but {self.per_day} doses a day were given")
            if not all(math.isfinite(d) for d in split):
                raise InputError("split", f"{' + '.join(fmt(d) for d in split)}: each dose must be a number of mg")
            if any(d < 0 for d in split):
                raise InputError("split", "doses cannot be negative")
            if abs(sum(split) - self.daily_dose) > 1e-6:
                parts = " + ".join(fmt(d) for d in split)
                raise InputError(
                    "split",
                    f"{parts} = {fmt(sum(split))} mg, not the daily dose of {fmt(self.daily_dose)} mg",
                )
            for d in split:
                if not product.can_measure(d):
                    raise InputError("split", f"{fmt(d)} mg cannot be made: {grid}")
        elif not is_multiple(self.daily_dose, product.quantum):
            raise InputError("dose", f"{fmt(self.daily_dose)} mg/day cannot be made: {grid}")
        if not is_multiple(self.target, product.quantum):
            raise InputError("target", f"{fmt(self.target)} mg/day cannot be made: {grid}")
