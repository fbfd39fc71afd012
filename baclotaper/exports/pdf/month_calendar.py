"""Month calendar pages: the dose under every day and a tick box for every dose taken."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, PageBreak

from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.day_cell import DayCell
from baclotaper.exports.pdf.fonts import BOLD
from baclotaper.exports.pdf.styles import HEADER_SHADE, INK, SHADE
from baclotaper.exports.pdf.wording import (
    WEEKDAYS,
    dose_short,
    esc,
    month_title,
    short_date,
    time_label,
)
from baclotaper.exports.spreadsheet import days_of
from baclotaper.taper.plan import CONTINUOUS, Step, TaperPlan
from baclotaper.taper.regimen import Route

TICK = "☐"


def calendar_months(plan: TaperPlan) -> list[tuple[int, int]]:
    """(year, month) of every month from the first change to the last calendar day."""
    days = [day for day, _step in days_of(plan)]
    first, last = days[0], days[-1]
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def calendar_story(ctx: PrintContext) -> list[Flowable]:
    story: list[Flowable] = []
    for index, (year, month) in enumerate(calendar_months(ctx.plan)):
        if index:
            story.append(PageBreak())
        story += [
            ctx.para(f"Calendar: {month_title(year, month)}", "h1"),
            ctx.para(_legend(ctx), "small"),
            _month_table(ctx, year, month),
        ]
        # In large print the month fills the page; the schedule pages list the doses instead.
        if not ctx.large_print:
            story += ctx.heading("Doses this month", "h2")
            story += [ctx.para(text, "small") for text in _steps_in_month(ctx, year, month)]
    return story


def _legend(ctx: PrintContext) -> str:
    if ctx.plan.regimen.route is Route.INTRATHECAL:
        return (
            "The bold number is the pump rate for the day. Tick the box each day when the pump "
            "has given no alarm and you feel as usual. A shaded day marked NEW starts a new rate."
        )
    return (
        f"The bold number is the total for the day. Tick a box {TICK} each time you take a dose. "
        "A shaded day marked NEW starts a new dose: see the schedule."
    )


def _weeks(year: int, month: int) -> Iterator[list[date]]:
    yield from calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def _month_table(ctx: PrintContext, year: int, month: int) -> Flowable:
    plan = ctx.plan
    starts = {step.start for step in plan.steps}
    first_day = plan.steps[0].start
    rows: list[list[Any]] = [
        [ctx.para(f"<b>{month_title(year, month)}</b>", "cell_head")] + [""] * 6,
        [ctx.para(name, "cell_head") for name in WEEKDAYS],
    ]
    shaded: list[tuple[int, int]] = []
    for week in _weeks(year, month):
        row: list[Any] = []
        for column, day in enumerate(week):
            if day.month != month:
                row.append("")
                continue
            if day < first_day:
                row.append(ctx.para(f"{day.day}", "cal_empty"))
                continue
            step = plan.step_on(day)
            if step is None:  # cannot happen: the last step is open-ended
                row.append("")
                continue
            new = day in starts
            if new:
                shaded.append((column, len(rows)))
            row.append(_day_cell(ctx, day, step, new))
        rows.append(row)
    extra: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 1), (-1, 1), HEADER_SHADE),
        ("FONTNAME", (0, 1), (-1, 1), BOLD),
        ("BOX", (0, 0), (-1, -1), 1.2, INK),
    ]
    for cell in shaded:
        extra += [("BACKGROUND", cell, cell, SHADE), ("BOX", cell, cell, 1.5, INK)]
    table = ctx.table(rows, [ctx.width / 7] * 7, extra=extra)
    # The month's name and the weekday names repeat when a month runs onto a second page.
    table.repeatRows = 2
    return table


def _day_cell(ctx: PrintContext, day: date, step: Step, new: bool) -> DayCell:
    return DayCell(
        day=f"{day.day}{' NEW' if new else ''}",
        dose=dose_short(ctx.plan, step.daily_dose),
        ticks=["No alarm" if a.time == CONTINUOUS else time_label(a.time) for a in step.administrations],
        size=ctx.metrics.small,
        dose_size=ctx.metrics.body * 1.05,
        # Room under the boxes for a note ("felt dizzy"), as on paper diaries.
        note_room=ctx.metrics.body,
    )


def _steps_in_month(ctx: PrintContext, year: int, month: int) -> list[str]:
    plan = ctx.plan
    month_start = date(year, month, 1)
    month_end = date(year, month, calendar.monthrange(year, month)[1])
    lines = []
    for step in plan.steps:
        if step.start > month_end or (step.end is not None and step.end < month_start):
            continue
        doses = "; ".join(f"{time_label(a.time).lower()} {esc(a.plain)}" for a in step.administrations)
        lines.append(
            f"<b>From {short_date(step.start)}: {dose_short(plan, step.daily_dose)} a day</b>"
            f" — {doses or 'no more baclofen'}"
        )
    return lines
