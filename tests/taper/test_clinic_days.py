"""Cuts placed so the days when withdrawal starts fall on clinic days."""

from __future__ import annotations

from datetime import date, timedelta

from baclotaper.taper import edits
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions
from baclotaper.taper.schedule import parse_weekdays
from tests.factories import plan

NO_WEEKENDS = parse_weekdays("fri,sat,sun")


def _cuts(p):  # type: ignore[no-untyped-def]
    return [s for s in p.steps if s.kind.value == "cut"]


def test_with_fridays_to_sundays_off_every_cut_is_watched_on_the_three_days_after_it() -> None:
    p = plan(dose=40, on_therapy="2y", options=PlanOptions(avoid_weekdays=NO_WEEKENDS))
    for step in _cuts(p):
        after = [step.start + timedelta(days=k) for k in (1, 2, 3)]
        assert all(day.weekday() not in NO_WEEKENDS for day in after), step
    assert all(s.start.weekday() == 0 for s in _cuts(p))  # Monday is the only such day


def test_a_short_interval_is_not_stretched_to_reach_clinic_days() -> None:
    """The ANSM phase cuts every 2 days: it keeps off excluded days but is not made weekly."""
    options = PlanOptions(pace=PaceChanges(pace="high_dose"), avoid_weekdays=NO_WEEKENDS)
    p = plan(dose=200, on_therapy="1y", indication="alcohol", per_day=4, options=options)
    fast = [s for s in p.steps if s.daily_dose > 80]
    # Mon → Wed stays 2 days; only the excluded weekend stretches Wed → Mon
    assert [s.days for s in fast[:4]] == [2, 5, 2, 5]
    assert all(s.start.weekday() not in NO_WEEKENDS for s in p.steps)


def test_a_hold_after_the_plan_keeps_every_later_cut_off_excluded_days_and_moves_them_later() -> None:
    p = plan(dose=40, on_therapy="2y", options=PlanOptions(avoid_weekdays=NO_WEEKENDS))
    held = edits.hold(p, p.steps[1].start, 3, "tremor")
    assert all(s.start.weekday() not in NO_WEEKENDS for s in held.steps if s.kind.value == "cut")
    assert held.stop_date >= p.stop_date + timedelta(days=3)
    assert held.steps[0].start == p.steps[0].start == date(2026, 12, 7)
