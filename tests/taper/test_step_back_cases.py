"""Holds and step backs as a nurse records them: the way down again keeps the pace's intervals,
the final stop keeps what it needs, and a late entry never schedules again what already happened."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS
from baclotaper.taper import edits, planfile
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.sequence import FINAL_STOP, StepKind, last_dose_min_days
from tests.factories import plan


def _days_at_each_dose_before_a_cut(p: TaperPlan) -> list[tuple[float, int]]:
    """(dose, days the patient stays on it since a cut reached it) for every dose that is then cut;
    a dose reached by a step back lasts what the nurse chose."""
    out = []
    previous, days = p.regimen.daily_dose, None
    for step in p.steps:
        if step.daily_dose < previous - EPS:
            if days is not None:
                out.append((previous, days))
            days = step.days
        elif step.daily_dose > previous + EPS:
            days = None
        elif days is not None and step.days is not None:
            days += step.days
        previous = step.daily_dose
    return out


def test_itching_after_a_pump_stop_steps_back_and_the_stop_is_retried_only_after_the_last_rate_was_held() -> None:
    """Inpatient wean (20 % a day) to 12 mcg/day, stopped; itching the next day: back to 12 mcg/day.
    The halfway rate (6 mcg/day) then lasts the last-rate minimum before delivery stops again, and
    the stop still says what it needs (specialist, bridge, observation)."""
    p = plan(100, "intrathecal:500", "3y", PlanOptions(pace=PaceChanges(pace="itb_inpatient")))
    backed = edits.step_back(p, p.steps[-1].start + timedelta(days=1), 7, "itching")
    stop, last_rate = backed.steps[-1], backed.steps[-2]
    assert (last_rate.daily_dose, stop.daily_dose) == (6, 0)
    assert last_rate.days is not None and last_rate.days >= last_dose_min_days(p.regimen)
    assert FINAL_STOP in stop.flags
    assert "specialist" in stop.note and "bridge" in stop.note and "observation" in stop.note
    assert "retried after the step back" in stop.note


def test_a_step_back_on_the_last_oral_dose_before_a_retried_stop_lasts_the_last_dose_minimum() -> None:
    """Tablets 10 mg (5 mg the smallest step): stopped from 5 mg, symptoms, back to 5 mg for 1 day.
    No smaller cut exists, so the stop is retried from 5 mg: not after a single day."""
    p = plan(20, "tablets:10", "2y", PlanOptions(pace=PaceChanges(pace="label")), per_day=1)
    assert [s.daily_dose for s in p.steps[-2:]] == [5, 0]
    backed = edits.step_back(p, p.steps[-1].start + timedelta(days=1), 1, "insomnia")
    back = backed.steps[-2]
    assert back.kind is StepKind.STEP_BACK and backed.steps[-1].daily_dose == 0
    assert back.days is not None and back.days >= max(last_dose_min_days(p.regimen), p.pace.main.interval_days)


def test_symptoms_during_a_hold_the_retried_dose_is_kept_the_pace_interval_not_the_holds_one_day() -> None:
    """Cautious pace (14 days a step) on 60 mg: a 1-day hold on 50 mg, hallucinations on the hold's
    day, back to 55 mg.  The retried 50 mg then lasts 14 days before 45 mg, not 1 day."""
    p = plan(60, "tablets:5,10,20", "2y")
    assert p.pace.key == "cautious"
    held = edits.hold(p, p.steps[1].start, 1, "tired")
    backed = edits.step_back(held, held.steps[2].start, 7, "hallucinations")
    doses = [s.daily_dose for s in backed.steps[:5]]
    assert doses == [55, 50, 55, 50, 45]
    retried = backed.steps[3]
    assert retried.kind is StepKind.CUT  # reached by a cut from 55 mg, not a hold
    assert all(days >= 14 for _dose, days in _days_at_each_dose_before_a_cut(backed))


def test_a_retry_above_the_maximum_keeps_the_fast_phases_own_interval() -> None:
    """High-dose pace with 4-day cuts above the maximum (100 mg in Australia) and 3-day cuts below,
    tapering to 120 mg: symptoms on 120 mg, back to 130, halfway 125 is above the maximum, where
    the prescriber asked for 4 days between cuts, not 3."""
    options = PlanOptions(pace=PaceChanges(pace="high_dose", interval_days=3, above_max_interval_days=4))
    p = plan(150, "tablets:10", "9m", options, target=120, indication="alcohol", age=40, jurisdiction="AU", per_day=3)
    assert p.pace.key == "high_dose" and [s.daily_dose for s in p.steps] == [140, 130, 120]
    backed = edits.step_back(p, p.steps[-1].start, 7, "tremor")
    assert [s.daily_dose for s in backed.steps] == [140, 130, 130, 125, 120]
    assert all(days >= 4 for dose, days in _days_at_each_dose_before_a_cut(backed) if dose > 100)


def test_a_late_entry_before_a_recorded_step_back_cannot_schedule_the_stop_again() -> None:
    """Granules, 10 mg/day: stopped from 5 mg, symptoms, stepped back.  A step back or a hold dated
    before that step back would plan the stop and the restart a second time (a planned gap at
    0 mg): refused, naming the step back already recorded."""
    p = plan(10, "granules:5,10,20", "26y", PlanOptions(pace=PaceChanges(pace="label", interval_days=7)), per_day=1)
    stop = p.steps[-1]
    backed = edits.step_back(p, stop.start + timedelta(days=4), 7, "agitation")
    earlier = stop.start + timedelta(days=3)
    with pytest.raises(InputError, match="before the step back already recorded from"):
        edits.step_back(backed, earlier, 7, "agitation")
    with pytest.raises(InputError, match="before the step back already recorded from"):
        edits.hold(backed, earlier, 7, "agitation")
    # by hand: a hold just before the step back would delay the return to the tolerated dose
    with pytest.raises(InputError, match="would delay the step back"):
        edits.insert_hold(backed, len(p.steps) - 1, 3)
    assert [s.daily_dose for s in backed.steps].count(0) == 2  # the stop that happened, and the retried one


def test_holds_and_step_backs_are_possible_on_the_first_and_the_last_dose() -> None:
    p = plan(30, "solution:1mg/ml", "1y", prior_withdrawal=True)
    first, last_dose = p.steps[0], p.steps[-2]
    for step in (first, last_dose):
        held = edits.hold(p, step.start, 7, "tired")
        assert held.stop_date == p.stop_date + timedelta(days=7)
        backed = edits.step_back(p, step.start, 7, "hallucinations")
        assert any(s.kind is StepKind.STEP_BACK for s in backed.steps)
        assert not edits.concerns(backed)


def test_after_a_deep_cut_made_by_hand_the_step_back_comes_down_again_at_the_pace() -> None:
    """Cautious pace (5 mg steps from 60): the prescriber cut step 2 to 30 mg by hand; symptoms,
    back to 55 mg.  Halfway (45 mg) would be a 10 mg cut, twice the pace: the way down again is
    50, 45, 40, 35 then the retried 30 mg, and the plan file of it reopens."""
    p = plan(60, "tablets:10,20", "2y")
    deep = edits.set_dose(p, 1, 30)
    backed = edits.step_back(deep, deep.steps[1].start + timedelta(days=2), 7, "hallucinations")
    assert [s.daily_dose for s in backed.steps[2:8]] == [55, 50, 45, 40, 35, 30]
    assert not [c for c in edits.concerns(backed) if 3 <= c.step <= 8]  # only the hand edits' own
    assert planfile.loads(json.dumps(planfile.file_dict(backed))).specs == backed.specs
