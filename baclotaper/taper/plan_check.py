"""The one check for every plan that comes from outside: a plan file, the recovery file, a
revision in the log's database, File ▸ Open, ``--from`` on the command line.

A plan read from outside must keep the engine's own invariants before anything is built, shown or
printed from it: route and unit agree with the product; every dose is a finite number within the
input limits and measurable with the product; dates are contiguous; a dose rises only in a step
back or a flagged hand edit; and the sizes are sane.  The checks reuse the engine's own rules
(:meth:`Regimen.validate`, ``Product.can_measure``, the limits in ``resources/limits.toml``) and
refuse with :class:`PlanFileError` naming the step and the field.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from baclotaper.common import bounds
from baclotaper.common.bounds import TextKind
from baclotaper.common.errors import InputError, PlanFileError
from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import DETAIL_TEXT, Indication, Route, limit
from baclotaper.taper.schedule import WEEKDAY_NAMES
from baclotaper.taper.sequence import Cutter, StepKind
from baclotaper.taper.split import DEFAULT_CUT_ORDER

HAND_EDIT_FLAG = "edited:"
# Flags and lists are short in any plan the app writes; these bound what a damaged file can ask for.
_MAX_FLAGS = 20
_MAX_LIST = 24


def max_steps() -> int:
    return int(limit("input", "max_steps").value)


def max_file_bytes() -> int:
    return int(limit("files", "plan_max_bytes").value)


def max_step_days() -> int:
    # A cut moved off an avoided weekday lengthens the step before it by up to 6 days.
    return int(limit("input", "interval_max_days").value) + 6


def _refuse(where: str, key: str, message: str) -> PlanFileError:
    return PlanFileError(f"{where}, '{key}': {message}")


def number(value: Any, where: str, key: str, *, optional: bool = False) -> float | None:
    """A finite JSON number (``true`` is not a number), or ``None`` when ``optional``."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse(where, key, "is not a number")
    try:
        as_float = float(value)
    except OverflowError:
        raise _refuse(where, key, "is not a finite number") from None
    if not math.isfinite(as_float):
        raise _refuse(where, key, "is not a finite number")
    return as_float


def whole(value: Any, where: str, key: str, low: int, high: int, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(where, key, "is not a whole number")
    if not low <= value <= high:
        raise _refuse(where, key, f"{value} is outside {low}–{high}")
    return value


def text(value: Any, where: str, key: str, kind: TextKind, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _refuse(where, key, "is not text")
    try:
        return bounds.check_text(key, value, kind)
    except InputError as exc:
        raise _refuse(where, key, exc.message) from None


def day(value: Any, where: str, key: str) -> date:
    if not isinstance(value, str):
        raise _refuse(where, key, "is not a date")
    try:
        parsed = date.fromisoformat(value)
        return bounds.check_day(key, parsed)
    except ValueError as exc:
        message = exc.message if isinstance(exc, InputError) else f"'{value[:40]}' is not a date (YYYY-MM-DD)"
        raise _refuse(where, key, message) from None


def short_list(value: Any, where: str, key: str, *, most: int = _MAX_LIST) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _refuse(where, key, "is not a list")
    if len(value) > most:
        raise _refuse(where, key, f"has {len(value)} entries; the most is {most}")
    return value


def flag(value: Any, where: str, key: str) -> None:
    """``true``, ``false`` or absent: ``"no"`` would otherwise be read as yes."""
    if value is not None and not isinstance(value, bool):
        raise _refuse(where, key, "is not true or false")


def choice(value: Any, where: str, key: str, allowed: tuple[str, ...], *, optional: bool = True) -> None:
    if (value is not None or not optional) and value not in allowed:
        raise _refuse(where, key, f"'{str(value)[:40]}' is not one of {', '.join(allowed)}")


def known_keys(obj: dict[str, Any], where: str, known: frozenset[str]) -> None:
    """A misspelt key ("dialisys") would be ignored and its value lost: refuse it instead."""
    for key in obj:
        if key not in known:
            raise _refuse(where, str(key)[:40], "is not a field of a BacloTaper plan (misspelt?)")


# The keys the app writes (planfile.regimen_to_dict, options_to_dict, the steps).
_REGIMEN_FLAGS = (
    "dialysis",
    "prior_withdrawal",
    "pregnant",
    "sedatives",
    "spinal_injury_t6",
    "communication_difficulty",
)
_REGIMEN_KEYS = frozenset(
    {
        "route",
        "product",
        "product_description",
        "daily_dose",
        "per_day",
        "split",
        "on_therapy",
        "start",
        "target",
        "age",
        "egfr",
        "due_date",
        "indication",
        "jurisdiction",
        "details",
        *_REGIMEN_FLAGS,
    }
)
_OPTION_KEYS = frozenset(
    {
        "pace",
        "interval_days",
        "step",
        "percent",
        "above_max_step",
        "above_max_interval_days",
        "custom",
        "cut_order",
        "avoid_weekdays",
        "concentration_change",
        "all_strengths",
        "offered_strengths",
    }
)
_STEP_KEYS = frozenset({"number", "start", "end", "days", "daily_dose", "kind", "note", "flags", "administrations"})


# ----- the document, before anything is built from it


def check_document(doc: dict[str, Any]) -> None:
    """Types, sizes and ranges of a plan's JSON, before the engine builds from it."""
    regimen = doc.get("regimen")
    options = doc.get("options")
    steps = doc.get("steps")
    if not isinstance(regimen, dict):
        raise PlanFileError("plan: 'regimen' is missing or damaged; the file is truncated or not a BacloTaper plan")
    if not isinstance(options, dict):
        raise PlanFileError("plan: 'options' is missing or damaged; the file is truncated or not a BacloTaper plan")
    if not isinstance(steps, list):
        raise PlanFileError("plan: 'steps' is missing or damaged; the file is truncated or not a BacloTaper plan")
    _check_regimen(regimen)
    _check_options(options)
    _check_revision(doc.get("revision"))
    if not steps:
        raise PlanFileError("plan: it has no steps")
    if len(steps) > max_steps():
        raise PlanFileError(f"plan: it has {len(steps)} steps; the most a plan may have is {max_steps()}")
    route = _check_route(doc, regimen)
    top = dose_limit(route)
    for number_, step in enumerate(steps, start=1):
        _check_step(step, number_, last=number_ == len(steps), top=top, unit=unit_of(route))
    _check_dates(steps)


def _check_regimen(r: dict[str, Any]) -> None:
    where = "regimen"
    for key in ("product", "on_therapy", "start"):
        if not isinstance(r.get(key), str):
            raise _refuse(where, key, "is missing or not text")
    text(r["product"], where, "product", TextKind.SHORT)
    text(r["on_therapy"], where, "on_therapy", TextKind.IDENTIFIER)
    day(r["start"], where, "start")
    number(r.get("daily_dose"), where, "daily_dose")
    number(r.get("target", 0), where, "target")
    whole(r.get("per_day", 3), where, "per_day", 1, 99)
    whole(r.get("age"), where, "age", 0, 999, optional=True)
    number(r.get("egfr"), where, "egfr", optional=True)
    for value in short_list(r.get("split"), where, "split"):
        number(value, where, "split")
    for key in ("indication", "jurisdiction"):
        text(r.get(key), where, key, TextKind.IDENTIFIER)
    choice(r.get("indication", "spasticity"), where, "indication", tuple(Indication), optional=False)
    if r.get("due_date") is not None:
        day(r["due_date"], where, "due_date")
    for key in _REGIMEN_FLAGS:
        flag(r.get(key), where, key)
    known_keys(r, where, _REGIMEN_KEYS)
    details = r.get("details") or {}
    if not isinstance(details, dict) or len(details) > _MAX_LIST:
        raise _refuse(where, "details", "is damaged")
    for key, value in details.items():
        kind = DETAIL_TEXT.get(key, TextKind.SHORT)
        text(key, where, "details", TextKind.IDENTIFIER)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise _refuse(where, key, "is not text")
        # Only bounded: an unreadable refill date is kept and shown at its field (the pump's
        # forecast refuses it by itself), so nothing the user typed is lost.
        text(str(value), "details", key, kind)


def _check_options(o: dict[str, Any]) -> None:
    where = "options"
    text(o.get("pace"), where, "pace", TextKind.IDENTIFIER)
    whole(o.get("interval_days"), where, "interval_days", 1, max_step_days(), optional=True)
    number(o.get("step"), where, "step", optional=True)
    number(o.get("percent"), where, "percent", optional=True)
    number(o.get("above_max_step"), where, "above_max_step", optional=True)
    whole(o.get("above_max_interval_days"), where, "above_max_interval_days", 1, max_step_days(), optional=True)
    for pair in short_list(o.get("custom"), where, "custom", most=max_steps()):
        if not isinstance(pair, list) or len(pair) != 2:
            raise _refuse(where, "custom", "each step must be [dose, days]")
        number(pair[0], where, "custom")
        whole(pair[1], where, "custom", 1, max_step_days())
    for key in ("cut_order", "avoid_weekdays"):
        for value in short_list(o.get(key), where, key):
            text(value, where, key, TextKind.IDENTIFIER, optional=False)
    for value in short_list(o.get("cut_order"), where, "cut_order"):
        choice(value, where, "cut_order", DEFAULT_CUT_ORDER)
    for value in short_list(o.get("avoid_weekdays"), where, "avoid_weekdays"):
        choice(value, where, "avoid_weekdays", WEEKDAY_NAMES)
    for value in short_list(o.get("offered_strengths"), where, "offered_strengths"):
        number(value, where, "offered_strengths")
    change = o.get("concentration_change")
    if change is not None:
        pair = short_list(change, where, "concentration_change")
        if len(pair) != 2:
            raise _refuse(where, "concentration_change", "must be [rate, mcg/mL]")
        for value in pair:
            number(value, where, "concentration_change")
    flag(o.get("all_strengths"), where, "all_strengths")
    known_keys(o, where, _OPTION_KEYS)


def dose_limit(route: Route) -> float:
    """The largest daily dose the planner accepts for ``route`` (its input limit)."""
    key = "oral_max_mg" if route is Route.ORAL else "intrathecal_max_mcg"
    return limit("input", key).value


def unit_of(route: Route) -> str:
    return "mcg/day" if route is Route.INTRATHECAL else "mg/day"


def _check_revision(r: Any) -> None:
    """The saved revision's details print on the plan: bounded like the fields they came from."""
    if r is None:
        return
    if not isinstance(r, dict):
        raise PlanFileError("plan: 'revision' has the wrong type")
    where = "revision"
    number_ = whole(r.get("number"), where, "number", 1, 1_000_000)
    latest = whole(r.get("latest"), where, "latest", 1, 1_000_000, optional=True)
    if latest is not None and number_ is not None and latest < number_:
        raise _refuse(where, "latest", f"{latest} is below the revision's own number {number_}")
    text(r.get("author"), where, "author", TextKind.INITIALS, optional=False)
    text(r.get("reason"), where, "reason", TextKind.NOTE)
    for change in short_list(r.get("changes"), where, "changes", most=max_steps()):
        text(change, where, "changes", TextKind.NOTE, optional=False)
    created = r.get("created")
    if not isinstance(created, str):
        raise _refuse(where, "created", "is not a date and time")
    try:
        bounds.check_moment("created", datetime.fromisoformat(created))
    except ValueError as exc:
        message = exc.message if isinstance(exc, InputError) else f"'{created[:40]}' is not a date and time"
        raise _refuse(where, "created", message) from None


def _check_route(doc: dict[str, Any], regimen: dict[str, Any]) -> Route:
    """The route and unit written in the file agree with the product (mcg printed as mg otherwise)."""
    product = str(regimen["product"]).strip().lower()
    route = Route.INTRATHECAL if product.startswith("intrathecal") else Route.ORAL
    unit = unit_of(route)
    for where, key, value in (
        ("regimen", "route", regimen.get("route")),
        ("plan", "route", doc.get("route")),
        ("plan", "unit", doc.get("unit")),
    ):
        expected = unit if key == "unit" else route.value
        if value is not None and value != expected:
            raise _refuse(where, key, f"'{str(value)[:40]}' does not match the product '{product[:40]}' ({expected})")
    return route


def _check_step(s: Any, n: int, *, last: bool, top: float, unit: str) -> None:
    where = f"step {n}"
    if not isinstance(s, dict):
        raise PlanFileError(f"{where}: is not a step; the file is damaged")
    dose = number(s.get("daily_dose"), where, "daily_dose")
    # Before anything is built: making up 1e300 mg from tablets would never finish.
    if dose is None or not 0 <= dose <= top:
        raise _refuse(where, "daily_dose", f"{fmt(dose or 0)} {unit} is outside 0–{fmt(top)} {unit}")
    if not last or s.get("days") is not None:
        whole(s.get("days"), where, "days", 1, max_step_days())
    kind = s.get("kind", "cut")
    if kind not in tuple(StepKind):
        raise _refuse(where, "kind", f"'{str(kind)[:40]}' is not one of {', '.join(StepKind)}")
    text(s.get("note", ""), where, "note", TextKind.NOTE)
    for value in short_list(s.get("flags"), where, "flags", most=_MAX_FLAGS):
        text(value, where, "flags", TextKind.SHORT, optional=False)
    known_keys(s, where, _STEP_KEYS)


def _check_dates(steps: list[dict[str, Any]]) -> None:
    """Each step starts the day after the one before ends, and lasts as many days as it says."""
    previous_end: date | None = None
    for n, s in enumerate(steps, start=1):
        where = f"step {n}"
        if "start" not in s:
            continue  # dates are laid out again from the regimen's start; a file without them is fine
        start = day(s["start"], where, "start")
        end = None if s.get("end") is None else day(s["end"], where, "end")
        if previous_end is not None and start != previous_end + timedelta(days=1):
            raise _refuse(where, "start", f"{start.isoformat()} does not follow the previous step's end")
        if end is not None:
            if end < start:
                raise _refuse(where, "end", f"{end.isoformat()} is before the start {start.isoformat()}")
            if s.get("days") is not None and (end - start).days + 1 != s["days"]:
                raise _refuse(where, "days", f"{s['days']} does not match {start.isoformat()} to {end.isoformat()}")
        elif n != len(steps):
            raise _refuse(where, "end", "only the last step may be open-ended")
        previous_end = end


# ----- the plan, once built: the engine's own invariants


def check_plan(plan: TaperPlan) -> TaperPlan:
    """The built plan keeps the engine's invariants; :class:`PlanFileError` names the step otherwise.

    Like the window's hand edits (``edits.concerns``), a dose that rises outside a step back, or a
    cut larger than the pace allows (an abrupt stop), needs the prescriber's confirmation, which the
    plan records as a hand-edit flag on the step edited; the step after an edited one may change by
    more, as the edit made it (lowering step 3 makes step 4 a rise).
    """
    regimen = plan.regimen
    product = regimen.product
    unit = plan.unit
    top = dose_limit(regimen.route)
    allowed = _allowed_cut(plan)
    previous = regimen.daily_dose
    previous_edited = False
    for step in plan.steps:
        where = f"step {step.number}"
        dose = step.daily_dose
        if not 0 <= dose <= top:
            raise _refuse(where, "daily_dose", f"{fmt(dose)} {unit} is outside 0–{fmt(top)} {unit}")
        if not product.can_measure(dose):
            raise _refuse(
                where,
                "daily_dose",
                f"{fmt(dose)} {unit} cannot be measured: {product.description} measure in steps of "
                f"{fmt(product.quantum)} {product.dose_unit}",
            )
        highest = regimen.highest_step()
        if highest is not None and dose > max(highest.value, regimen.daily_dose) + EPS:
            raise _refuse(
                where,
                "daily_dose",
                f"{fmt(dose)} {unit} is above today's {fmt(regimen.daily_dose)} {unit} and the "
                f"{regimen.jurisdiction} maximum of {fmt(highest.value)} {unit}",
            )
        edited = any(f.startswith(HAND_EDIT_FLAG) for f in step.flags)
        confirmed = edited or previous_edited
        if dose > previous + EPS and step.kind is not StepKind.STEP_BACK and not confirmed:
            raise _refuse(
                where,
                "daily_dose",
                f"rises from {fmt(previous)} to {fmt(dose)} {unit} without being a step back or a flagged hand edit",
            )
        cut = previous - dose
        if step.kind is StepKind.CUT and cut > allowed(previous) + EPS and not confirmed:
            raise _refuse(
                where,
                "daily_dose",
                f"cuts {fmt(cut)} {unit} (from {fmt(previous)} to {fmt(dose)}); the pace allows at most "
                f"{fmt(allowed(previous))} {unit} unless the step is a flagged hand edit",
            )
        previous, previous_edited = dose, edited
    return plan


def _allowed_cut(plan: TaperPlan) -> Callable[[float], float]:
    """The largest cut from a dose: the pace's, or for the prescriber's own steps the largest of them."""
    custom = plan.options.custom
    paced = Cutter.of(plan.regimen, plan.pace).allowed_cut
    if custom is None:
        return paced
    # Below the prescriber's own steps the plan continues at the pace (``custom_sequence``).
    doses = [plan.regimen.daily_dose, *(dose for dose, _days in custom)]
    largest = max((a - b for a, b in itertools.pairwise(doses)), default=0.0)
    return lambda current: max(largest, paced(current))
