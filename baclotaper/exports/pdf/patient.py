"""Patient schedule: each step in plain words, then a month calendar to tick off every dose."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer

from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.month_calendar import calendar_story
from baclotaper.exports.pdf.revision_block import revision_block
from baclotaper.exports.pdf.styles import INK
from baclotaper.exports.pdf.wording import (
    dose_short,
    esc,
    long_date,
    step_action,
    time_label,
)
from baclotaper.taper.plan import Step
from baclotaper.taper.regimen import Route

TITLE = "Your baclofen schedule"


def patient_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    itb = plan.regimen.route is Route.INTRATHECAL
    story: list[Flowable] = [
        ctx.para("Your baclofen schedule", "title"),
        ctx.table(
            [[ctx.para(_warning_text(itb), "banner")]],
            [ctx.width],
            header=False,
            extra=[("BOX", (0, 0), (-1, -1), 2, INK)],
        ),
        Spacer(1, ctx.metrics.body * 0.6),
        *revision_block(ctx, plain=True),
        ctx.para(_how_to_read(ctx)),
        _now_line(ctx),
        _schedule_table(ctx),
        PageBreak(),
        *calendar_story(ctx),
    ]
    return story


def _warning_text(itb: bool) -> str:
    if itb:
        return (
            "Your pump must never run empty or stop. Keep every refill appointment. "
            "If the pump sounds a two-tone alarm, call your pump team at once."
        )
    return "Do not stop baclofen suddenly and do not take less than this plan says. Stopping suddenly can be dangerous."


def _how_to_read(ctx: PrintContext) -> str:
    plan = ctx.plan
    product = plan.regimen.product
    if plan.regimen.route is Route.INTRATHECAL:
        return (
            "Your pump team changes the pump rate on the dates below. You do not change anything "
            "yourself. If you feel unwell after a change, call your prescriber."
        )
    text = (
        "Your dose comes down in steps. Each row says what to take at each time of day, from the "
        "first date until the last date of the row. If you feel unwell after a change, call your "
        "prescriber before the next change."
    )
    if product.is_liquid:
        text += (
            f" Your medicine is the <b>{esc(product.description)}</b>: measure it with an oral "
            "syringe. The mL amounts are only right for this strength."
        )
    return text


def _now_line(ctx: PrintContext) -> Flowable:
    plan = ctx.plan
    now = "; ".join(f"{time_label(a.time).lower()}: {esc(a.plain)}" for a in plan.starting_administrations)
    return ctx.para(
        f"<b>Before the first change</b> you take {dose_short(plan, plan.regimen.daily_dose)} a day ({now})."
    )


def _dates(step: Step) -> str:
    if step.end is None:
        return f"From {long_date(step.start)}<br/><b>onwards</b>"
    return f"From {long_date(step.start)}<br/>to {long_date(step.end)}<br/>({step.days} days)"


def _schedule_table(ctx: PrintContext) -> Flowable:
    plan = ctx.plan
    itb = plan.regimen.route is Route.INTRATHECAL
    head = ["When", "Pump setting" if itb else "Each day take", "Total a day"]
    rows: list[list[Any]] = [[ctx.para(h, "cell_head") for h in head]]
    for step in plan.steps:
        lines = [f"<b>Step {step.number}: {esc(step_action(plan, step))}</b>"]
        for a in step.administrations:
            lines.append(f"{time_label(a.time)}: {esc(a.plain)}")
        if not step.administrations:
            lines.append("No more baclofen.")
        if step.note:
            lines.append(f"Note: {esc(step.note)}")
        rows.append(
            [
                ctx.para(_dates(step), "cell"),
                ctx.para("<br/>".join(lines), "cell"),
                ctx.para(f"<b>{dose_short(plan, step.daily_dose)}</b>", "cell"),
            ]
        )
    return ctx.table(rows, ctx.columns(0.27, 0.58, 0.15))
