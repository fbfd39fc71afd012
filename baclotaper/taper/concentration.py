"""A change of intrathecal concentration planned as a step of its own.

At low rates a strong concentration delivers a few microlitres a day; at high rates a weak one
empties the reservoir within days.  The prescriber can plan a refill with another concentration:
the plan holds the rate for one interval with the new concentration, with a note on what the
refill needs (bridge bolus, who decides).  The step carries the concentration in its flags, so
hand edits and the plan file keep it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.products import Product, intrathecal
from baclotaper.taper.regimen import Regimen, Route
from baclotaper.taper.sequence import StepKind, StepSpec

_PREFIX = "concentration "
_SUFFIX = " mcg/mL"


def flag(mcg_per_ml: float) -> str:
    return f"{_PREFIX}{fmt(mcg_per_ml)}{_SUFFIX}"


def flagged(flags: Iterable[str]) -> float | None:
    """The concentration a step switches to, if it does."""
    for text in flags:
        if text.startswith(_PREFIX) and text.endswith(_SUFFIX):
            try:
                return float(text.removeprefix(_PREFIX).removesuffix(_SUFFIX))
            except ValueError:
                return None
    return None


def products_by_step(regimen: Regimen, specs: Sequence[StepSpec]) -> list[Product]:
    """The product each step delivers: the regimen's until a step switches concentration."""
    product = regimen.product
    out = []
    for spec in specs:
        new = flagged(spec.flags) if regimen.route is Route.INTRATHECAL else None
        if new is not None and new != product.concentration:
            product = intrathecal(new)
        out.append(product)
    return out


def check(regimen: Regimen, change: tuple[float, float] | None) -> None:
    """Raise :class:`InputError` when the planned change cannot be made."""
    if change is None:
        return
    rate, new = change
    if regimen.route is not Route.INTRATHECAL:
        raise InputError("concentration_change", "applies to intrathecal baclofen only")
    try:
        intrathecal(new)
    except InputError as exc:
        raise InputError("concentration_change", exc.message) from None
    if new == regimen.product.concentration:
        raise InputError(
            "concentration_change", f"{fmt(new)} mcg/mL is the pump's concentration already; choose another"
        )
    if not 0 < rate <= regimen.daily_dose:
        raise InputError(
            "concentration_change",
            f"the rate {fmt(rate)} mcg/day must be above 0 and at most today's {fmt(regimen.daily_dose)} mcg/day",
        )


def insert(regimen: Regimen, specs: list[StepSpec], change: tuple[float, float] | None, days: int) -> list[StepSpec]:
    """Hold the rate for ``days`` with the new concentration at the first step at or below the
    change's rate (before the first cut when today's rate is already there)."""
    if change is None:
        return specs
    rate, new = change
    entry = data.load("products")["intrathecal"]["concentration_change_note"]
    note = str(entry["text"]).format(new=fmt(new), old=fmt(regimen.product.concentration))
    if regimen.daily_dose <= rate + EPS:
        at, dose = 0, regimen.daily_dose
    else:
        found = next((i for i, s in enumerate(specs) if EPS < s.dose <= rate + EPS), None)
        if found is None:
            return specs  # the plan never delivers that rate (it stops first)
        at, dose = found + 1, specs[found].dose
        if specs[found].days is None:
            # The maintenance target itself: it is delivered with the new concentration.
            last = specs[found]
            specs[found] = StepSpec(last.dose, None, last.kind, note, (*last.flags, flag(new)))
            return specs
    switch = StepSpec(dose, days, StepKind.HOLD, note, (flag(new),))
    return [*specs[:at], switch, *specs[at:]]
