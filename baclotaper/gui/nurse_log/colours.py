"""Colours and words for the tiers, shared by the form, the table and the timeline.

Display only: which item has which tier comes from ``resources/checklist.toml``.
"""

from __future__ import annotations

from baclotaper.nurse_log.checklist import Tier

TIER_COLOURS: dict[Tier, str] = {
    "none": "#78909c",
    "monitor": "#f9a825",
    "call_prescriber": "#e65100",
    "emergency": "#b71c1c",
}
TIER_BACKGROUNDS: dict[Tier, str] = {
    "none": "#eceff1",
    "monitor": "#fff8e1",
    "call_prescriber": "#fff0e0",
    "emergency": "#fde7e7",
}
TIER_WORDS: dict[Tier, str] = {
    "none": "no signs",
    "monitor": "monitor",
    "call_prescriber": "call the prescriber",
    "emergency": "EMERGENCY",
}
# One letter beside each checklist item, so the tier does not depend on seeing colour.
TIER_LETTERS: dict[Tier, str] = {"none": "", "monitor": "M", "call_prescriber": "P", "emergency": "E"}

ONSET_BACKGROUND = "#fff3c4"
SUPERSEDED_TEXT = "#8a8a8a"
ERROR_TEXT = "#c62828"
DOSE_LINE = "#90a4ae"
DOSE_FILL = "#eef2f4"
GRID = "#dddddd"
TOTAL_LINE = "#37474f"
TEMPERATURE_LINE = "#c62828"
HEART_RATE_LINE = "#1565c0"
TODAY = "#2e7d32"

ERROR_STYLE = f"color: {ERROR_TEXT}; font-weight: bold;"
CAUTION_STYLE = "background: #fff4d6; color: #5d4000; padding: 4px;"
