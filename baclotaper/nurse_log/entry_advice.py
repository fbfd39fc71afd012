"""The advice for a saved log entry, worked out again from what it recorded (no Qt).

The window shows it for the latest entry and an open emergency; the command line checks that a
revision accepted as an entry's answer is one its advice proposed (never a step back for overdose).
"""

from __future__ import annotations

from baclotaper.common.errors import InputError
from baclotaper.nurse_log.advice import Advice, advise, keep_emergency
from baclotaper.nurse_log.checklist import VitalSign, load_checklist
from baclotaper.nurse_log.store import LogEntry
from baclotaper.taper.regimen import Route


def entry_advice(entry: LogEntry, route: Route, *, renal_impaired: bool = False) -> Advice:
    """``entry``'s advice by today's rules; an entry recorded as an emergency stays one."""
    checklist = load_checklist(route)
    items = {item.id for item in checklist.items}
    # An entry of another route's checklist: its extra items cannot be weighed on this one.
    scores = {k: v for k, v in entry.scores.items() if k in items}
    # Stored values passed the entry ranges of their day; one outside today's is left out, not fatal.
    vitals = {k: v for k, v in entry.vitals.items() if _in_range(checklist.vital(k), v)}
    advice = advise(
        scores=scores, vitals=vitals, route=route, days_since_cut=entry.days_since_cut, renal_impaired=renal_impaired
    )
    if entry.tier == "emergency":
        # It was an emergency when recorded: that is never played down afterwards.
        advice = keep_emergency(advice, route)
    return advice


def _in_range(sign: VitalSign, value: float) -> bool:
    try:
        sign.check(value)
    except InputError:
        return False
    return True
