"""The plan as plain text for a terminal."""

from __future__ import annotations

from baclotaper.common.data import TAG_MEANINGS
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.taper.plan import TaperPlan
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
