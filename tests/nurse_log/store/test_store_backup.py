"""Rotating, checked backups of the SQLite log, and restoring one; ``baclotaper log backup|restore``."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from baclotaper.nurse_log.store import MIGRATIONS, Store, StoreError
from baclotaper.nurse_log.store import backup as backups
from baclotaper.nurse_log.store.connection import connect
from tests.cli_runner import run

DAY0 = datetime(2031, 7, 14, 3, 10, tzinfo=UTC)


def add_entry(store: Store, patient_id: int, when: datetime, notes: str = "") -> int:
    return store.add_entry(
        patient_id=patient_id, observed_at=when, recorded_by="NB", scores={"insomnia": 1}, tier="monitor", notes=notes
    ).id


def kinds(db: Path) -> list[str]:
    return [b.kind for b in backups.backups(db)]


def test_a_daily_backup_when_the_log_is_used(tmp_path: Path) -> None:
    db = tmp_path / "baclotaper.sqlite3"
    with Store.open(db, clock=lambda: DAY0) as store:
        patient_id = store.add_patient(name="A.B.").id
    assert kinds(db) == []  # an empty new log: nothing worth keeping yet
    for hours in (1, 5, 23):  # the same day: one backup
        with Store.open(db, clock=lambda h=hours: DAY0 + timedelta(hours=h)) as store:
            add_entry(store, patient_id, DAY0 + timedelta(hours=hours))
    assert kinds(db) == ["daily"]
    (first,) = backups.backups(db)
    with sqlite3.connect(first.path) as conn:
        assert conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 1
    conn.close()
    for day in range(1, 12):  # every day after: one a day, the newest seven kept
        Store.open(db, clock=lambda d=day: DAY0 + timedelta(days=d, hours=2)).close()
    kept = backups.backups(db)
    assert [b.kind for b in kept] == ["daily"] * backups.KEEP["daily"]
    assert kept[-1].made == DAY0 + timedelta(days=11, hours=2)
    assert all(oct(b.path.stat().st_mode & 0o777) == "0o600" for b in kept)


def test_a_backup_before_every_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "baclotaper.sqlite3"
    conn = connect(db, migrations=MIGRATIONS[:2], now=DAY0)  # a log of an older release
    conn.execute(
        "INSERT INTO patients (name, identifier, created) VALUES ('E.F.', 'V2', '2030-01-01T00:00:00.000000Z')"
    )
    conn.close()
    Store.open(db, clock=lambda: DAY0).close()
    (before,) = backups.backups(db)
    assert before.kind == "before-upgrade"
    with sqlite3.connect(before.path) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 2
        assert old.execute("SELECT name FROM patients").fetchall() == [("E.F.",)]
    old.close()


def test_restore_brings_back_the_backup_and_keeps_what_it_replaced(tmp_path: Path) -> None:
    db = tmp_path / "baclotaper.sqlite3"
    with Store.open(db, clock=lambda: DAY0) as store:
        patient_id = store.add_patient(name="G.H.").id
        add_entry(store, patient_id, DAY0, "before the backup")
        saved = store.backup()
        add_entry(store, patient_id, DAY0, "after the backup")
        kept, counts = store.restore(saved)
        assert counts["log_entries"] == 1
        assert [e.notes for e in store.entries(patient_id)] == ["before the backup"]
        # Still a working log, and what the restore replaced is not lost.
        add_entry(store, patient_id, DAY0, "after the restore")
    with Store.open(kept, clock=lambda: DAY0) as replaced:
        assert sorted(e.notes for e in replaced.entries(patient_id)) == ["after the backup", "before the backup"]


def test_a_damaged_backup_is_not_restored(tmp_path: Path) -> None:
    db = tmp_path / "baclotaper.sqlite3"
    with Store.open(db, clock=lambda: DAY0) as store:
        patient_id = store.add_patient(name="I.J.").id
        add_entry(store, patient_id, DAY0)
        bad = store.backup(tmp_path / "copy.sqlite3")
        raw = bytearray(bad.read_bytes())
        raw[4096:8192] = b"\x00\xff" * 2048
        bad.write_bytes(bytes(raw))
        with pytest.raises(StoreError, match="damaged"):
            store.restore(bad)
        assert len(store.entries(patient_id)) == 1


def test_cli_backup_list_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "log.sqlite3"
    assert run(capsys, "--database", str(db), "log", "patient", "--name", "K.L.", "--identifier", "K1")[0] == 0
    code, out, err = run(capsys, "--database", str(db), "log", "backup")
    assert (code, err) == (0, "")
    path = Path(out.split(":")[0])
    assert path.parent == tmp_path / "backups" and "checked copy" in out and "1 patients" in out
    assert run(capsys, "--database", str(db), "log", "patient", "--name", "M.N.")[0] == 0
    code, out, _ = run(capsys, "--database", str(db), "log", "backup", "--list")
    assert code == 0 and "manual" in out and str(path) in out
    code, out, err = run(capsys, "--database", str(db), "log", "restore", str(path))
    assert (code, err) == (0, "")
    assert "restored" in out and "1 patients" in out and "kept in" in out
    code, out, err = run(capsys, "--database", str(db), "log", "backup", "--to", str(path))
    assert code == 2 and "--to" in err and "already exists" in err and err[-1] == "\n" and err.count("\n") == 1


def test_cli_backup_of_a_server_log_says_where_it_is_backed_up(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--database", pg_url, "log", "backup")
    assert code == 2
    assert err.startswith("baclotaper log backup: error: backing up: the log is on the server postgresql://")
    assert "pg_dump" in err


def test_a_failed_daily_backup_is_said_and_the_log_still_opens(tmp_path: Path) -> None:
    db = tmp_path / "baclotaper.sqlite3"
    with Store.open(db, clock=lambda: DAY0) as store:
        patient_id = store.add_patient(name="O.P.").id
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    with Store.open(db, clock=lambda: DAY0 + timedelta(hours=1)) as store:
        assert store.notice.startswith("today's backup of the log could not be made (")
        assert store.notice.endswith("make one soon (baclotaper log backup)")
        add_entry(store, patient_id, DAY0, "still logged")
    (tmp_path / "backups").unlink()
    with Store.open(db, clock=lambda: DAY0 + timedelta(hours=2)) as store:
        assert store.notice == ""  # tried again, and made
    assert kinds(db) == ["daily"]


def test_no_upgrade_without_its_backup(tmp_path: Path) -> None:
    db = tmp_path / "baclotaper.sqlite3"
    conn = connect(db, migrations=MIGRATIONS[:2], now=DAY0)
    conn.execute("INSERT INTO patients (name, created) VALUES ('Q.R.', '2030-01-01T00:00:00.000000Z')")
    conn.close()
    (tmp_path / "backups").write_text("in the way")
    with pytest.raises(StoreError, match=r"was not upgraded: backing up .* failed"):
        Store.open(db, clock=lambda: DAY0)
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
    raw.close()
