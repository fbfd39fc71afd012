"""Dates of a plan: contiguous steps, kept off the weekdays the prescriber excludes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from baclotaper.common.errors import InputError

if TYPE_CHECKING:
    from dateutil.relativedelta import weekday

_WEEK = 7
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
    # dateutil on first use: the window's form needs WEEKDAY_NAMES before it draws, dateutil later.
    from dateutil.relativedelta import relativedelta
    from dateutil.rrule import weekdays as all_weekdays

    allowed: Iterable[weekday] = (wd for wd in all_weekdays if wd.weekday not in avoid)
    return min(day + relativedelta(weekday=wd(+1)) for wd in allowed)


def watched_cut_day(day: date, avoid: frozenset[int], watch_days: int, most_delay: int) -> date:
    """The first allowed day from ``day`` whose next ``watch_days`` days are allowed too (so the
    days after a cut, when withdrawal starts, fall on clinic days), waiting at most ``most_delay``
    days; where no day that soon covers them all, the allowed day covering the most."""
    first = next_allowed(day, avoid)
    if not avoid or watch_days <= 0:
        return first
    best, best_covered = first, -1
    for delay in range((first - day).days, most_delay + 1):
        candidate = day + timedelta(days=delay)
        if candidate.weekday() in avoid:
            continue
        covered = sum((candidate + timedelta(days=k)).weekday() not in avoid for k in range(1, watch_days + 1))
        if covered > best_covered:
            best, best_covered = candidate, covered
        if covered == watch_days:
            break
    return best


def lay_out(
    start: date,
    lengths: Sequence[int | None],
    avoid: frozenset[int],
    movable: Sequence[bool] | None = None,
    *,
    watch_days: int = 0,
    watch_later_cuts: bool = True,
) -> list[tuple[date, date | None]]:
    """Start and end (inclusive) of each step; the last step is open-ended.

    A cut that would start on an excluded weekday starts on the next allowed day instead, so the
    step before it lasts longer: the plan only ever gets slower.  With ``watch_days``, a cut also
    waits (the first up to a week, later ones up to half the step they lengthen) for a day whose
    next ``watch_days`` days are allowed, so the days after a cut fall on clinic days.  Steps
    that are not ``movable`` (holds and step backs, which answer symptoms) start when they are
    due, whatever the weekday.  Without ``watch_later_cuts`` only the first cut waits for clinic
    days (its day depends on the start alone), so a plan laid out again after an edit keeps the
    days its later cuts already have.
    """
    if len(avoid) >= 7:
        raise InputError("avoid_weekdays", "cannot exclude every day of the week")
    can_move = list(movable) if movable is not None else [True] * len(lengths)
    starts: list[date] = []
    day = start
    for index, (length, moves) in enumerate(zip(lengths, can_move, strict=True)):
        if moves:
            # The first cut may wait up to a week (the patient stays on today's dose); a later
            # one up to half the step it lengthens.
            if index == 0:
                day = watched_cut_day(day, avoid, watch_days, _WEEK - 1)
            elif watch_later_cuts:
                day = watched_cut_day(day, avoid, watch_days, (lengths[index - 1] or 0) // 2)
            else:
                day = next_allowed(day, avoid)
        starts.append(day)
        if length is not None:
            day = day + timedelta(days=length)
    return [
        (begin, starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else None) for i, begin in enumerate(starts)
    ]
