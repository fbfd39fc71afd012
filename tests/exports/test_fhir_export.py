"""The FHIR bundle: valid FHIR (R4B models of ``fhir.resources``, the same as R4 for the resources used),
a draft MedicationRequest per step that reads back into the plan's steps, warnings as DetectedIssues."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.detectedissue import DetectedIssue
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.patient import Patient
from pydantic import ValidationError

from baclotaper.exports.fhir import WHEN, export_fhir, plan_bundle
from baclotaper.taper import edits
from baclotaper.taper.plan import TaperPlan
from tests.exports.conftest import GENERATED, TRICKY_NAME

# Codes of the R4 value sets with a required binding that the models do not check themselves.
R4_CODES = {
    "Bundle.type": {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
                    "history", "searchset", "collection"},
    "MedicationRequest.status": {"active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped",
                                 "draft", "unknown"},
    "MedicationRequest.intent": {"proposal", "plan", "order", "original-order", "reflex-order", "filler-order",
                                 "instance-order", "option"},
    "CarePlan.status": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    "CarePlan.intent": {"proposal", "plan", "order", "option"},
    "DetectedIssue.status": {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                             "entered-in-error", "unknown"},
    "DetectedIssue.severity": {"high", "moderate", "low"},
    "Timing.repeat.when": {"MORN", "MORN.early", "MORN.late", "NOON", "AFT", "AFT.early", "AFT.late", "EVE",
                           "EVE.early", "EVE.late", "NIGHT", "PHS", "HS", "WAKE", "C", "CM", "CD", "CV", "AC",
                           "ACM", "ACD", "ACV", "PC", "PCM", "PCD", "PCV"},
}  # fmt: skip


@dataclass(frozen=True)
class ReadStep:
    """What a record system learns about one step from the bundle alone."""

    number: int
    start: date
    end: date | None
    daily_dose: float
    kind: str
    doses: tuple[tuple[str, float], ...]  # (time of day, dose)
    note: str


def _validated(path: Path) -> Bundle:
    return Bundle.model_validate_json(path.read_text(encoding="utf-8"))


def _resources(bundle: Bundle, kind: type[Any]) -> list[Any]:
    return [e.resource for e in bundle.entry if isinstance(e.resource, kind)]


def _day(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _read_steps(bundle: Bundle) -> list[ReadStep]:
    """The steps, in the CarePlan's order, from the MedicationRequests it lists."""
    by_url = {e.fullUrl: e.resource for e in bundle.entry}
    (care_plan,) = _resources(bundle, CarePlan)
    steps = []
    for activity in care_plan.activity:
        request: MedicationRequest = by_url[activity.reference.reference]
        period = request.dispenseRequest.validityPeriod
        number = int(request.identifier[0].value.rsplit("-", 1)[1])
        if request.doNotPerform:
            daily, doses = 0.0, ()
        else:
            limit = request.dosageInstruction[0].maxDosePerPeriod.numerator
            daily = float(limit.value)
            doses = tuple(
                (
                    {code: name for name, code in WHEN.items()}[d.timing.repeat.when[0]] if d.timing.repeat.when
                    else "continuous",
                    float((d.doseAndRate[0].doseQuantity or d.doseAndRate[0].rateQuantity).value),
                )
                for d in request.dosageInstruction
            )  # fmt: skip
        notes = [n.text for n in request.note or []]
        steps.append(
            ReadStep(
                number=number,
                start=_day(period.start) or date.min,
                end=_day(period.end),
                daily_dose=daily,
                kind=request.category[0].coding[0].code,
                doses=doses,
                note=notes[1] if len(notes) > 1 else "",
            )
        )
    return steps


def _plan_steps(plan: TaperPlan) -> list[ReadStep]:
    return [
        ReadStep(
            number=s.number,
            start=s.start,
            end=s.end,
            daily_dose=s.daily_dose,
            kind=str(s.kind),
            doses=tuple((a.time, a.dose) for a in s.administrations if s.daily_dose > 0),
            note=s.note,
        )
        for s in plan.steps
    ]


def _check_codes(data: dict[str, Any]) -> None:
    assert data["type"] in R4_CODES["Bundle.type"]
    for entry in data["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        for element in ("status", "intent", "severity"):
            if f"{kind}.{element}" in R4_CODES:
                assert resource[element] in R4_CODES[f"{kind}.{element}"], (kind, element)
        for dosage in resource.get("dosageInstruction", []):
            for code in dosage["timing"]["repeat"].get("when", []):
                assert code in R4_CODES["Timing.repeat.when"]


def _references(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for value in node.values() for r in _references(value)]
    if isinstance(node, list):
        return [r for value in node for r in _references(value)]
    return []


def test_oral_plan_is_valid_fhir_and_reads_back_into_its_steps(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.fhir.json"
    assert export_fhir(plan=oral_plan, path=path, generated=GENERATED) == len(oral_plan.steps)
    bundle = _validated(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    _check_codes(data)
    assert data["type"] == "collection" and data["timestamp"] == "2026-11-21T00:00:00Z"
    assert _read_steps(bundle) == _plan_steps(oral_plan)
    requests = _resources(bundle, MedicationRequest)
    assert len(requests) == len(oral_plan.steps)
    assert {(r.status, r.intent) for r in requests} == {("draft", "proposal")}  # never an order
    first = requests[0]
    assert first.medicationCodeableConcept.text.startswith("Baclofen, tablets 5 mg")
    dosage = first.dosageInstruction[0]
    assert dosage.route.coding[0].code == "26643006"  # SNOMED CT oral route
    assert dosage.doseAndRate[0].doseQuantity.code == "mg" and dosage.maxDosePerPeriod.denominator.code == "d"
    assert dosage.text == "Morning: 1 × 20 mg tablet" and dosage.patientInstruction == "1 whole 20 mg tablet"
    assert first.requester.display == "Dr Ana Müller"
    last = requests[-1]
    assert last.doNotPerform is True and "No more baclofen from 2027-05-04" in last.dosageInstruction[0].text
    (patient,) = _resources(bundle, Patient)
    assert patient.name[0].text == TRICKY_NAME and patient.identifier[0].value == "MRN-0042"
    assert str(patient.birthDate) == "1950-02-03"
    (care_plan,) = _resources(bundle, CarePlan)
    assert (care_plan.status, care_plan.intent) == ("draft", "proposal")
    assert "Do not stop baclofen suddenly" in care_plan.note[0].text
    urls = {e.fullUrl for e in bundle.entry}
    assert set(_references(data)) <= urls  # every reference resolves inside the bundle


def test_holds_step_backs_and_notes_read_back(revised_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    export_fhir(plan=revised_plan, path=path, generated=GENERATED)
    steps = _read_steps(_validated(path))
    assert steps == _plan_steps(revised_plan)
    assert steps[2].kind == "hold" and steps[2].note == "hold 7 days: dizzy <b>&</b> tired"
    assert steps[5].kind == "step_back"


def test_pump_plan_gives_the_rate_in_mcg_per_day(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "pump.json"
    export_fhir(plan=itb_plan, path=path, generated=GENERATED)
    bundle = _validated(path)
    _check_codes(json.loads(path.read_text(encoding="utf-8")))
    assert _read_steps(bundle) == _plan_steps(itb_plan)
    first = _resources(bundle, MedicationRequest)[0].dosageInstruction[0]
    rate = first.doseAndRate[0].rateQuantity
    assert (float(rate.value), rate.unit, rate.code) == (itb_plan.steps[0].daily_dose, "mcg/day", "ug/d")
    assert first.route.coding[0].code == "72607000"  # SNOMED CT intrathecal route
    assert first.maxDosePerPeriod.numerator.code == "ug"
    assert _resources(bundle, MedicationRequest)[-1].doNotPerform is True


def test_warnings_are_detected_issues_on_their_steps(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    export_fhir(plan=oral_plan, path=path, generated=GENERATED)
    bundle = _validated(path)
    by_url = {e.fullUrl: e.resource for e in bundle.entry}
    issues = _resources(bundle, DetectedIssue)
    assert [i.code.coding[0].code for i in issues] == [w.code for w in oral_plan.warnings]
    severities = {"danger": "high", "caution": "moderate", "info": "low"}
    for issue, warning in zip(issues, oral_plan.warnings, strict=True):
        assert issue.severity == severities[warning.severity]
        assert issue.detail.startswith(warning.message) and warning.source in issue.detail
        implicated = [by_url[r.reference] for r in issue.implicated]
        if warning.steps:
            numbers = [int(r.identifier[0].value.rsplit("-", 1)[1]) for r in implicated]
            assert numbers == list(warning.steps)
            for request in implicated:  # and each step points back at its issue
                assert any(by_url[d.reference] is issue for d in request.detectedIssue)
        else:
            assert isinstance(implicated[0], CarePlan)


def test_same_plan_same_file_and_an_edit_keeps_the_ids(oral_plan: TaperPlan, tmp_path: Path) -> None:
    first, again, edited = tmp_path / "1.json", tmp_path / "2.json", tmp_path / "3.json"
    export_fhir(plan=oral_plan, path=first, generated=GENERATED)
    export_fhir(plan=oral_plan, path=again, generated=GENERATED)
    assert first.read_bytes() == again.read_bytes()
    export_fhir(plan=edits.set_days(oral_plan, 0, 21), path=edited, generated=GENERATED)
    ids = [e.fullUrl for e in _validated(first).entry]
    assert len(set(ids)) == len(ids)
    kept = len(oral_plan.steps) + 2  # the care plan, the patient and the steps (the edit adds a warning)
    assert [e.fullUrl for e in _validated(edited).entry][:kept] == ids[:kept]  # same resources, new dates
    assert _read_steps(_validated(edited))[1].start != _read_steps(_validated(first))[1].start


def test_a_free_text_birth_date_is_left_out(oral_plan: TaperPlan) -> None:
    regimen = replace(oral_plan.regimen, extra={**oral_plan.regimen.extra, "date_of_birth": "3 Feb 1950"})
    plan = replace(oral_plan, regimen=regimen)
    patient = next(e["resource"] for e in plan_bundle(plan)["entry"] if e["resource"]["resourceType"] == "Patient")
    assert "birthDate" not in patient and patient["identifier"] == [{"value": "MRN-0042"}]


def test_the_validator_catches_a_broken_request(oral_plan: TaperPlan) -> None:
    """The checks above can fail: a request without its patient is not FHIR."""
    data = plan_bundle(oral_plan, generated=GENERATED)
    del data["entry"][2]["resource"]["subject"]
    with pytest.raises(ValidationError, match="subject"):
        Bundle.model_validate(data)
