"""The day-by-day CSV: one row per day and dose, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from baclotaper.exports.spreadsheet import HEADER, days_of, export_csv, safe_cell
from baclotaper.taper import edits
from baclotaper.taper.plan import TaperPlan


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


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
