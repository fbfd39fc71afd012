"""Pharmacy: what to dispense per product and strength, for each step and in total."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from reportlab.platypus import Flowable

from baclotaper.common import data
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.fonts import BOLD
from baclotaper.exports.pdf.quantities import StepSupply, Supply, supply
from baclotaper.exports.pdf.styles import SHADE
from baclotaper.exports.pdf.wording import day_dose, esc, long_date, short_date
from baclotaper.taper.products import ProductKind
from baclotaper.taper.regimen import Route

TITLE = "Pharmacy"


def amount(value: Fraction, item: str = "") -> str:
    """``2½`` tablets a day, ``35`` tablets, ``197.5`` mL: half pieces as ½, volumes as decimals."""
    whole, rest = divmod(value, 1)
    if item != "mL" and rest == Fraction(1, 2):
        return f"{whole}½" if whole else "½"
    return fmt(float(value))


def pharmacy_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    product = plan.regimen.product
    needs = supply(plan)
    story: list[Flowable] = [
        ctx.para("Pharmacy: quantities to dispense", "title"),
        ctx.para(f"<b>Product:</b> {esc(product.description)} ({esc(plan.regimen.route.value)})"),
        ctx.para(_how_counted(ctx, needs)),
        _step_table(ctx, needs),
        *ctx.heading("Total volume delivered" if plan.regimen.route is Route.INTRATHECAL else "Total to dispense"),
        *_totals(ctx, needs),
    ]
    story += [ctx.para(esc(note), "small") for note in _notes(ctx, needs)]
    return story


def _how_counted(ctx: PrintContext, needs: Supply) -> str:
    kind = ctx.plan.regimen.product.kind
    if kind is ProductKind.INTRATHECAL:
        return (
            "Volume of intrathecal baclofen the pump delivers at each step's rate. Refill volumes, "
            "vials and the refill date are set by the pump clinic."
        )
    if needs.unit == "mL":
        return "Volume for each step from the daily dose in mL, and bottles for the whole plan."
    return (
        f"Whole {needs.unit} for each step: days × pieces a day. A half tablet still needs a whole "
        "tablet dispensed, so halves are rounded up to whole tablets for each step."
    )


def _step_table(ctx: PrintContext, needs: Supply) -> Flowable:
    plan = ctx.plan
    items = needs.items or (needs.unit,)
    head = ["Step", "Dates", "Days", "Daily dose"]
    head += [f"{name}<br/>a day → step" for name in items]
    rows: list[list[Any]] = [[ctx.para(h, "cell_head") for h in head]]
    for step_supply in needs.steps:
        rows.append(_step_row(ctx, needs, step_supply, items))
    total_cells = [ctx.para(f"<b>{amount(needs.totals.get(name, Fraction(0)), name)}</b>", "cell") for name in items]
    last = plan.steps[-1]
    counted = f"steps 1–{last.number - 1}" if last.end is None and len(plan.steps) > 1 else "all steps"
    rows.append([ctx.para(f"<b>Total ({counted})</b>", "cell"), "", "", "", *total_cells])
    n = len(items)
    fixed = [0.06, 0.27, 0.06, 0.14]
    widths = ctx.columns(*fixed, *[(1 - sum(fixed)) / n] * n)
    total_row = len(rows) - 1
    extra: list[tuple[Any, ...]] = [
        ("SPAN", (0, total_row), (3, total_row)),
        ("BACKGROUND", (0, total_row), (-1, total_row), SHADE),
        ("FONTNAME", (0, total_row), (-1, total_row), BOLD),
    ]
    if needs.steps[-1].for_step is None:
        # The open-ended last step says so once, across the product columns.
        open_row = total_row - 1
        extra.append(("SPAN", (4, open_row), (-1, open_row)))
    return ctx.table(rows, widths, extra=extra)


def _step_row(ctx: PrintContext, needs: Supply, s: StepSupply, items: tuple[str, ...]) -> list[Any]:
    plan = ctx.plan
    step = s.step
    dates = f"{short_date(step.start)} – {short_date(step.end) if step.end else 'onwards'}"
    if s.for_step is None:
        cells = _open_ended_cells(ctx, s, items)
    else:
        cells = [ctx.para(_supply_text(needs, s, s.for_step, name), "cell") for name in items]
    return [
        ctx.para(str(step.number), "cell"),
        ctx.para(dates, "cell"),
        ctx.para(str(step.days) if step.days else "open", "cell"),
        ctx.para(day_dose(plan, step.daily_dose), "cell"),
        *cells,
    ]


def _supply_text(needs: Supply, s: StepSupply, for_step: dict[str, Fraction], name: str) -> str:
    per_day = s.per_day.get(name, Fraction(0))
    if not per_day:
        return "—"
    amount_for_step = for_step.get(name, Fraction(0))
    text = f"{amount(per_day, name)} → <b>{amount(amount_for_step, name)}</b>"
    bottles = needs.bottles(amount_for_step) if name == "mL" else None
    if bottles is not None:
        text += f" ({bottles} bottle{'s' if bottles != 1 else ''})"
    return text


def _open_ended_cells(ctx: PrintContext, s: StepSupply, items: tuple[str, ...]) -> list[Any]:
    per_day = ", ".join(f"{amount(s.per_day[name], name)} {esc(name)}" for name in items if name in s.per_day)
    text = "Nothing: baclofen has stopped."
    if per_day:
        text = f"{per_day} a day. <b>Open-ended step: not in the total.</b>"
    return [ctx.para(text, "cell"), *[""] * (len(items) - 1)]


def _totals(ctx: PrintContext, needs: Supply) -> list[Flowable]:
    if not needs.totals:
        return [ctx.para("Nothing to dispense for the counted steps.")]
    lines = []
    for name in needs.items:
        total = needs.totals.get(name, Fraction(0))
        text = f"<b>{esc(name)}: {amount(total, name)}</b>"
        bottles = needs.bottles(total) if name == "mL" else None
        if bottles is not None and needs.bottle is not None:
            text += (
                f" = <b>{bottles} bottle{'s' if bottles != 1 else ''} of {fmt(needs.bottle.ml)} mL</b>"
                f" (pack size assumed: {esc(needs.bottle.note)} {esc(needs.bottle.source)}"
                f" [{esc(needs.bottle.tag)}])"
            )
        lines.append(ctx.para(text))
    return lines


def _notes(ctx: PrintContext, needs: Supply) -> list[str]:
    plan = ctx.plan
    product = plan.regimen.product
    notes = []
    last = plan.steps[-1]
    if last.end is None and last.daily_dose > 0:
        notes.append(
            f"The last step ({day_dose(plan, last.daily_dose)} from {long_date(last.start)}) is "
            "open-ended: prescribe its supply separately."
        )
    if product.is_liquid:
        notes.append(str(data.load("products")["liquids"]["ismp"]) + ".")
    if product.unscored_split:
        strengths = ", ".join(f"{fmt(mg)} mg" for mg in product.unscored_split)
        notes.append(f"The prescriber allowed splitting unscored {strengths} tablets.")
    if plan.regimen.route is Route.INTRATHECAL:
        notes += _reservoir_notes(ctx)
    return notes


def _reservoir_notes(ctx: PrintContext) -> list[str]:
    """How long a full reservoir lasts at the first and last rates, if the reservoir is known."""
    plan = ctx.plan
    text = plan.regimen.extra.get("reservoir_ml", "").strip()
    try:
        reservoir = float(text)
    except ValueError:
        return []
    if not math.isfinite(reservoir) or reservoir <= 0:
        return []
    product = plan.regimen.product
    delivering = [step for step in plan.steps if step.daily_dose > 0]
    notes: list[str] = []
    for step in dict.fromkeys(delivering[:1] + delivering[-1:]):  # the first and last rates, once each
        days = math.floor(reservoir / product.volume_ml(step.daily_dose))
        notes.append(
            f"At {day_dose(plan, step.daily_dose)} (step {step.number}) a full {fmt(reservoir)} mL "
            f"reservoir lasts about {days} days."
        )
    return notes
