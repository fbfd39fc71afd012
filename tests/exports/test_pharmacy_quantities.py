"""Quantities to dispense: whole tablets per strength, liquids in mL and bottles."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

from baclotaper.exports.pdf import export_pdf
from baclotaper.exports.pdf.pharmacy import amount
from baclotaper.exports.pdf.quantities import supply
from baclotaper.taper.plan import PlanOptions, TaperPlan
from tests.exports.conftest import GENERATED, flat, page_texts
from tests.factories import plan


def test_half_tablets_are_rounded_up_to_whole_tablets_per_step() -> None:
    # 15 mg once a day from 10 mg scored tablets = 1 whole + 1 half a day.
    halves = plan(20, "tablets:10", per_day=1, options=PlanOptions(custom=((15, 5), (10, 7))))
    needs = supply(halves)
    first, second, last = needs.steps
    assert first.per_day == {"10 mg tablets": Fraction(3, 2)}
    assert first.for_step == {"10 mg tablets": Fraction(5 + math.ceil(5 / 2))}  # 5 whole + 5 halves from 3
    assert second.for_step == {"10 mg tablets": Fraction(7)}
    assert last.for_step is None and last.step.daily_dose == 0
    assert needs.totals == {"10 mg tablets": 15}


def test_counts_per_strength_come_from_the_pieces(oral_plan: TaperPlan) -> None:
    needs = supply(oral_plan)
    assert needs.items == ("20 mg tablets", "15 mg tablets", "10 mg tablets", "5 mg tablets")
    first = needs.steps[0]  # 55 mg = 20 + 15 + 20, 14 days
    assert first.for_step == {"20 mg tablets": Fraction(28), "15 mg tablets": Fraction(14)}
    assert needs.totals == {"20 mg tablets": 42, "15 mg tablets": 126, "10 mg tablets": 126, "5 mg tablets": 126}


def test_the_open_ended_last_step_is_not_counted(tmp_path: Path) -> None:
    maintenance = plan(60, "tablets:10,20", target=30)
    needs = supply(maintenance)
    last = needs.steps[-1]
    assert last.for_step is None and last.per_day
    counted = sum((s.for_step or {}).get("10 mg tablets", 0) for s in needs.steps)
    assert needs.totals.get("10 mg tablets", 0) == counted
    path = tmp_path / "plan.pdf"
    export_pdf(plan=maintenance, path=path, sections=["pharmacy"], generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    assert "Open-ended step: not in the total." in text
    assert "is open-ended: prescribe its supply separately" in text


def test_liquids_in_ml_and_whole_bottles(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    needs = supply(liquid_plan)
    expected_ml = sum(s.daily_dose * s.days for s in liquid_plan.steps if s.days is not None)
    assert needs.items == ("mL",) and float(needs.totals["mL"]) == expected_ml
    assert needs.bottle is not None and needs.bottle.tag == "C"
    bottles = math.ceil(expected_ml / needs.bottle.ml)
    assert needs.bottles(needs.totals["mL"]) == bottles
    path = tmp_path / "plan.pdf"
    export_pdf(plan=liquid_plan, path=path, sections=["pharmacy"], generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    assert f"mL: {expected_ml:g} = {bottles} bottles of {needs.bottle.ml:g} mL" in text
    assert "Check the local pack size." in text


def test_intrathecal_volumes_have_no_bottles(itb_plan: TaperPlan) -> None:
    needs = supply(itb_plan)
    assert needs.bottle is None and needs.items == ("mL",)
    assert needs.steps[0].per_day == {"mL": Fraction(72, 100)}  # 360 mcg/day at 500 mcg/mL


def test_amounts_print_halves_for_pieces_and_decimals_for_volumes() -> None:
    assert amount(Fraction(5, 2)) == "2½"
    assert amount(Fraction(1, 2)) == "½"
    assert amount(Fraction(35)) == "35"
    assert amount(Fraction(395, 2), "mL") == "197.5"


def test_the_intrathecal_page_says_how_long_the_reservoir_lasts(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=itb_plan, path=path, sections=["pharmacy"], generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    assert "Total volume delivered" in text and "Refill volumes, vials and the refill date are set" in text
    # 20 mL at 0.72 mL/day (360 mcg/day) and at 0.024 mL/day (12 mcg/day, the floor before the stop)
    assert "At 360 mcg/day (step 1) a full 20 mL reservoir lasts about 27 days." in text
    assert "At 12 mcg/day (step 38) a full 20 mL reservoir lasts about 833 days." in text
