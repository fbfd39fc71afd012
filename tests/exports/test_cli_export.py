"""``baclotaper plan --pdf/--ics/--csv`` and ``baclotaper export PLANFILE``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan
from tests.cli_runner import run

PLAN = ("plan", "--route", "oral", "--dose", "60", "--product", "tablets:5,10,15,20", "--on-therapy", "2y")
DATES = ("--start", "2026-12-01", "--generated", "2026-11-21")


def test_plan_writes_pdf_ics_and_csv_and_still_prints_the_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf, ics, csv_file = tmp_path / "p.pdf", tmp_path / "p.ics", tmp_path / "p.csv"
    code, out, err = run(capsys, *PLAN, *DATES, "--pdf", str(pdf), "--ics", str(ics), "--csv", str(csv_file))
    assert code == 0
    assert out.startswith("BacloTaper plan: DRAFT for prescriber review")
    assert err.splitlines() == [f"Wrote {pdf} (30 pages)", f"Wrote {ics} (12 events)", f"Wrote {csv_file} (427 rows)"]
    assert len(PdfReader(pdf).pages) == 30
    assert len(list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))) == 12
    assert csv_file.read_text(encoding="utf-8-sig").startswith("date,weekday,step")


def test_a_packet_per_reader_with_the_contacts_typed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf, saved = tmp_path / "patient.pdf", tmp_path / "p.baclotaper"
    contacts = ("--prescriber", "Dr  Ana Müller", "--phone", "+44 20 7946 0000", "--jurisdiction", "UK")
    code, _, err = run(capsys, *PLAN, *DATES, *contacts, "--for", "patient", "--pdf", str(pdf), "--save", str(saved))
    assert code == 0 and err == f"Wrote {pdf} (11 pages)\n"
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
    assert all("Questions: Dr Ana Müller: +44 20 7946 0000 · Emergency: 999 or 112" in text for text in texts)
    # The plan file keeps them: an export later prints the same, and can change them.
    assert planfile.load(saved).regimen.extra["prescriber"] == "Dr Ana Müller"
    nurse = tmp_path / "nurse.pdf"
    code, out, _ = run(capsys, "export", str(saved), "--for", "nurse", "--pdf", str(nurse), "--phone", "0161 496 0000")
    assert code == 0 and out == f"Wrote {nurse} (15 pages)\n"
    card = tmp_path / "card.pdf"
    run(capsys, "export", str(saved), "--sections", "emergency", "--pdf", str(card), "--phone", "0161 496 0000")
    assert "Phone: 0161 496 0000" in " ".join(PdfReader(card).pages[0].extract_text().split())


def test_json_on_stdout_stays_json_with_outputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, *PLAN, *DATES, "--format", "json", "--csv", str(tmp_path / "p.csv"))
    assert code == 0 and json.loads(out)["unit"] == "mg/day"


def test_pdf_options_on_the_plan_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = tmp_path / "p.pdf"
    args = ("--pdf", str(pdf), "--sections", "emergency,pharmacy", "--paper", "letter", "--large-print")
    code, _, err = run(capsys, *PLAN, *DATES, *args)
    pages = PdfReader(pdf).pages
    assert code == 0 and err == f"Wrote {pdf} ({len(pages)} pages)\n"
    card, pharmacy = pages[0].mediabox, pages[-1].mediabox  # the card across the page, then the pharmacy order
    assert round(float(pharmacy.height)) == round(float(card.width)) == 792
    assert "Pharmacy order" in pages[1].extract_text()


def test_export_a_saved_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path, oral_plan: TaperPlan) -> None:
    saved = tmp_path / "plan.baclotaper"
    planfile.save(oral_plan, saved)
    pdf, ics = tmp_path / "out" / "p.pdf", tmp_path / "p.ics"
    args = ("export", str(saved), "--pdf", str(pdf), "--ics", str(ics), "--reminders", "--generated", "2026-11-21")
    code, out, err = run(capsys, *args)
    assert code == 0 and not err
    assert out.splitlines() == [f"Wrote {pdf} (30 pages)", f"Wrote {ics} (23 events)"]
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Zoë <b>Brontë</b> & Söhne" in text  # details kept in the plan file print as typed
    again = tmp_path / "again.pdf"
    run(capsys, "export", str(saved), "--pdf", str(again), "--generated", "2026-11-21")
    assert again.read_bytes() == pdf.read_bytes()


def test_export_sections_in_the_order_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, oral_plan: TaperPlan
) -> None:
    saved = tmp_path / "plan.baclotaper"
    planfile.save(oral_plan, saved)
    pdf = tmp_path / "p.pdf"
    code, out, _ = run(capsys, "export", str(saved), "--pdf", str(pdf), "--sections", "pharmacy, emergency")
    assert code == 0 and out == f"Wrote {pdf} (2 pages)\n"
    assert "Pharmacy order" in PdfReader(pdf).pages[0].extract_text()


def test_fhir_bundle_from_plan_and_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, oral_plan: TaperPlan
) -> None:
    made, saved, exported = tmp_path / "made.json", tmp_path / "plan.baclotaper", tmp_path / "out" / "exported.json"
    code, out, err = run(capsys, *PLAN, *DATES, "--format", "json", "--fhir", str(made))
    assert code == 0 and json.loads(out)["unit"] == "mg/day"  # stdout stays the plan
    assert err == f"Wrote {made} (FHIR bundle, 12 steps)\n"
    planfile.save(oral_plan, saved)
    code, out, _ = run(capsys, "export", str(saved), "--fhir", str(exported), "--generated", "2026-11-21")
    assert code == 0 and out == f"Wrote {exported} (FHIR bundle, 12 steps)\n"
    bundle = json.loads(exported.read_text(encoding="utf-8"))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert bundle["resourceType"] == "Bundle" and kinds.count("MedicationRequest") == 12
    assert bundle["timestamp"] == "2026-11-21T00:00:00Z"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "{missing}", "--pdf", "{out}"), "no such file"),
        (("export", "{plan}", "--pdf", "{out}", "--sections", "patient,invoice"), "argument --sections: 'invoice'"),
        (("export", "{plan}", "--pdf", "{out}", "--sections", ","), "argument --sections: choose at least one"),
        (("export", "{plan}", "--pdf", "{out}", "--paper", "A3"), "argument --paper: 'A3' is not a paper size"),
        (("export", "{plan}", "--pdf", "{out}", "--generated", "21/11/2026"), "argument --generated"),
        (("export", "{plan}"), "say what to write: --pdf FILE, --ics FILE, --csv FILE or --fhir FILE"),
        (("export", "{notplan}", "--pdf", "{out}"), "not a BacloTaper plan file"),
        ((*PLAN, "--pdf", "{out}", "--sections", "cover"), "argument --sections: 'cover'"),
        (("export", "{plan}", "--pdf", "{out}", "--for", "doctor"), "argument --for: 'doctor' is not a reader"),
        (("export", "{plan}", "--pdf", "{out}", "--for", "nurse", "--sections", "diary"), "--for and --sections"),
        (("export", "{plan}", "--pdf", "{out}", "--phone", "9" * 81), "argument --phone: at most 80 characters"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, oral_plan: TaperPlan, args: tuple[str, ...], message: str
) -> None:
    saved = tmp_path / "plan.baclotaper"
    planfile.save(oral_plan, saved)
    not_plan = tmp_path / "notes.txt"
    not_plan.write_text("hello")
    names = {"missing": str(tmp_path / "missing.baclotaper"), "plan": str(saved), "notplan": str(not_plan)}
    names["out"] = str(tmp_path / "out.pdf")
    code, out, err = run(capsys, *[a.format(**names) for a in args])
    assert code == 2 and not out
    assert len(err.splitlines()) == 1 and message in err, err
    assert err.startswith(("baclotaper export: error: ", "baclotaper plan: error: "))
    assert not (tmp_path / "out.pdf").exists()
