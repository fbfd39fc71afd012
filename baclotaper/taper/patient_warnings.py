"""Warnings about the patient rather than the steps: kidneys, pregnancy and children."""

from __future__ import annotations

from baclotaper.common.numbers import fmt, snap_down
from baclotaper.taper.plan import PlanWarning, TaperPlan
from baclotaper.taper.regimen import Route, limit
from baclotaper.taper.warning_text import make


def patient_warnings(plan: TaperPlan) -> list[PlanWarning]:
    r = plan.regimen
    out: list[PlanWarning] = []
    if r.renal_impaired:
        detail = "on dialysis" if r.dialysis else f"eGFR {fmt(r.egfr or 0)} mL/min/1.73 m²"
        out.append(make("RENAL", detail=detail, suggestion=renal_suggestion(plan)))
    if r.route is Route.ORAL and r.is_child:
        hint = "" if r.product.is_liquid else " An oral liquid measures smaller steps."
        out.append(make("CHILD_ORAL", age=r.age, hint=hint))
    if r.pregnant and r.due_date is not None:
        out.append(_delivery(plan))
    elif r.pregnant:
        out.append(make("PREGNANCY"))
    return out


def renal_suggestion(plan: TaperPlan) -> str:
    """The published dose adjustment as a sentence, with its source; empty where none applies."""
    r = plan.regimen
    if r.route is not Route.ORAL:
        return ""
    unit = r.unit
    if r.dialysis:
        entry = limit("renal_adjustment", "dialysis_mg")
        return f"Suggested, not applied to this plan: about {fmt(entry.value)} {unit} in dialysis ({entry.citation}). "
    severe = r.egfr is not None and r.egfr < limit("renal_adjustment", "severe_egfr_below").value
    entry = limit("renal_adjustment", "severe_cut_fraction" if severe else "moderate_cut_fraction")
    band = "severe" if severe else "moderate"
    dose = snap_down(r.daily_dose * (1 - entry.value), r.product.quantum)
    return (
        f"Suggested, not applied to this plan: about {fmt(dose)} {unit} instead of {fmt(r.daily_dose)} "
        f"({band} impairment: {entry.citation}). "
    )


def _delivery(plan: TaperPlan) -> PlanWarning:
    """Whether the taper ends before the expected delivery, with the dates."""
    r = plan.regimen
    due = r.due_date
    assert due is not None  # only called with a due date
    unit = r.unit
    ends = plan.stop_date
    target = f"{fmt(r.target)} {unit}"
    first = plan.steps[0].start
    if due < first:
        ending = (
            f"that is before the plan's first change ({first.isoformat()}); the dose then was "
            f"{fmt(plan.dose_on(due))} {unit}."
        )
        baby = (
            "if the baby is born, tell the carers and the neonatal team the mother's dose at birth and "
            "watch the baby through the first days; if the pregnancy goes on, check the expected date."
        )
        return make("PREGNANCY_DUE", due=due.isoformat(), ending=ending, baby=baby)
    if ends <= due:
        days = (due - ends).days
        ending = f"the plan reaches {target} on {ends.isoformat()}, {days} days before it."
        baby = (
            f"if the baby comes before {ends.isoformat()}, or the plan is held, tell the carers and the "
            "neonatal team the mother's dose at birth."
        )
    else:
        at_birth = plan.dose_on(due)
        ending = (
            f"the plan is still running then ({fmt(at_birth)} {unit} on {due.isoformat()}) and reaches "
            f"{target} only on {ends.isoformat()}. Only the prescriber can choose a faster pace."
        )
        baby = (
            f"warn the carers and the neonatal team to watch the baby from birth (expected {due.isoformat()}) "
            "through the first days."
        )
    return make("PREGNANCY_DUE", due=due.isoformat(), ending=ending, baby=baby)
