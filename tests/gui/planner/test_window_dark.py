"""A dark theme keeps the calendar's change-day numbers and the chart's line readable."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from pytestqt.qtbot import QtBot

from baclotaper.gui import palette
from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import fill_in


def dark_palette() -> QPalette:
    colours = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e8e8e8"),
        (QPalette.ColorRole.Highlight, "#3d6fb4"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
    ):
        colours.setColor(role, QColor(value))
    return colours


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def best_contrast(image: QImage, area: QRect, background: QColor) -> float:
    return max(
        contrast(image.pixelColor(x, y), background)
        for x in range(area.left(), area.right())
        for y in range(area.top(), area.bottom())
    )


def test_change_day_numbers_are_dark_on_their_light_tint(qtbot: QtBot, window: MainWindow) -> None:
    window.setPalette(dark_palette())
    fill_in(qtbot, window)
    change = date(2026, 12, 15)
    assert window.calendar.is_change_day(change)
    image = QImage(90, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#1e1e1e"))
    painter = QPainter(image)
    try:
        window.calendar.paint_day(painter, QRect(0, 0, 90, 60), change)
    finally:
        painter.end()
    # The day number sits top left, right of the coloured mark.
    day_number = QRect(8, 2, 30, 25)
    assert best_contrast(image, day_number, QColor(palette.CAUTION_BACKGROUND)) >= 4.5


def test_the_chart_line_is_light_on_a_dark_background(qtbot: QtBot, window: MainWindow) -> None:
    window.setPalette(dark_palette())
    fill_in(qtbot, window)
    image = window.chart.grab().toImage()
    light_line = QColor(palette.LINE_ON_DARK)
    found = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y) == light_line
    )
    assert found > 20, "the step line is not drawn in the light blue"
    assert contrast(light_line, window.chart.palette().color(QPalette.ColorRole.Base)) >= 4.5
    assert contrast(QColor(palette.LINE), QColor("#1e1e1e")) < 3  # the old line colour was unreadable
