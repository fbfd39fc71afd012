"""The daily dose over time as a step line, with the start, each change and the stop labelled."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from baclotaper.common.numbers import fmt
from baclotaper.gui import palette
from baclotaper.gui.accessible_interfaces import set_accessible_role
from baclotaper.gui.painting import fill

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan

# Days shown before the first cut (at the current dose) and after the stop.
LEAD_DAYS = 7

XOf = Callable[[date], float]
YOf = Callable[[float], float]


@dataclass(frozen=True)
class ChartLabel:
    """A dose written on the chart at the day it starts."""

    day: date
    dose: float
    text: str
    always: bool  # start and stop are labelled even when crowded


def chart_labels(plan: TaperPlan) -> list[ChartLabel]:
    """Labels for the start, each change of dose and the stop."""
    unit = plan.unit
    first = plan.steps[0]
    labels = [
        ChartLabel(
            first.start - timedelta(days=LEAD_DAYS),
            plan.regimen.daily_dose,
            f"now {fmt(plan.regimen.daily_dose)} {unit}",
            True,
        )
    ]
    for step in plan.steps[:-1]:
        labels.append(ChartLabel(step.start, step.daily_dose, fmt(step.daily_dose), False))
    last = plan.steps[-1]
    labels.append(
        ChartLabel(
            last.start,
            last.daily_dose,
            f"{'stop' if last.daily_dose == 0 else 'target ' + fmt(last.daily_dose)} {last.start.isoformat()}",
            True,
        )
    )
    return labels


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick spacing (1, 2, 2.5 or 5 × a power of ten) for ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


class DoseChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doseChart")
        self.setAccessibleName("Daily dose over time")
        set_accessible_role(self, QAccessible.Role.Chart)  # its description is the doses in words
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._plan: TaperPlan | None = None
        self._stale = False
        self._today = date.today()
        self.paint_count = 0  # lets the keystroke benchmark check that it repainted

    def set_plan(self, plan: TaperPlan | None, *, stale: bool = False) -> None:
        self._plan = plan
        self._stale = stale
        self.setAccessibleDescription(self.describe())
        self.update()

    def set_today(self, today: date) -> None:
        self._today = today
        self.update()

    def describe(self) -> str:
        """The chart in words, its text alternative for screen readers: every dose and its first day."""
        plan = self._plan
        if plan is None:
            return "No plan yet"
        unit = plan.unit
        steps = [
            f"stop on {s.start}" if s.daily_dose == 0 else f"{s.start} {fmt(s.daily_dose)} {unit}" for s in plan.steps
        ]
        stale = " (out of date: the form has an error)" if self._stale else ""
        return f"From {fmt(plan.regimen.daily_dose)} {unit}: {'; '.join(steps)}{stale}"

    def minimumSizeHint(self) -> QSize:
        m = self.fontMetrics()
        return QSize(m.horizontalAdvance("0") * 20, m.height() * 8)

    def sizeHint(self) -> QSize:
        m = self.fontMetrics()
        return QSize(m.horizontalAdvance("0") * 70, m.height() * 16)

    # ----- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill(painter, self.rect(), self.palette().base())
        plan = self._plan
        if plan is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                "The chart appears when the form describes a regimen",
            )
            return
        self._paint_plan(painter, plan)

    def _paint_plan(self, painter: QPainter, plan: TaperPlan) -> None:
        m = self.fontMetrics()
        line_h = m.height()
        top_dose = max(plan.regimen.daily_dose, *(s.daily_dose for s in plan.steps))
        y_step = nice_step(top_dose)
        y_max = math.ceil(top_dose / y_step) * y_step or 1.0
        left = m.horizontalAdvance(fmt(y_max) + "0") + 8
        area = QRectF(
            left, line_h * 2.2, self.width() - left - m.horizontalAdvance("0") * 6, self.height() - line_h * 4.2
        )
        if area.width() < 20 or area.height() < 20:
            return
        first = plan.steps[0].start - timedelta(days=LEAD_DAYS)
        last = plan.stop_date + timedelta(days=max(LEAD_DAYS, plan.total_days // 12))
        span = max((last - first).days, 1)

        def x_of(day: date) -> float:
            return area.left() + area.width() * (day - first).days / span

        def y_of(dose: float) -> float:
            return area.bottom() - area.height() * dose / y_max

        text_colour = self.palette().text().color()
        grid = QColor(palette.GRID)
        # Horizontal grid and dose ticks.
        painter.setPen(QPen(grid, 1))
        tick = 0.0
        while tick <= y_max + 1e-9:
            y = y_of(tick)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y - line_h / 2, left - 6, line_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fmt(tick),
            )
            painter.setPen(QPen(grid, 1))
            tick += y_step
        painter.setPen(text_colour)
        painter.drawText(
            QRectF(0, 0, self.width(), line_h * 1.2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            f"Daily dose ({plan.unit})",
        )
        self._paint_months(painter, area, first, last, x_of)
        # Today.
        if first <= self._today <= last:
            x = x_of(self._today)
            painter.setPen(QPen(palette.today_colour(self.palette()), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            # Written low, where the step labels (above each level) rarely are.
            painter.drawText(QPointF(x + 3, area.bottom() - 4), "today")
        # The step line.
        points = [QPointF(x_of(first), y_of(plan.regimen.daily_dose))]
        previous = plan.regimen.daily_dose
        for step in plan.steps:
            x = x_of(step.start)
            points += [QPointF(x, y_of(previous)), QPointF(x, y_of(step.daily_dose))]
            previous = step.daily_dose
        points.append(QPointF(x_of(last), y_of(previous)))
        colour = QColor(palette.STALE_TEXT) if self._stale else palette.line_colour(self.palette())
        painter.setPen(QPen(colour, 2.5))
        painter.drawPolyline(QPolygonF(points))
        self._paint_labels(painter, plan, x_of, y_of, area)
        if self._stale:
            painter.setPen(QColor(palette.ERROR))
            painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, "out of date: fix the form")

    def _paint_months(self, painter: QPainter, area: QRectF, first: date, last: date, x_of: XOf) -> None:
        m = self.fontMetrics()
        month = date(first.year, first.month, 1)
        months: list[date] = []
        while month <= last:
            if month >= first:
                months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        # Skip months when they would not fit side by side.
        width = m.horizontalAdvance("Mmm 0000") + 8
        every = max(1, math.ceil(len(months) * width / max(area.width(), 1)))
        painter.setPen(self.palette().text().color())
        for i, month in enumerate(months):
            x = x_of(month)
            painter.setPen(QPen(QColor(palette.GRID), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            if i % every:
                continue
            painter.setPen(self.palette().text().color())
            text = f"{month:%b}" if month.month != 1 and i else f"{month:%b %Y}"
            painter.drawText(QPointF(x + 2, area.bottom() + m.ascent() + 4), text)

    def _paint_labels(self, painter: QPainter, plan: TaperPlan, x_of: XOf, y_of: YOf, area: QRectF) -> None:
        m = self.fontMetrics()
        taken: list[QRectF] = []
        labels = chart_labels(plan)
        # Place the labels that must show first so crowded change labels give way to them.
        ordered = [lb for lb in labels if lb.always] + [lb for lb in labels if not lb.always]
        bounds = QRectF(self.rect())
        for label in ordered:
            w = m.horizontalAdvance(label.text) + 4
            h = m.height()
            x = x_of(label.day) + 3
            y = y_of(label.dose) - h - 2
            if x + w > bounds.right():
                x = bounds.right() - w - 2
            rect = QRectF(x, max(y, area.top() - h), w, h)
            if not label.always and any(rect.intersects(t) for t in taken):
                continue
            taken.append(rect)
            painter.setPen(
                QColor(palette.DANGER) if label.always and label is labels[-1] else self.palette().text().color()
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label.text)
