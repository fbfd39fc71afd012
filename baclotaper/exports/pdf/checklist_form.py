"""Symptom checklist forms for the days after the taper's riskiest cuts, grouped by tier.

The items, tiers and vital signs come from the checklist (``baclotaper.nurse_log.checklist``), the vital-sign
thresholds from the advice rules.  The form says, every time, that it is a checklist and not a
validated scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable

from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.fonts import BOLD
from baclotaper.exports.pdf.styles import HEADER_SHADE, INK, MUTED, SHADE
from baclotaper.exports.pdf.watch_days import WatchPlan, WatchWindow, watch_plan
from baclotaper.exports.pdf.wording import dose_short, esc, long_date, short_date
from baclotaper.nurse_log.advice import VitalRule, rules
from baclotaper.nurse_log.checklist import Checklist, ChecklistItem, Tier, load_checklist

TITLE = "Symptom checklist"
SCORES = "0  1  2  3"
# A pump item (an alarm, a catheter problem, a refill) happened or not: it is ticked, not scored, and
# not added to the total.
ALARM_ANSWER = "yes  /  no"

# Most urgent first, so the emergency signs are read before anything else: each tier's items, the
# overdose signs apart under their own heading (``advice.toml`` [paper_headings]).
SECTIONS: tuple[tuple[Tier, bool, str], ...] = (
    ("emergency", True, "overdose_emergency"),
    ("emergency", False, "emergency"),
    ("call_prescriber", True, "overdose_call"),
    ("call_prescriber", False, "call_prescriber"),
    ("monitor", False, "monitor"),
)


def checklist_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    checklist = load_checklist(plan.regimen.route)
    watch = watch_plan(plan)
    story: list[Flowable] = [
        ctx.para("Withdrawal symptom checklist", "title"),
        ctx.para(f"<b>This is a checklist, not a validated scale.</b> {esc(checklist.statement)}"),
        ctx.para(_which_days(watch)),
    ]
    if not watch.printed:
        story.append(ctx.para("This plan has no cuts, so there are no forms to print."))
    for window in watch.printed:
        story += _form(ctx, checklist, window)  # forms run on: no half-empty page after each
    return story


def _which_days(watch: WatchPlan) -> str:
    span = (
        f"days {watch.first_day}–{watch.last_day}" if watch.last_day > watch.first_day else (f"day {watch.first_day}")
    )
    text = (
        f"Withdrawal usually starts in the first days after a cut, so there is one form for {span}"
        f" after each cut ({esc(watch.window_source)})."
    )
    if watch.printed:
        listed = "; ".join(
            f"step {w.step.number}: {short_date(w.days[0])} to {short_date(w.days[-1])}" for w in watch.printed
        )
        text += f" <b>Forms printed for:</b> {listed}."
    if watch.not_printed:
        others = ", ".join(str(w.step.number) for w in watch.not_printed)
        text += (
            f" To keep this printable, forms are printed for the first cut and the largest cuts"
            f" (by percent of the dose), {len(watch.printed)} in all [{esc(watch.limit_tag)}];"
            f" no form for the cuts of steps {others}: copy a form for them."
        )
    return text


def _form(ctx: PrintContext, checklist: Checklist, window: WatchWindow) -> list[Flowable]:
    plan = ctx.plan
    step = window.step
    title = (
        f"After the cut on {long_date(step.start)}: step {step.number}, "
        f"{dose_short(plan, window.before)} → {dose_short(plan, step.daily_dose)} a day "
        f"(−{window.percent:.0f} %)"
    )
    scale = ", ".join(f"{s.value} {s.label}" for s in checklist.severity)
    return [
        *ctx.heading(title),
        ctx.para(
            f"Circle a score for each sign on each day: {esc(scale)}; for a pump item circle yes or "
            "no. Write the vital signs in the boxes. A checklist, not a validated scale: act on any "
            "single sign or vital sign; never wait for the total.",
            "small",
        ),
        _form_table(ctx, checklist, window),
    ]


def _threshold_text(vital_rules: Sequence[VitalRule], vital: str, unit: str) -> str:
    parts = []
    for tier, label in (("emergency", "Emergency"), ("call_prescriber", "Call")):
        found = [r for r in vital_rules if r.vital == vital and r.tier == tier]
        if found:
            limits = " or ".join(f"{'≥' if r.at_least else '≤'} {fmt(r.value)}" for r in found)
            parts.append(f"{label} {limits} {unit}")
    return "; ".join(parts)


def _form_table(ctx: PrintContext, checklist: Checklist, window: WatchWindow) -> Flowable:
    days = window.days
    head = ["Sign", *[f"Day {n} after the cut<br/>{long_date(d)}" for n, d in _numbered(window)]]
    rows: list[list[Any]] = [[ctx.para(h, "cell_head") for h in head]]
    blank = [""] * len(days)
    extra: list[tuple[Any, ...]] = []

    def heading(text: str, *, inverse: bool = False) -> None:
        row = len(rows)
        markup = f"<b>{esc(text)}</b>"
        if inverse:
            markup = f"<font color='white'>{markup}</font>"
        rows.append([ctx.para(markup, "cell"), *blank])
        extra.append(("SPAN", (0, row), (-1, row)))
        if inverse:
            extra.append(("BACKGROUND", (0, row), (-1, row), INK))
        else:
            extra.append(("BACKGROUND", (0, row), (-1, row), HEADER_SHADE))

    heading("Vital signs")
    vital_rules = rules().vital_rules
    for vital in checklist.vitals:
        if vital.id == "diastolic":
            continue  # written with the systolic pressure as one blood pressure
        label, unit = vital.label, vital.unit
        thresholds = _threshold_text(vital_rules, vital.id, unit)
        if vital.id == "systolic":
            label, unit = "Blood pressure (systolic / diastolic)", "mmHg"
            thresholds = "; ".join(
                t for t in (thresholds, _threshold_text(vital_rules, "diastolic", "mmHg diastolic")) if t
            )
        cell = f"<b>{esc(label)}</b> ({esc(unit)})"
        if thresholds:
            cell += f"<br/><font size={ctx.metrics.small * 0.9:.1f}>{esc(thresholds)}</font>"
        rows.append([ctx.para(cell, "cell"), *[unit] * len(days)])
    headings = rules().paper_headings
    for tier, overdose, key in SECTIONS:
        items = [i for i in form_items(checklist) if i.tier == tier and (i.suggests == "overdose") is overdose]
        if not items:
            continue
        first = len(rows)
        heading(headings[key].text, inverse=tier == "emergency")
        for item in items:
            rows.append(_item_row(ctx, item, len(days)))
        if tier == "emergency":
            # Emergency signs: bold and inside a heavy box, unmissable on any printer.
            extra.append(("BOX", (0, first), (-1, len(rows) - 1), 2.5, INK))
    total_row = len(rows)
    rows.append(
        [
            ctx.para(
                "<b>Total of the scores</b> (a checklist total, NOT a validated scale; pump items not counted)", "cell"
            ),
            *blank,
        ]
    )
    rows.append([ctx.para("<b>Checked by</b> (initials) and time", "cell"), *blank])
    extra.append(("BACKGROUND", (0, total_row), (-1, total_row), SHADE))
    extra.append(("FONTNAME", (0, total_row), (-1, -1), BOLD))
    extra.append(("TEXTCOLOR", (1, 1), (-1, -1), MUTED))  # the printed scores and units recede
    n = len(days)
    widths = ctx.columns(1 - 0.16 * n, *[0.16] * n)
    return ctx.table(rows, widths, extra=extra)


def _numbered(window: WatchWindow) -> list[tuple[int, Any]]:
    return [((d - window.step.start).days, d) for d in window.days]


def is_alarm(item: ChecklistItem) -> bool:
    """A pump item, not a symptom (``suggests = "device"`` in checklist.toml): ticked yes or no."""
    return item.suggests == "device"


def form_items(checklist: Checklist) -> list[ChecklistItem]:
    """The items of the form, each sign once: a pump patient's itching is asked as "itching
    without a rash" only."""
    ids = {item.id for item in checklist.items}
    return [item for item in checklist.items if not (item.id == "itching" and "itching_without_rash" in ids)]


def _item_row(ctx: PrintContext, item: ChecklistItem, n_days: int) -> list[Any]:
    style = "cell_bold" if item.tier == "emergency" else "cell"
    # Plain strings, not paragraphs: hundreds of them, and the table draws strings fast.
    return [ctx.para(esc(item.clinician), style), *[ALARM_ANSWER if is_alarm(item) else SCORES] * n_days]
