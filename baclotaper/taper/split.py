"""Dividing a daily dose into the day's administrations.

Cuts come off the midday dose first and the bedtime dose last (unless the prescriber gives another
order), while the shape of the patient's own split (say 10 + 10 + 20 mg) is kept as far as the
product's measurable steps allow.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    names = slot_names(len(previous))
    ranks = _rank(names, order)
    counts = [quanta(d, quantum) for d in previous]
    shape_total = sum(shape) or 1.0
    share = [max(s / shape_total, 1e-9) for s in shape]
    change = quanta(daily, quantum) - sum(counts)
    slots = range(len(counts))
    while change < 0:
        i = max((i for i in slots if counts[i] > 0), key=lambda i: (counts[i] / share[i], -ranks[i]))
        counts[i] -= 1
        change += 1
    while change > 0:
        i = min(slots, key=lambda i: (counts[i] / share[i], -ranks[i]))
        counts[i] += 1
        change -= 1
    return tuple(round(c * quantum, 6) for c in counts)
