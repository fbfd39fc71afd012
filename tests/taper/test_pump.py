"""An intrathecal wean that knows the pump: alarm, empty and refill dates follow the rate."""

from datetime import date

import pytest

from baclotaper.taper.build import build_plan
from baclotaper.taper.pump import forecast
from tests.factories import codes, regimen


def _plan(**extra: str):  # type: ignore[no-untyped-def]
    return build_plan(regimen(dose=400, product="intrathecal:500", on_therapy="3y", extra=extra))


def test_the_reservoir_alarm_and_refill_window_follow_the_planned_rates() -> None:
    # At 500 mcg/mL: 400 mcg/day is 0.8 mL/day until the first cut on 1 Dec, 360 is 0.72 mL/day
    # for a week, then 324 is 0.648 mL/day from 8 Dec.
    ahead = forecast(_plan(reservoir_ml="20", last_refill="2026-11-20"))
    assert ahead is not None
    # 11 days x 0.8 = 8.8 mL and 7 x 0.72 = 5.04 mL leave 6.16 mL on 7 Dec; 7 more days at 0.648
    # bring it to 1.62 mL, under the 2 mL alarm, on 14 Dec.
    assert ahead.alarm_on == date(2026, 12, 14)
    assert (ahead.refill_from, ahead.refill_by) == (date(2026, 12, 9), date(2026, 12, 11))
    assert ahead.empty_on is not None and ahead.empty_on > ahead.alarm_on


def test_a_refill_booked_after_the_alarm_is_a_danger_warning() -> None:
    late = _plan(reservoir_ml="20", last_refill="2026-11-20", next_refill="2027-01-20")
    warning = next(w for w in late.warnings if w.code == "PUMP_REFILL_LATE")
    assert warning.severity == "danger"
    assert "Refill between 2026-12-09 and 2026-12-11" in warning.message
    on_time = _plan(reservoir_ml="20", last_refill="2026-11-20", next_refill="2026-12-10")
    assert "PUMP_REFILL_LATE" not in codes(on_time)


def test_no_forecast_without_pump_details_or_for_oral_plans() -> None:
    assert forecast(_plan()) is None
    assert forecast(build_plan(regimen(extra={"reservoir_ml": "20", "last_refill": "2026-11-20"}))) is None


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"reservoir_ml": "twenty", "last_refill": "2026-11-20"}, "reservoir ml: 'twenty' is not a volume in mL"),
        ({"reservoir_ml": "500", "last_refill": "2026-11-20"}, "reservoir ml: 500 mL is outside 0–100 mL"),
        ({"reservoir_ml": "20", "last_refill": "20/11/2026"}, "last refill: '20/11/2026' is not a date"),
    ],
)
def test_unreadable_pump_details_are_said_not_ignored(extra: dict[str, str], says: str) -> None:
    plan = _plan(**extra)
    warning = next(w for w in plan.warnings if w.code == "PUMP_DETAILS_INVALID")
    assert says in warning.message
