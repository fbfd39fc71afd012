"""``baclotaper log migrate --to URL``: a local log copied to the ward's server, checked row by row."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from baclotaper.nurse_log.store import Store
from tests.cli_runner import run
from tests.nurse_log.store.history_db import snapshot

NOW = datetime(2031, 7, 14, 3, 10, tzinfo=UTC)
# Save keys as the window makes them (schema 5); the rows saved without one keep NULL.
KEYS = [str(UUID(int=n)) for n in range(1, 5)]


def local_log(db: Path) -> int:
    """A log with every kind of row, including entries and revisions that refer to each other."""
    with Store.open(db, clock=lambda: NOW) as store:
        patient = store.add_patient(name="Ana Ölçer", identifier="MRN-7", key=KEYS[0])
        store.add_patient(name="B.C.")
        plan = store.add_plan(patient_id=patient.id, title="Oral 60 mg")
        store.add_revision(plan_id=plan.id, document={"steps": [60, 50]}, author="Dr A")
        for hours in range(30):
            store.add_entry(
                patient_id=patient.id, plan_id=plan.id, revision=1, observed_at=NOW - timedelta(hours=40 - hours),
                recorded_by="NB", scores={"insomnia": hours % 4}, vitals={"temperature": 36.5 + hours / 10},
                tier="monitor", notes=f"note {hours} ✓",
            )  # fmt: skip
        bad = store.add_entry(
            patient_id=patient.id, observed_at=NOW - timedelta(hours=5), recorded_by="NB",
            scores={"seizures": 2}, tier="emergency", key=KEYS[1],
        )  # fmt: skip
        fixed = store.correct_entry(
            bad.id, observed_at=NOW - timedelta(hours=5), recorded_by="NB", scores={"seizures": 3}, tier="emergency"
        )
        store.acknowledge_emergency(entry_id=fixed.id, clinician="Dr A", key=KEYS[2])
        store.add_revision(
            plan_id=plan.id, document={"steps": [60, 60, 50]}, author="Dr A", answers_entry=fixed.id, proposal="hold",
            key=KEYS[3],
        )  # fmt: skip
        store.add_entry(
            patient_id=patient.id, plan_id=plan.id, revision=2, observed_at=NOW - timedelta(hours=1),
            recorded_by="NB", scores={}, tier="none",
        )  # fmt: skip
        return patient.id


def test_migrate_copies_and_checks_everything(tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "log.sqlite3"
    patient_id = local_log(db)
    code, out, err = run(capsys, "--database", str(db), "log", "migrate", "--to", pg_url)
    assert (code, err) == (0, "")
    assert "checked every row (2 patients, 2 plan revisions, 33 log entries)" in out
    assert snapshot(db) == snapshot(pg_url)  # every row, every value, ids included
    with Store.open(db, clock=lambda: NOW) as local, Store.open(pg_url, clock=lambda: NOW) as server:
        assert server.entries(patient_id) == local.entries(patient_id)
        assert server.timeline(patient_id) == local.timeline(patient_id)
        assert server.revisions(1) == local.revisions(1)
        assert server.open_emergency(patient_id) is None
        # The keys came too: a save retried against the server finds the row saved on the old log.
        bad = server.entries(patient_id)[-3]
        retried = server.add_entry(
            patient_id=patient_id, observed_at=NOW - timedelta(hours=5), recorded_by="NB", scores={"seizures": 2},
            tier="emergency", key=KEYS[1],
        )  # fmt: skip
        assert retried == bad
        assert server.counts()["log_entries"] == 33
        # The server continues the numbering after the copied rows.
        new = server.add_entry(patient_id=patient_id, observed_at=NOW, recorded_by="NB", scores={}, tier="none")
        assert new.id == max(e.id for e in local.entries(patient_id)) + 1


def test_migrate_never_merges_into_a_log_that_has_data(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "log.sqlite3"
    local_log(db)
    with Store.open(pg_url, clock=lambda: NOW) as server:
        server.add_patient(name="Already here")
    before = snapshot(pg_url)
    code, _, err = run(capsys, "--database", str(db), "log", "migrate", "--to", pg_url)
    assert code == 2
    assert "already holds a log (patients is not empty); nothing was copied" in err
    assert snapshot(pg_url) == before


def test_migrate_to_the_same_log_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "log.sqlite3"
    local_log(db)
    code, _, err = run(capsys, "--database", str(db), "log", "migrate", "--to", f"sqlite://{db}")
    assert (code, err) == (2, "baclotaper log migrate: error: --to: is the log being copied; name another\n")


def test_a_database_that_is_not_a_log_is_refused_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--database", "ftp://ward/log", "log", "list", "--patient", "X")
    assert (code, out) == (2, "")
    assert err == (
        "baclotaper log list: error: --database: 'ftp://ward/log' is not a log: "
        "give a file path, sqlite:///path or postgresql://user@host/database\n"
    )


def test_a_pipe_or_folder_is_refused_without_waiting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Reading the header of a FIFO blocks for ever: a log must be an ordinary file."""
    db = tmp_path / "log.sqlite3"
    local_log(db)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "--database", str(db), "log", "migrate", "--to", f"sqlite://{fifo}")
    assert code == 2
    assert "not an ordinary file" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--database", str(fifo), "log", "list", "--patient", "X")
    assert code == 2
    assert "not an ordinary file" in err
    assert fifo.exists() and not fifo.is_file()
