"""Emergency card: a fold-in-half card to cut out and carry, for the patient and for emergency staff.

Front: who, which baclofen, the plan, "do not stop suddenly" and whom to call.  Back: the red-flag
symptoms (the checklist's emergency tier, in plain words), what emergency staff should know, and for
intrathecal patients the pump details.  Each panel is about a credit card wide.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.styles import INK
from baclotaper.exports.pdf.wording import dose_short, esc, short_date
from baclotaper.nurse_log.advice import rules
from baclotaper.nurse_log.checklist import load_checklist
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.pump import ReservoirForecast, forecast
from baclotaper.taper.regimen import Route

TITLE = "Emergency card"
BLANK = "____________________"
_DASH = (4, 3)


def emergency_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    panel = min(90 * mm, ctx.width / 2) if not ctx.large_print else ctx.width / 2
    card = ctx.frame_table(
        [[_front(ctx, panel), _back(ctx, panel)]],
        [panel, panel],
        [
            ("BOX", (0, 0), (-1, -1), 1.2, INK, None, _DASH),
            ("LINEAFTER", (0, 0), (0, 0), 0.6, INK, None, (1, 2)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ],
        hAlign="CENTER",
    )
    intro = ctx.para(
        "✂ Cut along the dashed line, fold along the dotted line, and keep the card with you. "
        f"Show it to any doctor, nurse or paramedic. Card for the plan from {short_date(plan.steps[0].start)}.",
        "small",
    )
    # A card is useless split over two pages: shrink it to the page instead (large print).
    room = ctx.height - ctx.metrics.small * 6
    return [intro, Spacer(1, 2 * mm), KeepInFrame(ctx.width, room, [card], mode="shrink")]


def _boxed(ctx: PrintContext, flowables: list[Flowable], width: float, weight: float) -> Table:
    return ctx.frame_table(
        [[flowables]],
        [width],
        [
            ("BOX", (0, 0), (-1, -1), weight, INK),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ],
    )


def _value(text: str) -> str:
    return esc(text.strip()) if text.strip() else BLANK


def _front(ctx: PrintContext, panel: float) -> list[Flowable]:
    plan = ctx.plan
    r = plan.regimen
    extra = r.extra
    inner = panel - 6 * mm
    route = "intrathecal (pump)" if r.route is Route.INTRATHECAL else "by mouth"
    last = plan.steps[-1]
    out: list[Flowable] = [
        ctx.para("BACLOFEN", "card_title"),
        ctx.para("Medical alert: I take baclofen", "banner"),
        Spacer(1, 1.5 * mm),
        _boxed(
            ctx,
            [ctx.para("DO NOT STOP BACLOFEN SUDDENLY: sudden withdrawal can be life-threatening.", "card_bold")],
            inner,
            2,
        ),
        Spacer(1, 1.5 * mm),
        ctx.para(f"<b>Name:</b> {_value(extra.get('patient_name', ''))}", "card"),
        ctx.para(f"<b>Date of birth:</b> {_value(extra.get('date_of_birth', ''))}", "card"),
        ctx.para(f"<b>Baclofen</b> {route}: {esc(r.product.description)}", "card"),
        ctx.para(
            f"<b>Plan:</b> slowly from {dose_short(plan, r.daily_dose)} to "
            f"{dose_short(plan, r.target)} a day, {short_date(plan.steps[0].start)} to "
            f"{short_date(last.start)} ({len(plan.steps)} steps). Today's dose is on my schedule.",
            "card",
        ),
        ctx.para(f"<b>Dose now:</b> {BLANK} a day", "card"),
        Spacer(1, 1.5 * mm),
        ctx.para(f"<b>Prescriber:</b> {_value(extra.get('prescriber', ''))}", "card"),
        ctx.para(f"<b>Phone:</b> {_value(extra.get('contact', ''))}", "card"),
    ]
    return out


def _back(ctx: PrintContext, panel: float) -> list[Flowable]:
    plan = ctx.plan
    r = plan.regimen
    inner = panel - 6 * mm
    checklist = load_checklist(r.route)
    red_flags = [item for item in checklist.items if item.tier == "emergency"]
    signs: list[Flowable] = [ctx.para("GET EMERGENCY HELP NOW IF:", "card_title")]
    signs += [ctx.para(f"■ {esc(item.plain)}", "card_bold") for item in red_flags]
    out: list[Flowable] = [_boxed(ctx, signs, inner, 2.5), Spacer(1, 2 * mm)]
    banner = rules().banners[f"emergency_{r.route.value}"]
    out.append(ctx.para(f"<b>For emergency staff:</b> {esc(banner)}", "card"))
    if r.route is Route.INTRATHECAL:
        out += [Spacer(1, 2 * mm), *_pump(ctx, inner)]
    return out


def _forecast(plan: TaperPlan) -> ReservoirForecast | None:
    try:
        return forecast(plan)
    except InputError:  # unreadable details: the plan's warnings say so; the card shows what was typed
        return None


def _pump(ctx: PrintContext, inner: float) -> list[Flowable]:
    plan = ctx.plan
    r = plan.regimen
    extra = r.extra
    checklist = load_checklist(r.route)
    rows: list[Any] = [
        ctx.para("<b>My pump</b>", "card"),
        ctx.para(f"Baclofen {fmt(r.product.concentration)} mcg/mL", "card"),
        ctx.para(
            f"Rate: {dose_short(plan, r.daily_dose)}/day at the start; lowered on the dates of my "
            f"schedule. Rate now: {BLANK}",
            "card",
        ),
        ctx.para(f"Pump model: {_value(extra.get('pump_model', ''))}", "card"),
        ctx.para(f"Reservoir: {_value(extra.get('reservoir_ml', ''))} mL", "card"),
        ctx.para(f"Next refill: {_value(extra.get('next_refill', ''))}", "card"),
    ]
    ahead = _forecast(plan)
    if ahead is not None and ahead.refill_from and ahead.refill_by and ahead.alarm_on:
        rows.append(
            ctx.para(
                f"<b>Refill between {short_date(ahead.refill_from)} and {short_date(ahead.refill_by)}</b> "
                f"(low-reservoir alarm expected about {short_date(ahead.alarm_on)} at the planned rates).",
                "card",
            )
        )
    alarms = {item.id: item for item in checklist.items}
    two_tone = alarms.get("pump_two_tone_alarm")
    if two_tone is not None:
        rows.append(
            _boxed(
                ctx,
                [ctx.para(f"{esc(two_tone.clinician)}: CALL AT ONCE.", "card_bold")],
                inner,
                2,
            )
        )
    beep = alarms.get("pump_low_reservoir_alarm")
    if beep is not None:
        rows.append(ctx.para(f"{esc(beep.clinician)}: call the pump team today.", "card"))
    return rows
