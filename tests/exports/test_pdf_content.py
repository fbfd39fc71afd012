"""What the PDF says: read back with pypdf and compared with the plan."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf import export_pdf
from baclotaper.exports.pdf.month_calendar import calendar_months
from baclotaper.exports.pdf.watch_days import watch_plan
from baclotaper.exports.pdf.wording import month_title
from baclotaper.exports.spreadsheet import days_of
from baclotaper.nurse_log.checklist import load_checklist
from baclotaper.taper.plan import TaperPlan
from tests.exports.conftest import GENERATED, TRICKY_NAME, TRICKY_NOTE, flat, page_texts, section_pages

DAY_AND_DOSE = re.compile(r"^\s*(\d{1,2})( NEW)?\n(\d+(?:\.\d+)?) (?:mg|mcg)$", re.MULTILINE)


def export(plan: TaperPlan, tmp_path: Path, **kw: object) -> tuple[int, list[str]]:
    path = tmp_path / "plan.pdf"
    pages = export_pdf(plan=plan, path=path, generated=GENERATED, **kw)  # type: ignore[arg-type]
    return pages, page_texts(path)


def _month_days(plan: TaperPlan, year: int, month: int) -> list[date]:
    first = max(plan.steps[0].start, date(year, month, 1))
    days = []
    while first.month == month:
        days.append(first)
        first += timedelta(days=1)
    return days


@pytest.mark.parametrize("plan_name", ["oral_plan", "itb_plan", "revised_plan"])
def test_the_calendar_shows_every_days_dose(plan_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    plan: TaperPlan = request.getfixturevalue(plan_name)
    _, texts = export(plan, tmp_path, sections=["patient"])
    starts = {step.start for step in plan.steps}
    for year, month in calendar_months(plan):
        title = f"Calendar: {month_title(year, month)}"
        page = next(text for text in texts if title in text)
        shown = [(int(d), bool(new), dose) for d, new, dose in DAY_AND_DOSE.findall(page)]
        expected = [(day.day, day in starts, fmt(plan.dose_on(day))) for day in _month_days(plan, year, month)]
        assert shown == expected, title
    covered = {(day.year, day.month) for day, _step in days_of(plan)}
    assert covered <= set(calendar_months(plan))


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


def test_the_page_count_follows_from_the_plan(oral_plan: TaperPlan, tmp_path: Path) -> None:
    """Each section starts on a new page: prescriber summary 3 pages for this plan, the patient
    schedule 1 page plus one calendar page per month, the card and pharmacy 1 page each, and a
    two-page checklist form for each printed cut."""
    pages, texts = export(oral_plan, tmp_path)
    months = len(calendar_months(oral_plan))
    forms = len(watch_plan(oral_plan).printed)
    assert (months, forms) == (6, 8)
    expected = {
        "Prescriber summary": 3,
        "Your baclofen schedule": 1 + months,
        "Emergency card": 1,
        "Pharmacy": 1,
        "Symptom checklist": 2 * forms,
    }
    assert {title: len(section_pages(texts, title)) for title in expected} == expected
    assert pages == len(texts) == sum(expected.values()) == 28


def test_sections_print_alone_in_the_order_given(oral_plan: TaperPlan, tmp_path: Path) -> None:
    total, _ = export(oral_plan, tmp_path)
    alone = {}
    for section in ("prescriber", "patient", "emergency", "pharmacy", "checklist"):
        alone[section], _ = export(oral_plan, tmp_path, sections=[section])
    assert sum(alone.values()) == total
    pages, texts = export(oral_plan, tmp_path, sections=["emergency", "patient"])
    assert pages == alone["emergency"] + alone["patient"]
    assert section_pages(texts, "Emergency card") == [1]


def test_every_page_has_header_footer_and_page_x_of_y(oral_plan: TaperPlan, tmp_path: Path) -> None:
    pages, texts = export(oral_plan, tmp_path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert "Generated 21 Nov 2026 by BacloTaper" in text
        assert TRICKY_NAME in text and "ID MRN-0042" in text
        assert "Oral baclofen 60 → 0 mg/day from 1 Dec 2026" in text


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
    for step in revised_plan.steps:
        for a in step.administrations:
            assert f"{a.time.capitalize()}: {a.plain}" in text
    assert "Step 3: Stay at 50 mg/day" in text  # the hold
    assert "Step 6: Step back to 45 mg/day" in text
    assert "Do not stop baclofen suddenly" in text


def test_liquid_doses_print_in_mg_with_the_ml_beside(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(liquid_plan, tmp_path, sections=["patient"])
    text = flat(" ".join(texts))
    assert "Morning: 90 mg = 90 mL of the 1 mg/mL solution" in text
    assert "oral syringe" in text


def test_the_emergency_card_lists_the_red_flags_and_the_contact(oral_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(oral_plan, tmp_path, sections=["emergency"])
    text = flat(" ".join(texts))
    assert "DO NOT STOP BACLOFEN SUDDENLY" in text and "GET EMERGENCY HELP NOW IF:" in text
    for item in load_checklist("oral").items:
        assert (flat(item.plain) in text) == (item.tier == "emergency"), item.id
    assert "+44 20 7946 0000" in text and "Dr Ana Müller" in text
    assert "Cut along the dashed line" in text


def test_the_intrathecal_card_has_the_pump_details(itb_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(itb_plan, tmp_path, sections=["emergency"])
    text = flat(" ".join(texts))
    for expected in ("Baclofen 500 mcg/mL", "400 mcg/day", "SynchroMed II", "20 mL", "2026-12-20", "CALL AT ONCE"):
        assert expected in text
    assert "two-tone alarm" in text.lower()


def test_pharmacy_totals_per_strength(oral_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(oral_plan, tmp_path, sections=["pharmacy"])
    text = flat(" ".join(texts))
    # Worked out by hand from the steps: 55 = 20+15+20 for 14 days, 50 = 15+15+20, ...
    for line in ("20 mg tablets: 42", "15 mg tablets: 126", "10 mg tablets: 126", "5 mg tablets: 126"):
        assert line in text
    assert "Total (steps 1–11)" in text and "Nothing: baclofen has stopped." in text


def test_the_checklist_says_it_is_not_a_validated_scale(itb_plan: TaperPlan, tmp_path: Path) -> None:
    _, texts = export(itb_plan, tmp_path, sections=["checklist"])
    text = flat(" ".join(texts))
    assert "This is a checklist, not a validated scale." in text
    watch = watch_plan(itb_plan)
    assert watch.printed[0].step.number == 1 and watch.printed[-1].step.daily_dose == 0
    for window in watch.printed:
        assert f"step {window.step.number}:" in text
    for item in load_checklist("intrathecal").items:
        assert flat(item.clinician) in text
    for vital in ("Temperature (°C)", "Heart rate (/min)", "Blood pressure"):
        assert vital in text
    assert "EMERGENCY: any score above 0" in text
