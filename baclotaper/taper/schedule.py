"""Dates of a plan: contiguous steps, kept off the weekdays the prescriber excludes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta, weekday
from dateutil.rrule import weekdays as all_weekdays

from baclotaper.common.errors import InputError

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_weekdays(text: str) -> frozenset[int]:
    """``"fri,sat,sun"`` -> ``{4, 5, 6}`` (Monday is 0)."""
    days = set()
    for part in text.split(","):
        name = part.strip()[:3].title()
        if not name:
            continue
        if name not in WEEKDAY_NAMES:
            raise InputError("avoid_weekdays", f"'{part.strip()}' is not a weekday; use Mon, Tue, … Sun")
        days.add(WEEKDAY_NAMES.index(name))
    return frozenset(days)


def next_allowed(day: date, avoid: frozenset[int]) -> date:
    """``day`` itself, or the first later day that is not an excluded weekday."""
    if day.weekday() not in avoid:
        return day
    allowed: Iterable[weekday] = (wd for wd in all_weekdays if wd.weekday not in avoid)
    return min(day + relativedelta(weekday=wd(+1)) for wd in allowed)


def lay_out(
    start: date,
    lengths: Sequence[int | None],
    avoid: frozenset[int],
    movable: Sequence[bool] | None = None,
) -> list[tuple[date, date | None]]:
    """Start and end (inclusive) of each step; the last step is open-ended.

    A cut that would start on an excluded weekday starts on the next allowed day instead, so the
    step before it lasts longer: the plan only ever gets slower.  Steps that are not ``movable``
    (holds and step backs, which answer symptoms) start when they are due, whatever the weekday.
    """
    if len(avoid) >= 7:
        raise InputError("avoid_weekdays", "cannot exclude every day of the week")
    can_move = list(movable) if movable is not None else [True] * len(lengths)
    starts: list[date] = []
    day = start
    for index, (length, moves) in enumerate(zip(lengths, can_move, strict=True)):
        # The first step may always wait: until it starts the patient stays on today's dose.
        if moves or index == 0:
            day = next_allowed(day, avoid)
        starts.append(day)
        if length is not None:
            day = day + timedelta(days=length)
    return [
        (begin, starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else None) for i, begin in enumerate(starts)
    ]
