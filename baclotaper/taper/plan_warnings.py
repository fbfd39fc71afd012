"""The warnings a plan carries, each with code, severity, message and source.

Texts live in ``resources/warnings.toml``; this module decides which apply and fills them in.
"""

from __future__ import annotations

from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.paces import default_pace
from baclotaper.taper.patient_warnings import patient_warnings
from baclotaper.taper.plan import SEVERITY_RANK, PlanWarning, TaperPlan
from baclotaper.taper.pump_checks import pump_warnings
from baclotaper.taper.regimen import Indication, Route, limit
from baclotaper.taper.sequence import FINAL_STOP, Cutter, StepKind, taper_sequence
from baclotaper.taper.warning_text import make, step_list


def plan_warnings(plan: TaperPlan) -> tuple[PlanWarning, ...]:
    found = [make("DRAFT"), *_regimen_warnings(plan), *_step_warnings(plan), *_pace_warnings(plan)]
    return tuple(sorted(found, key=lambda w: SEVERITY_RANK[w.severity]))


def _regimen_warnings(plan: TaperPlan) -> list[PlanWarning]:
    r = plan.regimen
    out: list[PlanWarning] = []
    if r.route is Route.INTRATHECAL:
        out.append(make("INTRATHECAL"))
        if r.target <= EPS:
            stop = plan.steps[-1]
            out.append(
                make(
                    "INTRATHECAL_STOP",
                    steps=(stop.number,),
                    step=stop.number,
                    date=stop.start.isoformat(),
                    dose=fmt(plan.steps[-2].daily_dose if len(plan.steps) > 1 else r.daily_dose),
                )
            )
        risk = []
        if r.spinal_injury_t6:
            risk.append("spinal cord injury at T6 or above")
        if r.communication_difficulty:
            risk.append("communication difficulties")
        if r.prior_withdrawal:
            risk.append("earlier withdrawal")
        if risk:
            out.append(make("INTRATHECAL_HIGH_RISK", reasons=", ".join(risk)))
        if r.age is not None and r.age < limit("risk", "child_age").value:
            out.append(make("CHILD", age=r.age))
    else:
        maximum = r.max_dose
        if r.daily_dose > maximum.value + EPS:
            out.append(
                make(
                    "ABOVE_MAX_DOSE",
                    dose=fmt(r.daily_dose),
                    jurisdiction=r.jurisdiction,
                    maximum=fmt(maximum.value),
                    max_source=maximum.citation,
                )
            )
        if r.prior_withdrawal:
            out.append(make("WITHDRAWAL_HISTORY"))
        if r.indication is Indication.ALCOHOL:
            out.append(make("ALCOHOL"))
        # Withdrawal follows long *or* high-dose use: the reassurance is for short, low-dose therapy only.
        short = r.on_therapy.months < limit("risk", "short_therapy_months").value
        if short and r.daily_dose <= limit("risk", "low_dose_mg").value:
            out.append(make("SHORT_THERAPY", duration=r.on_therapy.words, dose=fmt(r.daily_dose)))
    out.extend(pump_warnings(plan))
    out.extend(patient_warnings(plan))
    offered = plan.options.offered_strengths
    if offered and len(offered) > len(r.product.strengths):
        noun = "tablets" if r.product.kind == "tablets" else "packets"
        chosen = ", ".join(f"{fmt(s.mg)} mg" for s in r.product.strengths)
        all_offered = ", ".join(f"{fmt(s)} mg" for s in offered)
        out.append(make("STRENGTHS_CHOSEN", used=f"{chosen} {noun}", offered=all_offered))
    if r.age is not None and r.age >= limit("risk", "older_adult_age").value:
        out.append(make("OLDER_ADULT", age=r.age))
    if r.sedatives:
        out.append(make("SEDATIVES"))
    if r.product.is_liquid:
        out.append(make("LIQUID_CONCENTRATION", product=r.product.description))
    unscored = set(r.product.unscored_split)
    if unscored:
        used = sorted(
            {
                p.strength
                for step in plan.steps
                for a in step.administrations
                for p in (r.product.pieces(a.dose) or ())
                if p.half and p.strength in unscored
            }
        )
        if used:
            out.append(make("UNSCORED_SPLIT", strengths=", ".join(f"{fmt(s)} mg" for s in used)))
    return out


def _step_warnings(plan: TaperPlan) -> list[PlanWarning]:
    """Steps beyond the published guidance, steps larger than the pace asks, hand edits."""
    r = plan.regimen
    unit = r.unit
    cutter = Cutter.of(r, plan.pace)
    too_big: list[int] = []
    too_fast: list[int] = []
    above_preset: list[tuple[int, float, float]] = []  # step, percent of the dose, dose before
    biggest = ""
    previous_dose = r.daily_dose
    previous_days: int | None = None
    last = len(plan.steps)
    # Read once: the loop runs for every step on every keystroke.
    oral_max_step = limit("facts_support", "oral_max_step_mg").value
    oral_min_days = limit("facts_support", "oral_min_interval_days").value
    itb_max_percent = limit("facts_support", "intrathecal_max_step_percent").value
    itb_min_days = limit("facts_support", "intrathecal_min_interval_days").value
    for step in plan.steps:
        cut = previous_dose - step.daily_dose
        if cut > EPS and step.kind is StepKind.CUT:
            final_itb_stop = r.route is Route.INTRATHECAL and step.number == last and step.daily_dose <= EPS
            if r.route is Route.ORAL:
                if cut > oral_max_step + EPS:
                    too_big.append(step.number)
                    biggest = biggest or f"a cut of {fmt(cut)} mg/day"
                min_days = oral_min_days
            else:
                percent = cut / previous_dose * 100
                if not final_itb_stop and percent > itb_max_percent + EPS:
                    too_big.append(step.number)
                    biggest = biggest or f"a cut of {fmt(round(percent))} % of the rate"
                min_days = itb_min_days
            if previous_days is not None and previous_days < min_days:
                too_fast.append(step.number)
            nominal = cutter.nominal_cut(previous_dose)
            final_oral_stop = r.route is Route.ORAL and FINAL_STOP in step.flags
            rounded_up = cut > nominal + EPS and cut <= cutter.allowed_cut(previous_dose) + EPS
            if plan.options.custom is None and rounded_up and (final_oral_stop or not cutter.stops_from(previous_dose)):
                above_preset.append((step.number, cut / previous_dose * 100, previous_dose))
        previous_dose, previous_days = step.daily_dose, step.days
    out: list[PlanWarning] = []
    if too_big:
        limit_text = (
            f"at most {fmt(limit('facts_support', 'oral_max_step_mg').value)} mg per step"
            if r.route is Route.ORAL
            else f"at most {fmt(limit('facts_support', 'intrathecal_max_step_percent').value)} % per step"
        )
        out.append(
            make(
                "STEP_BEYOND_FACTS",
                steps=tuple(too_big),
                step=step_list(too_big),
                detail=biggest,
                limit=limit_text,
            )
        )
    if too_fast:
        key = "oral_min_interval_days" if r.route is Route.ORAL else "intrathecal_min_interval_days"
        days = fmt(limit("facts_support", key).value)
        out.append(
            make(
                "STEP_BEYOND_FACTS",
                steps=tuple(too_fast),
                step=step_list(too_fast),
                detail="less time since the last cut",
                limit=f"at least {days} days between cuts",
            )
        )
    if above_preset:
        worst_step, worst, before = max(above_preset, key=lambda x: x[1])
        phase = plan.pace.phase_for(before)
        dose_unit = r.product.dose_unit
        asked = f"{fmt(phase.percent)} %" if phase.percent else f"{fmt(phase.step or 0)} {dose_unit}"
        final = plan.steps[worst_step - 1]
        where = f"at step {worst_step}"
        if FINAL_STOP in final.flags:
            where += f", the final stop from {fmt(before)} {unit}"
        hint = "" if r.product.is_liquid else " A liquid allows smaller steps."
        out.append(
            make(
                "STEP_ABOVE_PRESET",
                steps=tuple(n for n, _, _ in above_preset),
                step=step_list([n for n, _, _ in above_preset]),
                quantum=fmt(r.product.quantum),
                unit=dose_unit,
                worst=fmt(round(worst)),
                where=where,
                asked=asked,
                hint=hint,
                stop_note="; the final stop takes off the whole remaining dose" if FINAL_STOP in final.flags else "",
            )
        )
    for step in plan.steps:
        for flag in step.flags:
            if flag.startswith("edited:"):
                out.append(
                    make(
                        "HAND_EDITED",
                        steps=(step.number,),
                        step=step.number,
                        detail=flag.removeprefix("edited:"),
                    )
                )
    return out


def _pace_warnings(plan: TaperPlan) -> list[PlanWarning]:
    out: list[PlanWarning] = []
    if plan.pace.chosen_by == "prescriber":
        default = default_pace(plan.regimen)
        default_days = sum(s.days or 0 for s in taper_sequence(plan.regimen, default))
        if plan.total_days < default_days:
            what = "; ".join(plan.pace.changes) or plan.pace.title
            out.append(
                make(
                    "PRESCRIBER_FASTER",
                    detail=f"{what} ({plan.total_days} days instead of {default_days})",
                    default=default.title,
                )
            )
    if plan.total_days > limit("facts_support", "long_plan_days").value:
        out.append(make("LONG_PLAN", days=plan.total_days))
    return out
