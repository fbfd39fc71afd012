"""Baclofen products and the doses each can actually deliver.

A product knows its smallest measurable step (``quantum``), how to make a dose from whole and half
tablets, packets or millilitres, and how to write that dose for a prescriber (``amount``) and for a
patient (``plain``).  Liquids are always written in mg with the mL beside it (ISMP).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from typing import Any

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt, is_multiple

# Work in hundredths of a mg (or mcg) so that piece arithmetic is exact.
_SCALE = 100


class ProductKind(StrEnum):
    TABLETS = "tablets"
    SOLUTION = "solution"
    SUSPENSION = "suspension"
    GRANULES = "granules"
    INTRATHECAL = "intrathecal"


LIQUIDS = (ProductKind.SOLUTION, ProductKind.SUSPENSION)


@dataclass(frozen=True)
class Strength:
    """One tablet strength of a product, and whether the tablet is scored (may be halved)."""

    mg: float
    scored: bool


@dataclass(frozen=True)
class Piece:
    """``count`` pieces of one strength; ``half`` pieces are half tablets."""

    strength: float
    count: int
    half: bool = False


@dataclass(frozen=True)
class Product:
    """What the patient takes: tablets of some strengths, a liquid or granules, or a pump's drug."""

    kind: ProductKind
    strengths: tuple[Strength, ...] = ()
    concentration: float = 0.0  # mg/mL for liquids, mcg/mL for intrathecal
    allow_splitting: bool = False
    measure_step_ml: float = 0.0
    rate_step: float = 0.0
    label: str = field(default="", compare=False)

    def __hash__(self) -> int:
        # Doses are written through caches keyed by the product: hash its fields once, not per dose.
        return self._hash

    @cached_property
    def _hash(self) -> int:
        fields = (self.kind, self.strengths, self.concentration, self.allow_splitting)
        return hash((*fields, self.measure_step_ml, self.rate_step))

    # ----- what it is
    @property
    def route(self) -> str:
        return "intrathecal" if self.kind is ProductKind.INTRATHECAL else "oral"

    @property
    def unit(self) -> str:
        """Unit of a daily dose."""
        return "mcg/day" if self.kind is ProductKind.INTRATHECAL else "mg/day"

    @property
    def dose_unit(self) -> str:
        return "mcg/day" if self.kind is ProductKind.INTRATHECAL else "mg"

    @property
    def is_liquid(self) -> bool:
        return self.kind in LIQUIDS

    @property
    def spec(self) -> str:
        """The command-line form, e.g. ``tablets:10,20`` or ``solution:1mg/ml``."""
        if self.kind in (ProductKind.TABLETS, ProductKind.GRANULES):
            text = f"{self.kind}:{','.join(fmt(s.mg) for s in self.strengths)}"
            return text + ("+split" if self.allow_splitting else "")
        if self.kind is ProductKind.INTRATHECAL:
            return f"intrathecal:{fmt(self.concentration)}mcg/ml"
        return f"{self.kind}:{fmt(self.concentration)}mg/ml"

    @property
    def description(self) -> str:
        if self.kind is ProductKind.TABLETS:
            parts = [f"{fmt(s.mg)} mg{' (scored)' if s.scored else ''}" for s in self.strengths]
            return "Tablets " + ", ".join(parts) + (" — splitting allowed" if self.allow_splitting else "")
        if self.kind is ProductKind.GRANULES:
            return "Granule packets " + ", ".join(f"{fmt(s.mg)} mg" for s in self.strengths)
        if self.kind is ProductKind.INTRATHECAL:
            return f"Intrathecal baclofen {fmt(self.concentration)} mcg/mL"
        return self.label or f"{fmt(self.concentration)} mg/mL oral {self.kind}"

    def splittable(self, strength: Strength) -> bool:
        return self.kind is ProductKind.TABLETS and (strength.scored or self.allow_splitting)

    @property
    def unscored_split(self) -> tuple[float, ...]:
        """Strengths the plan may halve only because the prescriber allowed it."""
        if self.kind is not ProductKind.TABLETS or not self.allow_splitting:
            return ()
        return tuple(s.mg for s in self.strengths if not s.scored)

    # ----- the measurable grid
    @cached_property
    def quantum(self) -> float:
        """Smallest dose step this product measures reliably, per administration."""
        if self.kind is ProductKind.INTRATHECAL:
            return self.rate_step
        if self.is_liquid:
            return round(self.measure_step_ml * self.concentration, 6)
        return _solid_quantum(self._piece_values())

    def _piece_values(self) -> tuple[int, ...]:
        values: list[int] = []
        for s in self.strengths:
            whole = round(s.mg * _SCALE)
            values.append(whole)
            if self.splittable(s):
                values.append(whole // 2)
        return tuple(sorted(set(values)))

    def can_measure(self, dose: float) -> bool:
        if dose < -EPS:
            return False
        if dose < EPS:
            return True
        if self.kind in (ProductKind.TABLETS, ProductKind.GRANULES):
            return self.pieces(dose) is not None
        return is_multiple(dose, self.quantum)

    def pieces(self, dose: float) -> tuple[Piece, ...] | None:
        """Fewest tablets/packets that make ``dose`` (``None`` if they cannot)."""
        return _pieces(self, round(dose * _SCALE))

    # ----- how a dose is written
    def amount(self, dose: float) -> str:
        """Compact wording for the prescriber and pharmacist."""
        return _amount(self, round(dose * _SCALE))

    def plain(self, dose: float) -> str:
        """Plain wording for the patient's schedule."""
        return _plain(self, round(dose * _SCALE))

    def volume_ml(self, dose: float) -> float:
        if not self.concentration:
            raise ValueError(f"{self.kind} has no volume")
        return dose / self.concentration


def _solid_quantum(values: tuple[int, ...]) -> float:
    """The smallest step ``q`` for which every multiple of ``q`` can be made from the pieces.

    With 15 mg (unscored) and 20 mg tablets the gcd is 5 mg, yet 5 mg cannot be made; such a set
    measures in 10 mg steps instead.  Checking up to four of the largest piece is enough: any
    larger multiple is that plus whole largest pieces.
    """
    g = 0
    for v in values:
        g = math.gcd(g, v)
    units = tuple(v // g for v in values)
    limit = max(units) * 4
    reachable = [False] * (limit + 1)
    reachable[0] = True
    for total in range(1, limit + 1):
        reachable[total] = any(u <= total and reachable[total - u] for u in units)
    step = 1
    while not all(reachable[k] for k in range(step, limit + 1, step)):
        step += 1
    return step * g / _SCALE


@cache
def _pieces(product: Product, dose: int) -> tuple[Piece, ...] | None:
    if product.kind not in (ProductKind.TABLETS, ProductKind.GRANULES) or dose < 0:
        return None
    if dose == 0:
        return ()
    # Each option: (value, strength, half), in units of the gcd of all piece values so the
    # search table stays small.  Cost: fewest pieces, then fewest halves.
    options: list[tuple[int, float, bool]] = []
    for s in product.strengths:
        whole = round(s.mg * _SCALE)
        options.append((whole, s.mg, False))
        if product.splittable(s) and whole % 2 == 0:
            options.append((whole // 2, s.mg, True))
    unit = 0
    for value, _strength, _half in options:
        unit = math.gcd(unit, value)
    if dose % unit:
        return None
    target = dose // unit
    options = [(value // unit, strength, half) for value, strength, half in options]
    inf = (10**9, 10**9)
    best: list[tuple[int, int]] = [inf] * (target + 1)
    choice: list[int] = [-1] * (target + 1)
    best[0] = (0, 0)
    for total in range(1, target + 1):
        for idx, (value, _strength, half) in enumerate(options):
            if value <= total and best[total - value] != inf:
                pieces, halves = best[total - value]
                cand = (pieces + 1, halves + (1 if half else 0))
                if cand < best[total]:
                    best[total], choice[total] = cand, idx
    if best[target] == inf:
        return None
    counts: dict[tuple[float, bool], int] = {}
    total = target
    while total:
        value, strength, half = options[choice[total]]
        counts[(strength, half)] = counts.get((strength, half), 0) + 1
        total -= value
    ordered = sorted(counts.items(), key=lambda kv: (-kv[0][0], kv[0][1]))
    return tuple(Piece(strength, count, half) for (strength, half), count in ordered)


@cache
def _amount(product: Product, dose_scaled: int) -> str:
    dose = dose_scaled / _SCALE
    kind = product.kind
    if kind is ProductKind.INTRATHECAL:
        if dose_scaled == 0:
            return "0 mcg/day: intrathecal delivery stopped, as arranged with the specialist"
        ml = dose / product.concentration
        return f"{fmt(dose)} mcg/day = {_fmt_ml(ml)} mL/day at {fmt(product.concentration)} mcg/mL"
    if product.is_liquid:
        ml = dose / product.concentration
        return f"{fmt(dose)} mg = {_fmt_ml(ml)} mL of {fmt(product.concentration)} mg/mL {kind}"
    pieces = product.pieces(dose)
    if pieces is None:
        return f"{fmt(dose)} mg (cannot be measured with {product.description})"
    noun = "tablet" if kind is ProductKind.TABLETS else "packet"
    parts = []
    for p in pieces:
        count = "½" if p.half and p.count == 1 else (f"{p.count} halves of" if p.half else str(p.count))
        plural = "s" if p.count > 1 and not p.half else ""
        parts.append(f"{count} × {fmt(p.strength)} mg {noun}{plural}")
    return " + ".join(parts)


@cache
def _plain(product: Product, dose_scaled: int) -> str:
    dose = dose_scaled / _SCALE
    kind = product.kind
    if kind is ProductKind.INTRATHECAL:
        return _amount(product, dose_scaled)
    if product.is_liquid:
        ml = dose / product.concentration
        return f"{fmt(dose)} mg = {_fmt_ml(ml)} mL of the {fmt(product.concentration)} mg/mL {kind}"
    pieces = product.pieces(dose)
    if pieces is None:
        return _amount(product, dose_scaled)
    if kind is ProductKind.GRANULES:
        return " and ".join(f"{p.count} packet{'s' if p.count > 1 else ''} of {fmt(p.strength)} mg" for p in pieces)
    wholes = {p.strength: p.count for p in pieces if not p.half}
    halves = {p.strength: p.count for p in pieces if p.half}
    parts = []
    for strength in sorted(set(wholes) | set(halves), reverse=True):
        w, h = wholes.get(strength, 0), halves.get(strength, 0)
        s = fmt(strength)
        if w and h:
            parts.append(f"{w} and a half {s} mg tablets")
        elif w:
            parts.append(f"{w} whole {s} mg tablet{'s' if w > 1 else ''}")
        else:
            parts.append(f"half a {s} mg tablet")
    return " and ".join(parts)


def _fmt_ml(ml: float) -> str:
    return fmt(round(ml, 3))


# ----- building products from resources and from the command line


def _tablet_table() -> dict[float, Strength]:
    table = data.load("products")["tablets"]["strengths"]
    return {float(s["mg"]): Strength(float(s["mg"]), bool(s["scored"])) for s in table}


def default_strengths(jurisdiction: str | None = None) -> tuple[float, ...]:
    """The tablet strengths offered first: the jurisdiction's market where resources list one."""
    table = data.load("products")["tablets"]
    by_market = table.get("default_strengths_by_jurisdiction", {})
    if jurisdiction in by_market:
        return tuple(float(v) for v in by_market[jurisdiction]["strengths"])
    return tuple(float(v) for v in table["default_strengths"])


def offered(product: Product, strengths: Iterable[float]) -> tuple[Strength, ...]:
    """``strengths`` (mg) as the product's kind knows them (tablets with their scoring)."""
    if product.kind is ProductKind.TABLETS:
        return tablets(strengths, allow_splitting=product.allow_splitting).strengths
    return granules(strengths).strengths


def tablets(strengths: Iterable[float] | None = None, *, allow_splitting: bool = False) -> Product:
    table = _tablet_table()
    chosen = sorted(set(strengths if strengths is not None else default_strengths()))
    unknown = [s for s in chosen if s not in table]
    if unknown or not chosen:
        allowed = ", ".join(fmt(s) for s in sorted(table))
        bad = ", ".join(fmt(s) for s in unknown) or "none"
        raise InputError("product", f"tablet strength {bad} mg is not known; choose from {allowed} mg")
    return Product(
        ProductKind.TABLETS,
        strengths=tuple(table[s] for s in chosen),
        allow_splitting=allow_splitting,
    )


def granules(strengths: Iterable[float] | None = None) -> Product:
    known = [float(v) for v in data.load("products")["granules"]["strengths"]]
    chosen = sorted(set(strengths if strengths is not None else known))
    unknown = [s for s in chosen if s not in known]
    if unknown or not chosen:
        allowed = ", ".join(fmt(s) for s in known)
        bad = ", ".join(fmt(s) for s in unknown) or "none"
        raise InputError("product", f"granule packet {bad} mg is not made; choose from {allowed} mg")
    return Product(ProductKind.GRANULES, strengths=tuple(Strength(s, False) for s in chosen))


def liquid_table() -> list[dict[str, Any]]:
    return list(data.load("products")["liquids"]["products"])


def liquid(kind: ProductKind, mg_per_ml: float, *, measure_step_ml: float | None = None) -> Product:
    liquids = data.load("products")["liquids"]
    for entry in liquids["products"]:
        if entry["kind"] == kind and float(entry["mg_per_ml"]) == mg_per_ml:
            step = measure_step_ml or float(liquids["measure_step_ml"]["value"])
            return Product(
                kind,
                concentration=mg_per_ml,
                measure_step_ml=step,
                label=str(entry["label"]),
            )
    allowed = ", ".join(f"{e['kind']}:{fmt(float(e['mg_per_ml']))}mg/ml" for e in liquids["products"])
    raise InputError("product", f"no {fmt(mg_per_ml)} mg/mL oral {kind}; choose {allowed}")


def intrathecal_concentrations() -> list[dict[str, Any]]:
    return list(data.load("products")["intrathecal"]["concentrations"])


def default_intrathecal_concentration() -> float:
    return float(data.load("products")["intrathecal"]["default_mcg_per_ml"])


def intrathecal(mcg_per_ml: float) -> Product:
    concentrations = intrathecal_concentrations()
    maintenance = [float(c["mcg_per_ml"]) for c in concentrations if not c["screening_only"]]
    screening = [float(c["mcg_per_ml"]) for c in concentrations if c["screening_only"]]
    allowed = ", ".join(fmt(c) for c in maintenance)
    if mcg_per_ml in screening:
        raise InputError(
            "concentration",
            f"{fmt(mcg_per_ml)} mcg/mL is the screening (bolus) strength and cannot run a pump "
            f"plan; choose {allowed} mcg/mL",
        )
    if mcg_per_ml not in maintenance:
        raise InputError("concentration", f"{fmt(mcg_per_ml)} mcg/mL is not made; choose {allowed} mcg/mL")
    step = float(data.load("products")["intrathecal"]["rate_step_mcg"]["value"])
    return Product(ProductKind.INTRATHECAL, concentration=mcg_per_ml, rate_step=step)


def _numbers(text: str, field_name: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(field_name, f"'{text}' must be strengths in mg separated by commas, e.g. 10,20") from None


def _concentration(text: str, unit: str) -> float:
    cleaned = text.lower().replace(" ", "").removesuffix(unit)
    try:
        return float(cleaned)
    except ValueError:
        raise InputError("product", f"'{text}' is not a concentration; write it like 1{unit}") from None


def parse_product(spec: str) -> Product:
    """``tablets:10,20``, ``tablets:5,10+split``, ``solution:1mg/ml``, ``suspension:5mg/ml``,
    ``granules:5,10`` or ``intrathecal:500``."""
    text = (spec or "").strip().lower()
    kind_text, _, rest = text.partition(":")
    choices = "tablets:10,20, solution:1mg/ml, solution:2mg/ml, suspension:5mg/ml, granules:5,10,20"
    if kind_text == "tablets":
        split = rest.endswith("+split")
        rest = rest.removesuffix("+split")
        return tablets(_numbers(rest, "product") if rest else None, allow_splitting=split)
    if kind_text == "granules":
        return granules(_numbers(rest, "product") if rest else None)
    if kind_text in (ProductKind.SOLUTION, ProductKind.SUSPENSION):
        if not rest:
            raise InputError("product", f"say the concentration, e.g. {kind_text}:1mg/ml")
        return liquid(ProductKind(kind_text), _concentration(rest, "mg/ml"))
    if kind_text == "intrathecal":
        return intrathecal(_concentration(rest, "mcg/ml") if rest else default_intrathecal_concentration())
    raise InputError("product", f"'{spec}' is not a baclofen product; use one of {choices}")
