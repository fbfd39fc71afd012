"""The timeline's numbers, ready to draw: no Qt, so a 50 000-entry history is cheap to prepare.

Points are reduced to at most four per pixel column (first, lowest, highest, last: "M4"), so the
drawing costs the same for 50 or 50 000 entries and no peak is lost.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import compress

from baclotaper.nurse_log.checklist import TIERS, Tier
from baclotaper.nurse_log.store import Timeline
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.sequence import StepKind

DAY = 86_400.0
# The vital signs drawn, top to bottom under the checklist total.
CHARTED_VITALS = ("temperature", "heart_rate")


@dataclass(frozen=True)
class Series:
    """Values at times (epoch seconds, ascending); points without a value are left out."""

    times: Sequence[float] = ()
    values: Sequence[float] = ()

    def __len__(self) -> int:
        return len(self.times)


@dataclass(frozen=True)
class Column:
    x: int
    first: float
    low: float
    high: float
    last: float


@dataclass(frozen=True)
class TimelineData:
    count: int = 0
    total: Series = field(default_factory=Series)
    vitals: dict[str, Series] = field(default_factory=dict)
    by_tier: dict[Tier, Series] = field(default_factory=dict)

    @property
    def first(self) -> float | None:
        return self.total.times[0] if self.count else None

    @property
    def last(self) -> float | None:
        return self.total.times[-1] if self.count else None

    @classmethod
    def from_timeline(cls, timeline: Timeline) -> TimelineData:
        # Column-wise with compress(): a 50 000-entry history is prepared in a few milliseconds.
        times = list(timeline.seconds)
        vitals = {}
        for vital_id in CHARTED_VITALS:
            values = timeline.vitals.get(vital_id, ())
            taken = [value is not None for value in values]
            vitals[vital_id] = Series(list(compress(times, taken)), [v for v in values if v is not None])
        by_tier = {}
        for tier in TIERS:
            chosen = [t == tier for t in timeline.tiers]
            if any(chosen):
                by_tier[tier] = Series(list(compress(times, chosen)), list(compress(timeline.totals, chosen)))
        return cls(len(times), Series(times, timeline.totals), vitals, by_tier)


def reduce(series: Series, start: float, end: float, width: int) -> list[Column]:
    """The points of ``series`` between ``start`` and ``end`` as at most one column per pixel."""
    times, values = series.times, series.values
    low_index, high_index = bisect_left(times, start), bisect_right(times, end)
    if high_index <= low_index or width <= 0 or end <= start:
        return []
    scale = width / (end - start)
    columns = []
    i = low_index
    while i < high_index:
        x = int((times[i] - start) * scale)
        # Never stall on a rounding edge: every pass takes at least one point.
        j = max(bisect_left(times, start + (x + 1) / scale, i, high_index), i + 1)
        chunk = values[i:j]
        columns.append(Column(min(x, width - 1), chunk[0], min(chunk), max(chunk), chunk[-1]))
        i = j
    return columns


def midnight(day: date) -> float:
    """The start of ``day`` in this machine's zone, as epoch seconds."""
    return datetime.combine(day, time.min).astimezone().timestamp()


def dose_steps(plan: TaperPlan) -> list[tuple[float, float]]:
    """(start, daily dose) for the plan's dose line, the current dose first."""
    # The dose before the plan reaches back to the start of time; the view clips it to the chart.
    return [(0.0, plan.regimen.daily_dose)] + [(midnight(s.start), s.daily_dose) for s in plan.steps]


def cut_days(plan: TaperPlan) -> list[float]:
    return [midnight(s.start) for s in plan.steps if s.kind is StepKind.CUT]
