"""A SQLite log that is damaged, read-only or locked by another process: said clearly, never made worse."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from baclotaper.nurse_log.store import Store, StoreError
from baclotaper.nurse_log.store.errors import StoreBusyError, StoreReadOnlyError

NOW = datetime(2030, 5, 4, 12, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def filled(db: Path, count: int) -> int:
    with Store.open(db, clock=lambda: NOW) as store:
        patient = store.add_patient(name="M.N.")
        for i in range(count):
            store.add_entry(
                patient_id=patient.id,
                observed_at=NOW - timedelta(hours=i),
                recorded_by="NB",
                scores={"insomnia": i % 4},
                tier="monitor",
                notes="x" * 200,
            )
        return patient.id


def test_a_damaged_page_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    filled(db, 300)
    page_size = 4096
    raw = bytearray(db.read_bytes())
    assert len(raw) > 10 * page_size
    # One page in the middle of the log's entries, header and schema untouched.
    middle = (len(raw) // page_size // 2) * page_size
    raw[middle : middle + page_size] = b"\xa5" * page_size
    db.write_bytes(bytes(raw))
    before = digest(db)
    with pytest.raises(StoreError, match=r"(?s)is damaged .*it was not changed\. Restore a backup"):
        Store.open(db)
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite3"]


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """A folder this process cannot write to. Root ignores permissions (CI runs as root), so root
    makes it immutable, or, where the file system has no such flag (tmpfs), mounts it read-only."""
    if os.geteuid() == 0:
        if _run("chattr", "+i", str(folder)):
            try:
                yield
            finally:
                _run("chattr", "-i", str(folder))
            return
        assert _run("mount", "--bind", str(folder), str(folder)), "cannot make a read-only folder as root"
        try:
            assert _run("mount", "-o", "remount,ro,bind", str(folder), str(folder))
            yield
        finally:
            _run("umount", str(folder))
    else:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)


def test_a_read_only_folder_is_said_to_be_read_only_and_can_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    db = folder / "baclotaper.sqlite3"
    patient_id = filled(db, 3)
    before = digest(db)
    with read_only_folder(folder):
        with Store.open(db, clock=lambda: NOW) as store:
            assert store.read_only
            assert len(store.entries(patient_id)) == 3
            with pytest.raises(
                StoreReadOnlyError, match=r"saving the log entry: the log .* is read-only here.*nothing was saved"
            ):
                store.add_entry(patient_id=patient_id, observed_at=NOW, recorded_by="NB", scores={}, tier="none")
        assert sorted(p.name for p in folder.iterdir()) == ["baclotaper.sqlite3"]
    assert digest(db) == before


def test_a_new_log_in_a_read_only_folder_is_refused_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only_folder(folder), pytest.raises(StoreReadOnlyError, match="the folder is read-only"):
        Store.open(folder / "baclotaper.sqlite3")


def test_a_locked_database_is_reported_busy_and_nothing_is_saved(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    patient_id = filled(db, 1)
    locker = sqlite3.connect(db, isolation_level=None)
    try:
        locker.execute("BEGIN IMMEDIATE")  # another process holding the write lock
        with Store.open(db, clock=lambda: NOW) as store:
            with pytest.raises(StoreBusyError, match=r"saving the log entry: the database is busy.*nothing was saved"):
                store.add_entry(patient_id=patient_id, observed_at=NOW, recorded_by="NB", scores={}, tier="none")
            locker.execute("ROLLBACK")
            # Once the lock is gone the same entry saves.
            store.add_entry(patient_id=patient_id, observed_at=NOW, recorded_by="NB", scores={}, tier="none")
            assert len(store.entries(patient_id)) == 2
    finally:
        locker.close()
