"""What the PDF says: read back with pypdf and compared with the plan."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf import export_pdf
from baclotaper.exports.pdf.checklist_form import form_items
from baclotaper.exports.pdf.month_calendar import calendar_days
from baclotaper.exports.pdf.watch_days import watch_plan
from baclotaper.nurse_log.checklist import load_checklist
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import Route
from tests.exports.conftest import GENERATED, TRICKY_NAME, TRICKY_NOTE, flat, page_texts, section_pages

DAY_NAME = re.compile(r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(\d{1,2})(?: [A-Z][a-z]{2})?( NEW)?$")
DOSE = re.compile(r"^(\d+(?:\.\d+)?) (mg|mcg)$")


def export(plan: TaperPlan, tmp_path: Path, **kw: object) -> tuple[int, list[str]]:
    path = tmp_path / "plan.pdf"
    pages = export_pdf(plan=plan, path=path, generated=GENERATED, **kw)  # type: ignore[arg-type]
    return pages, page_texts(path)


def calendar_cells(texts: list[str]) -> list[tuple[int, bool, list[str]]]:
    """(day of month, marked NEW, the doses or "Stopped" under it) for every calendar day, in order."""
    lines: list[str] = []
    for page in texts:
        if "Your calendar" in page:
            page = page.split("Your calendar", 1)[1]  # noqa: PLW2901 - the calendar part only
        elif "Total a day" in page:
            continue
        lines += [" ".join(line.split()) for line in page.splitlines()]
    cells: list[tuple[int, bool, list[str]]] = []
    for line in lines:
        name = DAY_NAME.match(line)
        if name:
            cells.append((int(name.group(1)), bool(name.group(2)), []))
        elif cells and (DOSE.match(line) or line == "Stopped"):
            cells[-1][2].append(line)
    return cells


@pytest.mark.parametrize("plan_name", ["oral_plan", "itb_plan", "revised_plan"])
def test_the_calendar_shows_every_days_dose(plan_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Each day of the calendar says what to take at each time (a pump: the day's rate)."""
    plan: TaperPlan = request.getfixturevalue(plan_name)
    _, texts = export(plan, tmp_path, sections=["patient"])
    starts = {step.start for step in plan.steps}
    first, last = calendar_days(plan)
    expected = []
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        step = plan.step_on(day)
        assert step is not None
        if plan.regimen.route is Route.INTRATHECAL:
            doses = [f"{fmt(step.daily_dose)} mcg"]
        elif step.daily_dose == 0:
            doses = ["Stopped"]
        else:
            doses = [f"{fmt(a.dose)} mg" for a in step.administrations]
        expected.append((day.day, day in starts, doses))
    assert calendar_cells(texts) == expected
    assert last == plan.steps[-1].start or plan.steps[-1].daily_dose > 0  # no month of "0 mg"


def test_every_warning_and_its_source_is_in_the_prescriber_summary(itb_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(itb_plan, tmp_path, sections=["prescriber"])
    text = flat(" ".join(texts))
    assert any(w.severity == "danger" for w in itb_plan.warnings)
    for warning in itb_plan.warnings:
        assert f"{warning.severity.upper()} ({warning.code}): {flat(warning.message)}" in text
        assert flat(f"Source: {warning.source} [{warning.tag}]") in text
    pace = itb_plan.pace
    assert flat(pace.source) in text and all(flat(reason) in text for reason in pace.reasons)
    assert "drafted with decision support" in text and "Signature" in text


def test_sections_print_alone_in_the_order_given(oral_plan: TaperPlan, tmp_path: Path) -> None:
    alone = {}
    for section in ("prescriber", "pharmacy", "checklist"):
        alone[section], _ = export(oral_plan, tmp_path, sections=[section])
    pages, _ = export(oral_plan, tmp_path, sections=["prescriber", "pharmacy", "checklist"])
    assert pages == sum(alone.values())  # staff sections each start a page
    pages, texts = export(oral_plan, tmp_path, sections=["emergency", "pharmacy"])
    assert section_pages(texts, "Emergency card") == [1] and section_pages(texts, "Pharmacy") == [2]


def test_every_page_has_header_footer_and_page_x_of_y(oral_plan: TaperPlan, tmp_path: Path) -> None:
    pages, texts = export(oral_plan, tmp_path)
    staff = set(section_pages(texts, "Prescriber summary") + section_pages(texts, "Pharmacy"))
    staff |= set(section_pages(texts, "Symptom checklist"))
    for number, raw in enumerate(texts, start=1):
        text = flat(raw)
        assert f"Page {number} of {pages}" in text
        if number in staff:
            assert "Generated 21 Nov 2026 by BacloTaper · DRAFT for prescriber review" in text
        else:  # the patient's pages: whom to call instead of a note for staff
            assert "printed 21 Nov 2026" in text and "Questions: Dr Ana Müller: +44 20 7946 0000" in text
        assert TRICKY_NAME in text and "ID MRN-0042" in text
        assert "Oral baclofen 60 → 0 mg/day from 1 Dec 2026" in text
    assert len(staff) == 3 + 1 + 15


def test_user_text_prints_as_typed(oral_plan: TaperPlan, revised_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(oral_plan, tmp_path)
    text = flat(" ".join(texts))
    assert TRICKY_NAME in text  # header, details, card
    assert flat(TRICKY_NOTE) in text
    _, texts = export(revised_plan, tmp_path, sections=["prescriber", "patient"])
    assert "hold 7 days: dizzy <b>&</b> tired" in flat(" ".join(texts))


def test_the_patient_schedule_is_in_plain_words(revised_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(revised_plan, tmp_path, sections=["patient"])
    text = flat(" ".join(texts))
    assert "When Step Morning Midday Bedtime Total a day" in text
    for step in revised_plan.steps:
        for a in step.administrations:
            assert flat(a.plain) in text
    assert "Step 3: Stay at 50 mg/day" in text  # the hold
    assert "Step 6: Step back to 45 mg/day" in text
    assert "Do not stop baclofen suddenly" in text


def test_liquid_doses_print_in_mg_with_the_ml_beside(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(liquid_plan, tmp_path, sections=["patient"])
    text = flat(" ".join(texts))
    assert "Step 1: Reduce baclofen to 270 mg/day 90 mg = 90 mL 90 mg = 90 mL 90 mg = 90 mL 270 mg" in text
    assert "1 mg/mL oral solution (5 mg/5 mL)" in text and "oral syringe" in text


def test_the_emergency_card_names_the_contact_and_the_danger(oral_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(oral_plan, tmp_path, sections=["emergency"])
    text = flat(" ".join(texts))
    assert "I take baclofen by mouth. Do not stop it suddenly: withdrawal can be life-threatening." in text
    assert "Phone: +44 20 7946 0000" in text and "Prescriber/clinic: Dr Ana Müller" in text
    assert "Cut out the card along the corner marks" in text and "EMERGENCY: call 911" in text


def test_the_intrathecal_card_has_the_pump_details(itb_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(itb_plan, tmp_path, sections=["emergency"])
    text = flat(" ".join(texts))
    for expected in ("baclofen 500 mcg/mL", "400 mcg → 0 mcg a day", "SynchroMed II", "Refill by: 20 Dec 2026"):
        assert expected in text
    assert "Two-tone alarm = drug not flowing: emergency" in text


def test_pharmacy_totals_per_strength(oral_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(oral_plan, tmp_path, sections=["pharmacy"])
    text = flat(" ".join(texts))
    # Worked out by hand from the steps: 55 = 20+15+20 for 14 days, 50 = 15+15+20, ...
    assert "Total (steps 1–11) 42 126 126 126" in text and "Nothing: baclofen has stopped." in text
    # The fills add a week's reserve each: 42 + 3 × 7 (60 mg before the first cut) = 63 of 20 mg, ...
    assert "1 1 Dec 2026 – 28 Dec 2026 28 55 mg/day → 50 mg/day 42 + 21 = 63 42 + 14 = 56 — —" in text
    assert "Total (6 fills) 70 175 182 175" in text


def test_the_checklist_says_it_is_not_a_validated_scale(itb_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(itb_plan, tmp_path, sections=["checklist"])
    text = flat(" ".join(texts))
    assert "This is a checklist, not a validated scale." in text
    watch = watch_plan(itb_plan)
    assert watch.printed[0].step.number == 1 and watch.printed[-1].step.daily_dose == 0
    for window in watch.printed:
        assert f"step {window.step.number}:" in text
    for item in form_items(load_checklist("intrathecal")):  # every sign, itching asked once
        assert flat(item.clinician) in text
    for vital in ("Temperature (°C)", "Heart rate (/min)", "Blood pressure"):
        assert vital in text
    assert "EMERGENCY: any sign → emergency care now" in text
