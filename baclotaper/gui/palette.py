"""Colours shared by the views, chosen to stay readable on light themes and in print-outs."""

from __future__ import annotations

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
