"""Prescriber summary: who, what, the pace and why, every warning, the steps, a chart, a signature."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from baclotaper.common.data import TAG_MEANINGS
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf.chart import dose_chart
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.fonts import BOLD
from baclotaper.exports.pdf.revision_block import revision_block
from baclotaper.exports.pdf.styles import CAUTION, DANGER, INK, RULE
from baclotaper.exports.pdf.wording import (
    change_text,
    day_dose,
    esc,
    long_date,
    time_label,
)
from baclotaper.taper.plan import PlanWarning, TaperPlan
from baclotaper.taper.regimen import Route

TITLE = "Prescriber summary"
DRAFT_NOTICE = (
    "DRAFT FOR PRESCRIBER REVIEW. This plan was drafted with decision support (BacloTaper). "
    "It is not a prescription until a prescriber has reviewed, changed as needed, and signed it."
)


def prescriber_story(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    story: list[Flowable] = [
        ctx.para("Baclofen taper plan: prescriber summary", "title"),
        _boxed(ctx, ctx.para(esc(DRAFT_NOTICE), "banner"), INK, 1.5),
        Spacer(1, ctx.metrics.body),
        *revision_block(ctx),
        _details(ctx),
    ]
    notes = plan.regimen.extra.get("notes", "").strip()
    if notes:
        story += [*ctx.heading("Notes", "h2"), ctx.para(esc(notes).replace("\n", "<br/>"))]
    story += _pace(ctx)
    story += [*ctx.heading("Warnings"), *_warnings(ctx)]
    chart_height = 55 * mm if not ctx.large_print else 85 * mm
    story += [
        KeepTogether(
            [
                ctx.para("Daily dose over time", "h1"),
                dose_chart(plan, ctx.width, chart_height, ctx.metrics.small),
            ]
        ),
        *ctx.heading("Steps"),
        _step_table(ctx),
        _signature(ctx),
    ]
    return story


def _boxed(ctx: PrintContext, content: Flowable, color: Any, width: float) -> Table:
    pad = ctx.metrics.padding * 2
    return ctx.frame_table(
        [[content]],
        [ctx.width],
        [
            ("BOX", (0, 0), (-1, -1), width, color),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ],
    )


def _detail_value(value: str) -> str:
    return esc(value) if value.strip() else "_______________"


def _risk_factors(plan: TaperPlan) -> str:
    r = plan.regimen
    found = []
    if r.age is not None:
        found.append(f"age {r.age}")
    if r.egfr is not None:
        found.append(f"eGFR {fmt(r.egfr)}")
    if r.dialysis:
        found.append("dialysis")
    if r.prior_withdrawal:
        found.append("earlier withdrawal")
    if r.pregnant:
        found.append("pregnant")
    if r.sedatives:
        found.append("takes sedatives or opioids")
    return ", ".join(found) or "none recorded"


def _details(ctx: PrintContext) -> Table:
    plan = ctx.plan
    r = plan.regimen
    extra = r.extra
    starting = "; ".join(f"{time_label(a.time)} {a.amount}" for a in plan.starting_administrations)
    last = plan.steps[-1]
    pairs: list[tuple[str, str]] = [
        ("Patient", _detail_value(extra.get("patient_name", ""))),
        ("Patient ID", _detail_value(extra.get("patient_id", ""))),
        ("Date of birth", _detail_value(extra.get("date_of_birth", ""))),
        ("Prescriber", _detail_value(extra.get("prescriber", ""))),
        ("Contact", _detail_value(extra.get("contact", ""))),
        ("Indication", esc(r.indication.value)),
        ("Route", esc(r.route.value.capitalize())),
        ("Product", esc(r.product.description)),
        ("Starting dose", f"<b>{day_dose(plan, r.daily_dose)}</b>: {esc(starting)}"),
        ("Target dose", f"<b>{day_dose(plan, r.target)}</b>"),
        ("First change", long_date(plan.steps[0].start)),
        (
            "Target reached",
            f"{long_date(last.start)} ({plan.total_days} days, {len(plan.steps)} steps)",
        ),
        ("On baclofen", esc(r.on_therapy.words)),
        ("Risk factors", esc(_risk_factors(plan))),
    ]
    if r.route is Route.ORAL:
        top = r.max_dose
        pairs.append((f"{esc(r.jurisdiction)} maximum", f"{fmt(top.value)} mg/day ({esc(top.citation)})"))
    else:
        pairs += [
            ("Pump model", _detail_value(extra.get("pump_model", ""))),
            ("Reservoir", _detail_value(extra.get("reservoir_ml", "")) + " mL"),
            ("Next refill", _detail_value(extra.get("next_refill", ""))),
        ]
    if len(pairs) % 2:
        pairs.append(("", ""))
    rows = []
    for left, right in zip(pairs[::2], pairs[1::2], strict=True):
        rows.append(
            [
                ctx.para(left[0], "cell_bold"),
                ctx.para(left[1], "cell"),
                ctx.para(right[0], "cell_bold"),
                ctx.para(right[1], "cell"),
            ]
        )
    return ctx.table(rows, ctx.columns(0.15, 0.35, 0.15, 0.35), header=False)


def _pace(ctx: PrintContext) -> list[Flowable]:
    plan = ctx.plan
    pace = plan.pace
    unit = plan.regimen.product.dose_unit
    chosen = "chosen by the prescriber" if pace.chosen_by == "prescriber" else "default for this patient"
    out: list[Flowable] = [
        *ctx.heading("Pace and why it was chosen"),
        ctx.para(f"<b>{esc(pace.title)}</b> ({chosen}): {esc(pace.summary)}"),
    ]
    phases = "; then ".join(p.describe(unit) for p in pace.phases)
    out.append(ctx.para(f"<b>Cuts:</b> {esc(phases)}"))
    if pace.reasons:
        out.append(ctx.para(f"<b>Why:</b> {esc('; '.join(pace.reasons))}"))
    if pace.changes:
        out.append(ctx.para(f"<b>Changed by the prescriber:</b> {esc('; '.join(pace.changes))}"))
    meaning = TAG_MEANINGS.get(pace.tag, pace.tag)
    out.append(ctx.para(f"<b>Source:</b> {esc(pace.source)} [{esc(pace.tag)}: {esc(meaning)}]"))
    return out


def _warnings(ctx: PrintContext) -> list[Flowable]:
    out: list[Flowable] = []
    for warning in ctx.plan.warnings:
        out += [_warning_box(ctx, warning), Spacer(1, ctx.metrics.padding * 1.5)]
    return out


def _warning_box(ctx: PrintContext, warning: PlanWarning) -> Table:
    """Danger: bold, thick box, red; caution: bold label, thin box; info: plain, thin box."""
    severity = warning.severity.upper()
    text = f"<b>{severity}</b> ({esc(warning.code)}): {esc(warning.message)}"
    # Danger prints bold throughout so it stands out in black and white too.
    body = ctx.para(text, "danger" if warning.severity == "danger" else "body")
    source = ctx.para(f"Source: {esc(warning.source)} [{esc(warning.tag)}]", "small")
    color, weight = {"danger": (DANGER, 2.5), "caution": (CAUTION, 1.0)}.get(warning.severity, (RULE, 0.5))
    pad = ctx.metrics.padding * 1.6
    return ctx.frame_table(
        [[body], [source]],
        [ctx.width],
        [
            ("BOX", (0, 0), (-1, -1), weight, color),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad / 2),
        ],
    )


def _step_table(ctx: PrintContext) -> Table:
    plan = ctx.plan
    head = ["Step", "Dates", "Days", "Daily dose", "Change", "Each administration", "Note"]
    rows: list[list[Any]] = [[ctx.para(h, "cell_head") for h in head]]
    for step in plan.steps:
        until = long_date(step.end) if step.end else "onwards"
        doses = "<br/>".join(f"{time_label(a.time)}: {esc(a.amount)}" for a in step.administrations) or "none (stopped)"
        note = "; ".join(x for x in (step.note, *step.flags) if x)
        rows.append(
            [
                ctx.para(str(step.number), "cell"),
                ctx.para(f"{long_date(step.start)} –<br/>{until}", "cell"),
                ctx.para(str(step.days) if step.days else "open", "cell"),
                ctx.para(f"<b>{day_dose(plan, step.daily_dose)}</b>", "cell"),
                ctx.para(esc(change_text(plan, step)), "cell"),
                ctx.para(doses, "cell"),
                ctx.para(esc(note), "cell"),
            ]
        )
    dose = _dose_column(ctx, [day_dose(plan, step.daily_dose) for step in plan.steps])
    return ctx.table(rows, ctx.columns(0.06, 0.17, 0.06, dose, 0.15, 0.42 - dose, 0.14))


def _dose_column(ctx: PrintContext, doses: list[str]) -> float:
    """The share of the width the widest daily dose needs on one line: "270 mcg/day" is kept
    together, and a column too narrow for it broke it as "270 mcg/da" / "y"."""
    size = float(ctx.styles["cell"].fontSize)
    need = max(float(stringWidth(text, BOLD, size)) for text in doses) + 2 * ctx.metrics.padding + 2
    return max(0.12, need / ctx.width)


def _signature(ctx: PrintContext) -> Flowable:
    labels = ("Prescriber name", "Signature", "Date")
    boxes = ctx.frame_table(
        [[ctx.para(label, "small") for label in labels]],
        ctx.columns(0.4, 0.4, 0.2),
        [
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ],
    )
    return KeepTogether(
        [
            ctx.para("Review and signature", "h1"),
            ctx.para("I have reviewed this plan, changed it where needed, and take responsibility for it."),
            Spacer(1, ctx.metrics.body * 2.5),
            boxes,
        ]
    )
