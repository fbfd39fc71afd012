"""The timeline: checklist total, temperature and heart rate over time, against the dose steps.

One widget paints everything (no widget per point).  Each band shares the time axis; the current
revision's dose line is the grey background, the onset days after each cut are shaded, and the
total's points are coloured by the entry's tier.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from baclotaper.common.numbers import fmt
from baclotaper.gui.accessible_interfaces import set_accessible_role
from baclotaper.gui.nurse_log import colours
from baclotaper.gui.nurse_log.timeline_data import (
    CHARTED_VITALS,
    DAY,
    Column,
    Series,
    TimelineData,
    cut_days,
    dose_steps,
    midnight,
    reduce,
)
from baclotaper.gui.painting import fill
from baclotaper.nurse_log.advice import rules
from baclotaper.nurse_log.checklist import TIERS, vital_signs
from baclotaper.taper.plan import TaperPlan

LEFT, RIGHT, TOP, BOTTOM, GAP = 46, 58, 22, 22, 10
_TICK_DAYS = (1, 2, 7, 14, 28, 91, 182, 365, 730, 1826, 3652)
_MIN_LABEL_PX = 74
_MARK_PX = 4  # markers are 4–7 px wide: one per 4 pixels is all that can be seen


class Band:
    """One horizontal strip of the chart with its own value axis."""

    def __init__(self, rect: QRectF, low: float, high: float) -> None:
        pad = (high - low) * 0.08 or 1.0
        self.rect, self.low, self.high = rect, low - pad, high + pad
        self.ticks = (low, high)  # the data's own range, labelled on the axis

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return self.rect.bottom() - share * self.rect.height()


class TimelineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline of checklist totals and vital signs")
        set_accessible_role(self, QAccessible.Role.Chart)  # its description says what it shows
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.data = TimelineData()
        self.plan: TaperPlan | None = None
        self.since: date | None = None
        self.until: date | None = None
        self._signs = {v.id: v for v in vital_signs()}

    def sizeHint(self) -> QSize:
        return QSize(640, 380)

    def set_data(self, data: TimelineData, plan: TaperPlan | None) -> None:
        self.data, self.plan = data, plan
        self._describe()
        self.update()

    def set_dates(self, since: date | None, until: date | None) -> None:
        self.since, self.until = since, until
        self._describe()
        self.update()

    def span(self) -> tuple[float, float]:
        """The time shown: the chosen days, else from the first entry (or plan) to today."""
        starts = [t for t in (self.data.first, midnight(self.plan.steps[0].start) if self.plan else None) if t]
        start = midnight(self.since) if self.since else min(starts, default=midnight(date.today()) - 7 * DAY)
        end = midnight((self.until or date.today()) + timedelta(days=1))
        return (start, end) if end > start else (start, start + DAY)

    def _describe(self) -> None:
        start, end = self.span()
        self.setAccessibleDescription(
            f"{self.count_in(start, end)} entries from {datetime.fromtimestamp(start):%Y-%m-%d}"
            f" to {datetime.fromtimestamp(end - 1):%Y-%m-%d}"
        )

    # Painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill(painter, self.rect(), QColor("white"))
        plot = QRectF(self.rect()).adjusted(LEFT, TOP, -RIGHT, -BOTTOM)
        if plot.width() < 20 or plot.height() < 60:
            painter.end()
            return
        start, end = self.span()
        x_of = _XMap(plot, start, end)
        self._background(painter, plot, x_of)
        bands = self._bands(plot)
        self._total_band(painter, bands[0], x_of)
        for band, vital_id in zip(bands[1:], CHARTED_VITALS, strict=True):
            self._vital_band(painter, band, vital_id, x_of)
        self._time_axis(painter, plot, x_of)
        self._legend(painter)
        if not self.count_in(start, end):
            painter.setPen(QColor(colours.TOTAL_LINE))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No entries in this date range")
        painter.end()

    def count_in(self, start: float, end: float) -> int:
        times = self.data.total.times
        return bisect_left(times, end) - bisect_left(times, start)

    def _bands(self, plot: QRectF) -> list[Band]:
        heights = (0.4, 0.3, 0.3)
        usable = plot.height() - GAP * (len(heights) - 1)
        bands, top = [], plot.top()
        for share, values in zip(heights, self._ranges(), strict=True):
            rect = QRectF(plot.left(), top, plot.width(), usable * share)
            bands.append(Band(rect, *values))
            top += rect.height() + GAP
        return bands

    def _ranges(self) -> list[tuple[float, float]]:
        totals = self.data.total.values
        ranges = [(0.0, max(max(totals, default=0.0), 1.0))]
        for vital_id in CHARTED_VITALS:
            values = list(self.data.vitals.get(vital_id, Series()).values)
            # The upper emergency line stays in view (fever, racing heart), so a reading is seen
            # against it; lower lines are drawn only when the readings come near them.
            values += [
                r.value for r in rules().vital_rules if r.vital == vital_id and r.tier == "emergency" and r.at_least
            ]
            sign = self._signs[vital_id]
            ranges.append((min(values, default=sign.minimum), max(values, default=sign.maximum)))
        return ranges

    def _background(self, painter: QPainter, plot: QRectF, x_of: _XMap) -> None:
        if self.plan is None:
            return
        window = rules().onset[self.plan.regimen.route]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.ONSET_BACKGROUND))
        for cut in cut_days(self.plan):
            left, right = cut + window.first_day * DAY, cut + (window.last_day + 1) * DAY
            if right > x_of.start and left < x_of.end:
                painter.drawRect(QRectF(QPointF(x_of(left), plot.top()), QPointF(x_of(right), plot.bottom())))
        steps = dose_steps(self.plan)
        top_dose = max(dose for _, dose in steps) or 1.0
        # Points go into a list first: QPolygonF.append leaks a reference to None in PySide6 6.12
        # (thousands of calls crash Python), the list constructor does not.
        points = [QPointF(plot.left(), plot.bottom())]
        for (t, dose), (t_next, _) in zip(steps, [*steps[1:], (x_of.end, 0.0)], strict=True):
            y = plot.bottom() - dose / top_dose * plot.height() * 0.95
            points += [QPointF(x_of(t), y), QPointF(x_of(max(t_next, t)), y)]
        points.append(QPointF(plot.right(), plot.bottom()))
        polygon = QPolygonF(points)
        painter.setBrush(QColor(colours.DOSE_FILL))
        painter.setPen(QPen(QColor(colours.DOSE_LINE), 1.5))
        painter.drawPolygon(polygon)
        painter.setPen(QColor(colours.DOSE_LINE))
        label = QRectF(plot.right() + 4, plot.top(), RIGHT - 6, 40)
        painter.drawText(label, Qt.AlignmentFlag.AlignLeft, f"dose\n{fmt(top_dose)}\n{self.plan.unit}")
        painter.drawText(QRectF(plot.right() + 4, plot.bottom() - 14, RIGHT - 6, 14), Qt.AlignmentFlag.AlignLeft, "0")

    def _frame(self, painter: QPainter, band: Band, title: str, ticks: Sequence[float]) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(colours.GRID), 1))
        painter.drawRect(band.rect)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.85, 6.0))
        painter.setFont(small)
        painter.setPen(QColor(colours.TOTAL_LINE))
        painter.drawText(band.rect.adjusted(4, 2, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, title)
        for value in ticks:
            y = band.y(value)
            painter.drawText(QRectF(0, y - 8, LEFT - 4, 16), Qt.AlignmentFlag.AlignRight, fmt(round(value, 1)))
        painter.setFont(self.font())

    def _line(self, painter: QPainter, columns: list[Column], band: Band, x_of: _XMap, colour: str) -> None:
        points = [
            QPointF(x_of.column(c.x), band.y(value)) for c in columns for value in (c.first, c.low, c.high, c.last)
        ]
        polygon = QPolygonF(points)  # not QPolygonF.append: see _background
        pen = QPen(QColor(colour), 1)
        pen.setCosmetic(True)  # a 1-pixel cosmetic pen is ~100x faster to draw than a wider one
        painter.setPen(pen)
        painter.drawPolyline(polygon)

    def _total_band(self, painter: QPainter, band: Band, x_of: _XMap) -> None:
        self._frame(painter, band, "Checklist total (NOT a validated scale)", band.ticks)
        self._line(painter, x_of.reduce(self.data.total), band, x_of, colours.TOTAL_LINE)
        for tier in TIERS:  # the most urgent last, so it is drawn on top
            series = self.data.by_tier.get(tier)
            if series is None:
                continue
            pen = QPen(QColor(colours.TIER_COLOURS[tier]), 7 if tier == "emergency" else 5)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            points = [QPointF(x, band.y(high)) for x, high in x_of.marks(series, _MARK_PX)]
            painter.drawPoints(QPolygonF(points))

    def _vital_band(self, painter: QPainter, band: Band, vital_id: str, x_of: _XMap) -> None:
        sign = self._signs[vital_id]
        self._frame(painter, band, f"{sign.label} ({sign.unit})", band.ticks)
        for rule in rules().vital_rules:
            if rule.vital != vital_id or rule.tier not in ("emergency", "call_prescriber"):
                continue
            pen = QPen(QColor(colours.TIER_COLOURS[rule.tier]), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = band.y(rule.value)
            if band.rect.top() <= y <= band.rect.bottom():
                painter.drawLine(QPointF(band.rect.left(), y), QPointF(band.rect.right(), y))
        colour = colours.TEMPERATURE_LINE if vital_id == "temperature" else colours.HEART_RATE_LINE
        columns = x_of.reduce(self.data.vitals.get(vital_id, Series()))
        self._line(painter, columns, band, x_of, colour)
        pen = QPen(QColor(colour), 4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        marks = x_of.marks(self.data.vitals.get(vital_id, Series()), _MARK_PX)
        painter.drawPoints(QPolygonF([QPointF(x, band.y(high)) for x, high in marks]))

    def _time_axis(self, painter: QPainter, plot: QRectF, x_of: _XMap) -> None:
        days = (x_of.end - x_of.start) / DAY
        step = next((d for d in _TICK_DAYS if plot.width() / days * d >= _MIN_LABEL_PX), _TICK_DAYS[-1])
        fmt_text = "%d %b" if days < 300 else "%b %Y"
        day = datetime.fromtimestamp(x_of.start).date()
        painter.setPen(QColor(colours.TOTAL_LINE))
        while (t := midnight(day)) < x_of.end:
            if t >= x_of.start:
                x = x_of(t)
                painter.setPen(QPen(QColor(colours.GRID), 1))
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                painter.setPen(QColor(colours.TOTAL_LINE))
                painter.drawText(
                    QRectF(x - 40, plot.bottom() + 3, 80, BOTTOM), Qt.AlignmentFlag.AlignHCenter, f"{day:{fmt_text}}"
                )
            day += timedelta(days=step)
        now = datetime.now().timestamp()
        if x_of.start <= now < x_of.end:
            painter.setPen(QPen(QColor(colours.TODAY), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x_of(now), plot.top()), QPointF(x_of(now), plot.bottom()))

    def _legend(self, painter: QPainter) -> None:
        items: list[tuple[str, str, bool]] = [
            (colours.TIER_COLOURS[tier], colours.TIER_WORDS[tier].lower(), True)
            for tier in ("emergency", "call_prescriber", "monitor", "none")
        ]
        if self.plan is not None:
            window = rules().onset[self.plan.regimen.route]
            items.append((colours.ONSET_BACKGROUND, f"days {window.first_day}–{window.last_day} after a cut", False))
            items.append((colours.DOSE_FILL, f"dose ({self.plan.unit})", False))
        x, y = float(LEFT), TOP / 2
        metrics = painter.fontMetrics()
        for colour, text, dot in items:
            width = 18 + metrics.horizontalAdvance(text)
            if x + width > self.width() - 4:
                break  # a narrow view shows what fits
            painter.setPen(Qt.PenStyle.NoPen if dot else QPen(QColor(colours.DOSE_LINE), 1))
            painter.setBrush(QColor(colour))
            if dot:
                painter.drawEllipse(QPointF(x + 5, y), 5, 5)
            else:
                painter.drawRect(QRectF(x, y - 5, 11, 10))
            painter.setPen(QColor(colours.TOTAL_LINE))
            painter.drawText(QPointF(x + 14, y + 5), text)
            x += width + 8


class _XMap:
    """Epoch seconds to x pixels, clipped to the plot."""

    def __init__(self, plot: QRectF, start: float, end: float) -> None:
        self.left, self.right = plot.left(), plot.right()
        self.start, self.end, self.scale = start, end, plot.width() / (end - start)
        self.width = max(int(plot.width()), 1)

    def __call__(self, t: float) -> float:
        return min(max(self.left + (t - self.start) * self.scale, self.left), self.right)

    def reduce(self, series: Series) -> list[Column]:
        return reduce(series, self.start, self.end, self.width)

    def marks(self, series: Series, pixels: int) -> list[tuple[float, float]]:
        """One marker per ``pixels`` columns at the highest value there: markers are wider than a
        pixel, so finer buckets would only draw over each other (and cost more)."""
        buckets = reduce(series, self.start, self.end, max(self.width // pixels, 1))
        return [(self.left + (c.x + 0.5) * pixels, c.high) for c in buckets]

    def column(self, x: int) -> float:
        return self.left + x + 0.5
