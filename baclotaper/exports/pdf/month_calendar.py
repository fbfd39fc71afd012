"""The patient's calendar: a week per row, a line per time of day, a tick box for every dose.

Each day says what to take at each time (the mg, and for a liquid the mL beside it); a thick
border marks a day the dose changes.  Pump patients get the pump rate, the clinic visits, the refill
days and the alarm forecast instead.  Printed across the page (landscape) so that a dose and its
box fit a day's cell in clear print; weeks run on from page to page, so no page is left near empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from baclotaper.common.numbers import EPS, fmt
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.fonts import BOLD, REGULAR
from baclotaper.exports.pdf.styles import INK
from baclotaper.exports.pdf.wording import MONTHS, NBSP, WEEKDAYS, dose_short, esc, time_label
from baclotaper.exports.pump_dates import dates_by_day
from baclotaper.taper.plan import Step, TaperPlan
from baclotaper.taper.regimen import Route

TICK = "☐"
LEADING = 1.15
PUMP_RATE, PUMP_CLINIC, PUMP_CHECK = "Pump rate", "Clinic", "All well"
# Days of the open-ended last step shown on the calendar (it has no end date).
TAIL_DAYS = 7


@dataclass(frozen=True)
class Line:
    """One time of day in one day's cell: its text lines and whether it has a tick box."""

    texts: tuple[str, ...]
    box: bool


@dataclass(frozen=True)
class Day:
    day: date
    new: bool  # the dose changes today
    lines: dict[str, Line]  # row label -> the cell's content


def calendar_days(plan: TaperPlan) -> tuple[date, date]:
    """First and last day the calendar shows: the first change to the stop day, or a week into
    the open-ended last step."""
    last = plan.steps[-1]
    end = last.start if last.daily_dose <= EPS else last.start + timedelta(days=TAIL_DAYS - 1)
    return plan.steps[0].start, end


def calendar_months(plan: TaperPlan) -> list[tuple[int, int]]:
    """(year, month) of every month the calendar shows."""
    first, last = calendar_days(plan)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _ml(plan: TaperPlan, dose: float) -> str:
    return f"{fmt(plan.regimen.product.volume_ml(dose))}{NBSP}mL"


def day_lines(plan: TaperPlan, step: Step, pump: list[str]) -> dict[str, Line]:
    """What a day's cell says, by row label."""
    if plan.regimen.route is Route.INTRATHECAL:
        lines = {PUMP_RATE: Line((dose_short(plan, step.daily_dose),), box=False)}
        if pump:
            lines[PUMP_CLINIC] = Line(tuple(pump), box=False)
        if step.daily_dose > EPS:
            lines[PUMP_CHECK] = Line((), box=True)
        return lines
    if step.daily_dose <= EPS or not step.administrations:
        return {"Baclofen": Line(("Stopped",), box=False)}
    liquid = plan.regimen.product.is_liquid
    out: dict[str, Line] = {}
    for a in step.administrations:
        texts = [dose_short(plan, a.dose)]
        if liquid:
            texts.append(_ml(plan, a.dose))
        out[time_label(a.time)] = Line(tuple(texts), box=True)
    return out


def plan_days(plan: TaperPlan) -> dict[date, Day]:
    first, last = calendar_days(plan)
    starts = {step.start for step in plan.steps}
    pump = dates_by_day(plan)
    days: dict[date, Day] = {}
    day = first
    while day <= last:
        step = plan.step_on(day)
        if step is not None:
            words = list(dict.fromkeys(item.word for item in pump.get(day, [])))
            days[day] = Day(day, day in starts, day_lines(plan, step, words))
        day += timedelta(days=1)
    return days


class WeekRow(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """One week: a label column (the month, then each time of day) and seven day columns."""

    def __init__(self, monday: date, days: list[Day | None], labels: list[str], size: float) -> None:
        super().__init__()
        self.monday = monday
        self.days = days
        self.labels = labels
        self.size = size
        self.box = max(size * 1.25, 5 * mm)  # a box a finger can tick
        self.pad = size * 0.2
        self.label_width = (
            max(
                [stringWidth(f"{MONTHS[monday.month - 1][:3]} {monday.year}", BOLD, size)]
                + [stringWidth(label, BOLD, size) for label in labels]
            )
            + 2 * self.pad
        )
        self.row_heights: list[float] = []
        self.stacked = False

    def _day_width(self) -> float:
        return float(self.width - self.label_width) / 7

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = self._day_width() - 2 * self.pad
        leading = self.size * LEADING
        widest = max(
            (
                stringWidth(text, REGULAR, self.size)
                for d in self.days
                if d
                for ln in d.lines.values()
                for text in ln.texts
            ),
            default=0.0,
        )
        # A dose beside its box if both fit, else under it.
        self.stacked = widest + self.box + self.pad > inner
        heights = [leading + 2 * self.pad]  # the day's name
        for label in self.labels:
            tallest = self.box if not self.stacked else 0.0
            for d in self.days:
                line = d.lines.get(label) if d else None
                if line is None:
                    continue
                text = len(line.texts) * leading
                need = (
                    max(text, self.box if line.box else 0.0)
                    if not self.stacked
                    else text + (self.box + self.pad if line.box else 0.0)
                )
                tallest = max(tallest, need)
            heights.append(max(tallest, leading) + 2 * self.pad)
        self.row_heights = heights
        self.height = sum(heights)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        size, pad, leading = self.size, self.pad, self.size * LEADING
        day_w = self._day_width()
        top = self.height
        c.setStrokeColor(INK)
        c.setFillColor(INK)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        # Label column: the month, then the row labels.
        c.setFont(BOLD, size)
        c.drawString(pad, top - pad - size, f"{MONTHS[self.monday.month - 1][:3]} {self.monday.year}")
        y = top - self.row_heights[0]
        for label, height in zip(self.labels, self.row_heights[1:], strict=True):
            c.line(0, y, self.width, y)
            c.drawString(pad, y - pad - size, label)
            y -= height
        for column, d in enumerate(self.days):
            x = self.label_width + column * day_w
            c.setLineWidth(0.6)
            c.line(x, 0, x, self.height)
            if d is None:
                continue
            self._draw_day(d, x, day_w, top, leading)

    def _draw_day(self, d: Day, x: float, day_w: float, top: float, leading: float) -> None:
        c = self.canv
        size, pad = self.size, self.pad
        name = _day_name(d, day_w - 2 * pad, size)
        c.setFont(BOLD, size)
        c.drawString(x + pad, top - pad - size, name)
        y = top - self.row_heights[0]
        for label, height in zip(self.labels, self.row_heights[1:], strict=True):
            line = d.lines.get(label)
            if line is not None:
                self._draw_line(line, x + pad, y - pad, leading)
            y -= height
        if d.new:
            # A day the dose changes: a heavy frame, not a fill (a grey cell looks ticked).
            c.setLineWidth(2.4)
            inset = 1.4
            c.rect(x + inset, inset, day_w - 2 * inset, self.height - 2 * inset, stroke=1, fill=0)
            c.setLineWidth(0.6)

    def _draw_line(self, line: Line, x: float, top: float, leading: float) -> None:
        c = self.canv
        size = self.size
        text_x, text_top = x, top
        if line.box:
            c.setLineWidth(1)
            c.rect(x, top - self.box, self.box, self.box, stroke=1, fill=0)
            if self.stacked:
                text_top = top - self.box - self.pad
            else:
                text_x = x + self.box + self.pad
                text_top = top - max(0.0, (self.box - len(line.texts) * leading) / 2)
        c.setFont(REGULAR, size)
        for index, text in enumerate(line.texts):
            c.drawString(text_x, text_top - index * leading - size * 0.95, text)


def _day_name(d: Day, width: float, size: float) -> str:
    """``Tue 1 Dec NEW``, or as much of it as fits (the weekday goes first, NEW last)."""
    weekday, number = WEEKDAYS[d.day.weekday()], str(d.day.day)
    if d.day.day == 1:
        number += f" {MONTHS[d.day.month - 1][:3]}"
    new = " NEW" if d.new else ""
    for name in (f"{weekday} {number}{new}", f"{number}{new}", f"{weekday} {number}", number):
        if stringWidth(name, BOLD, size) <= width:
            return name
    return number


def _labels(plan: TaperPlan, days: list[Day | None]) -> list[str]:
    if plan.regimen.route is Route.INTRATHECAL:
        present = {label for d in days if d for label in d.lines}
        return [label for label in (PUMP_RATE, PUMP_CLINIC, PUMP_CHECK) if label in present]
    labels: list[str] = []
    for d in days:
        if d is not None:
            for label in d.lines:
                if label not in labels:
                    labels.append(label)
    return labels


def calendar_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    days = plan_days(plan)
    first, last = calendar_days(plan)
    story: list[Flowable] = [*ctx.heading("Your calendar", "title"), ctx.para(_legend(ctx))]
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        week: list[Day | None] = [days.get(monday + timedelta(days=n)) for n in range(7)]
        story.append(WeekRow(monday, week, _labels(plan, week), ctx.metrics.body))
        monday += timedelta(days=7)
    return story


def _legend(ctx: PrintContext) -> str:
    plan = ctx.plan
    if plan.regimen.route is Route.INTRATHECAL:
        return (
            f"Each day shows the pump rate. <b>Visit</b>: clinic visit to change the rate. "
            f"<b>Refill</b>: last day for the refill. <b>Alarm?</b>: the day the low-reservoir alarm "
            f"would sound without a refill. Tick {TICK} <b>All well</b> each day the pump gave no "
            "alarm and you feel as usual."
        )
    text = (
        f"Tick the box {TICK} each time you take a dose. A day with a <b>thick border</b> and "
        "<b>NEW</b> starts a new dose."
    )
    if plan.regimen.product.is_liquid:
        text += f" The mL is for the <b>{esc(plan.regimen.product.description)}</b> only."
    return text
