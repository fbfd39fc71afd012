"""What the prescriber would otherwise work out by hand for a pump: a reservoir already empty or
alarming, a refill overdue or beyond the drug's stability, rates the concentration cannot deliver
sensibly."""

from __future__ import annotations

import math
from datetime import date

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.plan import PlanWarning, TaperPlan
from baclotaper.taper.pump import ReservoirForecast, forecast
from baclotaper.taper.regimen import Route
from baclotaper.taper.warning_text import make, step_list


def _setting(key: str) -> float:
    return data.sourced(data.load("products")["intrathecal"][key]).value


def pump_warnings(plan: TaperPlan) -> list[PlanWarning]:
    if plan.regimen.route is not Route.INTRATHECAL:
        return []
    out = _rate_warnings(plan)
    try:
        ahead = forecast(plan)
        booked_text = plan.regimen.extra.get("next_refill", "").strip()
        booked = date.fromisoformat(booked_text) if booked_text else None
    except InputError as exc:
        return [*out, make("PUMP_DETAILS_INVALID", detail=f"{exc.field.replace('_', ' ')}: {exc.message}")]
    except ValueError:
        return [*out, make("PUMP_DETAILS_INVALID", detail=f"next refill: '{booked_text}' is not a date")]
    if ahead is None:
        return out
    return [*out, *_reservoir_warnings(plan, ahead, booked)]


def _reservoir_warnings(plan: TaperPlan, ahead: ReservoirForecast, booked: date | None) -> list[PlanWarning]:
    start = plan.steps[0].start
    out: list[PlanWarning] = []
    alarm, empty = ahead.alarm_on, ahead.empty_on
    if empty is not None and empty < start:
        out.append(
            make(
                "PUMP_EMPTY_ALREADY",
                filled=ahead.filled_on.isoformat(),
                volume=fmt(ahead.volume_ml),
                empty=empty.isoformat(),
                start=start.isoformat(),
            )
        )
    elif alarm is not None and alarm < start:
        out.append(
            make(
                "PUMP_ALARM_PAST",
                alarm=alarm.isoformat(),
                start=start.isoformat(),
                empty=empty.isoformat() if empty else "later",
            )
        )
    elif alarm is not None and ahead.refill_by is not None and ahead.refill_by < start:
        out.append(
            make(
                "PUMP_REFILL_OVERDUE",
                earliest=(ahead.refill_from or ahead.refill_by).isoformat(),
                latest=ahead.refill_by.isoformat(),
                start=start.isoformat(),
                alarm=alarm.isoformat(),
            )
        )
    elif booked is not None and alarm is not None and ahead.refill_by is not None and booked > ahead.refill_by:
        out.append(
            make(
                "PUMP_REFILL_LATE",
                booked=booked.isoformat(),
                alarm=alarm.isoformat(),
                empty=empty.isoformat() if empty else "later",
                earliest=(ahead.refill_from or ahead.refill_by).isoformat(),
                latest=ahead.refill_by.isoformat(),
            )
        )
    out.extend(_stability(ahead, booked))
    return out


def _stability(ahead: ReservoirForecast, booked: date | None) -> list[PlanWarning]:
    until = ahead.stable_until
    if until is None:
        return []
    days = int(_setting("max_in_pump_days"))
    filled = ahead.filled_on.isoformat()
    if booked is not None and booked > until:
        after = (booked - ahead.filled_on).days
        detail = f"The refill booked on {booked.isoformat()} is {after} days after the fill on {filled}."
    elif ahead.alarm_on is None or ahead.alarm_on > until:
        when = f"about {ahead.alarm_on.isoformat()}" if ahead.alarm_on else "not within a year"
        detail = f"At the planned rates the reservoir filled on {filled} alarms {when}."
    else:
        return []
    return [make("PUMP_STABILITY", detail=detail, days=days, by=until.isoformat())]


def _rate_warnings(plan: TaperPlan) -> list[PlanWarning]:
    """Rates too small to deliver, or a reservoir emptying within days, today and at each step."""
    r = plan.regimen
    least = _setting("min_rate_ml_per_day")
    fastest = _setting("min_reservoir_days")
    volume = _reservoir_ml(plan)
    steps = zip(plan.steps, plan.products, strict=True)
    rates = [(0, r.daily_dose, r.product), *((s.number, s.daily_dose, p) for s, p in steps)]
    tiny: list[tuple[int, str]] = []
    fast: list[tuple[int, str, int]] = []
    for number, dose, product in rates:
        if dose <= EPS:
            continue
        ml = dose / product.concentration
        at = f"{fmt(dose)} mcg/day at {fmt(product.concentration)} mcg/mL"
        if ml < least - EPS:
            tiny.append((number, f"{at} is {fmt(round(ml * 1000, 1))} µL a day"))
        if volume is not None and volume / ml < fastest:
            fast.append((number, f"{at} is {fmt(round(ml, 2))} mL a day", max(math.floor(volume / ml), 1)))
    out = []
    if tiny:
        numbers = [n for n, _ in tiny]
        out.append(
            make("PUMP_RATE_TINY", steps=_steps(numbers), where=_where(numbers), detail=tiny[0][1], least=fmt(least))
        )
    if fast and volume is not None:
        numbers = [n for n, _, _ in fast]
        _, detail, days = fast[0]
        out.append(
            make(
                "PUMP_EMPTIES_FAST",
                steps=_steps(numbers),
                where=_where(numbers),
                detail=detail,
                volume=fmt(volume),
                days=days,
            )
        )
    return out


def _steps(numbers: list[int]) -> tuple[int, ...]:
    return tuple(n for n in numbers if n)


def _where(numbers: list[int]) -> str:
    """``[0, 1, 2]`` -> ``"Today's rate and steps 1–2"`` (0 stands for today's rate)."""
    steps = [n for n in numbers if n]
    today = "Today's rate" if 0 in numbers else ""
    if not steps:
        return today
    listed = f"step{'s' if len(steps) > 1 else ''} {step_list(steps)}"
    return f"{today} and {listed}" if today else listed[0].upper() + listed[1:]


def _reservoir_ml(plan: TaperPlan) -> float | None:
    text = plan.regimen.extra.get("reservoir_ml", "").strip()
    try:
        volume = float(text)
    except ValueError:
        return None
    return volume if math.isfinite(volume) and volume > 0 else None
