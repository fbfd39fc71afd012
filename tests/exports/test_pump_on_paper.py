"""The pump's refill window, worked out from the planned rates, is printed on the emergency card."""

from dataclasses import replace
from pathlib import Path

from baclotaper.exports.pdf import export_pdf
from baclotaper.taper.build import build_plan
from baclotaper.taper.plan import TaperPlan
from tests.exports.conftest import GENERATED, flat, page_texts


def test_the_emergency_card_says_when_to_refill(itb_plan: TaperPlan, tmp_path: Path) -> None:
    details = {**itb_plan.regimen.extra, "last_refill": "2026-11-20"}
    plan = build_plan(replace(itb_plan.regimen, extra=details), itb_plan.options)
    out = tmp_path / "card.pdf"
    export_pdf(plan=plan, path=out, sections=["emergency"], generated=GENERATED)
    text = flat(" ".join(page_texts(out)))
    assert "Refill by: 11 Dec 2026" in text  # the end of the refill window (9–11 Dec), before the alarm
    # The booked refill (20 Dec) is after the alarm: the plan warns the prescriber too.
    assert any(w.code == "PUMP_REFILL_LATE" for w in plan.warnings)
