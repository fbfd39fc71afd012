"""The plan as a FHIR R4 Bundle (JSON) for the clinical record.

One MedicationRequest per step: the step's daily dose as the day's limit, one dosage instruction per
administration (dose in mg at a time of day, or the pump's rate in mcg/day), the step's dates as the
validity period.  A CarePlan groups the steps; each warning is a DetectedIssue that names the steps it
is about.  Everything is a draft (status ``draft``, intent ``proposal``): a proposal for the prescriber,
never an order.  The last step to 0 is a request *not* to give baclofen from that day on.

Written with the standard library only.  Resource ids come from the plan's identity and the step
number (as the calendar's UIDs do), so sending an edited plan again updates the same resources.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from baclotaper.common import atomic
from baclotaper.common.numbers import EPS, fmt
from baclotaper.exports.pdf.wording import revision_line
from baclotaper.exports.series import UID_DOMAIN, generated_at, series_id
from baclotaper.taper.plan import PlanWarning, Step, TaperPlan
from baclotaper.taper.regimen import Route
from baclotaper.taper.sequence import StepKind

Json = dict[str, Any]

UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
# Our own code systems and identifiers live under the never-real domain of the calendar's UIDs.
SYSTEM = f"https://{UID_DOMAIN}/fhir"
STEP_SYSTEM = f"{SYSTEM}/step"
TAPER_SYSTEM = f"{SYSTEM}/taper"
STEP_KIND_SYSTEM = f"{SYSTEM}/step-kind"
WARNING_SYSTEM = f"{SYSTEM}/warning"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, UID_DOMAIN)

# SNOMED CT route of administration values (FHIR value set route-codes).
ROUTES: dict[Route, tuple[str, str]] = {
    Route.ORAL: ("26643006", "Oral route"),
    Route.INTRATHECAL: ("72607000", "Intrathecal route"),
}
# The day's administrations as FHIR event timing codes (value set event-timing).
WHEN: dict[str, str] = {
    "early morning": "MORN.early",
    "morning": "MORN",
    "late morning": "MORN.late",
    "midday": "NOON",
    "afternoon": "AFT",
    "evening": "EVE",
    "bedtime": "HS",
}
SEVERITY = {"danger": "high", "caution": "moderate", "info": "low"}
KIND_WORDS = {StepKind.CUT: "Reduce to", StepKind.HOLD: "Stay at", StepKind.STEP_BACK: "Step back to"}
SAFETY = (
    "Draft made with decision support for a prescriber to review. Do not stop baclofen suddenly: "
    "abrupt withdrawal can cause seizures, hallucinations, high fever and rebound spasticity. "
    "Holds and step-backs are always possible; the plan never speeds up by itself."
)


def _number(value: float) -> int | float:
    """JSON numbers as a clinician reads them: 20, not 20.0; 7.5 stays 7.5."""
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


def _quantity(value: float, unit: str, code: str) -> Json:
    return {"value": _number(value), "unit": unit, "system": UCUM, "code": code}


def _dose(plan: TaperPlan, value: float) -> Json:
    """One dose: mg by mouth; for a pump, the rate in mcg/day."""
    if plan.regimen.route is Route.INTRATHECAL:
        return _quantity(value, "mcg/day", "ug/d")
    return _quantity(value, "mg", "mg")


def _per_day(plan: TaperPlan, value: float) -> Json:
    """The step's daily dose as the most to give in one day."""
    unit, code = ("mcg", "ug") if plan.regimen.route is Route.INTRATHECAL else ("mg", "mg")
    return {"numerator": _quantity(value, unit, code), "denominator": _quantity(1, "day", "d")}


def _period(step: Step) -> Json:
    # A date-only end includes that whole day, as a step's last day does.
    period = {"start": step.start.isoformat()}
    if step.end is not None:
        period["end"] = step.end.isoformat()
    return period


class _Ids:
    """Stable ``urn:uuid`` names for the resources of one taper."""

    def __init__(self, plan: TaperPlan) -> None:
        self.series = series_id(plan)

    def url(self, what: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{self.series}/{what}')}"

    def ref(self, what: str, display: str = "") -> Json:
        reference = {"reference": self.url(what)}
        if display:
            reference["display"] = display
        return reference


def _medication(plan: TaperPlan) -> Json:
    description = plan.regimen.product.description
    text = description if "baclofen" in description.lower() else f"Baclofen, {description[0].lower()}{description[1:]}"
    return {"text": text}


def _route(plan: TaperPlan) -> Json:
    code, display = ROUTES[plan.regimen.route]
    return {"coding": [{"system": SNOMED, "code": code, "display": display}], "text": plan.regimen.route.value}


def step_title(plan: TaperPlan, step: Step) -> str:
    dose = f"{fmt(step.daily_dose)} {plan.unit}"
    action = "Stop: no baclofen" if step.daily_dose <= EPS else f"{KIND_WORDS[step.kind]} {dose}"
    until = f"to {step.end.isoformat()} ({step.days} days)" if step.end else "onwards"
    return f"Step {step.number} of {len(plan.steps)}: {action}, from {step.start.isoformat()} {until}"


def _dosages(plan: TaperPlan, step: Step) -> list[Json]:
    bounds: Json = {"boundsPeriod": _period(step)}
    if step.daily_dose <= EPS:
        return [{"text": f"No more baclofen from {step.start.isoformat()}.", "timing": {"repeat": bounds}}]
    dosages = []
    for administration in step.administrations:
        if plan.regimen.route is Route.INTRATHECAL:
            repeat = bounds
            text = f"Continuous intrathecal infusion: {administration.amount}"
            dose_and_rate = {"rateQuantity": _dose(plan, administration.dose)}
        else:
            repeat = {**bounds, "frequency": 1, "period": 1, "periodUnit": "d", "when": [WHEN[administration.time]]}
            text = f"{administration.time.capitalize()}: {administration.amount}"
            dose_and_rate = {"doseQuantity": _dose(plan, administration.dose)}
        dosages.append(
            {
                "text": text,
                "patientInstruction": administration.plain,
                "timing": {"repeat": repeat},
                "route": _route(plan),
                "doseAndRate": [dose_and_rate],
                "maxDosePerPeriod": _per_day(plan, step.daily_dose),
            }
        )
    return dosages


def _patient(plan: TaperPlan) -> Json:
    extra = plan.regimen.extra
    patient: Json = {"resourceType": "Patient"}
    if extra.get("patient_id", "").strip():
        patient["identifier"] = [{"value": extra["patient_id"].strip()}]
    if extra.get("patient_name", "").strip():
        patient["name"] = [{"text": extra["patient_name"].strip()}]
    # Free text the record cannot take as a date stays on the printed plan only.
    with contextlib.suppress(ValueError):
        patient["birthDate"] = date.fromisoformat(extra.get("date_of_birth", "").strip()).isoformat()
    return patient


def _request(plan: TaperPlan, step: Step, ids: _Ids, issues: list[str], authored: str) -> Json:
    request: Json = {
        "resourceType": "MedicationRequest",
        "identifier": [{"system": STEP_SYSTEM, "value": f"{ids.series}-step-{step.number}"}],
        "status": "draft",
        "intent": "proposal",
        "category": [
            {
                "coding": [{"system": STEP_KIND_SYSTEM, "code": str(step.kind)}],
                "text": str(step.kind).replace("_", " "),
            }
        ],
        "medicationCodeableConcept": _medication(plan),
        "subject": ids.ref("patient"),
        "authoredOn": authored,
        "basedOn": [ids.ref("careplan")],
        "groupIdentifier": {"system": TAPER_SYSTEM, "value": ids.series},
        "dosageInstruction": _dosages(plan, step),
        "dispenseRequest": {"validityPeriod": _period(step)},
    }
    if step.daily_dose <= EPS:
        request["doNotPerform"] = True
    prescriber = plan.regimen.extra.get("prescriber", "").strip()
    if prescriber:
        request["requester"] = {"display": prescriber}
    notes = [step_title(plan, step)] + ([step.note] if step.note else [])
    request["note"] = [{"text": text} for text in notes]
    if issues:
        request["detectedIssue"] = [{"reference": url} for url in issues]
    return request


def _issue(plan: TaperPlan, warning: PlanWarning, index: int, ids: _Ids, identified: str) -> Json:
    implicated = [ids.ref(f"step/{n}", f"Step {n}") for n in warning.steps] or [ids.ref("careplan")]
    return {
        "resourceType": "DetectedIssue",
        "identifier": [{"system": WARNING_SYSTEM, "value": f"{ids.series}-warning-{index}"}],
        "status": "preliminary",
        "code": {
            "coding": [{"system": WARNING_SYSTEM, "code": warning.code}],
            "text": warning.code.replace("_", " ").lower(),
        },
        "severity": SEVERITY[warning.severity],
        "patient": ids.ref("patient"),
        "identifiedDateTime": identified,
        "implicated": implicated,
        "detail": f"{warning.message} Source: {warning.source} [{warning.tag}].",
    }


def _care_plan(plan: TaperPlan, ids: _Ids, created: str) -> Json:
    r = plan.regimen
    pace = plan.pace
    description = (
        f"{r.route.value.capitalize()} baclofen ({r.product.description}) from {fmt(r.daily_dose)} {plan.unit} "
        f"to {fmt(r.target)} {plan.unit}, {plan.steps[0].start.isoformat()} to {plan.stop_date.isoformat()} "
        f"({plan.total_days} days, {len(plan.steps)} steps). {revision_line(plan)}."
    )
    return {
        "resourceType": "CarePlan",
        "identifier": [{"system": TAPER_SYSTEM, "value": ids.series}],
        "status": "draft",
        "intent": "proposal",
        "title": "Baclofen taper plan: draft for prescriber review",
        "description": description,
        "subject": ids.ref("patient"),
        "period": {"start": plan.steps[0].start.isoformat(), "end": plan.stop_date.isoformat()},
        "created": created,
        "activity": [{"reference": ids.ref(f"step/{s.number}", step_title(plan, s))} for s in plan.steps],
        "note": [
            {"text": SAFETY},
            {"text": f"{revision_line(plan)}."},
            {"text": f"Pace: {pace.title} ({'; '.join(pace.reasons)}). Source: {pace.source} [{pace.tag}]."},
        ],
    }


def plan_bundle(plan: TaperPlan, *, generated: date | datetime | None = None) -> Json:
    """The plan as a FHIR R4 ``collection`` Bundle (a JSON-ready dict)."""
    ids = _Ids(plan)
    stamp = generated_at(generated)
    day = stamp.date().isoformat()
    issue_urls = [ids.url(f"warning/{i}") for i in range(len(plan.warnings))]
    resources: list[tuple[str, Json]] = [("careplan", _care_plan(plan, ids, day)), ("patient", _patient(plan))]
    for step in plan.steps:
        about = [url for url, w in zip(issue_urls, plan.warnings, strict=True) if step.number in w.steps]
        resources.append((f"step/{step.number}", _request(plan, step, ids, about, day)))
    for index, warning in enumerate(plan.warnings):
        resources.append((f"warning/{index}", _issue(plan, warning, index, ids, day)))
    entries = []
    for what, body in resources:
        url = ids.url(what)
        # resourceType first, then id, as FHIR's own examples are written.
        resource = {"resourceType": body["resourceType"], "id": url.removeprefix("urn:uuid:")} | body
        entries.append({"fullUrl": url, "resource": resource})
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": stamp.isoformat().replace("+00:00", "Z"),
        "entry": entries,
    }


def bundle_json(plan: TaperPlan, *, generated: date | datetime | None = None) -> str:
    return json.dumps(plan_bundle(plan, generated=generated), indent=2, ensure_ascii=False) + "\n"


def export_fhir(*, plan: TaperPlan, path: Path, generated: date | datetime | None = None) -> int:
    """Write the plan's FHIR Bundle to ``path`` atomically; return the number of steps (requests).

    ``generated`` fixes the timestamps (midnight UTC of that day), so the same plan and day give the
    same file; without it the stamp is now.
    """
    atomic.write_text(Path(path), bundle_json(plan, generated=generated))
    return len(plan.steps)
