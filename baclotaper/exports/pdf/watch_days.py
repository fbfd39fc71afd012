"""The taper's riskiest days: the onset window after each cut, for the printed checklist.

Withdrawal usually starts 1–3 days after a cut (the onset window of ``advice.toml``).  A long plan
has many cuts; the PDF prints forms for the first cut (the patient's first change) and then the
largest cuts by percent of the dose (the final stop is always among them), up to ``max_cuts`` of
``printing.toml``, and lists the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from baclotaper.common import data
from baclotaper.common.numbers import EPS
from baclotaper.nurse_log.advice import rules
from baclotaper.taper.plan import Step, TaperPlan


@dataclass(frozen=True)
class WatchWindow:
    step: Step
    before: float  # the daily dose before the cut
    days: tuple[date, ...]

    @property
    def percent(self) -> float:
        return (self.before - self.step.daily_dose) / self.before * 100


@dataclass(frozen=True)
class WatchPlan:
    printed: tuple[WatchWindow, ...]  # in date order
    not_printed: tuple[WatchWindow, ...]
    first_day: int
    last_day: int
    window_source: str
    limit_tag: str


def watch_windows(plan: TaperPlan) -> tuple[WatchWindow, ...]:
    """The onset window after every cut, in date order (the patient's diary covers them all)."""
    window = rules().onset[plan.regimen.route]
    cuts: list[WatchWindow] = []
    before = plan.regimen.daily_dose
    for step in plan.steps:
        if step.daily_dose < before - EPS:
            days = tuple(step.start + timedelta(days=n) for n in range(window.first_day, window.last_day + 1))
            cuts.append(WatchWindow(step, before, days))
        before = step.daily_dose
    return tuple(cuts)


def watch_plan(plan: TaperPlan) -> WatchPlan:
    window = rules().onset[plan.regimen.route]
    limit = data.sourced(data.load("printing")["checklist_forms"]["max_cuts"])
    cuts = list(watch_windows(plan))
    # The first cut, then the largest; among equal cuts the earlier (the patient is least used to change).
    ranked = sorted(cuts, key=lambda w: (w is not cuts[0], -round(w.percent, 6), w.step.number))
    keep = {w.step.number for w in ranked[: int(limit.value)]}
    return WatchPlan(
        printed=tuple(w for w in cuts if w.step.number in keep),
        not_printed=tuple(w for w in cuts if w.step.number not in keep),
        first_day=window.first_day,
        last_day=window.last_day,
        window_source=f"{window.source} [{window.tag}]",
        limit_tag=limit.tag,
    )
