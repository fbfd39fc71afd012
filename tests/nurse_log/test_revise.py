from datetime import timedelta

from baclotaper.nurse_log.advice import Proposal, advise, rules
from baclotaper.nurse_log.revise import apply_proposal, describe, plan_position
from baclotaper.taper.sequence import StepKind
from tests.factories import plan


def test_position_counts_days_since_the_last_cut() -> None:
    p = plan()  # cuts every 14 days from 2026-12-01
    second = p.steps[1]
    pos = plan_position(p, second.start + timedelta(days=2))
    assert (pos.step_number, pos.days_since_cut, pos.daily_dose) == (2, 2, second.daily_dose)
    before = plan_position(p, p.steps[0].start - timedelta(days=1))
    assert (before.step_number, before.days_since_cut, before.daily_dose) == (0, None, 60)


def test_a_hold_counts_from_the_cut_not_from_the_hold() -> None:
    p = apply_proposal(plan(), Proposal("hold", 7), on=plan().steps[0].start + timedelta(days=3), reason="insomnia")
    hold = p.steps[1]
    assert hold.kind is StepKind.HOLD
    assert plan_position(p, hold.start).days_since_cut == 14


def test_call_the_prescriber_advice_becomes_a_hold_that_moves_later_steps() -> None:
    p = plan()
    advice = advise(scores={"visual_hallucinations": 1}, vitals={}, route="oral", days_since_cut=2)
    assert advice.tier == "call_prescriber"
    hold = next(x for x in advice.proposals if x.kind == "hold")
    on = p.steps[0].start + timedelta(days=2)
    revised = apply_proposal(p, hold, on=on, reason="visual hallucinations (mild)")
    assert revised.stop_date == p.stop_date + timedelta(days=rules().hold_days)
    assert "visual hallucinations" in revised.steps[1].note


def test_emergency_advice_steps_back_and_never_speeds_up() -> None:
    p = plan()
    on = p.steps[2].start + timedelta(days=1)
    advice = advise(scores={}, vitals={"temperature": 38.9}, route="oral", days_since_cut=1)
    assert advice.is_emergency
    back = next(x for x in advice.proposals if x.kind == "step_back")
    revised = apply_proposal(p, back, on=on, reason="fever 38.9 °C")
    step = revised.step_on(on)
    assert step is not None and step.kind is StepKind.STEP_BACK
    assert step.daily_dose == p.steps[1].daily_dose
    assert revised.stop_date > p.stop_date
    until_review = next(x for x in advice.proposals if x.kind == "hold")
    assert "until the prescriber resumes" in describe(until_review)


def test_a_step_back_on_a_product_that_cannot_cut_smaller_retries_over_a_longer_interval() -> None:
    p = plan(dose=20, product="tablets:10")  # 15, 10, 5, 0 mg: halves of 10 mg tablets, nothing smaller
    failed = p.steps[1]
    on = failed.start + timedelta(days=1)
    revised = apply_proposal(p, Proposal("step_back"), on=on, reason="rebound spasticity")
    back = revised.step_on(on)
    assert back is not None and back.kind is StepKind.STEP_BACK and back.daily_dose == p.steps[0].daily_dose
    retry = revised.steps[back.number]  # the step after the step back
    assert retry.daily_dose == failed.daily_dose  # no smaller cut can be measured...
    assert failed.days is not None and retry.days == failed.days * rules().retry_interval_factor  # ...so slower
    assert "no smaller cut can be measured" in retry.note
    assert revised.stop_date > p.stop_date


def test_a_step_back_with_a_measurable_smaller_cut_keeps_the_interval() -> None:
    p = plan(product="solution:1")  # 1 mg/mL solution: a halfway dose can be measured
    failed = p.steps[1]
    on = failed.start + timedelta(days=1)
    revised = apply_proposal(p, Proposal("step_back"), on=on, reason="insomnia")
    back = revised.step_on(on)
    assert back is not None
    retry = revised.steps[back.number]
    assert failed.daily_dose < retry.daily_dose < back.daily_dose
    assert retry.days == failed.days
