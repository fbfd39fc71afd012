"""Which advice the window shows, and for which entry: no Qt here.

While an entry is being filled in, the advice is the draft's.  Otherwise it is the patient's latest
saved entry's, so an emergency stays on screen until a newer entry (or a correction) says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.common.errors import InputError
from baclotaper.gui.nurse_log.colours import TIER_WORDS
from baclotaper.gui.nurse_log.draft import EntryDraft
from baclotaper.gui.nurse_log.entries_model import when
from baclotaper.nurse_log.advice import Advice, advise, keep_emergency
from baclotaper.nurse_log.checklist import VitalSign, load_checklist
from baclotaper.nurse_log.revise import observed_day
from baclotaper.nurse_log.store import LogEntry
from baclotaper.taper.regimen import Route


@dataclass(frozen=True)
class Shown:
    """Advice with what it is about: ``key`` tells one entry (or one draft) from another."""

    advice: Advice
    label: str
    on: date
    key: str
    entry_id: int | None = None  # None: a draft, not saved yet
    scored: int = 0  # how many checklist items the entry (or draft) scored


def for_draft(
    draft: EntryDraft, route: Route, days_since_cut: int | None, key: str, *, renal_impaired: bool = False
) -> Shown | None:
    if draft.is_blank:
        return None
    advice = advise(
        scores=draft.scores,
        vitals=draft.vitals,
        route=route,
        days_since_cut=days_since_cut,
        renal_impaired=renal_impaired,
    )
    on = observed_day(draft.observed_at)
    return Shown(advice, "This entry (not saved yet)", on, key, scored=len(draft.scores))


def for_entry(entry: LogEntry, route: Route, *, renal_impaired: bool = False, what: str = "Latest entry") -> Shown:
    """The advice for a saved entry, worked out again from what it recorded."""
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
    label = f"{what} #{entry.id}, observed {when(entry.observed_at)} by {entry.recorded_by}"
    return Shown(advice, label, entry.observed_at.astimezone().date(), f"entry-{entry.id}", entry.id, len(scores))


def _in_range(sign: VitalSign, value: float) -> bool:
    try:
        sign.check(value)
    except InputError:
        return False
    return True


def default_reason(shown: Shown) -> str:
    """The reason a revision is offered with: the tier, the entry and as many of the advice's
    reasons as fit the store's limit for a reason (a longer one would be refused at sign-off)."""
    head = f"{TIER_WORDS[shown.advice.tier]}: "
    tail = f" ({shown.label.lower()})"
    room = text_limit(TextKind.SHORT) - len(head) - len(tail)
    kept: list[str] = []
    for reason in (r.text for r in shown.advice.reasons[:3]):
        candidate = "; ".join([*kept, reason])
        if len(candidate) > room:
            if not kept:  # even the first reason is too long: cut it at a word, marked
                kept.append(reason[: room - 1].rsplit(" ", 1)[0] + "…")
            break
        kept.append(reason)
    return head + "; ".join(kept) + tail
