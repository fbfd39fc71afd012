"""The fill helper paints what QPainter.fillRect paints."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from baclotaper.gui.painting import fill


def painted(draw: str, rect: QRect | QRectF, brush: QBrush | QColor) -> QImage:
    image = QImage(40, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("blue"))  # a pen left on the painter must not outline the fill
    if draw == "fillRect":
        painter.fillRect(rect, brush)
    else:
        fill(painter, rect, brush)
    painter.drawLine(0, 29, 39, 29)  # and is still the pen afterwards
    painter.end()
    return image


def test_fill_covers_the_same_pixels_as_fill_rect(qapp: QApplication) -> None:
    cases: list[tuple[QRect | QRectF, QBrush | QColor]] = [
        (QRect(3, 2, 20, 11), QColor("#cc3300")),
        (QRect(0, 0, 40, 30), QBrush(QColor(10, 200, 30))),
        (QRect(5, 5, 4, 17), QColor(0, 0, 0, 128)),  # translucent, as a stale day's tint may be
    ]
    for rect, brush in cases:
        assert painted("fill", rect, brush) == painted("fillRect", rect, brush), rect
