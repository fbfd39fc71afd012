"""The emergency card: a real wallet card (85.6 × 54 mm, the size of a bank card, ISO/IEC 7810 ID-1)
printed front and back side by side, with cut marks at the corners and a fold mark between them.

Front, for the patient and whoever finds it: who, which baclofen, "do not stop suddenly", the
prescriber's and the pump team's phones and the local emergency number.  Back, addressed to
clinicians: what withdrawal and overdose look like and what to do, and for a pump the pump's details
and refill date.  Each line appears once.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Frame, KeepInFrame, Spacer

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.exports.contacts import contacts
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.styles import INK
from baclotaper.exports.pdf.wording import dose_short, esc, short_date
from baclotaper.taper.pump import forecast
from baclotaper.taper.regimen import Route

TITLE = "Emergency card"
CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
BLANK = "______________"
_MARK = 5 * mm  # length of a cut mark
_GAP = 2 * mm  # between a mark and the card's edge


def emergency_story(ctx: PrintContext) -> list[Flowable]:
    card = WalletCard(_front(ctx), _back(ctx))
    intro = ctx.para(
        "✂ Cut out the card along the corner marks, fold it in the middle along the dashed line, "
        "and keep it in your wallet or purse. Show it to any doctor, nurse or paramedic."
    )
    # After the diary, the card shares its last page when there is room: no page is left near empty.
    return [CondPageBreak(card.full_height + ctx.metrics.body * 3.5), intro, Spacer(1, 3 * mm), card]


class WalletCard(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Front and back panels, each 85.6 × 54 mm, side by side with cut and fold marks."""

    def __init__(self, front: list[Flowable], back: list[Flowable]) -> None:
        super().__init__()
        self.front = front
        self.back = back
        self.margin = _MARK + _GAP
        self.full_width = 2 * CARD_WIDTH + 2 * self.margin
        self.full_height = CARD_HEIGHT + 2 * self.margin

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.full_width, self.full_height

    def draw(self) -> None:
        c = self.canv
        m = self.margin
        c.saveState()
        c.setStrokeColor(INK)
        c.setLineWidth(0.5)
        left, right = m, m + 2 * CARD_WIDTH
        bottom, top = m, m + CARD_HEIGHT
        # Cut marks: short lines outside each corner, in line with the card's edges.
        for x in (left, right):
            for y in (bottom, top):
                out_x = -1 if x == left else 1
                out_y = -1 if y == bottom else 1
                c.line(x + out_x * _GAP, y, x + out_x * (_GAP + _MARK), y)
                c.line(x, y + out_y * _GAP, x, y + out_y * (_GAP + _MARK))
        # The fold: marks above and below the card, and a dashed line through it.
        fold = m + CARD_WIDTH
        c.line(fold, top + _GAP, fold, top + _GAP + _MARK)
        c.line(fold, bottom - _GAP, fold, bottom - _GAP - _MARK)
        c.setDash(2, 2)
        c.setLineWidth(0.3)
        c.rect(left, bottom, 2 * CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
        c.line(fold, bottom, fold, top)
        c.restoreState()
        pad = 2.5 * mm
        for x, content in ((left, self.front), (fold, self.back)):
            frame = Frame(
                x + pad,
                bottom + pad,
                CARD_WIDTH - 2 * pad,
                CARD_HEIGHT - 2 * pad,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                showBoundary=0,
            )
            # Never cut off: a long name shrinks the panel's text instead.
            frame.addFromList([KeepInFrame(frame._aW, frame._aH, list(content), mode="shrink")], c)


def _value(text: str) -> str:
    return esc(text.strip()) if text.strip() else BLANK


def _front(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    r = plan.regimen
    extra = r.extra
    who = contacts(plan)
    itb = r.route is Route.INTRATHECAL
    how = "through an implanted pump (intrathecal)" if itb else "by mouth"
    lines = [
        ctx.para("BACLOFEN · MEDICAL ALERT", "card_title"),
        ctx.para(f"I take baclofen {how}. Do not stop it suddenly: withdrawal can be life-threatening.", "card_banner"),
        Spacer(1, 1 * mm),
        ctx.para(f"<b>Name:</b> {_value(extra.get('patient_name', ''))}", "card"),
        ctx.para(f"<b>Born:</b> {_value(extra.get('date_of_birth', ''))}", "card"),
        ctx.para(f"<b>Prescriber/clinic:</b> {_value(who.prescriber)}", "card"),
        ctx.para(f"<b>Phone:</b> {_value(who.phone)}", "card"),
    ]
    if itb:
        lines.append(ctx.para(f"<b>Pump team:</b> {_value(who.pump_team_phone)}", "card"))
    lines.append(ctx.para(f"<b>EMERGENCY: call {esc(who.emergency.value)}</b>", "card_banner"))
    return lines


def _card_text(route: Route) -> str:
    return str(data.load("printing")["card"][route.value]["value"])


def _back(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    r = plan.regimen
    out: list[Flowable] = [
        ctx.para("FOR CLINICIANS", "card_title"),
        ctx.para(esc(_card_text(r.route)), "card"),
        Spacer(1, 1 * mm),
        ctx.para(
            f"<b>Taper:</b> {dose_short(plan, r.daily_dose)} → {dose_short(plan, r.target)} a day from "
            f"{short_date(plan.steps[0].start)}; today's dose is on the patient's schedule.",
            "card",
        ),
    ]
    if r.route is Route.INTRATHECAL:
        out += _pump(ctx)
    return out


def _date_text(text: str) -> str:
    """A date from the plan's details in the card's one style (``11 Dec 2026``)."""
    try:
        return short_date(date.fromisoformat(text.strip()))
    except ValueError:
        return _value(text)


def _pump(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    r = plan.regimen
    extra = r.extra
    model = _value(extra.get("pump_model", ""))
    out = [
        ctx.para(
            f"<b>Pump:</b> {model}, baclofen {fmt(r.product.concentration)}&nbsp;mcg/mL. "
            "Two-tone alarm = drug not flowing: emergency.",
            "card",
        )
    ]
    try:
        ahead = forecast(plan)
    except InputError:  # unreadable details: the plan's warnings say so
        ahead = None
    if ahead is not None and ahead.refill_by is not None:
        out.append(ctx.para(f"<b>Refill by:</b> {short_date(ahead.refill_by)}", "card"))
    elif extra.get("next_refill", "").strip():
        out.append(ctx.para(f"<b>Refill by:</b> {_date_text(extra['next_refill'])}", "card"))
    return out
