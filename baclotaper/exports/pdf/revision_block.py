"""A small boxed block on the prescriber and patient pages: which revision of the plan this is,
when, by whom, why, and what changed for the patient (plans revised from the nurse's log)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.styles import DANGER, INK
from baclotaper.exports.pdf.wording import esc, long_date, out_of_date


def revision_block(ctx: PrintContext, *, plain: bool = False) -> list[Flowable]:
    """Nothing for a plan that is not a saved revision; ``plain``: the patient's wording."""
    note = ctx.plan.revision
    if note is None:
        return []
    moment = note.created.astimezone()
    head = "This is a changed plan" if plain else "Plan revision"
    lines = [
        f"<b>{head}: revision {note.number}</b>, saved {long_date(moment.date())} {moment:%H:%M} "
        f"by {esc(note.author)}."
        + (f" It replaces revision {note.number - 1}: set the earlier pages aside." if note.number > 1 else ""),
        f"<b>Why:</b> {esc(note.reason) or 'not given'}",
        f"<b>What changed{' for you' if plain else ''}:</b>",
        *(f"• {esc(line)}" for line in note.changes),
    ]
    if note.superseded:
        lines.insert(
            0, f'<font color="{DANGER.hexval()}"><b>{out_of_date(ctx.plan)}: do not dose from these pages.</b></font>'
        )
    box = ctx.table(
        [[ctx.para("<br/>".join(lines), "cell")]],
        [ctx.width],
        header=False,
        extra=[("BOX", (0, 0), (-1, -1), 1.5, INK)],
    )
    return [box, Spacer(1, ctx.metrics.body * 0.5)]
