"""What every section needs to lay itself out: the plan, the styles and the frame's size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from baclotaper.exports.pdf.fonts import BOLD, REGULAR
from baclotaper.exports.pdf.styles import HEADER_SHADE, INK, RULE, Metrics
from baclotaper.taper.plan import TaperPlan


@dataclass(frozen=True)
class PrintContext:
    plan: TaperPlan
    styles: StyleSheet1
    metrics: Metrics
    width: float  # of the frame, in points
    height: float
    generated: date
    large_print: bool
    patient: bool = False  # a page the patient reads (clear print, no grey fills)

    def style(self, name: str) -> ParagraphStyle:
        return self.styles[name]

    def para(self, markup: str, style: str = "body") -> Paragraph:
        """A paragraph of trusted markup: user text must already have gone through ``esc``."""
        return Paragraph(markup, self.styles[style])

    def heading(self, text: str, style: str = "h1") -> list[Flowable]:
        """A heading that never sits alone at the foot of a page: it starts a new page when
        fewer than about eight lines are left below it."""
        return [CondPageBreak(self.metrics.body * 10), Paragraph(text, self.styles[style])]

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        extra: Sequence[tuple[Any, ...]] = (),
        header: bool = True,
    ) -> Table:
        """A ruled table whose header row repeats on every page it runs onto.

        A row taller than what is left of the page (a long note) is split inside the row, so any
        text that can be entered prints instead of stopping the whole PDF with a layout error.
        """
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), self.metrics.small),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), self.metrics.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.metrics.padding),
            ("TOPPADDING", (0, 0), (-1, -1), self.metrics.padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.metrics.padding),
        ]
        if header:
            style += [("FONTNAME", (0, 0), (-1, 0), BOLD)]
            # A grey band on a patient page looks like a ticked box: a heavier rule instead.
            if self.patient:
                style += [("LINEBELOW", (0, 0), (-1, 0), 1.5, INK)]
            else:
                style += [("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE)]
        table = Table(
            [list(row) for row in rows],
            colWidths=list(widths),
            repeatRows=1 if header else 0,
            style=TableStyle([*style, *extra]),
            hAlign="LEFT",
            splitInRow=1,
        )
        return table

    def frame_table(
        self,
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        style: Sequence[tuple[Any, ...]],
        **kw: Any,
    ) -> Table:
        """A table used as a frame (boxes, the card): no header, no grid.

        Every table names the font: reportlab sets one on each cell, Helvetica unless told,
        which would put a non-embedded font into the file.
        """
        return Table(
            [list(row) for row in rows],
            colWidths=list(widths),
            style=TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *style]),
            **({"splitInRow": 1} | kw),
        )

    def columns(self, *fractions: float) -> list[float]:
        """Column widths from fractions of the frame width (they should add up to 1)."""
        return [self.width * f for f in fractions]
