"""The checklist items of one route, by symptom group, each with its tier marker and 0–3 control."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from baclotaper.gui.accessibility import label_for
from baclotaper.gui.nurse_log.colours import TIER_COLOURS, TIER_LETTERS, TIER_WORDS
from baclotaper.gui.nurse_log.severity_control import SeverityControl
from baclotaper.gui.nurse_log.tables import named
from baclotaper.nurse_log.checklist import Checklist, ChecklistItem, Tier


def tier_marker(item: ChecklistItem) -> QLabel:
    marker = named(QLabel(TIER_LETTERS[item.tier]), f"tier_{item.id}")
    marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
    marker.setFixedWidth(22)
    marker.setStyleSheet(f"background: {TIER_COLOURS[item.tier]}; color: white; font-weight: bold; border-radius: 3px;")
    marker.setToolTip(f"Tier: {TIER_WORDS[item.tier]}")
    marker.setAccessibleName(f"tier {TIER_WORDS[item.tier]}")
    return marker


def legend(checklist: Checklist) -> QLabel:
    tiers: tuple[Tier, ...] = ("emergency", "call_prescriber", "monitor")
    marks = " ".join(
        f'<span style="background:{TIER_COLOURS[t]}; color:white; font-weight:bold">'
        f"&nbsp;{TIER_LETTERS[t]}&nbsp;</span>"
        f"&nbsp;{TIER_WORDS[t]}&nbsp;"
        for t in tiers
    )
    scale = ", ".join(f"{level.value} {level.label}" for level in checklist.severity)
    label = QLabel(f"{marks}<br>Score each item: {scale}. Type the digit; Delete = not assessed.")
    label.setWordWrap(True)
    return label


class ChecklistBox(QWidget):
    changed = Signal()

    def __init__(self, checklist: Checklist, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = checklist
        self.controls: dict[str, SeverityControl] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(legend(checklist))
        for group in checklist.groups:
            items = checklist.in_group(group.id)
            if items:
                layout.addWidget(self._group(group.clinician, group.plain, items))

    def _group(self, title: str, plain: str, items: tuple[ChecklistItem, ...]) -> QGroupBox:
        box = QGroupBox(title)
        box.setToolTip(plain)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        for row, item in enumerate(items):
            control = SeverityControl(
                self.checklist.severity, TIER_COLOURS[item.tier], tier=TIER_WORDS[item.tier].lower()
            )
            control.setObjectName(f"score_{item.id}")
            control.setToolTip(item.plain)
            control.scoreChanged.connect(lambda _score: self.changed.emit())
            label = QLabel(item.clinician)
            label.setWordWrap(True)
            label_for(label, control)
            tip = f"{item.plain}\n\nTier: {TIER_WORDS[item.tier]}. {item.note}\nSource: {item.source} [{item.tag}]"
            label.setToolTip(tip.strip())
            grid.addWidget(tier_marker(item), row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(control, row, 2)
            self.controls[item.id] = control
        return box

    def scores(self) -> dict[str, int]:
        """Only the assessed items: an item left blank is not claimed to be absent."""
        return {item_id: score for item_id, control in self.controls.items() if (score := control.score()) is not None}

    def load(self, scores: Mapping[str, int]) -> None:
        for item_id, control in self.controls.items():
            control.set_score(scores.get(item_id))
