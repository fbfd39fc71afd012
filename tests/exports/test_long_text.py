"""Any text that can be entered prints: long notes and names wrap or run onto the next page
instead of failing the PDF (a reportlab LayoutError), and the whole text is on paper."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.exports.log_pdf import export_log_pdf
from baclotaper.exports.pdf import export_pdf
from baclotaper.nurse_log.store import Store
from baclotaper.taper import edits
from tests.factories import plan

# The store's clock: entries are recorded "now", after the October 2026 observations, whatever
# the real date (an observation after the clock would be refused as in the future).
RECORDED = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)

GENERATED = date(2026, 11, 21)


def _text(path: Path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


def _longest(kind: TextKind, words: bool) -> str:
    """Text of the longest length allowed, ending in a marker to find on paper."""
    most = text_limit(kind)
    body = ("word " * most) if words else ("x" * most)
    return body[: most - 6] + "ENDMRK"


@pytest.mark.parametrize("words", [True, False], ids=["words", "one-long-word"])
def test_the_longest_log_note_prints(tmp_path: Path, words: bool) -> None:
    store = Store.open(tmp_path / "log.sqlite3", clock=lambda: RECORDED)
    patient = store.add_patient(name=_longest(TextKind.NAME, words), identifier="MRN-7")
    note = _longest(TextKind.NOTE, words)
    store.add_entry(
        patient_id=patient.id,
        observed_at=datetime(2026, 10, 3, 10, tzinfo=UTC),
        recorded_by=_longest(TextKind.INITIALS, words),
        scores={"insomnia": 1},
        tier="monitor",
        notes=note,
    )
    out = tmp_path / "log.pdf"
    pages = export_log_pdf(store=store, patient_id=patient.id, path=out, generated=GENERATED)
    assert pages >= 2  # the entry's row runs onto the next page
    assert "ENDMRK" in _text(out)


def test_the_longest_step_note_name_and_details_print_in_the_plan(tmp_path: Path) -> None:
    details = {
        "patient_name": _longest(TextKind.NAME, True),
        "prescriber": _longest(TextKind.SHORT, False),
        "notes": _longest(TextKind.NOTE, False),
    }
    long_plan = plan(60, "tablets:5,10,15,20", extra=details)
    long_plan = edits.hold(long_plan, long_plan.steps[2].start, 7, _longest(TextKind.NOTE, False))
    out = tmp_path / "plan.pdf"
    export_pdf(plan=long_plan, path=out, sections=["prescriber", "patient"], generated=GENERATED)
    text = _text(out)
    assert text.count("ENDMRK") >= 3  # the details' notes, the prescriber and the step note
