"""The intrathecal pump's reservoir over a wean: when it alarms, when it is empty, when to refill.

The pump empties faster or slower as the plan changes its rate, so the forecast walks the plan day
by day from the last refill.  Peers keep dose changes and reservoir dates in separate places; here
they are one calculation, and a refill booked too late is a warning on the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from baclotaper.common import bounds, data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.plan import TaperPlan

# Walk at most this far ahead: a reservoir lasting longer is beyond any refill interval anyway.
_HORIZON_DAYS = 366


@dataclass(frozen=True)
class ReservoirForecast:
    filled_on: date
    volume_ml: float
    alarm_ml: float
    alarm_on: date | None  # None: not within the horizon (or the pump stops first)
    empty_on: date | None
    refill_from: date | None
    refill_by: date | None
    plan_start: date | None = None
    stable_until: date | None = None  # the last day of the drug's in-pump stability

    @property
    def empty_before_start(self) -> bool:
        return self.empty_on is not None and self.plan_start is not None and self.empty_on < self.plan_start

    def describe(self) -> str:
        if self.empty_before_start and self.empty_on is not None and self.plan_start is not None:
            return (
                f"Reservoir filled {self.filled_on.isoformat()} with {fmt(self.volume_ml)} mL: at the current rate it "
                f"was empty about {self.empty_on.isoformat()}, before the plan starts on "
                f"{self.plan_start.isoformat()}. Check the pump now: delivery may have stopped."
            )
        if self.alarm_on is None or self.refill_from is None or self.refill_by is None:
            return (
                f"Reservoir filled {self.filled_on.isoformat()} with {fmt(self.volume_ml)} mL: "
                "no alarm expected within a year at the planned rates."
            )
        empty = f", empty about {self.empty_on.isoformat()}" if self.empty_on else ""
        return (
            f"Reservoir filled {self.filled_on.isoformat()} with {fmt(self.volume_ml)} mL: low-volume alarm "
            f"({fmt(self.alarm_ml)} mL) about {self.alarm_on.isoformat()}{empty}; refill between "
            f"{self.refill_from.isoformat()} and {self.refill_by.isoformat()}."
        )


def _setting(key: str) -> data.Sourced:
    return data.sourced(data.load("products")["intrathecal"][key])


def _parse_details(extra: dict[str, str]) -> tuple[float, date] | None:
    """Reservoir volume and last refill from the plan's details (``None`` when not given)."""
    volume_text = extra.get("reservoir_ml", "").strip()
    filled_text = extra.get("last_refill", "").strip()
    if not volume_text or not filled_text:
        return None
    try:
        volume = float(volume_text)
    except ValueError:
        raise InputError("reservoir_ml", f"'{volume_text}' is not a volume in mL") from None
    most = data.sourced(data.load("limits")["input"]["reservoir_max_ml"]).value
    if not 0 < volume <= most:
        raise InputError("reservoir_ml", f"{volume_text} mL is outside 0–{fmt(most)} mL")
    try:
        filled = date.fromisoformat(filled_text)
    except ValueError:
        raise InputError("last_refill", f"'{filled_text}' is not a date; write YYYY-MM-DD") from None
    return volume, bounds.check_day("last_refill", filled)


def check_details(extra: dict[str, str]) -> None:
    """Raise :class:`InputError` naming the pump field that cannot be read."""
    _parse_details(extra)


def forecast(plan: TaperPlan) -> ReservoirForecast | None:
    """Where the reservoir stands at each day of the plan, from the last refill."""
    parsed = _parse_details(plan.regimen.extra)
    if parsed is None or plan.regimen.product.concentration <= 0:
        return None
    volume, filled = parsed
    alarm_ml = _setting("low_reservoir_alarm_ml").value
    left = volume
    alarm_on = empty_on = None
    steps = plan.steps
    concentrations = [p.concentration for p in plan.products]
    index = 0  # the step covering ``day``, walked forward with it (the plan is in date order)
    in_pump = plan.regimen.product.concentration
    first_day = filled
    for offset in range(_HORIZON_DAYS):
        day = first_day + timedelta(days=offset)
        while (end := steps[index].end) is not None and end < day:
            index += 1  # the last step has no end, so this stops there
        started = day >= steps[0].start
        dose = steps[index].daily_dose if started else plan.regimen.daily_dose
        if started and concentrations[index] != in_pump:
            # A step that changes concentration is a refill with the new one: forecast from there.
            in_pump, left, filled, alarm_on = concentrations[index], volume, day, None
        left -= dose / in_pump
        if alarm_on is None and left <= alarm_ml + EPS:
            alarm_on = day
        if left <= EPS:
            empty_on = day
            break
    start = steps[0].start
    stable_until = filled + timedelta(days=int(_setting("max_in_pump_days").value))
    if alarm_on is None:
        return ReservoirForecast(filled, volume, alarm_ml, None, None, None, None, start, stable_until)
    earliest = int(_setting("refill_days_before_alarm_earliest").value)
    latest = int(_setting("refill_days_before_alarm_latest").value)
    return ReservoirForecast(
        plan_start=start,
        stable_until=stable_until,
        filled_on=filled,
        volume_ml=volume,
        alarm_ml=alarm_ml,
        alarm_on=alarm_on,
        empty_on=empty_on,
        refill_from=max(filled, alarm_on - timedelta(days=earliest)),
        refill_by=max(filled, alarm_on - timedelta(days=latest)),
    )
