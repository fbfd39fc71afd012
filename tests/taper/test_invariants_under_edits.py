"""The plan's promises over many regimens, paces and products, and after every revision a nurse or
prescriber can make (hold, step back, the log's step back, saving and reopening), checked against
the pace itself (``pace_oracle``), not the engine's own sizing."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baclotaper.common.errors import InputError
from baclotaper.nurse_log.advice import Proposal
from baclotaper.nurse_log.revise import apply_proposal
from baclotaper.taper import edits, planfile
from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.paces import PaceChanges, presets_for
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.products import parse_product
from baclotaper.taper.regimen import Indication, Regimen, Route, jurisdictions, limit
from baclotaper.taper.split import DEFAULT_CUT_ORDER, slot_names
from tests.taper.pace_oracle import problems

ORAL = [
    "tablets:10,20",
    "tablets:5,10,15,20,25",
    "tablets:5+split",
    "tablets:15,20",
    "tablets:25",
    "tablets:10",
    "solution:1mg/ml",
    "solution:2mg/ml",
    "suspension:5mg/ml",
    "granules:5,10,20",
    "granules:20",
]
PUMP = ["intrathecal:500", "intrathecal:1000", "intrathecal:2000"]
Case = tuple[Regimen, PlanOptions]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Any regimen the form accepts: up to the input limit (far above every maximum), uneven splits,
    custom steps, percents and intervals on either phase, cut orders, weekdays, a pump's
    concentration change."""
    product = parse_product(draw(st.sampled_from(ORAL + PUMP)))
    oral = product.route == "oral"
    quantum = product.quantum
    top = limit("input", "oral_max_mg" if oral else "intrathecal_max_mcg").value
    per_day = draw(st.integers(1, 6)) if oral else 1
    units = draw(st.integers(1, int(top // quantum)))
    dose = round(units * quantum, 6)
    target = round(draw(st.integers(0, units - 1)) * quantum, 6) if draw(st.booleans()) else 0.0
    split = None
    if oral and per_day > 1 and draw(st.booleans()):
        cuts = sorted(draw(st.lists(st.integers(0, units), min_size=per_day - 1, max_size=per_day - 1)))
        split = tuple(round((b - a) * quantum, 6) for a, b in zip([0, *cuts], [*cuts, units], strict=True))
        if not all(product.can_measure(d) for d in split):
            split = None
    pregnant = draw(st.booleans())
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 800)))
    regimen = Regimen(
        product=product,
        daily_dose=dose,
        on_therapy=Duration(draw(st.integers(1, 40)), draw(st.sampled_from("dwmy"))),
        start=start,
        per_day=per_day,
        split=split,
        target=target,
        age=draw(st.none() | st.integers(0, 110)),
        egfr=draw(st.none() | st.floats(0, 200)),
        dialysis=draw(st.booleans()),
        prior_withdrawal=draw(st.booleans()),
        pregnant=pregnant,
        due_date=start + timedelta(days=draw(st.integers(0, 294))) if pregnant and draw(st.booleans()) else None,
        sedatives=draw(st.booleans()),
        spinal_injury_t6=draw(st.booleans()),
        communication_difficulty=draw(st.booleans()),
        indication=draw(st.sampled_from(list(Indication))),
        jurisdiction=draw(st.sampled_from(list(jurisdictions()))),
    )
    route = Route.ORAL if oral else Route.INTRATHECAL
    pace = draw(st.none() | st.sampled_from(presets_for(route)))
    how = draw(st.sampled_from(["preset", "step", "percent", "custom"]))
    step = round(draw(st.integers(1, max(1, units - 1))) * quantum, 6) if how == "step" and units > 1 else None
    percent = draw(st.sampled_from([1, 2.5, 5, 10, 25, 50])) if how == "percent" else None
    high = pace == "high_dose"
    cut_order = None
    if oral and draw(st.booleans()):
        names = draw(st.permutations(slot_names(per_day)))
        cut_order = tuple(dict.fromkeys([*names, *DEFAULT_CUT_ORDER]))
    change = None
    if not oral and draw(st.booleans()):
        new = draw(st.sampled_from([c for c in (500.0, 1000.0, 2000.0) if c != product.concentration]))
        change = (float(draw(st.integers(1, int(dose)))), new)
    custom = None
    if how == "custom":  # the prescriber's own steps, down to the target or not, a stop written or not
        lows = draw(st.lists(st.integers(round(target / quantum), units - 1), min_size=1, max_size=4, unique=True))
        custom = tuple((round(u * quantum, 6), draw(st.integers(1, 30))) for u in sorted(lows, reverse=True))
    options = PlanOptions(
        custom=custom,
        pace=PaceChanges(
            pace=pace,
            interval_days=draw(st.none() | st.integers(1, 90)),
            step=step,
            percent=percent,
            above_max_step=draw(st.none() | st.sampled_from([10.0, 15.0])) if high and dose > 15 else None,
            above_max_interval_days=draw(st.none() | st.integers(1, 4)) if high else None,
        ),
        cut_order=cut_order,
        avoid_weekdays=frozenset(draw(st.sets(st.integers(0, 6), max_size=6))),
        concentration_change=change,
        all_strengths=draw(st.booleans()),
    )
    return regimen, options


def _build(case: Case) -> TaperPlan | None:
    try:
        return build_plan(*case)
    except InputError:
        return None  # refused with the field named (e.g. more steps than a plan may have)


def _reopened(plan: TaperPlan) -> TaperPlan:
    return planfile.loads(json.dumps(planfile.file_dict(plan)))


def _as_printed(plan: TaperPlan) -> list[tuple[object, ...]]:
    return [(s.start, s.end, s.daily_dose, s.kind, s.note, s.administrations) for s in plan.steps]


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases())
def test_every_plan_keeps_the_paces_promises_and_reopens_as_saved(case: Case) -> None:
    plan = _build(case)
    if plan is None:
        return
    assert problems(plan) == []
    assert not edits.concerns(plan)
    assert _as_printed(_reopened(plan)) == _as_printed(plan)


REVISIONS = st.lists(
    st.tuples(
        st.sampled_from(["hold", "step back", "the log's step back", "reopen"]),
        st.floats(0, 1.05),  # where in the plan, as a share of its length
        st.sampled_from([1, 2, 3, 7, 14]),
    ),
    min_size=1,
    max_size=4,
)


@SETTINGS
@given(cases(), REVISIONS)
def test_holds_step_backs_and_reopening_never_speed_the_plan_up(
    case: Case, revisions: list[tuple[str, float, int]]
) -> None:
    """After any series of revisions the plan still keeps every promise: no cut larger than the
    pace, no dose reached by a cut kept less than the pace's interval, no stop from above the
    floor or after too short a last dose, no planned day at 0 before the end."""
    plan = _build(case)
    if plan is None:
        return
    for kind, where, days in revisions:
        length = (plan.steps[-1].start - plan.steps[0].start).days + days
        on = plan.steps[0].start + timedelta(days=round(where * length))
        try:
            if kind == "hold":
                revised = edits.hold(plan, on, days, "tired")
            elif kind == "step back":
                revised = edits.step_back(plan, on, days, "hallucinations")
            elif kind == "the log's step back":
                revised = apply_proposal(plan, Proposal(kind="step_back", days=days), on=on, reason="tremor")
            else:
                revised = _reopened(plan)
                assert _as_printed(revised) == _as_printed(plan)
        except InputError as exc:
            assert exc.field == "date"  # refused, naming the date (at the target, before the plan…)
            continue
        assert problems(revised) == [], (kind, on)
        assert not edits.concerns(revised)
        plan = revised
