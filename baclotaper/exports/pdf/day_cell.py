"""One day of the month calendar, drawn straight onto the canvas.

A month has up to 31 of these, and a long plan has hundreds: drawing a few strings and squares is
many times faster than laying out a paragraph per line, and the tick boxes come out as real squares.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from baclotaper.exports.pdf.fonts import BOLD, REGULAR
from baclotaper.exports.pdf.styles import INK

LEADING = 1.25


class DayCell(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Day number, the day's total dose, then a tick box with a label for each dose."""

    def __init__(
        self,
        *,
        day: str,
        dose: str,
        ticks: Sequence[str],
        size: float,
        dose_size: float,
        note_room: float,
    ) -> None:
        super().__init__()
        self.day = day
        self.dose = dose
        self.ticks = tuple(ticks)
        self.size = size
        self.dose_size = dose_size
        self.note_room = note_room

    @property
    def _tick_leading(self) -> float:
        return self.size * LEADING * 1.3  # a little taller than text: the boxes must not touch

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = (
            self.size * LEADING
            + self.dose_size * LEADING
            + max(len(self.ticks), 1) * self._tick_leading
            + self.note_room
        )
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(INK)
        canvas.setStrokeColor(INK)
        y = self.height - self.size * LEADING
        canvas.setFont(BOLD, self.size)
        canvas.drawString(0, y + self.size * 0.25, self.day)
        y -= self.dose_size * LEADING
        canvas.setFont(BOLD, self.dose_size)
        canvas.drawString(0, y + self.dose_size * 0.25, self.dose)
        box = self.size * 1.05
        gap = self.size * 0.4
        canvas.setLineWidth(0.7)
        for label in self.ticks or ("none",):
            y -= self._tick_leading
            if self.ticks:
                canvas.rect(0, y + self.size * 0.15, box, box, stroke=1, fill=0)
                x = box + gap
            else:
                x = 0
            size = _fitting_size(label, self.width - x, self.size)
            canvas.setFont(REGULAR, size)
            canvas.drawString(x, y + self.size * 0.3, label)


def _fitting_size(text: str, width: float, size: float) -> float:
    """``size``, or smaller (down to 60 % of it) so that ``text`` fits ``width``."""
    needed = float(stringWidth(text, REGULAR, size))
    if needed <= width:
        return size
    return max(size * width / needed, size * 0.6)
