"""The emergency banner: a big red frame that cannot be closed while the entry shows an emergency.

It has no close button and ignores Escape; it goes only when the advice it shows is no longer an
emergency: a later entry, a correction, or a named clinician's acknowledgement (who and when are kept).
Screen readers are told at once when it appears or a new sign joins it (an urgent announcement:
the focus stays in the field being typed in); it is a notification, which older ones speak as it shows.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from baclotaper.gui.accessibility import announce
from baclotaper.gui.accessible_interfaces import set_accessible_role
from baclotaper.gui.nurse_log.colours import TIER_BACKGROUNDS, TIER_COLOURS
from baclotaper.gui.nurse_log.tables import named
from baclotaper.nurse_log.advice import Advice

_RED = TIER_COLOURS["emergency"]


class EmergencyBanner(QFrame):
    acknowledge_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyBanner")
        self.setAccessibleName("Emergency")
        # A notification: Orca (43, Debian 12) speaks one as it appears, and does not know the
        # announcement sent below (newer screen readers say that).
        set_accessible_role(self, QAccessible.Role.Notification)
        self.setStyleSheet(
            f"#emergencyBanner {{ border: 5px solid {_RED}; border-radius: 4px;"
            f" background: {TIER_BACKGROUNDS['emergency']}; }}"
        )
        # A few words in large print always fit; the whole text and the reasons scroll below them,
        # so a long instruction (an overdose's "do not give more baclofen") is never cut off.
        self.headline = named(QLabel(), "emergencyHeadline")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet(f"color: {_RED}; font-size: 14pt; font-weight: bold;")
        self.headline.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.text = named(QLabel(), "emergencyText")
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {_RED}; font-size: 11pt; font-weight: bold;")
        self.details = named(QLabel(), "emergencyDetails")
        self.details.setWordWrap(True)
        self.details.setStyleSheet(f"color: {_RED}; font-size: 10pt;")
        self.acknowledge = named(QPushButton("A&cknowledge (clinician)…"), "acknowledgeEmergency")
        self.acknowledge.setAccessibleName("Acknowledge the emergency: a named clinician has assessed the patient")
        self.acknowledge.setToolTip("A clinician who has assessed the patient clears it; name and time are kept.")
        self.acknowledge.clicked.connect(self.acknowledge_requested)
        body = QWidget()
        body.setObjectName("emergencyBody")
        body.setStyleSheet("#emergencyBody { background: transparent; }")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.text)
        body_layout.addWidget(self.details)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setStyleSheet("QScrollArea { background: transparent; }")
        self.scroller.viewport().setAutoFillBackground(False)
        self.scroller.setWidget(body)
        # The scroller gives way when space is short, never the headline.
        self.scroller.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.scroller.setMinimumHeight(0)
        row = QHBoxLayout()
        row.addWidget(self.scroller, 1)
        row.addWidget(self.acknowledge, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.headline)
        layout.addLayout(row, 1)
        # What screen readers were last told: the banner's text and the signs it named.
        self._said: tuple[str, frozenset[str]] = ("", frozenset())
        self.hide()

    def show_advice(self, advice: Advice | None, where: str, *, can_acknowledge: bool = False) -> None:
        """Show ``advice`` if it is an emergency, else hide; ``where`` says which entry it is about.
        ``can_acknowledge``: the emergency is a saved entry a clinician may acknowledge."""
        self.acknowledge.setVisible(can_acknowledge)
        if advice is None or not advice.is_emergency:
            self.headline.clear()
            self.text.clear()
            self.details.clear()
            self._said = ("", frozenset())
            self.hide()
            return
        # A mixed picture is an emergency from signs that are each "call the prescriber": list those too.
        reasons = [r for r in advice.reasons if r.tier in ("emergency", "call_prescriber")]
        self.headline.setText(advice.headline or advice.banner)
        self.text.setText(advice.banner if advice.headline and advice.headline != advice.banner else "")
        self.text.setVisible(bool(self.text.text()))
        lines = [f"<b>{escape(where)}</b>"] + [f"• {escape(r.text)}" for r in reasons]
        lines += [f"• {escape(a.text)}" for a in advice.actions]
        if advice.onset_note:
            lines.append(escape(advice.onset_note))
        self.details.setText("<br>".join(lines))
        message = f"{advice.banner} {where}. " + "; ".join(r.text for r in reasons)
        self.setAccessibleDescription(message)
        self.show()
        # Said when it appears and when another sign joins; not again for each digit typed.
        signs = frozenset(r.subject for r in reasons)
        if advice.banner != self._said[0] or signs - self._said[1]:
            announce(self, message, urgent=True)
        self._said = (advice.banner, signs)
