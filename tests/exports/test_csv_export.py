"""The day-by-day CSV: one row per day and dose, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from baclotaper.exports.spreadsheet import HEADER, days_of, export_csv, safe_cell
from baclotaper.taper import edits
from baclotaper.taper.plan import TaperPlan
from tests.factories import plan


def _rows(path: Path) -> list[dict[str, str]]:
    # As a spreadsheet reads it: the byte order mark says UTF-8 and is not part of the first cell.
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_the_file_says_it_is_utf8_so_halves_and_times_survive(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    export_csv(plan=plan(55, "tablets:10,20+split"), path=path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    amounts = {row["amount"] for row in _rows(path)}
    assert any("½" in amount for amount in amounts) and any("×" in amount for amount in amounts)


def test_one_row_per_day_and_administration(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    count = export_csv(plan=oral_plan, path=path)
    rows = _rows(path)
    expected = sum(max(1, len(step.administrations)) for _day, step in days_of(oral_plan))
    assert count == len(rows) == expected
    assert tuple(rows[0]) == HEADER
    first = rows[0]
    assert (first["date"], first["weekday"], first["step"], first["daily_dose"], first["time"]) == (
        "2026-12-01",
        "Tue",
        "1",
        "55",
        "morning",
    )
    assert rows[-1]["amount"] == "none: stopped"
    dates = {row["date"] for row in rows}
    assert len(dates) == len(list(days_of(oral_plan)))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_are_defused(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert safe_cell("plain " + text) == "plain " + text


def test_a_note_that_looks_like_a_formula_is_shown_as_typed(oral_plan: TaperPlan, tmp_path: Path) -> None:
    noted = edits.insert_hold(oral_plan, 0, 7, note='=HYPERLINK("http://x.invalid","click")')
    path = tmp_path / "plan.csv"
    export_csv(plan=noted, path=path)
    notes = {row["note"] for row in _rows(path)}
    assert '\'=HYPERLINK("http://x.invalid","click")' in notes
    assert not any(cell.startswith(("=", "+", "@")) for row in _rows(path) for cell in row.values())
