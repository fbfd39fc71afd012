"""What the pharmacy dispenses at each fill: the doses of the fill's days plus a reserve.

A fill covers ``fill_days`` days (``printing.toml [pharmacy]``, 28 by default, as taper strips come
in 4-week rolls).  Each fill adds ``reserve_days`` days at the highest dose the fill may need: the
dose before the fill's first day, which is what a step back returns to, so that a hold or a step
back never leaves the patient short.  Half tablets are split within the fill (two halves from one
tablet), and a liquid fill is whole bottles.  The open-ended last step has no end date: its supply
is prescribed separately.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from baclotaper.common import data
from baclotaper.common.numbers import EPS, fmt
from baclotaper.exports.pdf.quantities import bottle_for, item_name
from baclotaper.taper.plan import Administration, TaperPlan
from baclotaper.taper.products import Product, ProductKind


@dataclass(frozen=True)
class FillRules:
    fill_days: int
    reserve_days: int
    citation: str


@dataclass(frozen=True)
class Fill:
    number: int
    start: date
    end: date  # inclusive
    doses: tuple[float, ...]  # the daily doses taken in the fill, in order, each once
    need: dict[str, Fraction]  # for the fill's days
    reserve: dict[str, Fraction]
    bottles: int | None  # liquids: whole bottles for need + reserve

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dispense(self, item: str) -> Fraction:
        return self.need.get(item, Fraction(0)) + self.reserve.get(item, Fraction(0))


def fill_rules() -> FillRules:
    raw = data.load("printing")["pharmacy"]
    fill, reserve = data.sourced(raw["fill_days"]), data.sourced(raw["reserve_days"])
    return FillRules(
        int(fill.value),
        int(reserve.value),
        f"{fmt(fill.value)}-day fills: {fill.citation}; {fmt(reserve.value)} days' reserve: {reserve.citation}",
    )


def _per_day(product: Product, administrations: tuple[Administration, ...]) -> dict[str, Fraction]:
    """Pieces (halves as ½) or mL a day, by item."""
    if product.is_liquid:
        ml = sum((Fraction(round(product.volume_ml(a.dose) * 1000), 1000) for a in administrations), Fraction(0))
        return {"mL": ml} if ml else {}
    found: dict[str, Fraction] = defaultdict(Fraction)
    for a in administrations:
        for piece in product.pieces(a.dose) or ():
            found[item_name(product, piece.strength)] += Fraction(piece.count, 2 if piece.half else 1)
    return dict(found)


def _whole(product: Product, amount: Fraction) -> Fraction:
    """Halves become whole tablets (two halves from one), mL stay as they are."""
    return amount if product.is_liquid else Fraction(math.ceil(amount))


def _last_counted_day(plan: TaperPlan) -> date | None:
    last = plan.steps[-1]
    if last.end is not None:
        return last.end
    return last.start - timedelta(days=1) if len(plan.steps) > 1 else None


def fills(plan: TaperPlan) -> list[Fill]:
    """The plan's fills from the first change to the day before the open-ended last step."""
    product = plan.regimen.product
    if product.kind is ProductKind.INTRATHECAL:
        return []
    rules = fill_rules()
    bottle = bottle_for(product)
    end = _last_counted_day(plan)
    out: list[Fill] = []
    start = plan.steps[0].start
    before = plan.starting_administrations
    while end is not None and start <= end:
        stop = min(start + timedelta(days=rules.fill_days - 1), end)
        need: dict[str, Fraction] = defaultdict(Fraction)
        highest = _per_day(product, before)  # a step back returns to the dose before the fill
        doses: list[float] = []
        day = start
        while day <= stop:
            step = plan.step_on(day)
            assert step is not None  # the last step is open-ended
            daily = _per_day(product, step.administrations)
            for item, amount in daily.items():
                need[item] += amount
                highest[item] = max(highest.get(item, Fraction(0)), amount)
            if not doses or abs(doses[-1] - step.daily_dose) > EPS:
                doses.append(step.daily_dose)
            before_next = step.administrations
            day += timedelta(days=1)
        whole = {item: _whole(product, amount) for item, amount in need.items()}
        reserve = {item: _whole(product, amount * rules.reserve_days) for item, amount in highest.items()}
        bottles = None
        if bottle is not None:
            volume = sum(whole.values(), Fraction(0)) + sum(reserve.values(), Fraction(0))
            bottles = math.ceil(float(volume) / bottle.ml - EPS)
        out.append(Fill(len(out) + 1, start, stop, tuple(doses), whole, reserve, bottles))
        before = before_next
        start = stop + timedelta(days=1)
    return out
