"""CSV export of a patient's log: safe to open in a spreadsheet, limited to the dates asked for."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from baclotaper.nurse_log.store import Patient, Store
from baclotaper.nurse_log.store.export_csv import export_log_csv, neutralise

TZ = timezone(timedelta(hours=-5))


@pytest.fixture
def store(target: Path | str) -> Iterator[Store]:
    # A clock of the test's own: the entries' dates (2025) are in its past whatever today is.
    with Store.open(target, clock=lambda: datetime(2026, 12, 1, 12, 0, tzinfo=TZ)) as opened:
        yield opened


@pytest.fixture
def patient(store: Store) -> Patient:
    return store.add_patient(name='=HYPERLINK("http://evil")', identifier="+123")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Slept badly", "Slept badly"),
        ("38.5", "38.5"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


def test_formula_injection_is_neutralised(store: Store, patient: Patient, tmp_path: Path) -> None:
    store.add_entry(
        patient_id=patient.id,
        observed_at=at(1),
        recorded_by="@NB",
        scores={"insomnia": 1},
        tier="monitor",
        notes='=cmd|" /C calc"!A0',
    )
    out = tmp_path / "export" / "log.csv"
    assert export_log_csv(store=store, patient_id=patient.id, path=out, tz=TZ) == 1
    (row,) = read(out)
    assert row["notes"] == '\'=cmd|" /C calc"!A0'
    assert row["recorded_by"] == "'@NB"
    assert row["patient"] == '\'=HYPERLINK("http://evil")'
    assert row["patient_identifier"] == "'+123"
    assert row["observed_at"] == "2025-03-01T09:00-05:00"
    assert row["insomnia"] == "1"
    assert row["seizures"] == ""  # not scored in this entry
    assert row["tier"] == "monitor"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads °C correctly


def test_date_range_is_respected_and_corrections_are_marked(store: Store, patient: Patient, tmp_path: Path) -> None:
    for day in (1, 2, 3, 4):
        store.add_entry(
            patient_id=patient.id,
            observed_at=at(day, 23),  # late evening: a different UTC day
            recorded_by="NB",
            scores={"insomnia": day % 4},
            vitals={"temperature": 37.0 + day / 10},
            tier="monitor",
            notes=f"day {day}",
        )
    wrong = store.entries(patient.id, tz=TZ)[1]
    fixed = store.correct_entry(
        wrong.id, observed_at=wrong.observed_at, recorded_by="NB", scores={"insomnia": 3}, tier="monitor"
    )
    out = tmp_path / "log.csv"
    written = export_log_csv(
        store=store, patient_id=patient.id, path=out, since=date(2025, 3, 2), until=date(2025, 3, 3), tz=TZ
    )
    rows = read(out)
    assert written == len(rows) == 3
    assert [r["notes"] for r in rows] == ["day 2", "", "day 3"]
    assert rows[0]["status"] == f"corrected by entry {fixed.id}"
    assert rows[1]["corrects_entry"] == str(wrong.id)
    assert rows[1]["status"] == "current"
    assert rows[2]["temperature (°C)"] == "37.3"
    assert "checklist_total (not a validated scale)" in rows[0]


def test_export_is_private_and_replaces_an_old_file(store: Store, patient: Patient, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    out.write_text("old content that must disappear entirely\n" * 100)
    assert export_log_csv(store=store, patient_id=patient.id, path=out) == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1  # header only
    assert out.stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".log.csv")] == []
