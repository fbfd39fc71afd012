"""What the regimen form holds, as typed, and its translation into the core's inputs.

The form keeps the prescriber's raw text (``"60"``, ``"18m"``, ``"10+10+20"``) so that an invalid
entry can stay on screen with its message; :meth:`FormState.to_inputs` turns it into a
:class:`Regimen` and :class:`PlanOptions` or raises :class:`InputError` naming the field.
This module has no Qt in it: it is tested like the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import NumberTextError, fmt, read_decimal
from baclotaper.taper.durations import Duration
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.products import (
    Product,
    ProductKind,
    default_strengths,
    granules,
    intrathecal,
    intrathecal_concentrations,
    liquid,
    liquid_table,
    offered,
    parse_product,
    tablets,
)
from baclotaper.taper.regimen import Indication, Regimen, Route, limit
from baclotaper.taper.split import DEFAULT_CUT_ORDER, parse_cut_order, slot_names

if TYPE_CHECKING:
    from baclotaper.taper.plan import PlanOptions, TaperPlan

TABLETS = "tablets"
GRANULES = "granules"


@dataclass(frozen=True)
class ProductChoice:
    """One entry of the product list: ``key`` is what the form stores."""

    key: str
    label: str
    route: Route


def product_choices(route: Route) -> list[ProductChoice]:
    """The products offered for ``route``, in the order the product list shows them."""
    if route is Route.INTRATHECAL:
        return [
            ProductChoice(
                f"intrathecal:{fmt(float(c['mcg_per_ml']))}",
                f"Intrathecal {fmt(float(c['mcg_per_ml']))} mcg/mL",
                route,
            )
            for c in intrathecal_concentrations()
            if not c["screening_only"]
        ]
    choices = [ProductChoice(TABLETS, "Tablets", route)]
    choices += [
        ProductChoice(f"{e['kind']}:{fmt(float(e['mg_per_ml']))}", str(e["label"]), route) for e in liquid_table()
    ]
    packets = ", ".join(fmt(s.mg) for s in granules().strengths)
    choices.append(ProductChoice(GRANULES, f"Granule packets ({packets} mg)", route))
    return choices


def route_of(product_key: str) -> Route:
    return Route.INTRATHECAL if product_key.startswith("intrathecal:") else Route.ORAL


# Longer words for time on therapy: "18 months" means "18m".
_DURATION_WORDS = re.compile(r"^\s*(\d{1,4})\s*(d|w|m|y)[a-z]*\s*$", re.IGNORECASE)


def normalise_duration(text: str) -> str:
    match = _DURATION_WORDS.match(text)
    return f"{match.group(1)}{match.group(2).lower()}" if match else text.strip()


@dataclass(frozen=True)
class FormState:
    """Everything on the regimen form; texts exactly as typed."""

    product: str = TABLETS
    strengths: tuple[float, ...] = field(default_factory=default_strengths)
    allow_splitting: bool = False
    dose: str = ""
    per_day: int = 3
    split: str = ""
    on_therapy: str = ""
    start: date = field(default_factory=date.today)
    target: str = "0"
    pace: str = ""  # "" = the default preset for the regimen
    interval_days: str = ""
    step: str = ""
    percent: str = ""
    cut_order: str = ""
    avoid_weekdays: frozenset[int] = frozenset()
    age: str = ""
    egfr: str = ""
    dialysis: bool = False
    prior_withdrawal: bool = False
    pregnant: bool = False
    due_date: str = ""  # expected delivery, YYYY-MM-DD ('' = not given)
    sedatives: bool = False
    spinal_injury_t6: bool = False
    communication_difficulty: bool = False
    indication: str = Indication.SPASTICITY.value
    jurisdiction: str = "US"
    details: tuple[tuple[str, str], ...] = ()
    # Steps entered on the command line (``--custom``) and kept from a plan file; the form has no
    # field for them, so they ride along until the user picks a pace preset.
    custom: tuple[tuple[float, int], ...] | None = None
    # The user's decimal mark (from the window's locale): "600,5" is 600.5 only where decimals take
    # a comma; anything else that is not plain digits is refused, never guessed.
    decimal_point: str = "."

    @property
    def route(self) -> Route:
        return route_of(self.product)

    @property
    def unit(self) -> str:
        return "mcg/day" if self.route is Route.INTRATHECAL else "mg/day"

    def detail(self, key: str) -> str:
        return dict(self.details).get(key, "")

    def with_detail(self, key: str, value: str) -> FormState:
        details = dict(self.details)
        if value:
            details[key] = value
        else:
            details.pop(key, None)
        return replace(self, details=tuple(sorted(details.items())))

    # ----- to the core

    def make_product(self) -> Product:
        if self.product == TABLETS:
            if not self.strengths:
                known = ", ".join(fmt(s) for s in sorted(_tablet_strengths()))
                raise InputError("strengths", f"tick at least one tablet strength ({known} mg)")
            return tablets(self.strengths, allow_splitting=self.allow_splitting)
        if self.product == GRANULES:
            return granules()
        kind, _, amount = self.product.partition(":")
        if kind == "intrathecal":
            return intrathecal(float(amount))
        return liquid(ProductKind(kind), float(amount))

    def to_inputs(self) -> tuple[Regimen, PlanOptions]:
        """The regimen and options the form describes; :class:`InputError` names a bad field."""
        product = self.make_product()
        route = self.route
        unit = self.unit
        top = limit("input", "oral_max_mg" if route is Route.ORAL else "intrathecal_max_mcg")
        dp = self.decimal_point
        dose = _number(self.dose, dp, "dose", f"the current daily dose: more than 0, up to {fmt(top.value)} {unit}")
        if not self.on_therapy.strip():
            # An untouched field is told what to enter, not that '' is not a duration.
            raise InputError("on_therapy", "enter the time on baclofen: a whole number and d, w, m or y (18m, 2y, 6w)")
        on_therapy = Duration.parse(normalise_duration(self.on_therapy))
        per_day = self.per_day if route is Route.ORAL else 1
        split = _split(self.split, dp) if route is Route.ORAL and self.split.strip() else None
        target = _number(self.target or "0", dp, "target", f"the target dose: 0 or more, below the current {unit}")
        regimen = Regimen(
            product=product,
            daily_dose=dose,
            on_therapy=on_therapy,
            start=self.start,
            per_day=per_day,
            split=split,
            target=target,
            age=_optional_int(self.age, dp, "age", f"age in whole years, 0–{fmt(limit('input', 'age_max').value)}"),
            egfr=_optional_number(
                self.egfr, dp, "egfr", f"eGFR in mL/min/1.73 m², 0–{fmt(limit('input', 'egfr_max').value)}"
            ),
            dialysis=self.dialysis,
            prior_withdrawal=self.prior_withdrawal,
            pregnant=self.pregnant or bool(self.due_date.strip()),
            due_date=_optional_date(self.due_date, "due_date", "the expected delivery date"),
            sedatives=self.sedatives,
            spinal_injury_t6=self.spinal_injury_t6,
            communication_difficulty=self.communication_difficulty,
            indication=Indication(self.indication),
            jurisdiction=self.jurisdiction,
            extra=_pump_details(dict(self.details), dp) if route is Route.INTRATHECAL else dict(self.details),
        )
        regimen.validate()
        # The engine is imported once a regimen is complete: the empty form of a new window
        # stops above, and the window shows sooner.
        from baclotaper.taper.plan import PlanOptions

        top_days = int(limit("input", "interval_max_days").value)
        options = PlanOptions(
            pace=PaceChanges(
                pace=self.pace or None,
                interval_days=_optional_int(
                    self.interval_days, dp, "interval_days", f"whole days between cuts, 1–{top_days}"
                ),
                step=_optional_number(self.step, dp, "step", f"{unit} off at each cut"),
                percent=_optional_number(
                    self.percent, dp, "percent", f"percent per cut, up to {fmt(limit('input', 'percent_max').value)}"
                ),
            ),
            custom=self.custom,
            cut_order=(
                parse_cut_order(self.cut_order, per_day) if route is Route.ORAL and self.cut_order.strip() else None
            ),
            avoid_weekdays=self.avoid_weekdays,
        )
        return regimen, options

    # ----- from the core

    @classmethod
    def from_plan(cls, plan: TaperPlan, *, decimal_point: str = ".") -> FormState:
        r, o = plan.regimen, plan.options

        def show(value: float) -> str:
            return fmt(value).replace(".", decimal_point)

        state = cls(
            dose=show(r.daily_dose),
            per_day=r.per_day if r.route is Route.ORAL else 3,
            split="+".join(show(d) for d in r.split) if r.split else "",
            on_therapy=str(r.on_therapy),
            start=r.start,
            target=show(r.target),
            pace=o.pace.pace or "",
            interval_days=str(o.pace.interval_days) if o.pace.interval_days is not None else "",
            step=show(o.pace.step) if o.pace.step is not None else "",
            percent=show(o.pace.percent) if o.pace.percent is not None else "",
            cut_order=_short_cut_order(o.cut_order, r.per_day) if o.cut_order else "",
            avoid_weekdays=o.avoid_weekdays,
            age=str(r.age) if r.age is not None else "",
            egfr=show(r.egfr) if r.egfr is not None else "",
            dialysis=r.dialysis,
            prior_withdrawal=r.prior_withdrawal,
            pregnant=r.pregnant,
            due_date=r.due_date.isoformat() if r.due_date else "",
            sedatives=r.sedatives,
            spinal_injury_t6=r.spinal_injury_t6,
            communication_difficulty=r.communication_difficulty,
            indication=r.indication.value,
            jurisdiction=r.jurisdiction,
            details=tuple(sorted((k, v) for k, v in r.extra.items() if v)),
            custom=o.custom,
            decimal_point=decimal_point,
        )
        return with_product(state, r.product)

    @classmethod
    def new(cls, *, product_spec: str, jurisdiction: str, today: date, decimal_point: str = ".") -> FormState:
        """An empty form for a new plan, with the user's default product and jurisdiction."""
        state = cls(jurisdiction=jurisdiction, start=today, decimal_point=decimal_point)
        try:
            product = parse_product(product_spec)
        except InputError:
            return state
        strengths = tuple(s.mg for s in product.strengths)
        if product.kind is ProductKind.TABLETS and strengths == default_strengths():
            # The usual default strengths: offer the jurisdiction's market instead (UK: 5 and 10 mg).
            product = replace(product, strengths=offered(product, default_strengths(jurisdiction)))
        return with_product(state, product)


def tablet_strengths() -> list[tuple[float, bool]]:
    """Every tablet strength the planner knows, with whether it is scored."""
    table = data.load("products")["tablets"]["strengths"]
    return [(float(s["mg"]), bool(s["scored"])) for s in table]


def _tablet_strengths() -> list[float]:
    return [mg for mg, _scored in tablet_strengths()]


def with_product(state: FormState, product: Product) -> FormState:
    """``state`` showing ``product`` in the product fields."""
    if product.kind is ProductKind.TABLETS:
        return replace(
            state,
            product=TABLETS,
            strengths=tuple(s.mg for s in product.strengths),
            allow_splitting=product.allow_splitting,
        )
    if product.kind is ProductKind.GRANULES:
        return replace(state, product=GRANULES)
    return replace(state, product=f"{product.kind}:{fmt(product.concentration)}")


def _short_cut_order(order: tuple[str, ...], per_day: int) -> str:
    """Only the names of the day's own doses, and only if it is not the default order."""
    names = set(slot_names(per_day))
    own = [n for n in order if n in names]
    default = [n for n in DEFAULT_CUT_ORDER if n in names]
    return "" if own == default else ", ".join(own)


def _number(text: str, decimal_point: str, field_name: str, what: str) -> float:
    shown = text.strip()
    if not shown:
        raise InputError(field_name, f"enter {what}")
    try:
        return read_decimal(shown, decimal_point)
    except NumberTextError as exc:
        if exc.ambiguous:
            raise InputError(
                field_name,
                f"'{shown}' is ambiguous: write digits with '{decimal_point}' for decimals and no thousands "
                f"separator; enter {what}",
            ) from None
        raise InputError(field_name, f"'{shown}' is not a number; enter {what}") from None


def _optional_number(text: str, decimal_point: str, field_name: str, what: str) -> float | None:
    return _number(text, decimal_point, field_name, what) if text.strip() else None


def _optional_date(text: str, field_name: str, what: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(field_name, f"'{text.strip()}' is not a date; pick {what} in the calendar") from None


def _optional_int(text: str, decimal_point: str, field_name: str, what: str) -> int | None:
    if not text.strip():
        return None
    value = _number(text, decimal_point, field_name, what)
    if not value.is_integer():
        raise InputError(field_name, f"'{text.strip()}' is not a whole number; enter {what}")
    return int(value)


def _pump_details(details: dict[str, str], decimal_point: str) -> dict[str, str]:
    """The pump's details checked where they are typed: a volume in the user's decimal mark (kept
    as the engine reads it) and dates as YYYY-MM-DD, or :class:`InputError` naming the field."""
    most = limit("input", "reservoir_max_ml").value
    volume = details.get("reservoir_ml", "").strip()
    if volume:
        value = _number(
            volume, decimal_point, "reservoir_ml", f"the reservoir volume in mL, more than 0, up to {fmt(most)}"
        )
        if not 0 < value <= most:
            raise InputError("reservoir_ml", f"{volume} mL is outside 0–{fmt(most)} mL")
        details["reservoir_ml"] = fmt(value)
    for key, name in (("last_refill", "last refill"), ("next_refill", "next refill")):
        text = details.get(key, "").strip()
        try:
            if text:
                date.fromisoformat(text)
        except ValueError:
            raise InputError(key, f"'{text}' is not a date; pick the {name} in the calendar") from None
    return details


def _split(text: str, decimal_point: str) -> tuple[float, ...]:
    parts = [p for p in re.split(r"[+\s]+", text.strip()) if p]
    try:
        return tuple(read_decimal(p, decimal_point) for p in parts)
    except NumberTextError:
        raise InputError("split", f"'{text.strip()}' is not doses joined by +, morning first, e.g. 10+10+20") from None
