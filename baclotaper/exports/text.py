"""The plan as plain text: in full for a terminal, or concise for the clinical record."""

from __future__ import annotations

from collections.abc import Sequence

from baclotaper.common.data import TAG_MEANINGS
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.taper.plan import Administration, TaperPlan
from baclotaper.taper.pump import forecast


def plan_text(plan: TaperPlan) -> str:
    r = plan.regimen
    unit = plan.unit
    pace = plan.pace
    lines = [
        "BacloTaper plan: DRAFT for prescriber review",
        f"{r.route.value.capitalize()} baclofen, {r.product.description}",
        f"From {fmt(r.daily_dose)} {unit} to {fmt(r.target)} {unit}, starting {plan.steps[0].start.isoformat()}, "
        f"target reached {plan.stop_date.isoformat()} ({plan.total_days} days)",
        f"Pace: {pace.title} [{pace.tag}: {TAG_MEANINGS.get(pace.tag, pace.tag)}]",
        f"  Why: {'; '.join(pace.reasons)}",
    ]
    if pace.changes:
        lines.append(f"  Changed by the prescriber: {'; '.join(pace.changes)}")
    lines += [f"  Source: {pace.source}", "", f"Now: {fmt(r.daily_dose)} {unit}"]
    for a in plan.starting_administrations:
        lines.append(f"    {a.time:<13} {a.amount}")
    lines.append("")
    for s in plan.steps:
        until = f"to {s.end.isoformat()}" if s.end else "onwards"
        kind = "" if s.kind == "cut" else f" [{s.kind.replace('_', ' ')}]"
        lines.append(f"Step {s.number}: {s.start.isoformat()} {until}: {fmt(s.daily_dose)} {unit}{kind}")
        for a in s.administrations:
            lines.append(f"    {a.time:<13} {a.amount}")
        if not s.administrations:
            lines.append("    stopped")
        if s.note:
            lines.append(f"    note: {s.note}")
    ahead = _pump_line(plan)
    if ahead:
        lines += ["", ahead]
    lines.append("")
    lines.append("Warnings:")
    for w in plan.warnings:
        lines.append(f"  [{w.severity.upper()}] {w.code}: {w.message}")
        lines.append(f"      Source: {w.source} [{w.tag}]")
    return "\n".join(lines) + "\n"


def _pump_line(plan: TaperPlan) -> str:
    try:
        ahead = forecast(plan)
    except InputError:
        return ""
    return f"Pump: {ahead.describe()}" if ahead else ""


def record_text(plan: TaperPlan) -> str:
    """A concise summary to paste into the clinical record: the regimen, the pace and its source,
    one line per step (doses in the day's order) and the danger and caution warnings."""
    r = plan.regimen
    unit = plan.unit
    pace = plan.pace
    lines = [
        "Baclofen withdrawal plan (BacloTaper) — DRAFT for prescriber review",
        f"{'Oral baclofen, ' if r.route.value == 'oral' else ''}{r.product.description}; now {fmt(r.daily_dose)} {unit}"
        + (f" ({_doses(plan.starting_administrations, unit)})" if r.route.value == "oral" else ""),
        f"Pace: {pace.title} [{pace.tag}]; from {plan.steps[0].start.isoformat()} to {fmt(r.target)} {unit} "
        f"by {plan.stop_date.isoformat()} ({plan.total_days} days)",
    ]
    for s in plan.steps:
        days = f"{s.days} d" if s.days is not None else "onwards"
        what = "stop" if s.daily_dose <= 0 else f"{fmt(s.daily_dose)} {unit}"
        per_dose = f" ({_doses(s.administrations, unit)})" if r.route.value == "oral" and s.administrations else ""
        note = f" — {s.note}" if s.note else ""
        lines.append(f"  {s.start.isoformat()} ({days}): {what}{per_dose}{note}")
    serious = [w for w in plan.warnings if w.severity in ("danger", "caution")]
    for w in serious:
        lines.append(f"{w.severity.upper()}: {w.message}")
    lines.append("Hold or step back if withdrawal signs appear; never stop abruptly.")
    return "\n".join(lines) + "\n"


def _doses(administrations: Sequence[Administration], unit: str) -> str:
    return " + ".join(fmt(a.dose) for a in administrations) + f" {unit.removesuffix('/day')}"
