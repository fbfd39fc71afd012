"""What the entry means, live: the checklist total, the tier, the reasons and what to do next.

Holds and step backs are offered as buttons; there is no way to speed the plan up here.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from baclotaper.gui.nurse_log.colours import TIER_BACKGROUNDS, TIER_COLOURS, TIER_WORDS
from baclotaper.gui.nurse_log.tables import named
from baclotaper.nurse_log.advice import Advice, Proposal
from baclotaper.nurse_log.checklist import Checklist
from baclotaper.nurse_log.revise import describe

MUTED = "color: #555555;"


def total_text(total: int, scored: int, checklist: Checklist) -> str:
    return (
        f"Checklist total: <b>{total}</b> ({scored} of {len(checklist.items)} items scored) — "
        "a checklist total, <b>NOT a validated scale</b>"
    )


class AdvicePanel(QFrame):
    proposal_chosen = Signal(object)  # Proposal

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("advicePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.total = named(QLabel(), "checklistTotal")
        self.total.setWordWrap(True)
        self.tier = named(QLabel(), "adviceTier")
        self.where = named(QLabel(), "adviceSource")
        self.where.setStyleSheet(MUTED)
        self.text = named(QLabel(), "adviceText")
        self.text.setWordWrap(True)
        self.reasons = named(QLabel(), "adviceReasons")
        self.reasons.setWordWrap(True)
        self.note = named(QLabel(), "adviceNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(MUTED)
        self.buttons_row = QVBoxLayout()
        self.proposal_buttons: list[QPushButton] = []
        head = QHBoxLayout()
        head.addWidget(self.tier)
        head.addWidget(self.where, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.total)
        layout.addLayout(head)
        layout.addWidget(self.text)
        layout.addWidget(self.reasons)
        layout.addLayout(self.buttons_row)
        layout.addWidget(self.note)

    def show_total(self, total: int, scored: int, checklist: Checklist) -> None:
        self.total.setText(total_text(total, scored, checklist))
        self.total.setToolTip(checklist.statement)
        self.total.setAccessibleName(f"Checklist total {total}, not a validated scale")

    def show_advice(
        self,
        advice: Advice | None,
        *,
        where: str,
        refused: str = "",
        can_revise: bool,
        revise_note: str = "",
    ) -> None:
        tier = advice.tier if advice is not None else "none"
        self.tier.setText(f" {TIER_WORDS[tier].upper()} ")
        self.tier.setStyleSheet(f"background: {TIER_COLOURS[tier]}; color: white; font-weight: bold; padding: 2px 6px;")
        self.where.setText(where)
        self.setStyleSheet(f"#advicePanel {{ background: {TIER_BACKGROUNDS[tier]}; }}")
        # An emergency's text is in the banner above everything; not repeated here.
        self.text.setText("" if advice is None or advice.is_emergency else advice.banner)
        self.text.setVisible(bool(self.text.text()))
        lines = [] if advice is None else [f"• {escape(r.text)}" for r in advice.reasons]
        # Sources in the tooltip: the reasons stay one line each in a small panel.
        sources = [] if advice is None else [f"{r.text}: {r.source} [{r.tag}]" for r in advice.reasons]
        self.reasons.setToolTip("\n".join(sources))
        if advice is not None and advice.onset_note:
            lines.append(f"<i>{escape(advice.onset_note)}</i>")
        if refused:
            lines.append(f'<span style="color:{TIER_COLOURS["emergency"]}"><b>{escape(refused)}</b></span>')
        self.reasons.setText("<br>".join(lines))
        self.reasons.setVisible(bool(lines))
        self._buttons(advice.proposals if advice is not None else (), can_revise)
        self.note.setText(revise_note)
        self.note.setVisible(bool(revise_note))

    def _buttons(self, proposals: tuple[Proposal, ...], enabled: bool) -> None:
        shown = [b.property("proposal") for b in self.proposal_buttons]
        if shown == list(proposals):
            for button in self.proposal_buttons:
                button.setEnabled(enabled)
            return
        for button in self.proposal_buttons:
            self.buttons_row.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; until then it must not cover the text
            button.deleteLater()
        self.proposal_buttons = []
        for number, proposal in enumerate(proposals, start=1):
            button = named(QPushButton(f"&{number} {describe(proposal)}"), f"proposal_{proposal.kind}")
            button.setProperty("proposal", proposal)
            button.setAccessibleName(describe(proposal))
            button.setEnabled(enabled)
            button.clicked.connect(lambda _checked=False, p=proposal: self.proposal_chosen.emit(p))
            self.buttons_row.addWidget(button)
            self.proposal_buttons.append(button)
