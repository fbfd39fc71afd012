"""Opening the database: first run, upgrades, and files that must be refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from baclotaper.common import paths
from baclotaper.nurse_log.store import MIGRATIONS, SCHEMA_VERSION, Migration, Store, StoreError
from baclotaper.nurse_log.store.connection import connect
from baclotaper.nurse_log.store.migrations import APPLICATION_ID, migrate

# A migration the next release might ship, numbered after the real ones.
NEXT = SCHEMA_VERSION + 1
V_NEXT = Migration(
    NEXT, "test: patients get a nickname", ("ALTER TABLE patients ADD COLUMN nickname TEXT NOT NULL DEFAULT ''",)
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def table_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    conn.close()
    return {row[0] for row in rows}


def test_first_run_creates_a_private_database(tmp_path: Path) -> None:
    db = tmp_path / "new" / "folder" / "baclotaper.sqlite3"
    with Store.open(db) as store:
        store.add_patient(name="A.B.")
        assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
        for name in ("-wal", "-shm"):
            assert stat.S_IMODE(os.stat(f"{db}{name}").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(db.parent).st_mode) == 0o700
    assert {"patients", "plans", "plan_revisions", "log_entries"} <= table_names(db)


def test_connection_is_durable_and_waits_for_other_writers(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db.sqlite3")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()


def test_default_location_is_the_data_dir(tmp_path: Path) -> None:
    paths.set_data_dir(tmp_path / "app")
    try:
        with Store.open() as store:
            assert store.path == tmp_path / "app" / "baclotaper.sqlite3"
        assert store.path.exists()
    finally:
        paths.set_data_dir(None)


def test_an_empty_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    # A log that became 0 bytes (a bad copy, a full disk) must not silently become a new, empty log.
    db = tmp_path / "empty.sqlite3"
    db.touch()
    with pytest.raises(StoreError, match=r"is empty \(0 bytes\), not a log; it was not changed.*restore a backup"):
        Store.open(db)
    assert db.stat().st_size == 0
    assert side_files(db) == []


def test_a_new_log_is_never_left_half_made(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    broken = Migration(NEXT, "test: broken", ("NOT SQL AT ALL",))
    with pytest.raises(StoreError, match=r"a new log cannot be made|failed"):
        connect(db, migrations=(*MIGRATIONS, broken))
    # Neither an empty file (refused next time) nor a temporary one is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    with Store.open(db) as store:
        store.add_patient(name="K.L.")


def test_reopening_a_current_database_keeps_its_data(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with Store.open(db) as store:
        patient = store.add_patient(name="E.F.", identifier="H123")
    with Store.open(db) as store:
        assert store.find_patients("h123") == [patient]


def test_upgrade_from_version_1_keeps_the_data_and_adds_the_timeline_index(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    conn = connect(db, migrations=MIGRATIONS[:1])  # a database made by the first release
    conn.execute("INSERT INTO patients (name, identifier, created) VALUES ('E.F.', 'V1', '2026-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        (patient,) = store.find_patients("V1")
        assert patient.name == "E.F."
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = {row[1] for row in raw.execute("PRAGMA index_list(log_entries)")}
        assert "log_entries_timeline" in indexes
    raw.close()


def test_upgrade_to_a_next_version_keeps_the_data(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with Store.open(db) as store:
        patient = store.add_patient(name="G.H.")
    conn = connect(db, migrations=(*MIGRATIONS, V_NEXT))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == NEXT
        row = conn.execute("SELECT name, nickname FROM patients WHERE id = ?", (patient.id,)).fetchone()
        assert row == ("G.H.", "")
    finally:
        conn.close()


def test_a_new_file_runs_every_migration_in_order(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    conn = connect(db, migrations=(*MIGRATIONS, V_NEXT))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == NEXT
        columns = {row[1] for row in conn.execute("PRAGMA table_info(patients)")}
        assert "nickname" in columns
        # Running again changes nothing.
        assert migrate(conn, (*MIGRATIONS, V_NEXT)) == NEXT
    finally:
        conn.close()


def test_a_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    Store.open(db).close()
    broken = Migration(NEXT, "test: broken", ("ALTER TABLE patients ADD COLUMN half_done TEXT", "NOT SQL AT ALL"))
    with pytest.raises(
        StoreError, match=rf"upgrading the database to schema {NEXT} failed .* left at schema {SCHEMA_VERSION}"
    ):
        connect(db, migrations=(*MIGRATIONS, broken))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "half_done" not in {row[1] for row in conn.execute("PRAGMA table_info(patients)")}
    conn.close()


def test_migrations_must_be_numbered_in_order(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"numbered 1, 2, 3"):
        connect(tmp_path / "db.sqlite3", migrations=(*MIGRATIONS, Migration(NEXT + 1, "gap", ())))


def test_a_newer_database_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE future (x)")
        conn.execute("INSERT INTO future VALUES ('from BacloTaper 9')")
        conn.execute("PRAGMA user_version = 7")
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError) as caught:
        Store.open(db)
    assert f"newer BacloTaper (schema 7; this version reads up to {SCHEMA_VERSION}); it was not changed" in str(
        caught.value
    )
    assert digest(db) == before
    assert side_files(db) == []


def test_a_database_upgraded_elsewhere_is_refused_by_older_code(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    Store.open(db).close()
    connect(db, migrations=(*MIGRATIONS, V_NEXT)).close()
    before = digest(db)
    with pytest.raises(StoreError, match=rf"schema {NEXT}; this version reads up to {SCHEMA_VERSION}"):
        Store.open(db)
    assert digest(db) == before


def test_random_bytes_are_refused_and_left_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    db.write_bytes(os.urandom(8192))
    before = digest(db)
    with pytest.raises(StoreError, match=r"not a BacloTaper database .*it was not changed"):
        Store.open(db)
    assert digest(db) == before
    assert side_files(db) == []


def test_a_damaged_database_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with Store.open(db) as store:
        store.add_patient(name="I.J.")
    # Keep the 100-byte header (valid, ours, version 1) and destroy everything after it.
    raw = bytearray(db.read_bytes())
    raw[100:] = os.urandom(len(raw) - 100)
    db.write_bytes(bytes(raw))
    before = digest(db)
    with pytest.raises(StoreError, match=r"damaged or not a BacloTaper database .*it was not changed"):
        Store.open(db)
    assert digest(db) == before


def test_another_programs_database_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE contacts (name)")
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError, match=r"another program's database; it was not changed"):
        Store.open(db)
    assert digest(db) == before
