"""Which days the checklist forms cover: the onset window after the riskiest cuts."""

from __future__ import annotations

from datetime import timedelta

from baclotaper.common import data
from baclotaper.exports.pdf.watch_days import watch_plan
from baclotaper.nurse_log.advice import rules
from baclotaper.taper.plan import TaperPlan


def test_forms_cover_the_onset_window_after_each_printed_cut(oral_plan: TaperPlan) -> None:
    window = rules().onset[oral_plan.regimen.route]
    watch = watch_plan(oral_plan)
    for w in watch.printed:
        first, last = w.step.start + timedelta(days=window.first_day), w.step.start + timedelta(days=window.last_day)
        assert w.days[0] == first and w.days[-1] == last and len(w.days) == window.last_day - window.first_day + 1


def test_a_long_plan_prints_the_first_and_the_largest_cuts(itb_plan: TaperPlan) -> None:
    limit = int(data.load("printing")["checklist_forms"]["max_cuts"]["value"])
    watch = watch_plan(itb_plan)
    cuts = watch.printed + watch.not_printed
    assert len(cuts) == len(itb_plan.steps) and len(watch.printed) == limit
    assert watch.printed[0].step.number == 1  # the first cut always
    assert watch.printed[-1].step.daily_dose == 0  # the stop is the largest cut (100 %)
    smallest_printed = min(w.percent for w in watch.printed[1:])
    assert all(w.percent <= smallest_printed + 1e-9 for w in watch.not_printed)
    numbers = [w.step.number for w in watch.printed]
    assert numbers == sorted(numbers)


def test_holds_and_step_backs_are_not_cuts(revised_plan: TaperPlan) -> None:
    watch = watch_plan(revised_plan)
    kinds = {w.step.kind for w in watch.printed + watch.not_printed}
    assert kinds == {"cut"}
    assert all(w.step.daily_dose < w.before for w in watch.printed + watch.not_printed)
