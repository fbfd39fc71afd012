"""What the pharmacy dispenses: the fewest tablet strengths that measure every step."""

from __future__ import annotations

from pathlib import Path

from baclotaper.taper import planfile
from baclotaper.taper.plan import PlanOptions
from baclotaper.taper.products import default_strengths
from tests.factories import codes, plan


def _strengths(p) -> list[float]:  # type: ignore[no-untyped-def]
    return [s.mg for s in p.regimen.product.strengths]


def _used(p) -> set[float]:  # type: ignore[no-untyped-def]
    return {
        piece.strength
        for step in p.steps
        for a in step.administrations
        for piece in p.regimen.product.pieces(a.dose) or ()
    }


def test_60_mg_on_the_four_us_strengths_is_dispensed_as_10_mg_tablets_only() -> None:
    p = plan(dose=60, product="tablets:5,10,15,20", on_therapy="2y")
    assert _strengths(p) == [10] and _used(p) == {10}
    assert all("10 mg tablet" in a.amount for s in p.steps for a in s.administrations)
    assert [s.daily_dose for s in p.steps][:2] == [55, 50]  # the same steps as with every strength
    message = next(w.message for w in p.warnings if w.code == "STRENGTHS_CHOSEN")
    assert "only 10 mg tablets" in message and "5 mg, 10 mg, 15 mg, 20 mg" in message


def test_a_high_dose_keeps_enough_strengths_to_stay_at_four_tablets_a_dose() -> None:
    p = plan(dose=300, product="tablets:5,10,15,20", on_therapy="1y", indication="alcohol", per_day=4)
    assert len(_strengths(p)) < 4
    for step in p.steps:
        for a in step.administrations:
            assert sum(piece.count for piece in p.regimen.product.pieces(a.dose) or ()) <= 4


def test_the_prescriber_can_keep_every_strength_on_purpose() -> None:
    p = plan(dose=60, product="tablets:5,10,15,20", on_therapy="2y", options=PlanOptions(all_strengths=True))
    assert _strengths(p) == [5, 10, 15, 20]
    assert "STRENGTHS_CHOSEN" not in codes(p)


def test_one_strength_given_is_left_alone() -> None:
    p = plan(dose=40, product="tablets:10", on_therapy="1y")
    assert _strengths(p) == [10] and "STRENGTHS_CHOSEN" not in codes(p)


def test_a_narrowed_plan_reopens_with_the_same_strengths_and_warning(tmp_path: Path) -> None:
    original = plan(dose=60, product="tablets:5,10,15,20", on_therapy="2y")
    path = tmp_path / "p.baclotaper"
    planfile.save(original, path)
    reopened = planfile.load(path)
    assert reopened.regimen == original.regimen and reopened.warnings == original.warnings
    assert reopened.options.offered_strengths == (5, 10, 15, 20)


def test_uk_default_strengths_follow_the_uk_market() -> None:
    assert default_strengths("UK") == (5, 10)
    assert default_strengths("US") == (5, 10, 15, 20)
