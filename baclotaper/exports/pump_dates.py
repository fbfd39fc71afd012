"""A pump patient's dates for the calendar and the calendar file: clinic visits for each rate change,
refill days and the low-reservoir alarm forecast, refill after refill.

The first refill comes from the reservoir forecast (``taper.pump``); each later one assumes the
pump is refilled on the last day of the refill window with the same volume as last time, at the
plan's rates.  No refill is forecast once the pump stops delivering.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.pump import ReservoirForecast, forecast
from baclotaper.taper.regimen import Route

VISIT, REFILL, ALARM, BOOKED = "visit", "refill", "alarm", "booked"
# Short words that fit a calendar cell, by kind.
CELL_WORDS = {VISIT: "Visit", REFILL: "Refill", ALARM: "Alarm?", BOOKED: "Booked"}
_MAX_REFILLS = 24  # a two-year wean with monthly refills; the horizon stops it sooner


@dataclass(frozen=True)
class PumpDate:
    day: date
    kind: str  # VISIT, REFILL, ALARM or BOOKED
    summary: str  # one line for the calendar file
    forecast: ReservoirForecast | None = None  # for refills and alarms

    @property
    def word(self) -> str:
        return CELL_WORDS[self.kind]


def refill_cycles(plan: TaperPlan) -> list[ReservoirForecast]:
    """The reservoir forecast from the last refill, then from each planned refill after it."""
    try:
        first = forecast(plan)
    except InputError:
        return []
    cycles: list[ReservoirForecast] = []
    current = first
    horizon = plan.steps[-1].start + timedelta(days=_horizon_days(plan))
    while current is not None and current.refill_by is not None and len(cycles) < _MAX_REFILLS:
        cycles.append(current)
        refill_on = current.refill_by
        if refill_on > horizon or plan.dose_on(refill_on) <= EPS:
            break
        extra = {**plan.regimen.extra, "last_refill": refill_on.isoformat()}
        current = forecast(replace(plan, regimen=replace(plan.regimen, extra=extra)))
        if current is not None and current.refill_by is not None and current.refill_by <= refill_on:
            break  # a reservoir that lasts less than the refill window: the plan's warnings say so
    return cycles


def _horizon_days(plan: TaperPlan) -> int:
    # The open-ended last step: show refills for a month of it.
    return 0 if plan.steps[-1].daily_dose <= EPS else 30


def pump_dates(plan: TaperPlan) -> list[PumpDate]:
    """Every pump date of the plan, in date order (empty for oral plans)."""
    if plan.regimen.route is not Route.INTRATHECAL:
        return []
    unit = plan.unit
    found: list[PumpDate] = []
    for step in plan.steps:
        found.append(
            PumpDate(
                step.start, VISIT, f"Pump clinic visit: rate to {fmt(step.daily_dose)} {unit} (step {step.number})"
            )
        )
    booked = plan.regimen.extra.get("next_refill", "").strip()
    try:
        booked_day = date.fromisoformat(booked) if booked else None
    except ValueError:
        booked_day = None  # the plan's warnings name an unreadable date
    if booked_day is not None:
        found.append(PumpDate(booked_day, BOOKED, "Booked pump refill appointment"))
    for cycle in refill_cycles(plan):
        assert cycle.refill_from is not None and cycle.refill_by is not None and cycle.alarm_on is not None
        found.append(
            PumpDate(
                cycle.refill_by,
                REFILL,
                f"Pump refill due (between {cycle.refill_from.isoformat()} and {cycle.refill_by.isoformat()})",
                cycle,
            )
        )
        found.append(
            PumpDate(
                cycle.alarm_on,
                ALARM,
                f"Pump low-reservoir alarm expected about today ({fmt(cycle.alarm_ml)} mL left) if not refilled",
                cycle,
            )
        )
    return sorted(found, key=lambda d: (d.day, d.kind))


def dates_by_day(plan: TaperPlan) -> dict[date, list[PumpDate]]:
    by_day: dict[date, list[PumpDate]] = {}
    for item in pump_dates(plan):
        by_day.setdefault(item.day, []).append(item)
    return by_day
