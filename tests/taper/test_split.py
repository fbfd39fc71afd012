from hypothesis import given, settings
from hypothesis import strategies as st

from baclotaper.common.numbers import quanta
from baclotaper.taper.split import DEFAULT_CUT_ORDER, even_split, parse_cut_order, resplit, slot_names


def test_even_split_gives_extra_to_bedtime_first() -> None:
    assert even_split(25, 3, 5) == (10, 5, 10)  # morning, midday, bedtime
    assert even_split(35, 3, 5) == (10, 10, 15)
    assert even_split(60, 3, 5) == (20, 20, 20)


def test_cuts_come_off_midday_first_and_bedtime_last() -> None:
    start = (20.0, 20.0, 20.0)
    split = start
    seen = []
    for daily in (55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5):
        split = resplit(split, start, daily, 5)
        seen.append(split)
    assert seen[0] == (20, 15, 20)  # midday first
    assert seen[1] == (15, 15, 20)  # then morning
    assert seen[-1] == (0, 0, 5)  # bedtime is the last dose left


def test_an_uneven_split_keeps_bedtime_heaviest_and_cuts_midday_first() -> None:
    shape = (10.0, 10.0, 20.0)  # more at night for night-time spasms
    split = shape
    seen = []
    for daily in range(35, 0, -5):
        split = resplit(split, shape, daily, 5)
        seen.append(split)
        assert split[2] >= max(split[0], split[1])
    assert seen[0] == (10, 5, 20)  # midday gives way first
    assert seen[-1] == (0, 0, 5)  # bedtime is the last dose left


def test_no_dose_of_the_day_rises_during_a_cut() -> None:
    shape = (5.0, 15.0, 20.0)
    split = shape
    for daily in range(35, -1, -5):
        new = resplit(split, shape, daily, 5)
        assert all(n <= o for n, o in zip(new, split, strict=True))
        assert sum(new) == daily
        split = new


def test_a_step_back_restores_bedtime_first() -> None:
    shape = (20.0, 20.0, 20.0)
    assert resplit((15.0, 15.0, 20.0), shape, 55, 5) == (20, 15, 20)


def test_prescriber_can_choose_another_cut_order() -> None:
    order = parse_cut_order("bedtime,morning", 3)
    assert resplit((20.0, 20.0, 20.0), (20.0, 20.0, 20.0), 55, 5, order) == (20, 20, 15)


def test_slot_names() -> None:
    assert slot_names(3) == ("morning", "midday", "bedtime")
    assert slot_names(4)[-1] == "bedtime"


def _walk(previous: list[float], shape: list[float], daily: float, quantum: float, order: tuple[str, ...]) -> tuple:  # type: ignore[type-arg]
    """The plain step-by-step walk that ``resplit`` computes in one go."""
    names = slot_names(len(previous))
    ranks = [order.index(n) if n in order else len(order) for n in names]
    counts = [quanta(d, quantum) for d in previous]
    share = [max(s / (sum(shape) or 1.0), 1e-9) for s in shape]
    change = quanta(daily, quantum) - sum(counts)
    while change < 0:
        i = max((i for i in range(len(counts)) if counts[i] > 0), key=lambda i: (counts[i] / share[i], -ranks[i]))
        counts[i], change = counts[i] - 1, change + 1
    while change > 0:
        i = min(range(len(counts)), key=lambda i: (counts[i] / share[i], -ranks[i]))
        counts[i], change = counts[i] + 1, change - 1
    return tuple(round(c * quantum, 6) for c in counts)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 60), min_size=n, max_size=n),
            st.lists(st.integers(1, 40), min_size=n, max_size=n),
            st.integers(0, 400),
            st.sampled_from([0.5, 1.0, 2.5, 5.0]),
            st.permutations(DEFAULT_CUT_ORDER),
        )
    )
)
def test_resplit_moves_the_same_steps_as_the_step_by_step_walk(case: tuple) -> None:  # type: ignore[type-arg]
    previous_units, shape_units, daily_units, quantum, order = case
    previous = [u * quantum for u in previous_units]
    shape = [u * quantum for u in shape_units]
    daily = min(daily_units, sum(previous_units) + 30) * quantum
    expected = _walk(previous, shape, daily, quantum, tuple(order))
    assert resplit(previous, shape, daily, quantum, tuple(order)) == expected
