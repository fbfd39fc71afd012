"""The pharmacy order: what to dispense at each fill (a reserve included), per strength, in total,
and for a pump the refills to prepare as volumes; then each step's need for reference."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from reportlab.platypus import Flowable

from baclotaper.common import data
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.fills import Fill, fill_rules, fills
from baclotaper.exports.pdf.fonts import BOLD
from baclotaper.exports.pdf.quantities import StepSupply, Supply, supply
from baclotaper.exports.pdf.styles import SHADE
from baclotaper.exports.pdf.wording import day_dose, esc, long_date, short_date
from baclotaper.exports.pump_dates import refill_cycles
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
    itb = plan.regimen.route is Route.INTRATHECAL
    story: list[Flowable] = [
        ctx.para("Pharmacy order", "title"),
        ctx.para(f"<b>Product:</b> {esc(product.description)} ({esc(plan.regimen.route.value)})"),
    ]
    story += refill_story(ctx) if itb else fill_story(ctx, needs)
    story += [
        *ctx.heading("Each step" if not itb else "Volume the pump delivers at each step"),
        ctx.para(_how_counted(ctx, needs)),
        _step_table(ctx, needs),
    ]
    story += [ctx.para(esc(note), "small") for note in _notes(ctx, needs)]
    return story


def fill_story(ctx: PrintContext, needs: Supply) -> list[Flowable]:
    """A row per fill: the fill's need, the reserve and what to dispense; the total under it."""
    plan = ctx.plan
    rules = fill_rules()
    plan_fills = fills(plan)
    if not plan_fills:
        return [ctx.para("Nothing to dispense: the plan has no days with an end date.")]
    items = needs.items or (needs.unit,)
    liquid = plan.regimen.product.is_liquid
    intro = (
        f"Dispense each fill of up to <b>{rules.fill_days} days</b> with a <b>reserve of "
        f"{rules.reserve_days} days</b> at the highest dose of the fill or the dose before it (what a "
        "step back returns to), so that a hold or a step back never leaves the patient short. Count "
        "what is left of the reserve before the next fill. Half tablets are split within a fill."
    )
    head = ["Fill", "Dates", "Days", "Daily doses", *(f"{name}: need + reserve = <b>dispense</b>" for name in items)]
    if liquid:
        head.append("Bottles")
    rows: list[list[Any]] = [[ctx.para(h, "cell_head") for h in head]]
    for fill in plan_fills:
        cells = [ctx.para(_fill_text(fill, name), "cell") for name in items]
        if liquid:
            cells.append(ctx.para(f"<b>{fill.bottles}</b>", "cell"))
        doses = " → ".join(day_dose(plan, dose) for dose in fill.doses)
        rows.append(
            [
                ctx.para(str(fill.number), "cell"),
                ctx.para(f"{short_date(fill.start)} – {short_date(fill.end)}", "cell"),
                ctx.para(str(fill.days), "cell"),
                ctx.para(doses, "cell"),
                *cells,
            ]
        )
    totals = [
        ctx.para(f"<b>{amount(sum((f.dispense(name) for f in plan_fills), Fraction(0)), name)}</b>", "cell")
        for name in items
    ]
    bottles = sum(f.bottles or 0 for f in plan_fills)
    if liquid:
        totals.append(ctx.para(f"<b>{bottles}</b>", "cell"))
    rows.append([ctx.para(f"<b>Total ({len(plan_fills)} fills)</b>", "cell"), "", "", "", *totals])
    fixed = [0.05, 0.2, 0.065, 0.2] if not liquid else [0.05, 0.2, 0.065, 0.24]
    rest = 1 - sum(fixed) - (0.1 if liquid else 0)
    widths = ctx.columns(*fixed, *[rest / len(items)] * len(items), *([0.1] if liquid else []))
    last = len(rows) - 1
    table = ctx.table(
        rows,
        widths,
        extra=[("SPAN", (0, last), (3, last)), ("BACKGROUND", (0, last), (-1, last), SHADE)],
    )
    story: list[Flowable] = [*ctx.heading("Fills to dispense", "h1"), ctx.para(intro), table]
    if liquid and needs.bottle is not None:
        story.append(
            ctx.para(
                f"<b>Bottles:</b> each fill is whole bottles of {fmt(needs.bottle.ml)} mL, so the fills' "
                f"bottles add up to the total ({bottles}). Pack size assumed: {esc(needs.bottle.note)} "
                f"{esc(needs.bottle.source)} [{esc(needs.bottle.tag)}].",
                "small",
            )
        )
    story.append(ctx.para(f"Source: {esc(rules.citation)}", "small"))
    return story


def _fill_text(fill: Fill, name: str) -> str:
    """``42 + 21 = <b>63</b>``: the fill's need, the reserve, what to dispense."""
    if not fill.dispense(name):
        return "—"
    need, reserve = fill.need.get(name, Fraction(0)), fill.reserve.get(name, Fraction(0))
    return f"{amount(need, name)} + {amount(reserve, name)} = <b>{amount(fill.dispense(name), name)}</b>"


def refill_story(ctx: PrintContext) -> list[Flowable]:
    """The pump refills to prepare, as volumes, from the reservoir forecast at the planned rates."""
    plan = ctx.plan
    r = plan.regimen
    cycles = refill_cycles(plan)
    story: list[Flowable] = [*ctx.heading("Pump refills to prepare", "h1")]
    volume = r.extra.get("reservoir_ml", "").strip()
    if not cycles or not volume:
        story.append(
            ctx.para(
                "Give the reservoir volume and the date of the last refill (pump details) to list the "
                "refills; refill volumes, vials and dates are set by the pump clinic."
            )
        )
        return story
    concentration = r.product.concentration
    ml = float(volume)
    head = ["Refill", "Refill between", "Volume to prepare", "Baclofen in it", "Next low-reservoir alarm expected"]
    rows: list[list[Any]] = [[ctx.para(h, "cell_head") for h in head]]
    for index, cycle in enumerate(cycles, start=1):
        assert cycle.refill_from is not None and cycle.refill_by is not None
        following = cycles[index] if index < len(cycles) else None
        alarm = short_date(following.alarm_on) if following and following.alarm_on else "not within the plan"
        rows.append(
            [
                ctx.para(str(index), "cell"),
                ctx.para(f"{short_date(cycle.refill_from)} – {short_date(cycle.refill_by)}", "cell"),
                ctx.para(f"<b>{fmt(ml)}&nbsp;mL</b> of {fmt(concentration)}&nbsp;mcg/mL", "cell"),
                ctx.para(f"{fmt(ml * concentration)}&nbsp;mcg", "cell"),
                ctx.para(alarm, "cell"),
            ]
        )
    story += [
        ctx.para(
            f"Each refill is prepared as the same volume as the last one ({fmt(ml)} mL, from the pump "
            "details), on the last day of its window; the dates follow the planned rates. Confirm "
            "with the pump clinic before preparing."
        ),
        ctx.table(rows, ctx.columns(0.08, 0.28, 0.24, 0.15, 0.25)),
    ]
    return story


def _how_counted(ctx: PrintContext, needs: Supply) -> str:
    kind = ctx.plan.regimen.product.kind
    if kind is ProductKind.INTRATHECAL:
        return (
            "Volume of intrathecal baclofen the pump delivers at each step's rate. Refill volumes, "
            "vials and the refill date are set by the pump clinic."
        )
    if needs.unit == "mL":
        return "Volume for each step from the daily dose in mL, without a reserve (the fills above add it)."
    return (
        f"Whole {needs.unit} for each step, without a reserve: days × pieces a day, halves rounded up "
        "to whole tablets for each step."
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
    return f"{amount(per_day, name)} → <b>{amount(amount_for_step, name)}</b>"


def _open_ended_cells(ctx: PrintContext, s: StepSupply, items: tuple[str, ...]) -> list[Any]:
    per_day = ", ".join(f"{amount(s.per_day[name], name)} {esc(name)}" for name in items if name in s.per_day)
    text = "Nothing: baclofen has stopped."
    if per_day:
        text = f"{per_day} a day. <b>Open-ended step: not in the total.</b>"
    return [ctx.para(text, "cell"), *[""] * (len(items) - 1)]


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
    return notes
