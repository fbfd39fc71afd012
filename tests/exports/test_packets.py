"""A packet per reader, read back from the PDF: pages, print sizes, calendar cells, the card."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf import export_pdf
from baclotaper.exports.pdf.month_calendar import calendar_days
from baclotaper.exports.pdf.watch_days import watch_windows
from baclotaper.nurse_log.advice import rules
from baclotaper.nurse_log.checklist import load_checklist
from baclotaper.taper.build import build_plan
from baclotaper.taper.plan import RevisionNote, TaperPlan
from baclotaper.taper.regimen import Route
from tests.exports.conftest import GENERATED, Run, flat, page_runs, page_texts

MM = 72 / 25.4
STAFF_WORDS = ("Prescriber summary", "Pharmacy", "Symptom checklist", "Signature", "validated scale")
CLINICAL_TERMS = ("Formal thought disorder", "Piloerection", "Tachycardia", "Myoclonus")


def export(plan: TaperPlan, path: Path, **kw: object) -> int:
    kw.setdefault("generated", GENERATED)
    return export_pdf(plan=plan, path=path, **kw)  # type: ignore[arg-type]


def _uk(plan: TaperPlan) -> TaperPlan:
    return build_plan(replace(plan.regimen, jurisdiction="UK"), plan.options)


@pytest.mark.parametrize(
    ("reader", "pages", "large"),
    [("patient", 11, 18), ("prescriber", 3, 3), ("pharmacy", 1, 1), ("nurse", 15, 15), ("all", 30, 37)],
)
def test_each_reader_gets_a_packet_of_known_length(
    oral_plan: TaperPlan, tmp_path: Path, reader: str, pages: int, large: int
) -> None:
    assert export(oral_plan, tmp_path / "p.pdf", reader=reader) == pages
    assert export(oral_plan, tmp_path / "l.pdf", reader=reader, large_print=True) == large


def test_the_patient_packet_carries_nothing_meant_for_staff(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "patient.pdf"
    export(oral_plan, path, reader="patient")
    text = flat(" ".join(page_texts(path)))
    for words in (*STAFF_WORDS, *CLINICAL_TERMS, "DRAFT for prescriber review"):
        assert words.lower() not in text.lower(), words
    # Nothing the patient reads says "stop the taper" (it reads as "stop baclofen").
    assert "stop the taper" not in text.lower()
    assert "Never stop baclofen on your own" in text
    export(oral_plan, path, reader="nurse")
    nurse = flat(" ".join(page_texts(path)))
    assert all(term in nurse for term in CLINICAL_TERMS) and "stop the taper" not in nurse.lower()


def _content_bottom(runs: list[Run], height: float) -> float:
    """The lowest text on a page above the footer band, as a share of the page height from the top."""
    body = [r.y for r in runs if 0.09 * height < r.y < 0.88 * height]
    return 1 - min(body) / height if body else 0.0


@pytest.mark.parametrize("plan_name", ["oral_plan", "liquid_plan", "itb_plan"])
@pytest.mark.parametrize("reader", ["patient", "prescriber", "nurse"])
def test_no_page_is_left_near_empty(
    plan_name: str, reader: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    plan: TaperPlan = request.getfixturevalue(plan_name)
    path = tmp_path / "p.pdf"
    export(plan, path, reader=reader)
    heights = [float(page.mediabox.height) for page in PdfReader(path).pages]
    for number, (runs, height) in enumerate(zip(page_runs(path), heights, strict=True), start=1):
        if number < len(heights):  # the packet's last page may end where it ends
            # Near empty: less than half the page used (a card alone on a page used 40 %).
            assert _content_bottom(runs, height) > 0.5, f"page {number} of the {reader} packet is near empty"


@pytest.mark.parametrize(("large", "smallest"), [(False, 12.0), (True, 16.0)])
def test_patient_pages_are_in_clear_print(oral_plan: TaperPlan, tmp_path: Path, large: bool, smallest: float) -> None:
    """Every word on the patient's pages is at least 12 pt (16 pt in large print), header and
    footer and the revision note included; only the wallet card, the size of a bank card, is smaller."""
    path = tmp_path / "patient.pdf"
    note = RevisionNote(2, datetime(2026, 11, 20, 9, 30, tzinfo=UTC), "NB", "dizzy", ("Step 3 held 7 days",))
    export(replace(oral_plan, revision=note), path, reader="patient", large_print=large)
    assert "This is a changed plan: revision 2" in flat(" ".join(page_texts(path)))
    measured = 0
    for runs in page_runs(path):
        card = _card_rows(runs)
        for run in runs:
            if card is not None and card[0] <= run.y <= card[1]:
                continue
            assert run.size >= smallest, run
            measured += 1
    assert measured > 1000


def _card_rows(runs: list[Run]) -> tuple[float, float] | None:
    """The height band of the wallet card on a page, found from its title."""
    title = next((r for r in runs if r.text.startswith("BACLOFEN · MEDICAL ALERT")), None)
    if title is None:
        return None
    top = title.y + title.size + 3 * MM
    return top - 54 * MM - 1, top + 1


def _calendar_runs(runs: list[Run]) -> list[Run]:
    """The runs of a page that belong to the calendar (it may start under the schedule's end)."""
    title = next((r for r in runs if r.text == "Your calendar"), None)
    if title is not None:
        return [r for r in runs if r.y < title.y]
    return [] if any(r.text == "Total a day" for r in runs) else runs


def _calendar_cells(runs: list[Run]) -> dict[float, list[Run]]:
    """Calendar text by day column (the x where the day's texts start), top to bottom."""
    columns: dict[float, list[Run]] = {}
    for run in _calendar_runs(runs):
        if re.fullmatch(r"\d+(\.\d+)? (mg|mL)", run.text):
            columns.setdefault(round(run.x), []).append(run)
    return {x: sorted(found, key=lambda r: -r.y) for x, found in columns.items()}


def test_each_liquid_calendar_cell_has_the_ml_beside_the_mg(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "patient.pdf"
    export(liquid_plan, path, sections=["patient"])
    pairs = 0
    for runs in page_runs(path):
        for cell in _calendar_cells(runs).values():
            doses = [r for r in cell if r.text.endswith("mg")]
            volumes = [r for r in cell if r.text.endswith("mL")]
            assert len(doses) == len(volumes)
            for mg, ml in zip(doses, volumes, strict=True):
                # 1 mg/mL: the same number, right under the mg, in the same print size.
                assert ml.text == mg.text.replace("mg", "mL") and 0 < mg.y - ml.y < 2 * mg.size
                assert ml.size == mg.size >= 12
                pairs += 1
    first, last = calendar_days(liquid_plan)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    expected = sum(len(step.administrations) for day in days if (step := liquid_plan.step_on(day)) and step.daily_dose)
    assert pairs == expected > 1000


def test_the_wallet_card_is_bank_card_size_with_cut_and_fold_marks(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "card.pdf"
    export(oral_plan, path, sections=["emergency"])
    page = PdfReader(path).pages[0]
    operations = ContentStream(page.get_contents(), page.pdf).operations
    rects = [[float(v) for v in operands] for operands, op in operations if op == b"re"]
    # Front and back side by side: 2 × 85.6 mm wide, 54 mm high (ISO/IEC 7810 ID-1).
    assert any(abs(w - 2 * 85.6 * MM) < 0.1 and abs(h - 54 * MM) < 0.1 for _x, _y, w, h in rects)
    lines = sum(1 for _operands, op in operations if op == b"l")
    assert lines >= 4 * 2 + 2 + 1  # two cut marks at each corner, two fold marks, the fold line


@pytest.mark.parametrize(
    ("jurisdiction", "number"),
    [("US", "911"), ("CA", "911"), ("UK", "999 or 112"), ("AU", "000 (Triple Zero)"), ("FR", "15 (SAMU) or 112")],
)
def test_the_emergency_number_follows_the_jurisdiction(
    oral_plan: TaperPlan, tmp_path: Path, jurisdiction: str, number: str
) -> None:
    plan = build_plan(replace(oral_plan.regimen, jurisdiction=jurisdiction), oral_plan.options)
    path = tmp_path / "patient.pdf"
    export(plan, path, reader="patient")
    texts = [flat(text) for text in page_texts(path)]
    assert any(f"EMERGENCY: call {number}" in text for text in texts)  # the card
    assert f"Get help now: call {number} if" in texts[0]
    assert all(f"Emergency: {number}" in text for text in texts)  # every page's footer


def test_every_patient_page_says_whom_to_call(itb_plan: TaperPlan, tmp_path: Path) -> None:
    plan = build_plan(
        replace(
            itb_plan.regimen,
            extra={**itb_plan.regimen.extra, "prescriber": "Spasticity clinic", "pump_team_phone": "555-0199"},
        ),
        itb_plan.options,
    )
    path = tmp_path / "patient.pdf"
    pages = export(plan, path, reader="patient")
    texts = [flat(text) for text in page_texts(path)]
    footer = "Questions: Spasticity clinic: 555-0100 · Pump team: 555-0199 · Emergency: 911"
    assert len(texts) == pages and all(footer in text for text in texts)


@pytest.mark.parametrize("large_print", [False, True])
def test_a_long_clinic_name_never_pushes_the_phones_or_the_emergency_number_off_the_page(
    itb_plan: TaperPlan, tmp_path: Path, large_print: bool
) -> None:
    # The footer was cut at the page edge: with a clinic's full name the phones and "Emergency: 911"
    # fell off every patient page. Only the name is shortened now.
    clinic = "Spasticity and Neuro-Rehabilitation Clinic, Royal Hospital for Neuro-disability"  # 80, the most
    extra = {
        **itb_plan.regimen.extra,
        "prescriber": clinic,
        "contact": "+44 20 7946 0000 ext 4412",
        "pump_team_phone": "+44 20 7946 0001 ext 4413",
    }
    plan = build_plan(replace(itb_plan.regimen, extra=extra), itb_plan.options)
    path = tmp_path / "patient.pdf"
    export(plan, path, reader="patient", large_print=large_print)
    for number, text in enumerate(page_texts(path), start=1):
        page = flat(text)
        assert "Questions: Spasti" in page and "…: +44 20 7946 0000 ext 4412" in page, f"page {number}"
        assert "Pump team: +44 20 7946 0001 ext 4413 · Emergency: 911" in page, f"page {number}"


def test_the_first_page_has_the_help_lists_and_the_missed_dose_note(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "patient.pdf"
    export(oral_plan, path, sections=["patient"])
    texts = [flat(text) for text in page_texts(path)]
    first_two = " ".join(texts[:2])
    assert "If you forget a dose, take it as soon as you remember" in texts[0]
    for item in load_checklist("oral").items:
        if item.tier in ("emergency", "call_prescriber"):
            assert flat(item.plain) in first_two, item.id
            assert first_two.count(flat(item.plain)) == 1, item.id  # each sign once
    assert "Call Dr Ana Müller: +44 20 7946 0000 the same day if" in first_two


def test_the_diary_covers_the_days_after_every_cut_in_plain_words(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "diary.pdf"
    pages = export(liquid_plan, path, sections=["diary"])
    text = flat(" ".join(page_texts(path)))
    windows = watch_windows(liquid_plan)
    assert len(windows) == 50
    for window in windows:
        for day in window.days:
            assert f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[day.weekday()]} {day.day} " in text
    for group in load_checklist("oral").groups:
        assert group.plain in text
    assert pages <= 9  # 150 days to watch on a few pages
    assert not any(term in text for term in CLINICAL_TERMS)


def test_pump_dates_are_on_the_patients_calendar(itb_plan: TaperPlan, tmp_path: Path) -> None:
    plan = build_plan(
        replace(itb_plan.regimen, extra={**itb_plan.regimen.extra, "last_refill": "2026-11-20"}), itb_plan.options
    )
    path = tmp_path / "patient.pdf"
    export(plan, path, sections=["patient"])
    words = [run.text for runs in page_runs(path) for run in _calendar_runs(runs) if "Bold" not in run.font]
    assert words.count("Visit") == len(plan.steps)
    assert words.count("Refill") >= 2 and words.count("Alarm?") >= 2 and words.count("Booked") == 1


def test_numbers_never_wrap_apart_from_their_units(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "all.pdf"
    export(liquid_plan, path, large_print=True)
    for text in page_texts(path):
        assert not re.search(r"\d\s*\n\s*(mg|mL|mcg|days?)\b", text)


def test_pdf_metadata(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "patient.pdf"
    export(oral_plan, path, reader="patient")
    reader = PdfReader(path)
    info = reader.metadata
    assert info is not None
    assert info.title == "Baclofen taper plan: patient's packet (draft for prescriber review)"
    assert info.subject == "Oral baclofen 60 → 0 mg/day from 1\xa0Dec\xa02026 · draft"
    assert info.creation_date is not None and info.creation_date.date() == GENERATED
    assert reader.trailer["/Root"]["/Lang"] == "en"
    export(oral_plan, path, reader="pharmacy", generated=date(2027, 3, 4))
    later = PdfReader(path).metadata
    assert later is not None and later.creation_date is not None
    assert later.creation_date.date() == date(2027, 3, 4) and "pharmacy order" in str(later.title)


def test_the_nurses_form_ticks_pump_alarms_and_asks_each_sign_once(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "nurse.pdf"
    export(itb_plan, path, reader="nurse")
    text = flat(" ".join(page_texts(path)))
    assert "EMERGENCY: any sign → emergency care now; no further dose reduction" in text
    alarm = "Pump two-tone alarm (SynchroMed II: drug no longer flowing) yes / no"
    assert alarm in text and "Pump two-tone alarm (SynchroMed II: drug no longer flowing) 0 1 2 3" not in text
    # Every pump item (not a symptom, not in the total) is ticked, the refill and the catheter too.
    assert "in the last 3 days yes / no" in text and "in the last 3 days 0 1 2 3" not in text
    assert "migration) yes / no" in text and "pump items not counted" in text
    first_form = text.split("After the cut on")[1]
    assert first_form.count("Itching without a rash") == 1 and "Itching (pruritus)" not in first_form
    assert itb_plan.regimen.route is Route.INTRATHECAL


def test_the_card_speaks_to_clinicians_on_the_back_and_dates_one_way(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "card.pdf"
    export(itb_plan, path, sections=["emergency"])
    text = flat(" ".join(page_texts(path)))
    assert "FOR CLINICIANS" in text and "do not give more baclofen" in text
    assert "Refill by: 20 Dec 2026" in text and "2026-12-20" not in text
    assert "Pump team:" in text and f"{fmt(500)} mcg/mL" in text
    assert text.count("two-tone alarm") + text.count("Two-tone alarm") == 1  # said once


def _grey_fills(path: Path) -> list[tuple[int, str]]:
    """(page, colour) of every light grey set as a fill colour: a grey box looks ticked."""
    found = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
            values = [float(v) for v in operands] if op in (b"rg", b"g") else []
            if values and max(values) - min(values) < 0.01 and 0.5 <= values[0] < 0.99:
                found.append((number, " ".join(f"{v:.2f}" for v in values)))
    return found


def test_no_grey_filled_box_on_a_patient_page(oral_plan: TaperPlan, itb_plan: TaperPlan, tmp_path: Path) -> None:
    for plan in (oral_plan, itb_plan):
        path = tmp_path / "patient.pdf"
        export(plan, path, reader="patient")
        assert _grey_fills(path) == []
    export(oral_plan, path, reader="pharmacy")  # staff tables keep their shaded header rows
    assert _grey_fills(path)


def test_each_page_header_names_its_section(itb_plan: TaperPlan, tmp_path: Path) -> None:
    """The card and the diary share a page: it is headed by the card, the diary's next pages by the diary."""
    path = tmp_path / "patient.pdf"
    export(itb_plan, path, reader="patient")
    texts = page_texts(path)
    card = next(n for n, text in enumerate(texts) if "MEDICAL ALERT" in text)
    assert "Your diary after each change" in texts[card]  # the diary starts under the card
    heads = [[line.strip() for line in text.splitlines()] for text in texts]
    assert "Emergency card" in heads[card]
    assert len(texts) > card + 1
    for lines in heads[card + 1 :]:
        assert "Your diary after each change" in lines and "Emergency card" not in lines


def test_tick_boxes_are_big_enough_for_a_finger(liquid_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "patient.pdf"
    export(liquid_plan, path, reader="patient")
    first, last = calendar_days(liquid_plan)
    doses = sum(
        len(step.administrations)
        for n in range((last - first).days + 1)
        if (step := liquid_plan.step_on(first + timedelta(days=n))) and step.daily_dose
    )
    squares = []
    for page in PdfReader(path).pages:
        for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
            if op == b"re":
                _x, _y, w, h = (float(v) for v in operands)
                if abs(w - h) < 0.01 and 3 * MM < w < 10 * MM:
                    squares.append(w)
    # A box for every dose on the calendar and every day of the diary, none under 5 mm.
    assert len(squares) >= doses + 3 * len(watch_windows(liquid_plan)) * 3
    assert min(squares) >= 5 * MM - 0.01


@pytest.mark.parametrize("plan_name", ["oral_plan", "itb_plan"])
def test_the_nurses_form_never_files_overdose_signs_under_keep_giving_the_dose(
    plan_name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    # Drowsiness, floppy muscles and low blood pressure were printed under "CALL THE PRESCRIBER
    # TODAY: hold the next cut (keep giving the current dose)", and "hard to wake" under "no further
    # dose reduction": the paper read as withdrawal what the window calls possible overdose.
    plan = request.getfixturevalue(plan_name)
    path = tmp_path / "nurse.pdf"
    export(plan, path, reader="nurse")
    form = flat(" ".join(page_texts(path))).split("After the cut on")[1]
    headings = rules().paper_headings
    keep_giving = form.split(headings["call_prescriber"].text)[1].split(headings["monitor"].text)[0]
    for sign in ("Drowsiness (somnolence)", "Hypotonia (floppy muscles", "Hypotension"):
        assert sign not in keep_giving
        assert (
            form.index(headings["overdose_call"].text) < form.index(sign) < form.index(headings["call_prescriber"].text)
        )
    emergency = form.split(headings["emergency"].text)[1]
    assert "Depressed consciousness" not in emergency
    assert "Depressed consciousness" in form.split(headings["overdose_emergency"].text)[1]
    assert "do NOT give more baclofen" in headings["overdose_call"].text
    assert all(h.source and h.tag in ("L", "G", "P", "C") for h in headings.values())
