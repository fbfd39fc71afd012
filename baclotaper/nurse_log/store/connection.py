"""Open the SQLite file: refuse what is not ours or is too new, then secure, configure, migrate.

Nothing is written to a file until it has been checked: a corrupt file, another program's
database or one from a newer BacloTaper is reported and left byte-for-byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from baclotaper.nurse_log.store.errors import StoreError
from baclotaper.nurse_log.store.migrations import (
    APPLICATION_ID,
    MIGRATIONS,
    Migration,
    latest_version,
    migrate,
    newer_schema_error,
    user_version,
)
from baclotaper.nurse_log.store.transaction import BUSY_TIMEOUT_MS

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
# Offsets of two big-endian integers in the SQLite file header (sqlite.org/fileformat.html).
_USER_VERSION_AT = 60
_APPLICATION_ID_AT = 68

FILE_MODE = 0o600
DIR_MODE = 0o700


def _prepare(path: Path) -> None:
    """Create the folder (0700) and an empty database file (0600) if they are missing.

    SQLite gives its -wal and -shm files the database file's permissions, so they are 0600 too.
    An existing folder is left as it is: it may be one the user chose and shares.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=DIR_MODE)
        os.chmod(path.parent, DIR_MODE)  # mkdir's mode is reduced by the umask
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def _header_checks(path: Path, latest: int) -> None:
    """Refuse from the header bytes alone, before SQLite touches the file or makes -wal files."""
    with path.open("rb") as fh:
        header = fh.read(_HEADER_SIZE)
    if not header:
        return  # an empty file is a new database
    if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
        raise StoreError(f"{path} is not a BacloTaper database (not SQLite); it was not changed")
    version = int.from_bytes(header[_USER_VERSION_AT : _USER_VERSION_AT + 4], "big")
    app_id = int.from_bytes(header[_APPLICATION_ID_AT : _APPLICATION_ID_AT + 4], "big")
    if version > latest and app_id == APPLICATION_ID:
        raise newer_schema_error(path, version, latest)
    if version > 0 and app_id != APPLICATION_ID:
        raise StoreError(f"{path} is another program's database; it was not changed")


def _read_checks(conn: sqlite3.Connection, path: Path, latest: int) -> None:
    """The same checks through SQLite (which sees a -wal file), plus reading the schema page."""
    try:
        version = user_version(conn)
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is damaged or not a BacloTaper database ({error}); it was not changed") from error
    if version > latest:
        raise newer_schema_error(path, version, latest)
    if (version == 0 and tables) or (version > 0 and app_id != APPLICATION_ID):
        raise StoreError(f"{path} is another program's database; it was not changed")


def _secure(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            os.chmod(name, FILE_MODE)


def connect(path: Path, *, migrations: Sequence[Migration] = MIGRATIONS) -> sqlite3.Connection:
    """A checked, configured and migrated connection to the database at ``path``."""
    path = Path(path)
    latest = latest_version(migrations)
    _prepare(path)
    _header_checks(path, latest)
    try:
        # Autocommit mode: transactions are explicit (transaction.write_transaction).
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened ({error})") from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _read_checks(conn, path, latest)
        # From here on the file is known to be ours: it may be changed.
        _secure(path)
        # WAL: readers never block the writer, and a killed process leaves no half transaction.
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: each commit is on disk before it returns (a nurse's saved entry survives a crash).
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, migrations)
        _secure(path)
    except BaseException:
        conn.close()
        raise
    return conn
