"""Painting helpers shared by the views that draw themselves."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter


def fill(painter: QPainter, rect: QRect | QRectF, brush: QBrush | QColor) -> None:
    """Fill ``rect`` as ``QPainter.fillRect`` does.  PySide6 matching fillRect's overloads builds
    the Python enums of QGradient (a list of 169 presets) the first time, during the window's first
    paint; a rectangle drawn with no pen covers the same pixels."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(brush)
    painter.drawRect(rect)
    painter.restore()
