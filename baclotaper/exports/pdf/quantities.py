"""How much to dispense: per product strength, for each step and in total.

Tablets and packets are counted from the pieces each administration uses; half tablets are rounded
up to whole tablets per step (a half tablet still needs a whole one dispensed, and a half left at
the end of a step is not counted as carried over).  Liquids are counted in mL and turned into
bottles with the pack sizes of ``resources/printing.toml``, which are assumptions to check locally.
The open-ended last step is not in the totals: it has no end date.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from baclotaper.common import data
from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.plan import Step, TaperPlan
from baclotaper.taper.products import Product, ProductKind


@dataclass(frozen=True)
class Bottle:
    ml: float
    source: str
    tag: str
    note: str


@dataclass(frozen=True)
class StepSupply:
    """One step's need for each item (``"10 mg tablets"`` or ``"mL"``)."""

    step: Step
    per_day: dict[str, Fraction]
    for_step: dict[str, Fraction] | None  # None: the open-ended last step


@dataclass(frozen=True)
class Supply:
    items: tuple[str, ...]  # in print order, e.g. ("20 mg tablets", "10 mg tablets")
    unit: str  # "tablets", "packets", "mL"
    steps: tuple[StepSupply, ...]
    totals: dict[str, Fraction]
    bottle: Bottle | None  # oral liquids only

    def bottles(self, ml: Fraction) -> int | None:
        return None if self.bottle is None else math.ceil(float(ml) / self.bottle.ml - EPS)


@cache
def _bottles() -> dict[tuple[str, float], Bottle]:
    raw = data.load("printing")["bottles"]
    return {
        (str(b["kind"]), float(b["mg_per_ml"])): Bottle(
            ml=float(b["ml"]), source=str(b["source"]), tag=str(b["tag"]), note=str(raw["note"])
        )
        for b in raw["sizes"]
    }


def bottle_for(product: Product) -> Bottle | None:
    if not product.is_liquid:
        return None
    return _bottles().get((str(product.kind), product.concentration))


def _noun(product: Product) -> str:
    return "packets" if product.kind is ProductKind.GRANULES else "tablets"


def item_name(product: Product, strength: float) -> str:
    """``20 mg tablets`` or ``10 mg packets``: one strength of the product, as dispensed."""
    return f"{fmt(strength)} mg {_noun(product)}"


def _pieces_per_day(product: Product, step: Step) -> tuple[dict[str, int], dict[str, int]]:
    """Whole and half pieces a day, by item name."""
    wholes: dict[str, int] = defaultdict(int)
    halves: dict[str, int] = defaultdict(int)
    for administration in step.administrations:
        for piece in product.pieces(administration.dose) or ():
            name = item_name(product, piece.strength)
            (halves if piece.half else wholes)[name] += piece.count
    return wholes, halves


def _solid_step(product: Product, step: Step) -> StepSupply:
    wholes, halves = _pieces_per_day(product, step)
    names = set(wholes) | set(halves)
    per_day = {n: Fraction(wholes.get(n, 0)) + Fraction(halves.get(n, 0), 2) for n in names}
    if step.days is None:
        return StepSupply(step, per_day, None)
    days = step.days
    for_step = {n: Fraction(wholes.get(n, 0) * days + math.ceil(halves.get(n, 0) * days / 2)) for n in names}
    return StepSupply(step, per_day, for_step)


def _liquid_step(product: Product, step: Step) -> StepSupply:
    # Volumes are on the product's measuring grid (0.5 mL), so tenths of a mL are exact.
    ml_per_day = Fraction(round(product.volume_ml(step.daily_dose) * 1000), 1000)
    per_day = {"mL": ml_per_day} if ml_per_day else {}
    if step.days is None:
        return StepSupply(step, per_day, None)
    return StepSupply(step, per_day, {"mL": ml_per_day * step.days} if per_day else {})


def supply(plan: TaperPlan) -> Supply:
    product = plan.regimen.product
    liquid = product.is_liquid or product.kind is ProductKind.INTRATHECAL
    make = _liquid_step if liquid else _solid_step
    steps = tuple(make(product, step) for step in plan.steps)
    totals: dict[str, Fraction] = defaultdict(Fraction)
    for s in steps:
        for name, amount in (s.for_step or {}).items():
            totals[name] += amount
    if liquid:
        items: tuple[str, ...] = ("mL",)
    else:
        strengths = sorted((s.mg for s in product.strengths), reverse=True)
        items = tuple(item_name(product, mg) for mg in strengths)
        used = {name for s in steps for name in s.per_day}
        items = tuple(name for name in items if name in used)
    unit = "mL" if liquid else _noun(product)
    return Supply(items, unit, steps, dict(totals), bottle_for(product))
