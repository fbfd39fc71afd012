"""Regimens for tests, written the way a prescriber would describe them."""

from __future__ import annotations

from datetime import date
from typing import Any

from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.products import parse_product
from baclotaper.taper.regimen import Regimen

START = date(2026, 12, 1)  # a Tuesday


def regimen(dose: float = 60, product: str = "tablets:10,20", on_therapy: str = "2y", **kw: Any) -> Regimen:
    return Regimen(
        product=parse_product(product),
        daily_dose=dose,
        on_therapy=Duration.parse(on_therapy),
        start=kw.pop("start", START),
        **kw,
    )


def plan(
    dose: float = 60,
    product: str = "tablets:10,20",
    on_therapy: str = "2y",
    options: PlanOptions | None = None,
    **kw: Any,
) -> TaperPlan:
    return build_plan(regimen(dose, product, on_therapy, **kw), options)


def codes(p: TaperPlan) -> set[str]:
    return {w.code for w in p.warnings}
