"""The plan's promises, checked over many random regimens (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baclotaper.common.numbers import EPS, is_multiple
from baclotaper.taper import edits
from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.paces import PaceChanges, presets_for
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.products import parse_product
from baclotaper.taper.regimen import Indication, Regimen, Route
from baclotaper.taper.risk import risk_factors
from baclotaper.taper.sequence import FINAL_STOP, Cutter, StepKind, last_dose_min_days, stop_floor

ORAL = [
    "tablets:10,20",
    "tablets:5,10,20",
    "tablets:5+split",
    "tablets:15,20",
    "solution:1mg/ml",
    "solution:2mg/ml",
    "suspension:5mg/ml",
    "granules:5,10,20",
]
PUMP = ["intrathecal:500", "intrathecal:1000", "intrathecal:2000"]


@st.composite
def regimens(draw: st.DrawFn) -> tuple[Regimen, PlanOptions]:
    spec = draw(st.sampled_from(ORAL + PUMP))
    product = parse_product(spec)
    oral = product.route == "oral"
    top = 300 if oral else 1500
    per_day = draw(st.integers(1, 6)) if oral else 1
    most = int(top // product.quantum)
    units = draw(st.integers(max(1, per_day), most))
    dose = round(units * product.quantum, 6)
    target = round(draw(st.integers(0, units - 1)) * product.quantum, 6) if draw(st.booleans()) else 0.0
    regimen = Regimen(
        product=product,
        daily_dose=dose,
        on_therapy=Duration(draw(st.integers(1, 40)), draw(st.sampled_from("dwmy"))),
        start=date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 800))),
        per_day=per_day,
        target=target,
        age=draw(st.none() | st.integers(2, 100)),
        egfr=draw(st.none() | st.floats(5, 120)),
        dialysis=draw(st.booleans()),
        prior_withdrawal=draw(st.booleans()),
        pregnant=draw(st.booleans()),
        sedatives=draw(st.booleans()),
        spinal_injury_t6=draw(st.booleans()),
        communication_difficulty=draw(st.booleans()),
        indication=draw(st.sampled_from(list(Indication))),
        jurisdiction=draw(st.sampled_from(["US", "UK", "CA", "AU", "FR"])),
    )
    route = Route.ORAL if oral else Route.INTRATHECAL
    pace = draw(st.none() | st.sampled_from(presets_for(route)))
    interval = draw(st.none() | st.integers(1, 30))
    avoid = frozenset(draw(st.sets(st.integers(0, 6), max_size=5)))
    return regimen, PlanOptions(pace=PaceChanges(pace=pace, interval_days=interval), avoid_weekdays=avoid)


def _plan(case: tuple[Regimen, PlanOptions]) -> TaperPlan:
    return build_plan(*case)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(regimens())
def test_doses_never_rise_and_end_at_the_target(case: tuple[Regimen, PlanOptions]) -> None:
    plan = _plan(case)
    doses = [case[0].daily_dose] + [s.daily_dose for s in plan.steps]
    assert all(b < a + EPS for a, b in pairwise(doses))
    assert abs(plan.steps[-1].daily_dose - case[0].target) < EPS
    assert plan.steps[-1].end is None


@FAST
@given(regimens())
def test_no_cut_is_larger_than_the_pace_allows(case: tuple[Regimen, PlanOptions]) -> None:
    plan = _plan(case)
    r = case[0]
    cutter = Cutter.of(r, plan.pace)
    previous = r.daily_dose
    for step in plan.steps:
        assert previous - step.daily_dose <= cutter.allowed_cut(previous) + EPS
        previous = step.daily_dose


@FAST
@given(regimens())
def test_dates_are_contiguous_and_avoid_excluded_weekdays(case: tuple[Regimen, PlanOptions]) -> None:
    plan = _plan(case)
    avoid = case[1].avoid_weekdays
    assert plan.steps[0].start >= case[0].start
    for a, b in pairwise(plan.steps):
        assert a.end is not None
        assert b.start == a.end + timedelta(days=1)
    assert all(s.start.weekday() not in avoid for s in plan.steps)


@FAST
@given(regimens())
def test_the_plan_never_speeds_up_on_its_own(case: tuple[Regimen, PlanOptions]) -> None:
    """Every step lasts at least the pace's interval, whatever the weekdays and rounding."""
    plan = _plan(case)
    for step in plan.steps[:-1]:
        assert step.days is not None
        assert step.days >= plan.pace.phase_for(step.daily_dose).interval_days


@FAST
@given(regimens())
def test_every_administration_can_be_measured_and_adds_up(case: tuple[Regimen, PlanOptions]) -> None:
    plan = _plan(case)
    product = case[0].product
    for step in plan.steps:
        total = sum(a.dose for a in step.administrations)
        assert abs(total - step.daily_dose) < 1e-6
        for a in step.administrations:
            assert product.can_measure(a.dose)
            assert is_multiple(a.dose, product.quantum)
            assert "cannot be measured" not in a.amount
            if product.is_liquid:
                assert " mg = " in a.amount and " mL " in a.amount


@FAST
@given(regimens(), st.integers(1, 28), st.integers(0, 120))
def test_a_hold_moves_every_later_step_and_changes_no_dose(
    case: tuple[Regimen, PlanOptions], days: int, offset: int
) -> None:
    plan = _plan(case)
    on = plan.steps[0].start + timedelta(days=offset)
    index = next((i for i, s in enumerate(plan.steps) if s.covers(on)), None)
    if index is None or index == len(plan.steps) - 1:
        return
    held = edits.hold(plan, on, days, "symptoms")
    before = [s.daily_dose for s in plan.steps if s.kind is not StepKind.HOLD]
    assert [s.daily_dose for s in held.steps if s.kind is not StepKind.HOLD] == before
    assert held.stop_date >= plan.stop_date + timedelta(days=days)
    assert held.steps[index + 1].kind is StepKind.HOLD


@FAST
@given(regimens(), st.integers(1, 28), st.integers(0, 120))
def test_a_step_back_restores_a_higher_dose_then_never_cuts_faster(
    case: tuple[Regimen, PlanOptions], days: int, offset: int
) -> None:
    plan = _plan(case)
    on = plan.steps[0].start + timedelta(days=offset)
    index = next((i for i, s in enumerate(plan.steps) if s.covers(on)), None)
    if index is None or plan.steps[index].daily_dose >= case[0].daily_dose - EPS:
        return  # still on today's dose (a plan that starts at the floor): nothing to step back to
    backed = edits.step_back(plan, on, days, "hallucinations")
    back = next(s for s in backed.steps if s.kind is StepKind.STEP_BACK)
    assert back.start == on
    assert back.daily_dose > plan.steps[index].daily_dose
    assert backed.stop_date > plan.stop_date
    assert not edits.concerns(backed)


@FAST
@given(regimens())
def test_no_plan_starts_with_a_stop(case: tuple[Regimen, PlanOptions]) -> None:
    """Whatever the starting dose, day 1 of a plan is never 0 on any route."""
    plan = _plan(case)
    assert plan.steps[0].daily_dose > EPS
    assert len(plan.steps) >= 2 or case[0].target > EPS


@FAST
@given(regimens())
def test_a_stop_comes_from_the_floor_after_the_last_dose_was_held(case: tuple[Regimen, PlanOptions]) -> None:
    """A plan to 0 stops from at most the sourced floor (or one measurable step where the product
    cannot measure the floor), after at least the pace's interval and the last-dose minimum."""
    r = case[0]
    plan = _plan(case)
    if r.target > EPS:
        assert FINAL_STOP not in plan.steps[-1].flags
        return
    stop, last = plan.steps[-1], plan.steps[-2]
    assert FINAL_STOP in stop.flags and stop.note
    assert last.daily_dose <= max(stop_floor(r), r.product.quantum) + EPS
    assert last.days is not None
    assert last.days >= last_dose_min_days(r)
    assert last.days >= plan.pace.phase_for(last.daily_dose).interval_days
    if r.route is Route.INTRATHECAL:
        assert any(w.code == "INTRATHECAL_STOP" and w.severity == "danger" for w in plan.warnings)


@FAST
@given(regimens())
def test_every_risk_factor_is_named_in_the_reasons(case: tuple[Regimen, PlanOptions]) -> None:
    """Each risk factor either changed the pace or the reasons say why not: none is silent."""
    r = case[0]
    plan = build_plan(r, PlanOptions())
    reasons = " ".join(plan.pace.reasons)
    for factor in risk_factors(r):
        assert factor.words in reasons
        if factor.weight == 0:
            assert factor.why_not in reasons
    if r.sedatives:
        assert "no risk factor" not in reasons.replace("no risk factor that changes", "")


@FAST
@given(regimens(), st.integers(1, 28), st.integers(0, 120), st.booleans())
def test_every_plan_the_engine_makes_passes_the_check_for_plans_from_outside(
    case: tuple[Regimen, PlanOptions], days: int, offset: int, hold: bool
) -> None:
    """Saved and opened again, the engine's plans, held or stepped back, are the same plan (the
    check for files, recovery copies and stored revisions refuses none of them)."""
    import json

    from baclotaper.taper import planfile

    plan = _plan(case)
    on = plan.steps[0].start + timedelta(days=offset)
    index = next((i for i, s in enumerate(plan.steps) if s.covers(on)), None)
    if index is not None and index < len(plan.steps) - 1:
        if hold:
            plan = edits.hold(plan, on, days, "symptoms")
        elif plan.steps[index].daily_dose < case[0].daily_dose - EPS:
            plan = edits.step_back(plan, on, days, "hallucinations")
    again = planfile.loads(json.dumps(planfile.file_dict(plan)))
    assert again.steps == plan.steps
