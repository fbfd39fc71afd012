"""No abrupt stop on any route: clinical cases from issue 9, and others like them."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper import planfile
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.sequence import FINAL_STOP, last_dose_min_days, stop_floor
from tests.factories import START, codes, plan, regimen


def _reopened(p: TaperPlan) -> TaperPlan:
    return planfile.loads(json.dumps(planfile.file_dict(p)))


def _doses(p: TaperPlan) -> list[float]:
    return [s.daily_dose for s in p.steps]


def _cuts_in_percent(p: TaperPlan) -> list[float]:
    before = p.regimen.daily_dose
    out = []
    for s in p.steps:
        out.append((before - s.daily_dose) / before * 100)
        before = s.daily_dose
    return out


@pytest.mark.parametrize("dose", [45, 50, 60, 24, 13])
def test_a_child_on_a_low_pump_rate_is_weaned_in_steps_never_stopped_on_day_1(dose: int) -> None:
    """Six-year-old, 3 years on a pump at 500 mcg/mL: the pump comes down in the pace's own steps."""
    p = plan(dose=dose, product="intrathecal:500", on_therapy="3y", age=6)
    floor = stop_floor(p.regimen)
    assert p.steps[0].daily_dose > 0 and p.steps[0].start == START
    assert p.steps[-1].daily_dose == 0
    assert p.steps[-2].daily_dose <= floor
    assert p.steps[-1].start > START
    # every cut before the stop is the pace's 5 % or one measurable step (1 mcg/day)
    cuts = [a - b for a, b in zip([dose, *_doses(p)], _doses(p)[:-1], strict=False)]
    assert all(c <= max(0.05 * (b + c), 1) + EPS for c, b in zip(cuts, _doses(p)[:-1], strict=True))


def test_an_adult_pump_at_60_mcg_no_longer_ends_with_49_to_0() -> None:
    p = plan(dose=60, product="intrathecal:500", on_therapy="8y")
    assert p.steps[-2].daily_dose <= 12  # the lowest labelled maintenance dose, from resources
    assert 49 in _doses(p)  # the pace passes through 49 on its way down, it does not stop there


def test_the_pump_stop_is_a_danger_step_that_says_what_it_needs() -> None:
    p = plan(dose=50, product="intrathecal:500", on_therapy="4y")
    stop = p.steps[-1]
    assert FINAL_STOP in stop.flags
    assert "specialist" in stop.note and "bridge" in stop.note and "explant" in stop.note
    assert "observation" in stop.note
    warning = next(w for w in p.warnings if w.code == "INTRATHECAL_STOP")
    assert warning.severity == "danger"
    assert warning.steps == (stop.number,)
    assert stop.start.isoformat() in warning.message
    assert "bridge" in warning.message and "observation" in warning.message


def test_a_pump_already_at_the_floor_stays_there_before_the_stop() -> None:
    p = plan(dose=10, product="intrathecal:500", on_therapy="4y")
    first, stop = p.steps
    assert first.daily_dose == 10 and first.days is not None
    assert first.days >= last_dose_min_days(p.regimen)
    assert stop.daily_dose == 0 and stop.start > START


def test_ten_years_on_5_mg_solution_with_earlier_withdrawal_is_not_stopped_on_day_1() -> None:
    p = plan(
        dose=5,
        product="solution:1mg/ml",
        on_therapy="10y",
        prior_withdrawal=True,
        options=PlanOptions(pace=PaceChanges(pace="cautious")),
    )
    assert _doses(p)[:5] == [4.5, 4, 3.5, 3, 2.5]  # 0.5 mg (0.5 mL) at a time, to the 2.5 mg floor
    assert p.steps[0].days == 14
    assert p.steps[-2].days is not None and p.steps[-2].days >= 14  # the pace's interval at the last dose
    assert p.steps[-1].daily_dose == 0


def test_a_liquid_on_the_standard_pace_shrinks_its_cuts_near_the_end() -> None:
    """Standard 5 mg every week on a liquid used to end 15 → 10 → 5 → 0."""
    p = plan(dose=30, product="solution:1mg/ml", on_therapy="6m")
    assert p.pace.key == "standard"
    tail = [d for d in _doses(p) if d <= 20]
    assert tail[-2] <= 2.5
    cuts = _cuts_in_percent(p)
    # in the tail no cut but the stop is more than 25 % of the dose or one 0.5 mg step
    before = p.regimen.daily_dose
    for s, pct in zip(p.steps[:-1], cuts[:-1], strict=True):
        if before <= 20:
            assert pct <= 25 + EPS or before - s.daily_dose <= 0.5 + EPS
        before = s.daily_dose


def test_tablets_stop_from_one_measurable_step_and_the_warning_names_the_final_stop() -> None:
    p = plan(dose=60, product="tablets:10,20", on_therapy="2y")
    assert _doses(p)[-2:] == [5, 0]
    warning = next(w for w in p.warnings if w.code == "STEP_ABOVE_PRESET")
    assert f"at step {p.steps[-1].number}, the final stop from 5 mg/day" in warning.message
    assert "A liquid allows smaller steps" in warning.message


def test_the_step_warning_on_a_liquid_does_not_recommend_a_liquid() -> None:
    p = plan(dose=20, product="solution:1mg/ml", on_therapy="2y")
    warning = next(w for w in p.warnings if w.code == "STEP_ABOVE_PRESET")
    assert "liquid allows" not in warning.message
    assert "the final stop from 2.5 mg/day" in warning.message
    assert "0.5 mg" in warning.message and "mg/day pace" not in warning.message


def test_custom_steps_written_down_to_a_stop_still_hold_the_last_dose_and_mark_the_stop() -> None:
    p = plan(dose=40, on_therapy="1y", options=PlanOptions(custom=((30, 7), (20, 1), (0, 1))))
    assert _doses(p) == [30, 20, 0]  # the prescriber wrote the stop from 20 mg/day: kept, flagged
    assert p.steps[-2].days == last_dose_min_days(p.regimen)  # 1 day was too short before a stop
    assert FINAL_STOP in p.steps[-1].flags
    assert "STEP_BEYOND_FACTS" in codes(p)


def test_custom_pump_steps_that_end_above_the_floor_continue_at_the_pace_never_jumping_to_0() -> None:
    """200 mcg/day, the prescriber's steps 150 and 100 mcg/day: the planner used to add the stop
    itself, 100 → 0 mcg/day, and the plan file of it could not be reopened.  Below the prescriber's
    steps the pump comes down at the pace to the floor, and the added steps say so."""
    p = plan(200, "intrathecal:500", "3y", PlanOptions(custom=((150, 7), (100, 7))))
    doses = _doses(p)
    assert doses[:2] == [150, 100] and doses[-1] == 0
    assert doses[-2] <= stop_floor(p.regimen)
    added = p.steps[2:]
    assert all("below the prescriber's own steps" in s.note or FINAL_STOP in s.flags for s in added)
    assert all(a - b <= max(0.1 * a, 1) + EPS for a, b in pairwise(doses[1:-1]))
    assert "below them intrathecal gradual" in p.pace.summary
    stop = next(w for w in p.warnings if w.code == "INTRATHECAL_STOP")
    assert f"from {fmt(doses[-2])} mcg/day" in stop.message
    assert _reopened(p).specs == p.specs


def test_custom_oral_steps_that_end_above_the_floor_continue_to_the_floor() -> None:
    p = plan(40, "solution:1mg/ml", "1y", PlanOptions(custom=((30, 10), (20, 10))))
    assert _doses(p)[:2] == [30, 20] and _doses(p)[-2] <= 2.5 and _doses(p)[-1] == 0
    assert _reopened(p).specs == p.specs


def test_a_maintenance_target_has_no_stop() -> None:
    p = plan(dose=400, product="intrathecal:1000", on_therapy="3y", target=200)
    assert FINAL_STOP not in p.steps[-1].flags
    assert "INTRATHECAL_STOP" not in codes(p)


def test_the_pace_summary_says_how_the_plan_ends() -> None:
    p = plan(dose=40, product="solution:1mg/ml", on_therapy="1y")
    assert "down to 2.5 mg/day" in p.pace.summary and "final stop" in p.pace.summary
    r = regimen(dose=300, product="intrathecal:500", on_therapy="1y")
    assert stop_floor(r) == 12


def test_the_step_warning_of_a_high_dose_plan_names_the_percent_of_its_slow_phase_in_mg() -> None:
    """It used to say "10 mg/day" (the fast phase's step) for cuts made in the 10 % phase."""
    p = plan(dose=200, on_therapy="1y", indication="alcohol", per_day=4, age=40)
    assert p.pace.key == "high_dose"
    message = next(w.message for w in p.warnings if w.code == "STEP_ABOVE_PRESET")
    assert "larger than the 10 % the pace asks for" in message
    assert "10 mg/day" not in message and "change with this product is 5 mg;" in message
