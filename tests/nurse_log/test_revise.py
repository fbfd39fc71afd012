from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import EPS
from baclotaper.nurse_log.advice import Proposal, advise, rules
from baclotaper.nurse_log.revise import apply_proposal, describe, plan_position
from baclotaper.taper.plan import TaperPlan
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


REVISED_PLANS = 150


@st.composite
def revisions(draw: st.DrawFn) -> tuple[TaperPlan, list[tuple[Proposal, int]]]:
    """A plan, and one to three proposals accepted one after another, each on a day of the plan."""
    kind = draw(st.sampled_from(["tablets", "solution", "intrathecal"]))
    if kind == "intrathecal":
        p = plan(dose=draw(st.sampled_from([100, 250, 400, 800])), product="intrathecal:500", on_therapy="3y")
    else:
        product = "tablets:10,20" if kind == "tablets" else "solution:1"
        p = plan(dose=draw(st.sampled_from([20, 30, 45, 60, 80])), product=product, on_therapy="2y")
    proposals = st.sampled_from(
        [Proposal("step_back"), Proposal("hold", None), Proposal("hold", 3), Proposal("hold", 7)]
    )
    accepted = draw(st.lists(st.tuples(proposals, st.integers(0, 400)), min_size=1, max_size=3))
    return p, accepted


@settings(max_examples=REVISED_PLANS, deadline=None)
@given(revisions())
def test_a_revised_plan_never_speeds_up_the_taper(case: tuple[TaperPlan, list[tuple[Proposal, int]]]) -> None:
    original, accepted = case
    current = original
    for proposal, offset in accepted:
        on = original.steps[0].start + timedelta(days=offset % max(1, original.total_days))
        try:
            revised = apply_proposal(current, proposal, on=on, reason="audit")
        except InputError:
            continue  # refused with a message (already at the target, or at the last tolerated dose)
        last = max(current.stop_date, revised.stop_date)
        day = current.steps[0].start - timedelta(days=1)
        while day <= last:
            # Never a lower dose than the plan it replaces on any day: later, never sooner.
            assert revised.dose_on(day) >= current.dose_on(day) - EPS, (proposal, on, day)
            if day < on:
                assert abs(revised.dose_on(day) - current.dose_on(day)) <= EPS
            day += timedelta(days=1)
        assert revised.stop_date >= current.stop_date
        current = revised


@pytest.mark.parametrize("proposal", [Proposal("step_back"), Proposal("hold", 7), Proposal("hold", None)])
def test_a_revision_dated_before_an_accepted_step_back_is_refused(proposal: Proposal) -> None:
    # An older entry's advice accepted after a newer one's step back: dated the day before it, the
    # step back "retried" the 15 mg cut for 2 days inside the 20 mg restored by the first, then 20 again.
    p = plan(dose=20, product="tablets:10,20")
    first = p.steps[0].start
    stepped_back = apply_proposal(p, Proposal("step_back"), on=first + timedelta(days=1), reason="hallucinations")
    with pytest.raises(InputError, match=r"^date: 2026-12-01 is before the step back from 2026-12-02") as refused:
        apply_proposal(stepped_back, proposal, on=first, reason="insomnia the day before")
    assert "revise from 2026-12-02 or later" in str(refused.value)
    # From the step back's day on, a revision is made as usual.
    later = apply_proposal(stepped_back, Proposal("hold", 7), on=first + timedelta(days=3), reason="still unwell")
    assert later.stop_date >= stepped_back.stop_date
