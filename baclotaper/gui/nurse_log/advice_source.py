"""Which advice the window shows, and for which entry: no Qt here.

While an entry is being filled in, the advice is the draft's.  Otherwise it is the patient's latest
saved entry's, so an emergency stays on screen until a newer entry (or a correction) says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.gui.nurse_log.colours import TIER_WORDS
from baclotaper.gui.nurse_log.draft import EntryDraft
from baclotaper.gui.nurse_log.entries_model import when
from baclotaper.nurse_log.advice import Advice, advise
from baclotaper.nurse_log.checklist import load_checklist
from baclotaper.nurse_log.entry_advice import entry_advice
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
    advice = entry_advice(entry, route, renal_impaired=renal_impaired)
    scored = len(entry.scores.keys() & {item.id for item in load_checklist(route).items})
    label = f"{what} #{entry.id}, observed {when(entry.observed_at)} by {entry.recorded_by}"
    return Shown(advice, label, entry.observed_at.astimezone().date(), f"entry-{entry.id}", entry.id, scored)


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
