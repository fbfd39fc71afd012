"""Colours shared by the views, chosen to stay readable on light themes and in print-outs."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

DANGER = "#b71c1c"
CAUTION = "#8a5a00"
INFO = "#0d47a1"
DANGER_BACKGROUND = "#fde7e7"
CAUTION_BACKGROUND = "#fff4d6"
INFO_BACKGROUND = "#e8f0fc"
HOLD_BACKGROUND = "#eaf4ea"
EDITED_BACKGROUND = "#fff8e1"
STALE_TEXT = "#8a8a8a"
ERROR = "#c62828"
LINE = "#1565c0"
CHANGE_MARK = "#e65100"
TODAY = "#2e7d32"
GRID = "#d0d0d0"

SEVERITY_COLOURS = {"danger": DANGER, "caution": CAUTION, "info": INFO}
SEVERITY_BACKGROUNDS = {
    "danger": DANGER_BACKGROUND,
    "caution": CAUTION_BACKGROUND,
    "info": INFO_BACKGROUND,
}

# On a dark theme the line and dose colours above are dark on black: these take their place.
LINE_ON_DARK = "#7ab8f5"
TODAY_ON_DARK = "#81c784"
# Text on the light tints of change and stop days, whatever the theme's own text colour is.
TEXT_ON_TINT = "#1a1a1a"


def is_dark(colours: QPalette) -> bool:
    """A dark theme: the base (where views draw) is darker than mid-grey."""
    return colours.color(QPalette.ColorRole.Base).lightness() < 128


def line_colour(colours: QPalette) -> QColor:
    """The plan's line and dose numbers: dark blue on light themes, light blue on dark ones."""
    return QColor(LINE_ON_DARK if is_dark(colours) else LINE)


def today_colour(colours: QPalette) -> QColor:
    return QColor(TODAY_ON_DARK if is_dark(colours) else TODAY)
