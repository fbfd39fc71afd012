"""The named stylesheet of the printed plan, in normal and large print.

Staff pages are compact (body 9.5 pt, tables 8.5 pt).  Pages a patient reads follow clear-print
guidance (RNIB): no text below 12 pt, and no text below 16 pt in large print.  The wallet card is
the one exception: it has the size of a bank card.  Colour is never the only signal: danger is bold
and boxed so it survives a black-and-white printer, and nothing on a patient page is filled grey
(a grey box looks ticked).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, StyleSheet1

from baclotaper.exports.pdf.fonts import BOLD, REGULAR, register_fonts

INK = colors.black
MUTED = colors.HexColor("#444444")
RULE = colors.HexColor("#777777")
SHADE = colors.HexColor("#E6E6E6")
HEADER_SHADE = colors.HexColor("#D0D0D0")
DANGER = colors.HexColor("#B00000")
CAUTION = colors.HexColor("#8A5A00")


@dataclass(frozen=True)
class Metrics:
    """Sizes that are not paragraph styles: rules, paddings, the header band."""

    body: float
    small: float
    padding: float
    header_size: float


# Clear print: the smallest text on a patient page, standard and large (RNIB clear print guidelines).
PATIENT_MIN_PT = 12.0
PATIENT_LARGE_MIN_PT = 16.0
# The wallet card's text, fixed whatever the print size: the card is 85.6 × 54 mm.
CARD_PT = 7.0


def metrics(large_print: bool, *, patient: bool = False) -> Metrics:
    if patient:
        size = PATIENT_LARGE_MIN_PT if large_print else PATIENT_MIN_PT
        return Metrics(body=size, small=size, padding=size * 0.3, header_size=size)
    if large_print:
        return Metrics(body=14, small=12, padding=4, header_size=10)
    return Metrics(body=9.5, small=8.5, padding=2.5, header_size=8)


def _style(name: str, size: float, *, bold: bool = False, **kw: object) -> ParagraphStyle:
    settings: dict[str, object] = {"textColor": INK, **kw}
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=round(size * 1.25, 1),
        **settings,
    )


def stylesheet(large_print: bool = False, *, patient: bool = False) -> StyleSheet1:
    """Every paragraph style the sections use, by name."""
    register_fonts()
    m = metrics(large_print, patient=patient)
    body, small = m.body, m.small
    cell = small if not large_print or patient else body * 0.9
    sheet = StyleSheet1()
    for style in (
        _style("body", body, spaceAfter=body * 0.4),
        _style("small", small, textColor=MUTED, spaceAfter=small * 0.3),
        _style("title", body * 1.7, bold=True, spaceAfter=body * 0.6),
        _style("h1", body * 1.35, bold=True, spaceBefore=body * 0.8, spaceAfter=body * 0.4),
        _style("h2", body * 1.1, bold=True, spaceBefore=body * 0.6, spaceAfter=body * 0.3),
        _style("cell", cell),
        _style("cell_bold", cell, bold=True),
        _style("cell_head", cell, bold=True),
        _style("danger", body, bold=True, textColor=DANGER),
        _style("caution", body, bold=True, textColor=CAUTION),
        _style("banner", body * 1.15, bold=True, alignment=TA_CENTER),
        _style("card_title", CARD_PT * 1.45, bold=True, alignment=TA_CENTER),
        _style("card_banner", CARD_PT * 1.15, bold=True, alignment=TA_CENTER),
        _style("card", CARD_PT),
        _style("card_bold", CARD_PT, bold=True),
        _style("cal_day", small, bold=True),
        _style("cal_dose", body * 1.05, bold=True),
        _style("cal_tick", small),
        _style("cal_empty", small, textColor=MUTED),
        _style("sign", body, spaceBefore=body * 1.5),
    ):
        sheet.add(style)
    return sheet
