"""The printed observation chart of a patient's log: what a nurse files on the chart."""

from __future__ import annotations

import csv
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from baclotaper.common.errors import InputError
from baclotaper.exports.log_pdf import TIER_SHAPES, _mark, export_log_pdf
from baclotaper.exports.pdf.styles import DANGER
from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.export_csv import export_log_csv
from baclotaper.taper import planfile
from tests.exports.conftest import page_runs
from tests.factories import plan

# The store's clock: entries are recorded "now", after the October 2026 observations, whatever
# the real date (an observation after the clock would be refused as in the future).
RECORDED = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)

TRICKY = "restless <b>at night</b> & anxious"


@pytest.fixture
def logged(tmp_path: Path) -> tuple[Store, int]:
    store = Store.open(tmp_path / "log.sqlite3", clock=lambda: RECORDED)
    patient = store.add_patient(name="Zoë Brontë", identifier="MRN-7")
    stored = store.add_plan(patient_id=patient.id, title="taper")
    store.add_revision(plan_id=stored.id, document=planfile.file_dict(plan()), author="AB", reason="attached")

    def add(day: int, tier: str, **kw: object) -> int:
        entry = store.add_entry(
            patient_id=patient.id,
            observed_at=datetime(2026, 10, day, 10, tzinfo=UTC),
            recorded_by="CD",
            tier=tier,  # type: ignore[arg-type]
            plan_id=stored.id,
            revision=1,
            **kw,  # type: ignore[arg-type]
        )
        return entry.id

    add(3, "monitor", scores={"insomnia": 1}, notes=TRICKY)
    wrong = add(10, "call_prescriber", scores={"visual_hallucinations": 2}, vitals={"temperature": 37.2})
    store.correct_entry(
        wrong,
        observed_at=datetime(2026, 10, 10, 10, tzinfo=UTC),
        recorded_by="EF",
        scores={"visual_hallucinations": 1},
        tier="call_prescriber",
        vitals={"temperature": 37.2},
        plan_id=stored.id,
        revision=1,
    )
    add(20, "emergency", scores={}, vitals={"temperature": 38.9, "heart_rate": 125})
    return store, patient.id


def _text(path: Path) -> str:
    """The PDF's text with line breaks and runs of spaces folded (table cells wrap)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_every_entry_with_its_audit_trail_and_escaped_notes(logged: tuple[Store, int], tmp_path: Path) -> None:
    store, patient_id = logged
    out = tmp_path / "chart.pdf"
    pages = export_log_pdf(store=store, patient_id=patient_id, path=out, generated=date(2026, 11, 21))
    text = _text(out)
    assert pages == len(PdfReader(out).pages) == 1
    assert "Zoë Brontë" in text and "MRN-7" in text
    assert "4 entries" in text
    assert "superseded by #3" in text and "corrects #2" in text  # both kept, both visible
    assert TRICKY in text
    assert "EMERGENCY" in text and "38.9" in text
    assert "NOT a validated scale" in text
    result = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_the_date_range_is_respected(logged: tuple[Store, int], tmp_path: Path) -> None:
    store, patient_id = logged
    out = tmp_path / "chart.pdf"
    export_log_pdf(store=store, patient_id=patient_id, path=out, since=date(2026, 10, 5), until=date(2026, 10, 15))
    text = _text(out)
    assert "3 entries" not in text and "2 entries" in text
    assert "2026-10-05 to 2026-10-15" in text
    assert "2026-10-03" not in text and "2026-10-20" not in text


def test_same_log_and_day_give_the_same_file(logged: tuple[Store, int], tmp_path: Path) -> None:
    store, patient_id = logged
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for path in (a, b):
        export_log_pdf(store=store, patient_id=patient_id, path=path, generated=date(2026, 11, 21))
    assert a.read_bytes() == b.read_bytes()


def test_bad_paper_is_refused_before_writing(logged: tuple[Store, int], tmp_path: Path) -> None:
    store, patient_id = logged
    with pytest.raises(InputError, match="'A3' is not a paper size"):
        export_log_pdf(store=store, patient_id=patient_id, path=tmp_path / "x.pdf", paper="A3")
    assert not (tmp_path / "x.pdf").exists()


def test_the_chart_flags_vitals_marks_revisions_and_numbers_steps_like_the_csv(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "log.sqlite3", clock=lambda: RECORDED)
    patient = store.add_patient(name="Zoë Brontë", identifier="MRN-7")
    stored = store.add_plan(patient_id=patient.id, title="taper")
    attached = planfile.file_dict(plan())
    store.add_revision(plan_id=stored.id, document=attached, author="AB", reason="attached")
    entry = store.add_entry(
        patient_id=patient.id,
        observed_at=datetime(2026, 10, 3, 10, tzinfo=UTC),
        recorded_by="CD",
        tier="emergency",
        scores={"visual_hallucinations": 2},
        vitals={"temperature": 38.9, "heart_rate": 125, "systolic": 182, "diastolic": 104, "respiratory_rate": 30},
        plan_id=stored.id,
        revision=1,
        step_index=0,
        days_since_cut=2,
    )
    store.add_revision(
        plan_id=stored.id,
        document=attached,
        author="NB",
        reason="hallucinations after the cut",
        answers_entry=entry.id,
        proposal="hold",
    )
    out = tmp_path / "chart.pdf"
    export_log_pdf(store=store, patient_id=patient.id, path=out, generated=date(2026, 10, 21))
    text = _text(out)
    runs = [run.text for page in page_runs(out) for run in page]
    assert "R2" in runs  # drawn on the chart's time axis
    # Beyond the advice rules' limits: flagged, the blood pressure in one piece (it used to wrap).
    assert "▲38.9 ▲125 ▲182/104 ▲30" in text
    assert "R2 " in text and ": hold by NB, answering entry #1. Why: hallucinations after the cut" in text
    assert "■ emergency (red), ▲ call the prescriber (amber), ● monitor (grey)" in text
    assert "step 1, day 2 after cut" in text
    info = PdfReader(out).metadata
    assert info is not None and str(info.title).startswith("Withdrawal observation chart")
    csv_path = tmp_path / "log.csv"
    export_log_csv(store=store, patient_id=patient.id, path=csv_path)
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["step"] == "1"  # as the chart and the plan number it


def test_each_tier_has_its_own_shape() -> None:
    shapes = {tier: type(_mark(TIER_SHAPES[tier], 0, 0, 3, DANGER)).__name__ for tier in TIER_SHAPES}
    assert shapes == {"emergency": "Rect", "call_prescriber": "Polygon", "monitor": "Circle", "none": "Circle"}
    assert len(set(TIER_SHAPES.values())) == len(TIER_SHAPES)
