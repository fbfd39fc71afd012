"""Every export says which revision of the plan it shows, inside the file (not only in its name),
and a revised plan's files say they replace the earlier ones: a pharmacy order, a calendar or a
spreadsheet outlives the plan it came from."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from baclotaper.exports.fhir import export_fhir
from baclotaper.exports.ics import export_ics
from baclotaper.exports.pdf import export_pdf
from baclotaper.exports.spreadsheet import export_csv
from baclotaper.taper.plan import RevisionNote, TaperPlan
from tests.exports.conftest import GENERATED, flat, page_texts

# Noon in this machine's zone, where the files print it: 20 Nov 2026 wherever the suite runs.
SAVED = datetime(2026, 11, 20, 12, 0).astimezone()


def _revision(plan: TaperPlan, number: int) -> TaperPlan:
    note = RevisionNote(number=number, created=SAVED, author="AB", reason="spasms", changes=("From …",))
    return replace(plan, revision=note)


@pytest.mark.parametrize("reader", ["patient", "prescriber", "pharmacy", "nurse"])
def test_every_page_of_every_packet_names_the_revision(revised_plan: TaperPlan, tmp_path: Path, reader: str) -> None:
    path = tmp_path / f"{reader}.pdf"
    export_pdf(plan=_revision(revised_plan, 3), path=path, reader=reader, generated=GENERATED)
    pages = [flat(text) for text in page_texts(path)]
    assert pages
    for number, text in enumerate(pages, start=1):
        assert "revision 3 of 20 Nov 2026" in text, f"{reader} page {number} does not say its revision"


def test_the_patient_and_prescriber_pages_say_the_revision_replaces_the_earlier_one(
    revised_plan: TaperPlan, tmp_path: Path
) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=_revision(revised_plan, 3), path=path, reader="all", generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    assert "It replaces revision 2: set the earlier pages aside." in text


def test_a_draft_says_it_is_no_revision(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=oral_plan, path=path, reader="pharmacy", generated=GENERATED)
    assert all("2026 · draft" in flat(text) for text in page_texts(path))


def test_every_calendar_event_names_the_revision(revised_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    export_ics(plan=_revision(revised_plan, 3), path=path, reminders=True, generated=GENERATED)
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        assert str(event["summary"]).endswith("(revision 3 of 20 Nov 2026)")
        first_line = str(event["description"]).splitlines()[0]
        assert first_line.startswith("Revision 3, saved 2026-11-20 ")
        assert first_line.endswith("by AB; it replaces revision 2 and any earlier copy.")
    assert str(calendar["x-wr-caldesc"]).startswith("Revision 3, saved 2026-11-20")


def test_a_draft_calendar_says_so(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    export_ics(plan=oral_plan, path=path, generated=GENERATED)
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        assert str(event["description"]).startswith("Plan draft, not a saved revision.\n")


def test_every_spreadsheet_row_names_the_revision(revised_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    export_csv(plan=_revision(revised_plan, 1), path=path)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    assert all(row["revision"].startswith("Revision 1, saved 2026-11-20 ") for row in rows)
    assert all(row["revision"].endswith(" by AB") for row in rows)  # the first revision replaces nothing


def test_the_health_record_bundle_names_the_revision(revised_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    export_fhir(plan=_revision(revised_plan, 2), path=path, generated=GENERATED)
    bundle = json.loads(path.read_text(encoding="utf-8"))
    care_plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    assert "Revision 2, saved 2026-11-20" in care_plan["description"]
    assert any("it replaces revision 1" in note["text"] for note in care_plan["note"])


def test_a_saved_revision_changed_by_hand_no_longer_claims_to_be_it(oral_plan: TaperPlan, tmp_path: Path) -> None:
    # Opened from `log plan --save`, edited in the window: the paper said "revision 3, saved by AB"
    # over steps that revision 3 does not have.
    from baclotaper.taper import edits

    edited = edits.set_dose(_revision(oral_plan, 3), 3, oral_plan.steps[3].daily_dose - 5)
    path = tmp_path / "plan.pdf"
    export_pdf(plan=edited, path=path, reader="pharmacy", generated=GENERATED)
    text = flat(" ".join(page_texts(path)))
    assert "revision 3" not in text and "2026 · draft" in text


def _superseded(plan: TaperPlan) -> TaperPlan:
    note = RevisionNote(number=1, created=SAVED, author="AB", reason="attached", latest=2)
    return replace(plan, revision=note)


def test_an_earlier_revision_printed_later_says_on_every_page_and_event_it_is_out_of_date(
    oral_plan: TaperPlan, tmp_path: Path
) -> None:
    # `log plan --revision 1` after revision 2 was saved: the paper looked current.
    plan = _superseded(oral_plan)
    pdf = tmp_path / "plan.pdf"
    export_pdf(plan=plan, path=pdf, reader="pharmacy", generated=GENERATED)
    assert all("OUT OF DATE: revision 2 replaces it" in flat(text) for text in page_texts(pdf))
    ics = tmp_path / "plan.ics"
    export_ics(plan=plan, path=ics, generated=GENERATED)
    for event in Calendar.from_ical(ics.read_bytes()).walk("VEVENT"):
        assert "OUT OF DATE: revision 2 replaces it" in str(event["summary"])
    csv_path = tmp_path / "plan.csv"
    export_csv(plan=plan, path=csv_path)
    with csv_path.open(newline="", encoding="utf-8-sig") as fh:
        assert all("OUT OF DATE: revision 2 replaces it" in row["revision"] for row in csv.DictReader(fh))
