"""DejaVu Sans, embedded in every PDF so that ½, µ, ≥, °, ☐ and accented names print anywhere.

The TrueType files ship in ``resources/fonts/`` and are read through :mod:`baclotaper.common.data`, so
the same code finds them in a checkout, a wheel or a frozen app.  reportlab embeds a subset of
each font that is used; nothing falls back to the 14 standard PDF fonts, which are never embedded.
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from baclotaper.common.data import resource_path

REGULAR = "BacloSans"
BOLD = "BacloSans-Bold"

_FILES = {REGULAR: "fonts/DejaVuSans.ttf", BOLD: "fonts/DejaVuSans-Bold.ttf"}


@cache
def register_fonts() -> None:
    """Register the fonts with reportlab once per process; ``<b>`` in a paragraph maps to bold."""
    for name, file_name in _FILES.items():
        font_bytes = resource_path(file_name).read_bytes()
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(font_bytes)))
    # No italic face is shipped: italic requests print upright rather than in a base-14 font.
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, face)
