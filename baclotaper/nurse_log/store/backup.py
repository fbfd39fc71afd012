"""Rotating backups of a SQLite log, made with SQLite's online backup and checked after writing.

A backup is made before every schema upgrade, once a day when the log is used, before a restore,
and when asked (``baclotaper log backup``). Each is a complete database in ``backups/`` beside
the log, private (0600), written under a temporary name and only named once it has been read
back and found whole. A restore is the same copy the other way, under the log's write lock, after
backing up what it replaces: nothing is ever lost by restoring the wrong file.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from baclotaper.nurse_log.store.errors import StoreError
from baclotaper.nurse_log.store.migrations import APPLICATION_ID, MIGRATIONS, latest_version, migrate
from baclotaper.nurse_log.store.transaction import BUSY_TIMEOUT_MS

FOLDER_NAME = "backups"
# How many of each kind are kept (the newest); a convention, not a clinical number.
KEEP = {"daily": 7, "before-upgrade": 5, "before-restore": 5, "manual": 10}
DAILY = timedelta(days=1)

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<kind>[a-z-]+)\.sqlite3$")
_TABLES = ("patients", "plans", "plan_revisions", "log_entries")


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    made: datetime


def folder_for(db: Path) -> Path:
    return db.parent / FOLDER_NAME


def backups(db: Path) -> list[Backup]:
    """The log's backups, oldest first."""
    folder = folder_for(db)
    found = []
    for path in folder.glob(f"{db.stem}-*.sqlite3") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match and match["stem"] == db.stem:
            made = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
            found.append(Backup(path, match["kind"], made))
    return sorted(found, key=lambda b: (b.made, b.path.name))


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in _TABLES}


def check_copy(path: Path) -> dict[str, int]:
    """A backup we can trust: SQLite, ours, a schema we read, every page whole. Its row counts."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be read ({error})") from error
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(3)")]
        if problems != ["ok"]:
            raise StoreError(f"{path} is damaged ({'; '.join(problems)})")
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if app_id != APPLICATION_ID or version < 1:
            raise StoreError(f"{path} is not a BacloTaper log")
        if version > latest_version(MIGRATIONS):
            raise StoreError(f"{path} is from a newer BacloTaper (schema {version})")
        return counts(conn)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is damaged or not a BacloTaper log ({error})") from error
    finally:
        conn.close()


def _copy(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        # One step: the copy is a single consistent snapshot even if others write meanwhile.
        source.backup(dest)
    finally:
        dest.close()


def make_backup(source: sqlite3.Connection, db: Path, *, kind: str, now: datetime, to: Path | None = None) -> Path:
    """Copy the open log ``source`` (the file ``db``) into a checked backup; returns its path."""
    if to is None:
        to = folder_for(db) / f"{db.stem}-{now.astimezone(UTC):{_STAMP}}-{kind}.sqlite3"
    partial = to.with_name(f".{to.name}.part")
    try:
        if to.parent == folder_for(db):
            to.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        _copy(source, partial)
        copied = check_copy(partial)
        if copied != counts(source):
            # Only possible if someone wrote between the copy and the count: copy again next time.
            raise StoreError("the log changed while it was being copied")
        os.replace(partial, to)
    except (OSError, sqlite3.Error, StoreError) as error:
        with contextlib.suppress(OSError):  # nothing there, or no folder to hold it
            partial.unlink()
        raise StoreError(f"backing up {db} to {to} failed ({error}); the log was not changed") from error
    if to.parent == folder_for(db):
        _rotate(db, kind)
    return to


def _rotate(db: Path, kind: str) -> None:
    mine = [b for b in backups(db) if b.kind == kind]
    for old in mine[: max(0, len(mine) - KEEP.get(kind, KEEP["manual"]))]:
        with contextlib.suppress(FileNotFoundError):
            old.path.unlink()


def daily_due(db: Path, now: datetime) -> bool:
    """No backup of any kind within the last day."""
    found = backups(db)
    return not found or now - found[-1].made >= DAILY


def restore(live: sqlite3.Connection, db: Path, source: Path, *, now: datetime) -> tuple[Path, dict[str, int]]:
    """Replace the log's content with the backup ``source``; returns the backup of what it was."""
    restored = check_copy(source)
    kept = make_backup(live, db, kind="before-restore", now=now)
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # The backup API takes the log's write lock and swaps every page at once: other windows
        # see the old log or the restored one, never a mixture.
        src.backup(live)
    except sqlite3.Error as error:
        raise StoreError(f"restoring {source} failed ({error}); the log is unchanged ({kept} holds it)") from error
    finally:
        src.close()
    # A backup from before an upgrade is brought to this version's schema (a backup was just made).
    migrate(live)
    return kept, restored
