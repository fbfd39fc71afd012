"""What a prescriber used to work out by hand for a pump: clinical cases from issue 9."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from baclotaper.common.errors import InputError
from baclotaper.taper import planfile
from baclotaper.taper.build import build_plan
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.pump import forecast
from baclotaper.taper.sequence import StepKind
from tests.factories import START, codes, regimen


def _pump(dose: float = 400, concentration: int = 500, options: PlanOptions | None = None, **extra: Any) -> TaperPlan:
    r = regimen(dose=dose, product=f"intrathecal:{concentration}", on_therapy="5y", extra=extra)
    return build_plan(r, options)


def _message(p: TaperPlan, code: str) -> str:
    return next(w.message for w in p.warnings if w.code == code)


def test_a_refill_ten_months_ago_is_an_already_empty_reservoir_not_a_forecast() -> None:
    p = _pump(reservoir_ml="20", last_refill="2026-02-01")
    warning = next(w for w in p.warnings if w.code == "PUMP_EMPTY_ALREADY")
    assert warning.severity == "danger"
    ahead = forecast(p)
    assert ahead is not None and ahead.empty_on is not None and ahead.empty_on < START
    assert ahead.empty_on.isoformat() in warning.message and START.isoformat() in warning.message
    assert "Check the pump now" in ahead.describe()  # the forecast line says it, not "empty about" a past date


def test_an_alarm_already_due_is_a_danger_before_the_plan_starts() -> None:
    # 400 mcg/day at 500 mcg/mL is 0.8 mL/day: 20 mL reach the 2 mL alarm after about 23 days.
    p = _pump(reservoir_ml="20", last_refill=(START - timedelta(days=24)).isoformat())
    assert "PUMP_ALARM_PAST" in codes(p) and "PUMP_EMPTY_ALREADY" not in codes(p)
    assert next(w for w in p.warnings if w.code == "PUMP_ALARM_PAST").severity == "danger"


def test_a_refill_window_already_past_is_overdue() -> None:
    p = _pump(reservoir_ml="20", last_refill=(START - timedelta(days=20)).isoformat())
    message = _message(p, "PUMP_REFILL_OVERDUE")
    assert "overdue" in message and START.isoformat() in message
    assert {"PUMP_ALARM_PAST", "PUMP_EMPTY_ALREADY"}.isdisjoint(codes(p))


def test_a_refill_booked_beyond_the_drugs_in_pump_stability_is_flagged() -> None:
    p = _pump(dose=50, concentration=2000, reservoir_ml="20", last_refill="2026-11-25", next_refill="2027-07-01")
    message = _message(p, "PUMP_STABILITY")
    assert "2027-07-01" in message and "180 days" in message
    assert (date(2026, 11, 25) + timedelta(days=180)).isoformat() in message


def test_a_low_rate_at_a_strong_concentration_is_flagged_as_undeliverable() -> None:
    p = _pump(dose=100, concentration=2000)
    message = _message(p, "PUMP_RATE_TINY")
    assert "µL a day" in message and "2000 mcg/mL" in message


def test_a_high_rate_at_a_weak_concentration_empties_the_reservoir_within_a_week() -> None:
    p = _pump(dose=1500, concentration=500, reservoir_ml="20")
    message = _message(p, "PUMP_EMPTIES_FAST")
    assert message.startswith("Today's rate: 1500 mcg/day") and "20 mL reservoir empties within 6 days" in message


def test_a_concentration_change_is_a_step_with_its_note_and_fixes_the_tiny_rates() -> None:
    plain = _pump(dose=300, concentration=2000)
    changed = _pump(dose=300, concentration=2000, options=PlanOptions(concentration_change=(60, 500)))
    switch = next(s for s in changed.steps if any(f.startswith("concentration ") for f in s.flags))
    before = changed.steps[switch.number - 2]
    assert switch.kind is StepKind.HOLD and switch.daily_dose == before.daily_dose <= 60
    assert "bridge bolus" in switch.note and "specialist" in switch.note and "500 mcg/mL" in switch.note
    assert switch.administrations[0].amount.endswith("at 500 mcg/mL")
    assert changed.steps[switch.number].administrations[0].amount.endswith("at 500 mcg/mL")
    assert "PUMP_RATE_TINY" in codes(plain) and "PUMP_RATE_TINY" not in codes(changed)
    assert changed.total_days > plain.total_days  # a step of its own: the plan only gets longer


def test_the_forecast_refills_at_the_concentration_change() -> None:
    options = PlanOptions(concentration_change=(300, 2000))  # today's rate: change at once
    p = _pump(dose=300, concentration=500, options=options, reservoir_ml="20", last_refill="2026-11-25")
    assert p.steps[0].kind is StepKind.HOLD and p.steps[0].administrations[0].amount.endswith("2000 mcg/mL")
    ahead = forecast(p)
    assert ahead is not None and ahead.filled_on == p.steps[0].start  # refilled when the switch step starts


@pytest.mark.parametrize(
    ("change", "words"),
    [((60, 700), "not made"), ((60, 500), "already"), ((500, 1000), "at most today's"), ((60, 50), "screening")],
)
def test_an_impossible_concentration_change_is_refused_by_name(change: tuple[float, float], words: str) -> None:
    with pytest.raises(InputError) as err:
        _pump(dose=300, concentration=500, options=PlanOptions(concentration_change=change))
    assert err.value.field == "concentration_change" and words in err.value.message


def test_an_oral_plan_refuses_a_concentration_change() -> None:
    with pytest.raises(InputError) as err:
        build_plan(regimen(dose=30), PlanOptions(concentration_change=(10, 500)))
    assert err.value.field == "concentration_change"


def test_the_concentration_change_survives_the_plan_file(tmp_path: Path) -> None:
    original = _pump(dose=300, concentration=2000, options=PlanOptions(concentration_change=(60, 500)))
    path = tmp_path / "pump.baclotaper"
    planfile.save(original, path)
    reopened = planfile.load(path)
    assert reopened.options == original.options and reopened.steps == original.steps
    assert reopened.warnings == original.warnings
