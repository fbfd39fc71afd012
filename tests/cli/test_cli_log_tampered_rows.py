"""Rows changed behind the app's back (sqlite3 on the log file) get the same checks as when they
were written: listing, exporting and printing the patient's log refuse them in one line naming the
row and the column (exit 2), never a traceback, and leave the database as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.cli_runner import run

START = date(2026, 1, 5)
GOOD_TIME = "2026-01-10T10:00:00.000000Z"
ENTRY = (
    "INSERT INTO log_entries (patient_id, observed_at, recorded_at, recorded_by, scores, tier, total, notes,"
    " heart_rate)"
    " VALUES (1, ?, ?, ?, ?, 'none', 0, ?, ?)"
)


def _entry(
    observed: str = GOOD_TIME, by: str = "AB", scores: str = "{}", notes: str = "", heart_rate: object = None
) -> tuple[str, tuple[object, ...]]:
    return ENTRY, (observed, GOOD_TIME, by, scores, notes, heart_rate)


@pytest.fixture
def data_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """J. Doe (MRN1) with a 60 mg/day plan attached."""
    data = tmp_path / "data"
    plan_file = tmp_path / "p.baclotaper"
    common = ("--data-dir", str(data))
    assert run(capsys, *common, "plan", "--route", "oral", "--dose", "60", "--product", "tablets:10,20",
               "--on-therapy", "2y", "--start", START.isoformat(), "--save", str(plan_file))[0] == 0  # fmt: skip
    assert run(capsys, *common, "log", "patient", "--name", "J. Doe", "--identifier", "MRN1")[0] == 0
    assert run(capsys, *common, "log", "attach", "--patient", "MRN1", "--plan", str(plan_file), "--by", "AB")[0] == 0
    return data


TAMPERED = {
    "observed_at": (_entry(observed="garbage"), "'observed_at': 'garbage' is not a date and time"),
    "scores": (_entry(scores="[1, 2]"), "'scores': is not a set of checklist scores"),
    "heart_rate": (_entry(heart_rate="fast"), "'heart_rate': 'fast' is not a number"),
    "notes": (_entry(notes="x" * 50_000), "'notes': is 50000 characters long"),
    "recorded_by": (_entry(by="A\u202eB"), "'recorded_by': contains"),
    "patient": (
        ("INSERT INTO patients (name, identifier, created) VALUES ('Bob', 'MRN2', 'zzz')", ()),
        "patient 2, 'created': 'zzz' is not a date and time",
    ),
    "revision": (
        (
            "INSERT INTO plan_revisions (plan_id, number, document, author, created)"
            " SELECT 1, 2, document, 'AB', 'nonsense' FROM plan_revisions WHERE number = 1",
            (),
        ),
        "'created': 'nonsense' is not a date and time",
    ),
}


LIST = ("log", "list", "--patient", "MRN1")
CSV = ("log", "export", "--patient", "MRN1", "--csv", "{out}/log.csv")
PDF = ("log", "export", "--patient", "MRN1", "--pdf", "{out}/log.pdf")
PLAN = ("log", "plan", "--patient", "MRN1", "--pdf", "{out}/plan.pdf")
# Each command with the damage it reads: entries for the log, revisions for the plan, patients
# when a name is looked up.
CASES = [
    *((damage, command) for damage in list(TAMPERED)[:5] for command in (LIST, CSV, PDF)),
    ("revision", PDF),
    ("revision", PLAN),
    ("patient", ("log", "list", "--patient", "Bob")),
]


@pytest.mark.parametrize(("damage", "command"), CASES, ids=[f"{d}-{c[1]}-{c[-1][-3:]}" for d, c in CASES])
def test_a_tampered_row_is_refused_in_one_line_and_the_log_is_left_as_it_was(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, damage: str, command: tuple[str, ...]
) -> None:
    (sql, values), says = TAMPERED[damage]
    database = data_dir / "baclotaper.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute(sql, values)
    db.close()
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    args = [a.format(out=tmp_path) for a in command]
    code, _out, err = run(capsys, "--data-dir", str(data_dir), *args)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "the log is damaged" in err and says in err
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_an_untampered_log_still_lists_and_prints(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    database = data_dir / "baclotaper.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute(*_entry(notes="dizzy\nafter lunch", heart_rate=72))
    db.close()
    code, out, err = run(capsys, "--data-dir", str(data_dir), "log", "list", "--patient", "MRN1")
    assert code == 0, err
    assert "heart_rate 72" in out
