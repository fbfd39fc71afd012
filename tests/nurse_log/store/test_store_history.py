"""History is append-only on both backends: no statement, however it is written, changes it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from baclotaper.nurse_log.store import Store
from tests.nurse_log.store.history_db import raw, snapshot
from tests.nurse_log.store.pg_server import PgServer

NOW = datetime(2030, 5, 4, 12, 0, tzinfo=UTC)
REFUSED = (sqlite3.DatabaseError, psycopg.Error)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def history(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    """A log with one of everything: patient, plan, two revisions, an emergency, its correction
    and its acknowledgement, and a revision that answers an entry. Shared by the module's tests:
    each checks that it is unchanged."""
    target: Path | str
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("history") / "baclotaper.sqlite3"
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        target = server.url(server.new_database(request.getfixturevalue("pg_template")))
    with Store.open(target, clock=lambda: NOW) as store:
        patient = store.add_patient(name="O.P.", identifier="H-1", key=str(uuid4()))
        plan = store.add_plan(patient_id=patient.id, title="Plan")
        store.add_revision(plan_id=plan.id, document={"steps": [1]}, author="Dr A")
        first = store.add_entry(
            patient_id=patient.id, observed_at=NOW - timedelta(hours=2), recorded_by="NB",
            scores={"seizures": 2}, tier="emergency", key=str(uuid4()),
        )  # fmt: skip
        fixed = store.correct_entry(
            first.id, observed_at=NOW - timedelta(hours=2), recorded_by="NB", scores={"seizures": 3}, tier="emergency"
        )
        store.acknowledge_emergency(entry_id=fixed.id, clinician="Dr A", key=str(uuid4()))
        store.add_revision(
            plan_id=plan.id, document={"steps": [2]}, author="Dr A", answers_entry=fixed.id, proposal="hold",
            key=str(uuid4()),
        )  # fmt: skip
    yield target


CHANGES = [
    "UPDATE patients SET name = 'changed'",
    "DELETE FROM patients",
    "UPDATE plans SET title = 'changed'",
    "DELETE FROM plans",
    "UPDATE plan_revisions SET document = '{}'",
    "DELETE FROM plan_revisions",
    "UPDATE log_entries SET tier = 'none'",
    "UPDATE log_entries SET notes = 'edited'",
    "UPDATE log_entries SET save_key = NULL",
    "UPDATE patients SET save_key = 'another'",
    "DELETE FROM log_entries",
    "UPDATE emergency_acknowledgements SET clinician = 'someone else'",
    "DELETE FROM emergency_acknowledgements",
]


@pytest.mark.parametrize("statement", CHANGES)
def test_no_update_or_delete_changes_history(history: Path | str, statement: str) -> None:
    before = snapshot(history)
    with pytest.raises(REFUSED, match=r"never (changed|deleted)"):
        raw(history, statement)
    assert snapshot(history) == before


def _columns(db: Path, table: str) -> list[str]:
    # table_xinfo's "hidden" is 2 or 3 for generated columns, which cannot be inserted.
    with sqlite3.connect(db) as conn:
        rows = conn.execute(f"PRAGMA table_xinfo({table})").fetchall()
    conn.close()
    return [row[1] for row in rows if row[6] == 0]


def _unique_keys(db: Path) -> list[tuple[str, list[str]]]:
    """Every unique key of every table (the primary key ``id`` included)."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        keys = [(table, ["id"]) for table in tables]
        for table in tables:
            for index in conn.execute(f"PRAGMA index_list({table})").fetchall():
                if index[2]:  # unique
                    keys.append((table, [c[2] for c in conn.execute(f"PRAGMA index_info({index[1]})")]))
    conn.close()
    return keys


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE INTO", "REPLACE INTO"])
def test_sqlite_replace_cannot_overwrite_any_row(history: Path | str, verb: str) -> None:
    if not isinstance(history, Path):
        # PostgreSQL has no REPLACE; its upsert is an UPDATE, refused below.
        with pytest.raises(psycopg.Error, match="never changed"):
            raw(history, "INSERT INTO patients SELECT * FROM patients ON CONFLICT (id) DO UPDATE SET name = 'x'")
        return
    before = snapshot(history)
    keys = _unique_keys(history)
    assert {t for t, _ in keys} >= {"patients", "plans", "plan_revisions", "log_entries", "emergency_acknowledgements"}
    for table, key in keys:
        columns = _columns(history, table)
        # A copy of a row that has the key, colliding on that key only (a new id unless the key is id).
        copied = [c for c in columns if c != "id" or key == ["id"]]
        where = " AND ".join(f"{c} IS NOT NULL" for c in key)
        statement = (
            f"{verb} {table} ({', '.join(copied)}) SELECT {', '.join(copied)} FROM {table} WHERE {where} LIMIT 1"
        )
        assert raw(history, f"SELECT count(*) FROM {table} WHERE {where}")[0][0] > 0, (table, key)
        with pytest.raises(sqlite3.DatabaseError, match="never replaced"):
            raw(history, statement)
    assert snapshot(history) == before


def test_postgres_truncate_is_refused(history: Path | str) -> None:
    if isinstance(history, Path):
        return  # SQLite has no TRUNCATE (its DELETE is refused above)
    before = snapshot(history)
    for table in ("log_entries", "plan_revisions", "patients", "plans", "emergency_acknowledgements"):
        with pytest.raises(psycopg.Error, match=r"never changed or deleted|cannot truncate"):
            raw(history, f"TRUNCATE {table} CASCADE")
    assert snapshot(history) == before


def test_the_server_says_who_saved_what(pg_server: PgServer, pg_url: str) -> None:
    """A nurse's login may read and add, never update or delete, and cannot sign as someone else."""
    with Store.open(pg_url, clock=lambda: NOW) as admin:
        patient = admin.add_patient(name="Q.R.")
    database = pg_url.rsplit("/", 1)[1]
    role = f"nurse_{database}"
    with pg_server.admin() as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN IN ROLE baclotaper_clinician")
    nurse_url = pg_server.url(database, user=role)
    with Store.open(nurse_url, clock=lambda: NOW) as nurse:
        entry = nurse.add_entry(patient_id=patient.id, observed_at=NOW, recorded_by="AB", scores={}, tier="none")
        assert (entry.recorded_by, entry.db_user) == ("AB", role)
        assert nurse.entries(patient.id) == [entry]
    for statement in ("UPDATE log_entries SET notes = 'x'", "DELETE FROM log_entries", "TRUNCATE log_entries"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            raw(nurse_url, statement)
    # The server writes the name: a client that sends another one is overruled.
    raw(
        nurse_url,
        "INSERT INTO log_entries (patient_id, observed_at, recorded_at, recorded_by, scores, tier, total, db_user)"
        " VALUES (?, '2030-05-04T11:00:00.000000Z', '2030-05-04T11:00:00.000000Z', 'AB', '{}', 'none', 0, 'postgres')",
        (patient.id,),
    )
    assert {row[0] for row in raw(pg_url, "SELECT db_user FROM log_entries")} == {role}


def test_sqlite_records_the_login_beside_the_initials(tmp_path: Path) -> None:
    import getpass

    with Store.open(tmp_path / "db.sqlite3", clock=lambda: NOW) as store:
        patient = store.add_patient(name="S.T.")
        entry = store.add_entry(patient_id=patient.id, observed_at=NOW, recorded_by="AB", scores={}, tier="none")
    assert (entry.recorded_by, entry.db_user) == ("AB", getpass.getuser())


def test_the_author_names_the_login_only_when_it_says_more(tmp_path: Path) -> None:
    from dataclasses import replace

    with Store.open(tmp_path / "db.sqlite3", clock=lambda: NOW) as store:
        patient = store.add_patient(name="S.T.")
        entry = store.add_entry(patient_id=patient.id, observed_at=NOW, recorded_by="AB", scores={}, tier="none")
    assert replace(entry, db_user="nurse_jones").author == "AB (nurse_jones)"
    assert replace(entry, db_user="ab").author == "AB"  # the login is the initials: said once
    assert replace(entry, db_user="").author == "AB"  # saved before the log kept logins
