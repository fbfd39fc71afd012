from datetime import date, timedelta

import pytest

from baclotaper.common.errors import InputError
from baclotaper.taper import edits
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions
from baclotaper.taper.sequence import StepKind, last_dose_min_days
from tests.factories import codes, plan


def test_changing_a_steps_length_moves_every_later_step() -> None:
    p = plan()
    longer = edits.set_days(p, 0, 21)
    assert longer.steps[0].days == 21
    assert longer.steps[1].start == p.steps[1].start + timedelta(days=7)
    assert longer.stop_date == p.stop_date + timedelta(days=7)
    assert "HAND_EDITED" in codes(longer)


def test_a_dose_that_cannot_be_measured_is_refused() -> None:
    with pytest.raises(InputError, match=r"cannot be measured: .* steps of 5 mg"):
        edits.set_dose(plan(), 0, 52)


def test_raising_a_dose_or_cutting_too_fast_needs_confirmation() -> None:
    p = plan()
    raised = edits.set_dose(p, 2, 55)  # 55, 50, 55: up again
    # step 3 rises; step 4 then has to cut 10 mg from 55, more than the pace allows
    assert [c.step for c in edits.new_concerns(p, raised)] == [3, 4]
    assert "raises the dose from 50 to 55" in edits.new_concerns(p, raised)[0].message
    deeper = edits.set_dose(p, 0, 40)  # 60 → 40 at once
    assert "cuts 20 mg/day, more than the 5 mg/day the pace allows" in edits.new_concerns(p, deeper)[0].message


def test_a_hold_is_a_visible_step_and_delays_the_rest() -> None:
    p = plan()
    held = edits.insert_hold(p, 0, 7)
    assert held.steps[1].kind is StepKind.HOLD
    assert held.steps[1].daily_dose == p.steps[0].daily_dose
    assert held.stop_date == p.stop_date + timedelta(days=7)
    assert not edits.concerns(held)
    assert "HAND_EDITED" in codes(held)  # shown as the prescriber's change, though never a concern


def test_splitting_a_step_halves_its_cut() -> None:
    p = plan(dose=40, on_therapy="6m")  # standard: 5 mg a week, so the cut 40 → 35 cannot be halved
    with pytest.raises(InputError, match="smallest measurable cut"):
        edits.split_step(p, 0)
    p = edits.set_dose(p, 0, 30)
    split = edits.split_step(p, 0)
    assert [s.daily_dose for s in split.steps[:2]] == [35, 30]
    assert split.stop_date > p.stop_date
    assert any("split from step 1 by hand: cut halved" in w.message for w in split.warnings if w.code == "HAND_EDITED")


def test_deleting_a_step_flags_the_bigger_cut() -> None:
    p = plan()
    shorter = edits.delete_step(p, 1)
    assert len(shorter.steps) == len(p.steps) - 1
    assert edits.new_concerns(p, shorter)  # 55 → 45 is more than the pace allows
    assert "HAND_EDITED" in codes(shorter)


def test_step_back_goes_to_the_last_tolerated_dose_then_retries_more_gently() -> None:
    p = plan(dose=60, product="solution:1mg/ml", on_therapy="2y")  # 60 → 54 → 48.5 ...
    second = p.steps[1]
    on = second.start + timedelta(days=2)
    backed = edits.step_back(p, on, 7, "visual hallucinations")
    kinds = [s.kind for s in backed.steps[:5]]
    assert kinds == [StepKind.CUT, StepKind.CUT, StepKind.STEP_BACK, StepKind.CUT, StepKind.CUT]
    assert backed.steps[1].days == 2  # the step that was not tolerated ends the day before
    back = backed.steps[2]
    assert (back.start, back.days, back.daily_dose) == (on, 7, p.steps[0].daily_dose)
    assert "visual hallucinations" in back.note
    retry = backed.steps[3]
    assert second.daily_dose < retry.daily_dose < back.daily_dose  # a smaller cut than the failed one


def test_after_a_step_back_near_the_end_the_way_down_keeps_to_the_pace() -> None:
    # The label pace's 25 mg steps: 95, 70, 45, 20 …  Symptoms on 20 mg/day: back to 45, then
    # halfway (35).  From 35 the end-of-taper rule allows only 5 mg (25 % of the dose), so the
    # retried 20 mg/day comes after 30 and 25, not straight after 35 (a 15 mg cut).
    p = plan(95, "tablets:10,20", "1d", PlanOptions(pace=PaceChanges(pace="label")), per_day=1)
    assert [s.daily_dose for s in p.steps[:4]] == [70, 45, 20, 15]
    backed = edits.step_back(p, p.steps[2].start, 1, "hallucinations")
    assert [s.daily_dose for s in backed.steps[2:8]] == [45, 35, 30, 25, 20, 15]
    assert backed.steps[2].kind is StepKind.STEP_BACK
    assert "retried after the step back" in backed.steps[6].note
    assert edits.concerns(backed) == []


def test_hold_before_the_plan_or_at_the_target_is_refused() -> None:
    p = plan()
    with pytest.raises(InputError, match="before the plan starts"):
        edits.hold(p, date(2020, 1, 1), 7, "x")
    with pytest.raises(InputError, match="already at its target"):
        edits.hold(p, p.stop_date + timedelta(days=3), 7, "x")
    with pytest.raises(InputError, match="outside 1–90 days"):
        edits.hold(p, p.steps[0].start, 0, "x")


@pytest.mark.parametrize(
    ("dose", "says"),
    [
        (600, r"600 mg/day is outside 0–500 mg/day"),
        (1e9, r"outside 0–500 mg/day"),
        (120, r"120 mg/day is above today's 60 mg/day and the US maximum of 80 mg/day"),
    ],
)
def test_a_typed_dose_above_the_planners_limit_or_above_the_maximum_and_todays_dose_is_refused(
    dose: float, says: str
) -> None:
    """A step typed as 600 mg/day (or 120 mg/day in the US, from 60) was accepted with only a
    'raises the dose' question; the plan then could not be reopened (600) and no warning said a
    step was above the label maximum (120)."""
    with pytest.raises(InputError, match=says) as caught:
        edits.set_dose(plan(), 0, dose)
    assert caught.value.field == "dose"
    assert edits.set_dose(plan(), 2, 55).steps[2].daily_dose == 55  # a rise within today's dose: asked, not refused


def test_a_step_above_the_maximum_is_allowed_when_the_patient_starts_above_it_up_to_todays_dose() -> None:
    p = plan(200, "tablets:10,20", "1y", indication="alcohol", age=40, per_day=4)
    assert edits.set_dose(p, 1, 195).steps[1].daily_dose == 195
    with pytest.raises(InputError, match="above today's 200 mg/day and the US maximum of 80 mg/day"):
        edits.set_dose(p, 1, 250)
    at_max = plan(80, "granules:20", "1y")  # today's dose is the maximum itself
    with pytest.raises(InputError, match="above today's 80 mg/day"):
        edits.set_dose(at_max, 1, 100)


def test_splitting_the_final_stop_by_hand_keeps_the_new_last_dose_the_last_dose_minimum() -> None:
    """Inpatient pump wean (a cut a day): halving the final stop from 12 mcg/day adds 6 mcg/day,
    which must last the last-rate minimum before delivery stops, not the pace's one day."""
    p = plan(100, "intrathecal:500", "3y", PlanOptions(pace=PaceChanges(pace="itb_inpatient")))
    split = edits.split_step(p, len(p.steps) - 1)
    last_rate, stop = split.steps[-2], split.steps[-1]
    assert (last_rate.daily_dose, stop.daily_dose) == (6, 0)
    assert last_rate.days is not None and last_rate.days >= last_dose_min_days(p.regimen)


def test_shortening_a_step_below_the_paces_interval_needs_confirmation() -> None:
    """Cautious pace, 14 days a step: 3 days typed into step 2 brings the next cut 3 days after the
    last one.  The window asked nothing (only doses were questioned); now it asks, as for a cut
    larger than the pace."""
    p = plan()
    assert p.pace.key == "cautious" and p.steps[1].daily_dose == 50
    found = edits.new_concerns(p, edits.set_days(p, 1, 3))
    assert [c.step for c in found] == [2]
    assert "step 2 keeps 50 mg/day 3 days before the next cut, less than the 14 days the pace keeps" in found[0].message
    assert not edits.new_concerns(p, edits.set_days(p, 1, 21))  # longer: nothing to confirm
    held = edits.insert_hold(edits.set_days(p, 1, 7), 1, 7)  # 7 days, then a 7-day hold: 14 in all
    assert not [c for c in edits.concerns(held) if "days before the next cut" in c.message]
