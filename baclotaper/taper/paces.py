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
from baclotaper.taper.risk import RiskFactor, pace_setting, risk_factors, risk_score, score_reason


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
    down_to: float | None = None  # this phase ends at this dose

    def describe(self, unit: str) -> str:
        every = f"every {self.interval_days} day{'s' if self.interval_days != 1 else ''}"
        if self.strategy is Strategy.FIXED:
            text = f"{fmt(self.step or 0)} {unit} {every}"
        elif self.strategy is Strategy.PERCENT:
            text = f"{fmt(self.percent or 0)} % of the current dose {every}"
        elif self.strategy is Strategy.SPREAD:
            gap = f"{self.interval_days} day{'s' if self.interval_days != 1 else ''}"
            text = f"equal steps over {self.over_days} days, at least {gap} apart"
        else:
            text = "the prescriber's own steps"
        if self.down_to is not None:
            text += f" down to {fmt(self.down_to)} {unit}"
        return text


@dataclass(frozen=True)
class Pace:
    """A named pace of reductions (its phases), with its source and evidence tag."""

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


def _ansm_fast_phase_why_not(regimen: Regimen, factors: list[RiskFactor]) -> str:
    """Empty when the ANSM 2017 fast phase fits the patient; else why it does not."""
    if regimen.indication is not Indication.ALCOHOL:
        return f"the ANSM 2017 fast phase (10 mg every 2 days) is for alcohol use disorder, not {regimen.indication}"
    adult = limit("risk", "adult_age").value
    if regimen.age is not None and regimen.age < adult:
        return f"the ANSM 2017 fast phase is for adults (age {regimen.age})"
    # The protocol's patients were on long, high-dose therapy: only other factors rule it out.
    others = [f.words for f in factors if f.weight and f.key not in ("long_therapy", "high_dose")]
    if others:
        return f"the ANSM 2017 fast phase is not used with {', '.join(others)}"
    return ""


def default_pace(regimen: Regimen) -> Pace:
    """The preset the regimen calls for, with the reasons it was chosen."""
    defaults = data.load("paces")["defaults"]
    factors = risk_factors(regimen)
    score = risk_score(factors)
    very = score >= pace_setting("very_cautious_score").value
    reasons = [f.reason for f in factors]
    if factors:
        reasons.append(score_reason(factors))
    if regimen.route is Route.INTRATHECAL:
        if very:
            key = defaults["intrathecal_very_cautious"]
        elif score:
            key = defaults["intrathecal_cautious"]
        else:
            key = defaults["intrathecal"]
            reasons.insert(0, "intrathecal baclofen with no added risk factor")
        return replace(load_preset(key, regimen), reasons=tuple(reasons))
    slow = defaults["oral_very_cautious"] if very else defaults["oral_cautious"]
    maximum = regimen.max_dose
    if regimen.daily_dose > maximum.value:
        above = (
            f"{fmt(regimen.daily_dose)} mg/day is above the {regimen.jurisdiction} maximum "
            f"of {fmt(maximum.value)} mg/day"
        )
        why_not = _ansm_fast_phase_why_not(regimen, factors)
        if why_not:
            return replace(load_preset(slow, regimen), reasons=(above, *reasons, why_not))
        then = slow if score else defaults["oral"]
        fits = "alcohol use disorder, adult, no other risk factor: the ANSM 2017 fast phase to the maximum"
        return replace(load_preset(defaults["oral_high"], regimen, then=then), reasons=(above, *reasons, fits))
    if score:
        return replace(load_preset(slow, regimen), reasons=tuple(reasons))
    short = limit("risk", "short_therapy_months").value
    low = limit("risk", "low_dose_mg").value
    if regimen.on_therapy.months < short and regimen.daily_dose <= low:
        short_reasons = (
            f"on baclofen {regimen.on_therapy.words} (< {fmt(short)} months)",
            f"{fmt(regimen.daily_dose)} mg/day (≤ {fmt(low)})",
            *reasons,
        )
        return replace(load_preset(defaults["oral_short"], regimen), reasons=short_reasons)
    usual = (
        f"on baclofen {regimen.on_therapy.words}",
        f"{fmt(regimen.daily_dose)} mg/day",
        *(reasons or ["no risk factor"]),
    )
    return replace(load_preset(defaults["oral"], regimen), reasons=usual)


@dataclass(frozen=True)
class PaceChanges:
    """What the prescriber chose instead of the defaults.

    ``step``, ``percent`` and ``interval_days`` change the phase that tapers to the target (below
    the maximum); ``above_max_step`` and ``above_max_interval_days`` change the phase above the
    maximum, which only the high-dose pace has.
    """

    pace: str | None = None
    interval_days: int | None = None
    step: float | None = None
    percent: float | None = None
    above_max_step: float | None = None
    above_max_interval_days: int | None = None

    def validate(self, regimen: Regimen) -> None:
        top = int(limit("input", "interval_max_days").value)
        for name, days in (
            ("interval_days", self.interval_days),
            ("above_max_interval_days", self.above_max_interval_days),
        ):
            if days is not None and not 1 <= days <= top:
                raise InputError(name, f"{days} is outside 1–{top} days")
        for name, step in (("step", self.step), ("above_max_step", self.above_max_step)):
            if step is not None and not 0 < step < regimen.daily_dose:
                raise InputError(
                    name,
                    f"{fmt(step)} must be more than 0 and less than the current "
                    f"{fmt(regimen.daily_dose)} {regimen.unit}",
                )
        if self.step is not None and self.percent is not None:
            raise InputError("percent", "give either a step or a percent, not both")
        most = limit("input", "percent_max").value
        if self.percent is not None and not 0 < self.percent <= most:
            raise InputError("percent", f"{fmt(self.percent)} is outside 0–{fmt(most)} % of the current dose per step")


def choose_pace(regimen: Regimen, changes: PaceChanges) -> Pace:
    """The default pace, or the preset the prescriber named, with their changes applied to the
    phase each option names."""
    changes.validate(regimen)
    default = default_pace(regimen)
    pace = default
    if changes.pace and changes.pace != default.key:
        pace = replace(
            load_preset(changes.pace, regimen),
            reasons=(f"chosen by the prescriber instead of {default.title.lower()}", *default.reasons),
            chosen_by="prescriber",
        )
    said: list[str] = []
    phases = list(pace.phases)
    has_fast = len(phases) > 1
    where = " below the maximum" if has_fast else ""
    main = phases[-1]
    if changes.step is not None:
        main = replace(main, strategy=Strategy.FIXED, step=changes.step, percent=None, over_days=None)
        said.append(f"step {fmt(changes.step)} {regimen.unit}{where}")
    elif changes.percent is not None:
        main = replace(main, strategy=Strategy.PERCENT, percent=changes.percent, step=None, over_days=None)
        said.append(f"{fmt(changes.percent)} % of the current dose per step{where}")
    if changes.interval_days is not None:
        main = replace(main, interval_days=changes.interval_days)
        said.append(f"every {changes.interval_days} days{where}")
    phases[-1] = main
    if changes.above_max_step is not None or changes.above_max_interval_days is not None:
        if not has_fast:
            name = "above_max_step" if changes.above_max_step is not None else "above_max_interval_days"
            raise InputError(name, f"applies only to a pace with a phase above the maximum; {pace.title} has none")
        fast = phases[0]
        if changes.above_max_step is not None:
            fast = replace(fast, strategy=Strategy.FIXED, step=changes.above_max_step, percent=None)
            said.append(f"step {fmt(changes.above_max_step)} {regimen.unit} above the maximum")
        if changes.above_max_interval_days is not None:
            fast = replace(fast, interval_days=changes.above_max_interval_days)
            said.append(f"every {changes.above_max_interval_days} days above the maximum")
        phases[0] = fast
    if said:
        pace = replace(pace, phases=tuple(phases), chosen_by="prescriber", changes=tuple(said))
    return pace
