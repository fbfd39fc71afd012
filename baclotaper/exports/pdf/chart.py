"""The daily dose over time as a step line (reportlab graphics, so it is vector and embedded)."""

from __future__ import annotations

from datetime import timedelta

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String

from baclotaper.exports.pdf.fonts import REGULAR
from baclotaper.exports.pdf.styles import INK, MUTED
from baclotaper.exports.pdf.wording import MONTHS
from baclotaper.taper.plan import TaperPlan


def step_points(plan: TaperPlan) -> list[tuple[float, float]]:
    """(day since the first cut, daily dose) corners of the step line, from the current dose."""
    first = plan.steps[0].start
    points: list[tuple[float, float]] = [(0, plan.regimen.daily_dose)]
    for step in plan.steps:
        x = (step.start - first).days
        points += [(x, points[-1][1]), (x, step.daily_dose)]
    # Show a little of the open-ended last step: a tenth of the plan, at least a week.
    tail = max(7, plan.total_days // 10)
    points.append((plan.total_days + tail, plan.steps[-1].daily_dose))
    return points


def _x_label(plan: TaperPlan, days: float) -> str:
    day = plan.steps[0].start + timedelta(days=round(days))
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def dose_chart(plan: TaperPlan, width: float, height: float, font_size: float) -> Drawing:
    drawing = Drawing(width, height)
    # The drawing's starting font, which reportlab would otherwise set to Helvetica.
    drawing.initialFontName = REGULAR
    drawing.initialFontSize = font_size
    plot = LinePlot()
    left, bottom = font_size * 5, font_size * 3.2
    plot.x, plot.y = left, bottom
    plot.width = width - left - font_size
    plot.height = height - bottom - font_size * 2.4  # room for the axis title above the top label
    plot.data = [step_points(plan)]
    plot.lines[0].strokeColor = INK
    plot.lines[0].strokeWidth = 1.6
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = font_size
        axis.labels.fillColor = MUTED
        axis.strokeColor = MUTED
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = MUTED
    plot.yValueAxis.gridStrokeWidth = 0.2
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.labelTextFormat = lambda value: _x_label(plan, value)
    plot.xValueAxis.maximumTicks = 8
    drawing.add(plot)
    drawing.add(String(0, height - font_size, f"Daily dose ({plan.unit})", fontName=REGULAR, fontSize=font_size))
    drawing.add(
        String(
            left + plot.width / 2,
            font_size * 0.2,
            "Date (each corner is a dose change)",
            fontName=REGULAR,
            fontSize=font_size,
            textAnchor="middle",
        )
    )
    return drawing
