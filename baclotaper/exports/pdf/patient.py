"""The patient's schedule: whom to call and when, each step in plain words, then the calendar.

Written for the patient alone (the packet carries nothing meant for staff): clear print, the
prescriber's or clinic's phone, what to do about a missed dose, and a plain "call us if" and
"get help now if" list taken from the checklist's tiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from baclotaper.common.numbers import fmt
from baclotaper.exports.contacts import Contacts, contacts, missed_dose
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
from baclotaper.nurse_log.checklist import ChecklistItem, load_checklist
from baclotaper.taper.plan import Administration, Step, TaperPlan
from baclotaper.taper.regimen import Route

TITLE = "Your baclofen schedule"
# Said instead of "stop the taper", which a patient could read as "stop baclofen".
HOLD_ADVICE = (
    "Keep taking the dose you take now. Do not make the next change until you have spoken to us. "
    "Never stop baclofen on your own."
)


def patient_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    itb = plan.regimen.route is Route.INTRATHECAL
    who = contacts(plan)
    story: list[Flowable] = [
        ctx.para("Your baclofen schedule", "title"),
        _box(ctx, [ctx.para(_warning_text(itb), "banner")], 2),
        Spacer(1, ctx.metrics.body * 0.6),
        *revision_block(ctx, plain=True),
        _contact_box(ctx, who),
        Spacer(1, ctx.metrics.body * 0.6),
        *help_lists(ctx, who),
        *ctx.heading("Your steps", "h1"),
        ctx.para(_how_to_read(ctx)),
        _now_line(ctx),
        _schedule_table(ctx),
        *calendar_story(ctx),
    ]
    return story


def _box(ctx: PrintContext, content: Sequence[Flowable], weight: float) -> Table:
    pad = ctx.metrics.padding * 2
    return ctx.frame_table(
        [[list(content)]],
        [ctx.width],
        [
            ("BOX", (0, 0), (-1, -1), weight, INK),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ],
    )


def _warning_text(itb: bool) -> str:
    if itb:
        return (
            "Your pump must never run empty or stop. Keep every refill appointment. "
            "If the pump sounds a two-tone alarm, get help at once."
        )
    return "Do not stop baclofen suddenly and do not take less than this plan says. Stopping suddenly can be dangerous."


def _contact_box(ctx: PrintContext, who: Contacts) -> Flowable:
    blank = "______________________"
    lines = [
        f"<b>Your prescriber or clinic:</b> {esc(who.prescriber) or blank}",
        f"<b>Phone:</b> {esc(who.phone) or blank}",
    ]
    if ctx.plan.regimen.route is Route.INTRATHECAL:
        lines.append(f"<b>Pump team phone:</b> {esc(who.pump_team_phone) or blank}")
    lines.append(f"<b>Emergency:</b> call {esc(who.emergency.value)}")
    return _box(ctx, [ctx.para(line) for line in lines], 1)


def plain_items(plan: TaperPlan, tier: str) -> list[ChecklistItem]:
    """The checklist items of ``tier``, each wording once (itching and "itching without a rash"
    are one sign for a pump patient: the more specific wording is kept)."""
    items = [item for item in load_checklist(plan.regimen.route).items if item.tier == tier]
    ids = {item.id for item in items}
    return [item for item in items if not (item.id == "itching" and "itching_without_rash" in ids)]


def help_lists(ctx: PrintContext, who: Contacts) -> list[Flowable]:
    """The "get help now if" and "call us the same day if" lists, in plain words, in columns."""
    call = [item.plain for item in plain_items(ctx.plan, "call_prescriber")]
    if ctx.plan.regimen.route is Route.ORAL:
        call.append("You missed more than one dose, or are running out of baclofen")
    urgent = [item.plain for item in plain_items(ctx.plan, "emergency")]
    missed = "If you miss a dose" if ctx.plan.regimen.route is Route.ORAL else "Refill appointments"
    return [
        KeepTogether(
            [
                ctx.para(f"Get help now: call {esc(who.emergency.value)} if", "h2"),
                _list_table(ctx, urgent, "", bold=True),
            ]
        ),
        ctx.para(missed, "h2"),
        ctx.para(esc(missed_dose(ctx.plan.regimen.route).value)),
        CondPageBreak(ctx.metrics.body * 5),
        ctx.para(f"Call {esc(who.call_line() or who.who)} the same day if", "h2"),
        _list_table(ctx, call, HOLD_ADVICE),
    ]


COLUMNS = 3  # lists across the (landscape) page


def _list_table(ctx: PrintContext, lines: Sequence[str], then: str, *, bold: bool = False) -> Table:
    """A boxed list in columns, read down each column, that may run onto the next page row by row."""
    per_column = -(-len(lines) // COLUMNS)
    padded = list(lines) + [""] * (per_column * COLUMNS - len(lines))
    style = "cell_bold" if bold else "cell"
    rows: list[list[Any]] = [
        [
            ctx.para(f"• {esc(padded[c * per_column + r])}", style) if padded[c * per_column + r] else ""
            for c in range(COLUMNS)
        ]
        for r in range(per_column)
    ]
    if then:
        rows.append([ctx.para(f"<b>Then:</b> {esc(then)}", "cell"), *[""] * (COLUMNS - 1)])
    last = len(rows) - 1
    return ctx.frame_table(
        rows,
        [ctx.width / COLUMNS] * COLUMNS,
        [
            ("BOX", (0, 0), (-1, -1), 2.5 if bold else 1, INK),
            *([("SPAN", (0, last), (-1, last))] if then else []),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            *([("TOPPADDING", (0, last), (-1, last), ctx.metrics.padding * 2)] if then else []),
        ],
        hAlign="LEFT",
    )


def _how_to_read(ctx: PrintContext) -> str:
    plan = ctx.plan
    product = plan.regimen.product
    if plan.regimen.route is Route.INTRATHECAL:
        return (
            "Your pump team changes the pump rate on the dates below, at a clinic visit. You do not "
            "change anything yourself. The calendar shows the visits, the refill days and when the "
            "pump's low-reservoir alarm would sound if it were not refilled."
        )
    text = (
        "Your dose comes down in steps. Each row says what to take at each time of day, from the "
        "first date until the last date of the row. The calendar after this page shows every day."
    )
    if product.is_liquid:
        text += (
            f" Your medicine is the <b>{esc(product.description)}</b>: measure the mL with an oral "
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
    return f"{long_date(step.start)} to<br/>{long_date(step.end)} ({step.days}&nbsp;days)"


def _what(plan: TaperPlan, a: Administration) -> str:
    """One dose in words: the pieces for tablets and packets; mg and mL for a liquid (the
    product is named once above the table)."""
    if plan.regimen.product.is_liquid:
        return f"{dose_short(plan, a.dose)}<br/>= {fmt(plan.regimen.product.volume_ml(a.dose))}&nbsp;mL"
    return esc(a.plain)


def _times(plan: TaperPlan) -> list[str]:
    times: list[str] = []
    for step in (plan.steps[0], *plan.steps):
        for a in step.administrations:
            if a.time not in times:
                times.append(a.time)
    return times


def _schedule_table(ctx: PrintContext) -> Flowable:
    """A row per step and a column per time of day: what to take, from when to when."""
    plan = ctx.plan
    itb = plan.regimen.route is Route.INTRATHECAL
    times = [] if itb else _times(plan)
    head = ["When", "Step", *(time_label(t) for t in times), "Pump setting" if itb else "", "Total a day"]
    if not itb:
        head.remove("")
    rows: list[list[Any]] = [[ctx.para(h, "cell_head") for h in head]]
    for step in plan.steps:
        title = f"<b>Step {step.number}: {esc(step_action(plan, step))}</b>"
        if step.note:
            title += f"<br/>Note: {esc(step.note)}"
        doses = {a.time: a for a in step.administrations}
        if itb:
            cells = [ctx.para("<br/>".join(esc(a.plain) for a in step.administrations), "cell")]
        elif step.daily_dose <= 0 or not doses:
            cells = [ctx.para("No more baclofen", "cell"), *[""] * (len(times) - 1)]
        else:
            cells = [ctx.para(_what(plan, doses[t]) if t in doses else "none", "cell") for t in times]
        rows.append(
            [
                ctx.para(_dates(step), "cell"),
                ctx.para(title, "cell"),
                *cells,
                ctx.para(f"<b>{dose_short(plan, step.daily_dose)}</b>", "cell"),
            ]
        )
    fixed = (0.2, 0.24, 0.12)
    middle = 1 - sum(fixed)
    n = max(len(times), 1)
    widths = ctx.columns(fixed[0], fixed[1], *[middle / n] * n, fixed[2])
    return ctx.table(rows, widths)
