"""Quantities to dispense: whole tablets per strength, liquids in mL and bottles."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

from baclotaper.exports.pdf import export_pdf
from baclotaper.exports.pdf.fills import fills
from baclotaper.exports.pdf.pharmacy import amount
from baclotaper.exports.pdf.quantities import supply
from baclotaper.taper.build import build_plan
from baclotaper.taper.plan import PlanOptions, TaperPlan
from tests.exports.conftest import GENERATED, flat, page_texts
from tests.factories import plan


def test_half_tablets_are_rounded_up_to_whole_tablets_per_step() -> None:
    # 15 mg once a day from 10 mg scored tablets = 1 whole + 1 half a day.
    halves = plan(20, "tablets:10", per_day=1, options=PlanOptions(custom=((15, 5), (10, 7), (5, 7))))
    needs = supply(halves)
    first, second, third, last = needs.steps
    assert first.per_day == {"10 mg tablets": Fraction(3, 2)}
    assert first.for_step == {"10 mg tablets": Fraction(5 + math.ceil(5 / 2))}  # 5 whole + 5 halves from 3
    assert second.for_step == {"10 mg tablets": Fraction(7)}
    assert third.for_step == {"10 mg tablets": Fraction(math.ceil(7 / 2))}  # 7 halves from 4 tablets
    assert last.for_step is None and last.step.daily_dose == 0
    assert needs.totals == {"10 mg tablets": 19}


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
    assert bottles > 0


def test_fills_add_a_reserve_and_add_up(oral_plan: TaperPlan) -> None:
    """28-day fills; each adds 7 days at the highest dose of the fill or the dose before it."""
    plan_fills = fills(oral_plan)
    assert [f.days for f in plan_fills] == [28, 28, 28, 28, 28, 14]
    assert plan_fills[0].start == oral_plan.steps[0].start
    assert plan_fills[-1].end == oral_plan.steps[-1].start - timedelta(days=1)  # up to the stop
    first = plan_fills[0]  # 55 mg (20+15+20) then 50 mg (15+15+20), 14 days each; before: 60 = 20+20+20
    assert first.need == {"20 mg tablets": 28 + 14, "15 mg tablets": 14 + 28}
    assert first.reserve == {"20 mg tablets": 7 * 3, "15 mg tablets": 7 * 2}
    assert first.dispense("20 mg tablets") == 63
    # Without the reserve the fills need exactly what the steps need.
    for name, total in supply(oral_plan).totals.items():
        assert sum(f.need.get(name, 0) for f in plan_fills) == total, name


def test_liquid_fills_are_whole_bottles_that_add_up(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    plan_fills = fills(liquid_plan)
    bottle = supply(liquid_plan).bottle
    assert bottle is not None
    for fill in plan_fills:
        assert fill.bottles == math.ceil(float(fill.dispense("mL")) / bottle.ml)
    total = sum(f.bottles or 0 for f in plan_fills)
    path = tmp_path / "plan.pdf"
    export_pdf(plan=liquid_plan, path=path, sections=["pharmacy"], generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    assert f"the fills' bottles add up to the total ({total})" in text
    assert f"Total ({len(plan_fills)} fills)" in text and "Check the local pack size." in text


def test_intrathecal_volumes_have_no_bottles(itb_plan: TaperPlan) -> None:
    needs = supply(itb_plan)
    assert needs.bottle is None and needs.items == ("mL",)
    assert needs.steps[0].per_day == {"mL": Fraction(72, 100)}  # 360 mcg/day at 500 mcg/mL


def test_amounts_print_halves_for_pieces_and_decimals_for_volumes() -> None:
    assert amount(Fraction(5, 2)) == "2½"
    assert amount(Fraction(1, 2)) == "½"
    assert amount(Fraction(35)) == "35"
    assert amount(Fraction(395, 2), "mL") == "197.5"


def test_pump_refills_are_volumes_to_prepare(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=itb_plan, path=path, sections=["pharmacy"], generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    assert "Give the reservoir volume and the date of the last refill" in text  # no last refill yet
    regimen = replace(itb_plan.regimen, extra={**itb_plan.regimen.extra, "last_refill": "2026-11-20"})
    export_pdf(plan=build_plan(regimen, itb_plan.options), path=path, sections=["pharmacy"], generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    # 20 mL at 0.72 mL/day from 20 Nov: the low-reservoir alarm about 14 Dec, refill 9–11 Dec.
    assert "1 9 Dec 2026 – 11 Dec 2026 20 mL of 500 mcg/mL 10000 mcg" in text
    assert "reservoir lasts about" not in text  # no reservoir-lasts-833-days figure
