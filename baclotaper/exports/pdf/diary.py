"""The patient's diary: a line to tick for each of the days after every change, in plain words.

Withdrawal usually starts in the first days after a cut (the onset window of ``advice.toml``), so
the diary covers those days after *every* cut, a few lines each, on a few pages for the whole
taper.  Its columns are the checklist's groups in their plain names; the clinical checklist with
vital signs is in the nurse's packet.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from baclotaper.exports.contacts import contacts
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.month_calendar import TICK
from baclotaper.exports.pdf.patient import HOLD_ADVICE
from baclotaper.exports.pdf.styles import INK
from baclotaper.exports.pdf.watch_days import WatchWindow, watch_windows
from baclotaper.exports.pdf.wording import MONTHS, WEEKDAYS, dose_short, esc
from baclotaper.nurse_log.checklist import load_checklist

TITLE = "Your diary after each change"


def diary_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    who = contacts(plan)
    windows = watch_windows(plan)
    call = esc(who.call_line() or who.who)
    intro = (
        "The first days after each change are when withdrawal usually starts. On each of these days, "
        f"tick {TICK} a column if it is <b>worse than usual</b>. If you tick anything, call {call} "
        f"the same day. {esc(HOLD_ADVICE)}"
    )
    story: list[Flowable] = [
        *ctx.heading(TITLE, "title"),
        ctx.para(intro),
        ctx.para(
            f"<b>Get help now (call {esc(who.emergency.value)})</b> for any sign in the "
            "“Get help now” box on your schedule's first page."
        ),
    ]
    if not windows:
        story.append(ctx.para("This plan has no dose reductions, so there are no days to watch."))
        return story
    story.append(_table(ctx, windows))
    return story


def _day(day: Any) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]}"


def _table(ctx: PrintContext, windows: tuple[WatchWindow, ...]) -> Flowable:
    plan = ctx.plan
    groups = load_checklist(plan.regimen.route).groups
    head = ["After the change", "Day", *[g.plain for g in groups], "Notes"]
    rows: list[list[Any]] = [[ctx.para(f"<b>{esc(h)}</b>", "cell") for h in head]]
    extra: list[tuple[Any, ...]] = []
    box = max(ctx.metrics.body * 1.25, 5 * mm)
    for window in windows:
        first = len(rows)
        change = f"<b>{_day(window.step.start)}</b><br/>to {dose_short(plan, window.step.daily_dose)} a day"
        for index, day in enumerate(window.days):
            rows.append(
                [
                    ctx.para(change, "cell") if index == 0 else "",
                    ctx.para(_day(day), "cell"),
                    *[TickBox(box) for _ in groups],
                    "",
                ]
            )
        extra += [("SPAN", (0, first), (0, len(rows) - 1)), ("LINEABOVE", (0, first), (-1, first), 1.5, INK)]
    n = len(groups)
    fixed = (0.16, 0.14)
    notes = 0.1
    widths = ctx.columns(*fixed, *[(1 - sum(fixed) - notes) / n] * n, notes)
    extra += [("VALIGN", (2, 1), (-2, -1), "MIDDLE"), ("ALIGN", (2, 1), (-2, -1), "CENTER")]
    return ctx.table(rows, widths, extra=extra)


class TickBox(Flowable):  # type: ignore[misc]
    """An empty square a finger can tick (never filled: a filled box looks ticked)."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)
