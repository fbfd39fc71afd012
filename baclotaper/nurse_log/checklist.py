"""The baclofen withdrawal checklist (``resources/checklist.toml``) and checks on a filled entry.

There is no validated baclofen withdrawal scale: the checklist is the documented syndrome, item by
item, with a tier per item.  Its total is a sum of boxes and is always shown with that statement.
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Literal

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.taper.regimen import Route

Tier = Literal["none", "monitor", "call_prescriber", "emergency"]
# What a sign points to (clinical facts section 5: overdose is not withdrawal).
Suggests = Literal["withdrawal", "overdose", "both", "device"]
SUGGESTS: tuple[Suggests, ...] = ("withdrawal", "overdose", "both", "device")
# Ordered from least to most urgent: the advice takes the highest one.
TIERS: tuple[Tier, ...] = ("none", "monitor", "call_prescriber", "emergency")


def as_suggests(name: str) -> Suggests:
    for value in SUGGESTS:
        if value == name:
            return value
    raise ValueError(f"unknown 'suggests' {name!r} (one of {', '.join(SUGGESTS)})")


def tier_rank(tier: Tier) -> int:
    return TIERS.index(tier)


def as_tier(name: str) -> Tier:
    """``name`` as a :data:`Tier`; a typo in a data file fails loudly instead of losing urgency."""
    for tier in TIERS:
        if tier == name:
            return tier
    raise ValueError(f"unknown tier {name!r} (one of {', '.join(TIERS)})")


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    clinician: str
    plain: str
    group: str
    routes: tuple[Route, ...]
    tier: Tier
    source: str
    tag: str
    note: str = ""
    suggests: Suggests = "withdrawal"


@dataclass(frozen=True)
class VitalSign:
    """A vital sign and its plausible entry range (a typo check, not a clinical range)."""

    id: str
    label: str
    unit: str
    minimum: float
    maximum: float
    decimals: int
    source: str
    tag: str

    def check(self, value: float) -> float:
        """``value`` as a float, or an :class:`InputError` naming this field and its range."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(self.id, f"{value!r} is not a number")
        number = float(value)
        if not math.isfinite(number) or not self.minimum <= number <= self.maximum:
            raise InputError(
                self.id,
                f"{fmt(number)} {self.unit} is outside {fmt(self.minimum)}–{fmt(self.maximum)} {self.unit}",
            )
        return number


@dataclass(frozen=True)
class SeverityLevel:
    value: int
    label: str
    plain: str


@dataclass(frozen=True)
class Group:
    id: str
    clinician: str
    plain: str


@dataclass(frozen=True)
class SpasticityScale:
    name: str
    short: str
    levels: tuple[str, ...]
    descriptions: tuple[str, ...]
    source: str
    tag: str


@dataclass(frozen=True)
class Checklist:
    """The checklist for one route: only the items that apply to it, in display order."""

    route: Route
    items: tuple[ChecklistItem, ...]
    groups: tuple[Group, ...]
    severity: tuple[SeverityLevel, ...]
    vitals: tuple[VitalSign, ...]
    spasticity: SpasticityScale
    statement: str
    statement_plain: str

    def item(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise InputError(item_id, f"is not a checklist item for {self.route} baclofen")

    def in_group(self, group_id: str) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.group == group_id)

    def vital(self, vital_id: str) -> VitalSign:
        return _vital_signs()[vital_id]


def _route(route: Route | str) -> Route:
    try:
        return Route(route)
    except ValueError:
        allowed = ", ".join(r.value for r in Route)
        raise InputError("route", f"{route!r} is not one of {allowed}") from None


def _item(raw: dict[str, Any], groups: Container[str]) -> ChecklistItem:
    tier = as_tier(str(raw["tier"]))
    group = str(raw["group"])
    if tier == "none":
        raise ValueError(f"checklist item {raw['id']}: an item needs a tier above 'none'")
    if group not in groups:
        raise ValueError(f"checklist item {raw['id']}: unknown group {group!r}")
    return ChecklistItem(
        id=str(raw["id"]),
        clinician=str(raw["clinician"]),
        plain=str(raw["plain"]),
        group=group,
        routes=tuple(Route(r) for r in raw["routes"]),
        tier=tier,
        source=str(raw["source"]),
        tag=str(raw["tag"]),
        note=str(raw.get("note", "")),
        suggests=as_suggests(str(raw.get("suggests", "withdrawal"))),
    )


@cache
def all_items() -> tuple[ChecklistItem, ...]:
    """Every item of every route, in the file's order (the CSV export's columns)."""
    raw = data.load("checklist")
    items = tuple(_item(item, raw["groups"]) for item in raw["items"])
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise ValueError("checklist.toml: item ids must be unique")
    return items


@cache
def _item_ids() -> frozenset[str]:
    return frozenset(item.id for item in all_items())


@cache
def _vital_signs() -> dict[str, VitalSign]:
    return {
        str(raw["id"]): VitalSign(
            id=str(raw["id"]),
            label=str(raw["label"]),
            unit=str(raw["unit"]),
            minimum=float(raw["min"]),
            maximum=float(raw["max"]),
            decimals=int(raw["decimals"]),
            source=str(raw["source"]),
            tag=str(raw["tag"]),
        )
        for raw in data.load("checklist")["vitals"]
    }


def vital_signs() -> tuple[VitalSign, ...]:
    return tuple(_vital_signs().values())


@cache
def severity_levels() -> tuple[SeverityLevel, ...]:
    return tuple(
        SeverityLevel(value=int(s["value"]), label=str(s["label"]), plain=str(s["plain"]))
        for s in data.load("checklist")["severity"]
    )


@cache
def spasticity_scale() -> SpasticityScale:
    raw = data.load("checklist")["spasticity"]
    return SpasticityScale(
        name=str(raw["name"]),
        short=str(raw["short"]),
        levels=tuple(str(level) for level in raw["levels"]),
        descriptions=tuple(str(d) for d in raw["descriptions"]),
        source=str(raw["source"]),
        tag=str(raw["tag"]),
    )


@cache
def _load(route: Route) -> Checklist:
    raw = data.load("checklist")
    return Checklist(
        route=route,
        items=tuple(item for item in all_items() if route in item.routes),
        groups=tuple(
            Group(id=gid, clinician=str(g["clinician"]), plain=str(g["plain"])) for gid, g in raw["groups"].items()
        ),
        severity=severity_levels(),
        vitals=vital_signs(),
        spasticity=spasticity_scale(),
        statement=str(raw["statement"]["text"]),
        statement_plain=str(raw["statement"]["plain"]),
    )


def load_checklist(route: Route | str) -> Checklist:
    """The checklist for ``route`` ("oral" or "intrathecal"); parsed once per process."""
    return _load(_route(route))


def validate_scores(scores: Mapping[str, int], route: Route | str | None) -> dict[str, int]:
    """Check every score is on the severity scale and names an item of ``route``'s checklist
    (``None``: of any route's, for a log that does not know the route)."""
    allowed = {level.value for level in severity_levels()}
    checked: dict[str, int] = {}
    for item_id, score in scores.items():
        if route is not None:
            load_checklist(route).item(item_id)
        elif item_id not in _item_ids():
            raise InputError(item_id, "is not a checklist item")
        if isinstance(score, bool) or not isinstance(score, int) or score not in allowed:
            raise InputError(item_id, f"score {score!r} is not one of {', '.join(map(str, sorted(allowed)))}")
        checked[item_id] = score
    return checked


def validate_vitals(vitals: Mapping[str, float | None]) -> dict[str, float]:
    """The recorded vital signs (``None`` = not taken), each checked against its entry range.

    Raises :class:`InputError` naming the field, e.g. "temperature: 385 °C is outside 30–45 °C".
    """
    known = _vital_signs()
    checked: dict[str, float] = {}
    for vital_id, value in vitals.items():
        if vital_id not in known:
            raise InputError(vital_id, f"is not a vital sign ({', '.join(known)})")
        if value is not None:
            checked[vital_id] = known[vital_id].check(value)
    systolic, diastolic = checked.get("systolic"), checked.get("diastolic")
    if systolic is not None and diastolic is not None and diastolic >= systolic:
        unit = known["diastolic"].unit
        raise InputError(
            "diastolic",
            f"{fmt(diastolic)} {unit} must be below the systolic {fmt(systolic)} {unit}",
        )
    return checked


@dataclass(frozen=True)
class ObservedRange:
    """How far from now an observation time may be (a typo check, not a clinical rule)."""

    future_slack: timedelta
    earliest_year: int
    source: str
    tag: str


@cache
def observed_range() -> ObservedRange:
    raw = data.load("checklist")["observed_at"]
    return ObservedRange(
        future_slack=timedelta(minutes=float(raw["future_slack_minutes"])),
        earliest_year=int(raw["earliest_year"]),
        source=str(raw["source"]),
        tag=str(raw["tag"]),
    )


def check_observed_at(moment: datetime, now: datetime) -> datetime:
    """``moment`` if it is a plausible observation time at ``now``, else an :class:`InputError`
    for ``observed_at`` saying what is allowed (the window shows it at the field)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError("observed_at", f"{moment.isoformat()} has no time zone")
    allowed = observed_range()
    shown = moment.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")
    latest = (now + allowed.future_slack).astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")
    if moment - now > allowed.future_slack:
        raise InputError("observed_at", f"{shown} is in the future: enter a time up to now ({latest})")
    if moment.astimezone(now.tzinfo).year < allowed.earliest_year:
        raise InputError(
            "observed_at", f"{shown}: check the year (allowed from {allowed.earliest_year} up to now, {latest})"
        )
    return moment


def validate_spasticity(level: str | None) -> str | None:
    """A Modified Ashworth level ("0", "1", "1+", "2", "3", "4") or ``None`` (not assessed)."""
    if level is None:
        return None
    levels = spasticity_scale().levels
    if level not in levels:
        raise InputError("spasticity", f"{level!r} is not one of {', '.join(levels)}")
    return level


def checklist_total(scores: Mapping[str, int]) -> int:
    """The sum of the symptom scores: a checklist total, NOT a validated scale.  Pump items (alarms,
    a catheter problem, a refill) are not symptoms and are not added, as on the paper form."""
    return sum(score for item_id, score in scores.items() if item_id not in _device_items())


@cache
def _device_items() -> frozenset[str]:
    return frozenset(item.id for item in all_items() if item.suggests == "device")
