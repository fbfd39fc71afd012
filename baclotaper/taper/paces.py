"""Pace presets (from ``resources/paces.toml``) and the choice of a default for a regimen.

The default is chosen from the regimen with its reasons listed, so the prescriber sees why
("on baclofen 3 years", "eGFR 40"); any preset can be chosen instead, and the interval, step and
percent can be changed.  Nothing here ever makes a plan faster than the prescriber chose.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.taper.regimen import Indication, Regimen, Route, limit


class Strategy(StrEnum):
    FIXED = "fixed"
    PERCENT = "percent"
    SPREAD = "spread"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Phase:
    """One way of cutting, used while the dose is above ``down_to``."""

    strategy: Strategy
    interval_days: int
    step: float | None = None  # fixed: dose units per cut
    percent: float | None = None  # percent: of the current dose per cut
    over_days: int | None = None  # spread: equal cuts over this many days
    stop_at_or_below: float | None = None  # from here the next cut goes to the target
    down_to: float | None = None  # this phase ends at this dose

    def describe(self, unit: str) -> str:
        every = f"every {self.interval_days} day{'s' if self.interval_days != 1 else ''}"
        if self.strategy is Strategy.FIXED:
            text = f"{fmt(self.step or 0)} {unit} {every}"
        elif self.strategy is Strategy.PERCENT:
            text = f"{fmt(self.percent or 0)} % of the current dose {every}"
        elif self.strategy is Strategy.SPREAD:
            text = f"equal steps {every} over {self.over_days} days"
        else:
            text = "the prescriber's own steps"
        if self.down_to is not None:
            text += f" down to {fmt(self.down_to)} {unit}"
        if self.stop_at_or_below is not None:
            text += f"; stop from {fmt(self.stop_at_or_below)} {unit} or less"
        return text


@dataclass(frozen=True)
class Pace:
    key: str
    title: str
    summary: str
    source: str
    tag: str
    route: Route
    phases: tuple[Phase, ...]
    reasons: tuple[str, ...] = ()
    chosen_by: str = "default"  # "default" or "prescriber"
    changes: tuple[str, ...] = ()  # what the prescriber changed, in words
    for_whom: str = ""

    @property
    def main(self) -> Phase:
        return self.phases[-1]

    def phase_for(self, dose: float) -> Phase:
        for phase in self.phases:
            if phase.down_to is None or dose > phase.down_to:
                return phase
        return self.phases[-1]


def preset_table() -> dict[str, dict[str, Any]]:
    return dict(data.load("paces")["presets"])


def presets_for(route: Route) -> list[str]:
    return [k for k, v in preset_table().items() if v["route"] == route]


def _phase(entry: dict[str, Any], *, down_to: float | None = None) -> Phase:
    return Phase(
        strategy=Strategy(entry["strategy"]),
        interval_days=int(entry["interval_days"]),
        step=float(entry["step"]) if "step" in entry else None,
        percent=float(entry["percent"]) if "percent" in entry else None,
        over_days=int(entry["over_days"]) if "over_days" in entry else None,
        stop_at_or_below=float(entry["stop_at_or_below"]) if "stop_at_or_below" in entry else None,
        down_to=down_to,
    )


def load_preset(key: str, regimen: Regimen, *, then: str | None = None) -> Pace:
    table = preset_table()
    if key not in table:
        choices = ", ".join(presets_for(regimen.route))
        raise InputError("pace", f"'{key}' is not a pace; choose {choices}")
    entry = table[key]
    if entry["route"] != regimen.route:
        choices = ", ".join(presets_for(regimen.route))
        raise InputError(
            "pace",
            f"'{key}' is for {entry['route']} baclofen; for {regimen.route} choose {choices}",
        )
    phases: tuple[Phase, ...]
    if entry.get("down_to") == "jurisdiction_max":
        after = load_preset(then or str(entry["then"]), regimen)
        phases = (_phase(entry, down_to=regimen.max_dose.value), *after.phases)
        summary = f"{entry['summary']} ({after.title.lower()})"
    else:
        phases = (_phase(entry),)
        summary = str(entry["summary"])
    return Pace(
        key=key,
        title=str(entry["title"]),
        summary=summary,
        source=str(entry["source"]),
        tag=str(entry["tag"]),
        route=Route(entry["route"]),
        phases=phases,
        for_whom=str(entry.get("for_whom", "")),
    )


# ----- the default for a regimen


def _cautious_reasons(regimen: Regimen) -> list[str]:
    reasons = []
    long_months = limit("risk", "long_therapy_months").value
    # Everyone with a pump has been on it long; for intrathecal only the boxed-warning groups count.
    if regimen.route is Route.ORAL and regimen.on_therapy.months >= long_months:
        reasons.append(f"on baclofen {regimen.on_therapy.words} (≥ {fmt(long_months)} months)")
    if regimen.age is not None and regimen.age >= limit("risk", "older_adult_age").value:
        reasons.append(f"age {regimen.age} (≥ {fmt(limit('risk', 'older_adult_age').value)})")
    child = limit("risk", "child_age").value
    if regimen.route is Route.INTRATHECAL and regimen.age is not None and regimen.age < child:
        reasons.append(f"age {regimen.age} (child under {fmt(limit('risk', 'child_age').value)})")
    if regimen.dialysis:
        reasons.append("on dialysis")
    elif regimen.renal_impaired:
        reasons.append(f"eGFR {fmt(regimen.egfr or 0)} (< {fmt(limit('risk', 'renal_egfr').value)})")
    if regimen.prior_withdrawal:
        reasons.append("earlier withdrawal")
    if regimen.route is Route.ORAL and regimen.daily_dose >= limit("risk", "high_dose_mg").value:
        reasons.append(f"{fmt(regimen.daily_dose)} mg/day (≥ {fmt(limit('risk', 'high_dose_mg').value)})")
    if regimen.pregnant:
        reasons.append("pregnancy")
    return reasons


def default_pace(regimen: Regimen) -> Pace:
    """The preset the regimen calls for, with the reasons it was chosen."""
    defaults = data.load("paces")["defaults"]
    cautious = _cautious_reasons(regimen)
    if regimen.route is Route.INTRATHECAL:
        if cautious:
            key, reasons = defaults["intrathecal_cautious"], cautious
        else:
            key, reasons = (
                defaults["intrathecal"],
                ["intrathecal baclofen with no added risk factor"],
            )
        return replace(load_preset(key, regimen), reasons=tuple(reasons))
    maximum = regimen.max_dose
    if regimen.daily_dose > maximum.value:
        then = defaults["oral_cautious"] if cautious else defaults["oral"]
        reasons = [
            f"{fmt(regimen.daily_dose)} mg/day is above the {regimen.jurisdiction} maximum "
            f"of {fmt(maximum.value)} mg/day",
            *cautious,
        ]
        if regimen.indication is Indication.ALCOHOL:
            reasons.append("alcohol use disorder")
        return replace(load_preset(defaults["oral_high"], regimen, then=then), reasons=tuple(reasons))
    if cautious:
        return replace(load_preset(defaults["oral_cautious"], regimen), reasons=tuple(cautious))
    short = limit("risk", "short_therapy_months").value
    low = limit("risk", "low_dose_mg").value
    if regimen.on_therapy.months < short and regimen.daily_dose <= low:
        short_reasons = (
            f"on baclofen {regimen.on_therapy.words} (< {fmt(short)} months)",
            f"{fmt(regimen.daily_dose)} mg/day (≤ {fmt(low)})",
            "no risk factor",
        )
        return replace(load_preset(defaults["oral_short"], regimen), reasons=short_reasons)
    usual = (
        f"on baclofen {regimen.on_therapy.words}",
        f"{fmt(regimen.daily_dose)} mg/day",
        "no risk factor",
    )
    return replace(load_preset(defaults["oral"], regimen), reasons=usual)


@dataclass(frozen=True)
class PaceChanges:
    """What the prescriber chose instead of the defaults."""

    pace: str | None = None
    interval_days: int | None = None
    step: float | None = None
    percent: float | None = None

    def validate(self, regimen: Regimen) -> None:
        top = int(limit("input", "interval_max_days").value)
        if self.interval_days is not None and not 1 <= self.interval_days <= top:
            raise InputError("interval_days", f"{self.interval_days} is outside 1–{top} days")
        if self.step is not None and not 0 < self.step < regimen.daily_dose:
            raise InputError(
                "step",
                f"{fmt(self.step)} must be more than 0 and less than the current "
                f"{fmt(regimen.daily_dose)} {regimen.unit}",
            )
        if self.step is not None and self.percent is not None:
            raise InputError("percent", "give either a step or a percent, not both")
        most = limit("input", "percent_max").value
        if self.percent is not None and not 0 < self.percent <= most:
            raise InputError("percent", f"{fmt(self.percent)} is outside 0–{fmt(most)} % of the current dose per step")


def choose_pace(regimen: Regimen, changes: PaceChanges) -> Pace:
    """The default pace, or the preset the prescriber named, with their changes applied."""
    changes.validate(regimen)
    default = default_pace(regimen)
    pace = default
    if changes.pace and changes.pace != default.key:
        pace = replace(
            load_preset(changes.pace, regimen),
            reasons=(f"chosen by the prescriber instead of {default.title.lower()}",),
            chosen_by="prescriber",
        )
    said: list[str] = []
    phases = list(pace.phases)
    main = phases[-1]
    if changes.step is not None:
        main = replace(main, strategy=Strategy.FIXED, step=changes.step, percent=None, over_days=None)
        said.append(f"step {fmt(changes.step)} {regimen.unit}")
    elif changes.percent is not None:
        main = replace(main, strategy=Strategy.PERCENT, percent=changes.percent, step=None, over_days=None)
        said.append(f"{fmt(changes.percent)} % of the current dose per step")
    phases[-1] = main
    if changes.interval_days is not None:
        phases = [replace(p, interval_days=changes.interval_days) for p in phases]
        said.append(f"every {changes.interval_days} days")
    if said:
        pace = replace(pace, phases=tuple(phases), chosen_by="prescriber", changes=tuple(said))
    return pace
