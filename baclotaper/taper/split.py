"""Dividing a daily dose into the day's administrations.

Cuts come off the midday dose first and the bedtime dose last (unless the prescriber gives another
order), while the shape of the patient's own split (say 10 + 10 + 20 mg) is kept as far as the
product's measurable steps allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import quanta

SLOTS: dict[int, tuple[str, ...]] = {
    1: ("bedtime",),
    2: ("morning", "bedtime"),
    3: ("morning", "midday", "bedtime"),
    4: ("morning", "midday", "evening", "bedtime"),
    5: ("morning", "late morning", "midday", "evening", "bedtime"),
    6: ("early morning", "morning", "midday", "afternoon", "evening", "bedtime"),
}
# Which administration gives way first when the dose comes down.
DEFAULT_CUT_ORDER = (
    "midday",
    "afternoon",
    "late morning",
    "evening",
    "early morning",
    "morning",
    "bedtime",
)


def slot_names(per_day: int) -> tuple[str, ...]:
    return SLOTS[per_day]


def parse_cut_order(text: str, per_day: int) -> tuple[str, ...]:
    """``"bedtime,midday,morning"`` -> a full order; names not given keep the default order after."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    known = slot_names(per_day)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError("cut_order", f"'{unknown[0]}' is not one of today's doses: {', '.join(known)}")
    return tuple(dict.fromkeys([*names, *DEFAULT_CUT_ORDER]))


@cache
def _ranks(names: tuple[str, ...], order: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(order.index(n) if n in order else len(order) for n in names)


def _rank(names: Sequence[str], order: Sequence[str]) -> list[int]:
    return [order.index(n) if n in order else len(order) for n in names]


def even_split(
    daily: float, per_day: int, quantum: float, order: Sequence[str] = DEFAULT_CUT_ORDER
) -> tuple[float, ...]:
    """As even as the product allows; the extra steps go to the doses cut last (bedtime first)."""
    names = slot_names(per_day)
    total = quanta(daily, quantum)
    base, extra = divmod(total, per_day)
    counts = [base] * per_day
    ranks = _rank(names, order)
    for i in sorted(range(per_day), key=lambda i: -ranks[i])[:extra]:
        counts[i] += 1
    return tuple(round(c * quantum, 6) for c in counts)


def resplit(
    previous: Sequence[float],
    shape: Sequence[float],
    daily: float,
    quantum: float,
    order: Sequence[str] = DEFAULT_CUT_ORDER,
) -> tuple[float, ...]:
    """Move from ``previous`` to a new daily total one measurable step at a time.

    A cut takes a step from the administration furthest above its share of ``shape`` (the
    patient's starting split); ties go to the earliest in ``order``, so with 10 + 10 + 20 mg the
    first cut still comes off midday.  A rise (a step back) gives a step to the administration
    furthest below its share; ties go to the latest in ``order`` (bedtime first).
    No administration ever goes up during a cut, or down during a rise.
    """
    ranks = _ranks(slot_names(len(previous)), tuple(order))
    counts = [quanta(d, quantum) for d in previous]
    shape_total = sum(shape) or 1.0
    share = [max(s / shape_total, 1e-9) for s in shape]
    change = quanta(daily, quantum) - sum(counts)
    # One step at a time, each slot's key (its count over its share, then its rank) only falls as
    # it gives steps (or rises as it takes them), so the steps moved are the ``change`` best keys
    # over all slots: picked at once, the same result as the step-by-step walk, much faster.
    if change < 0:
        units = -change
        keys = [
            (c / share[i], -ranks[i], i) for i, top in enumerate(counts) for c in range(top, max(top - units, 0), -1)
        ]
        keys.sort(reverse=True)
        for _key, _rank_key, i in keys[:units]:
            counts[i] -= 1
    elif change > 0:
        keys = [(c / share[i], -ranks[i], i) for i, low in enumerate(counts) for c in range(low, low + change)]
        keys.sort()
        for _key, _rank_key, i in keys[:change]:
            counts[i] += 1
    return tuple(round(c * quantum, 6) for c in counts)
