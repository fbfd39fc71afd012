"""Open the SQLite file: refuse what is not ours, too new or damaged, then secure, configure, migrate.

Nothing is written to a file until it has been checked: a corrupt file, an empty one, another
program's database or one from a newer BacloTaper is reported and left byte-for-byte as it was.
A new database is built under a temporary name and only then given its name, so a log file is
never half-made. A log in a read-only folder is opened for reading and said to be read-only.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from baclotaper.nurse_log.store import backup
from baclotaper.nurse_log.store.errors import StoreError, StoreReadOnlyError
from baclotaper.nurse_log.store.migrations import (
    APPLICATION_ID,
    MIGRATIONS,
    Migration,
    latest_version,
    migrate,
    user_version,
)
from baclotaper.nurse_log.store.sqlite_backend import SqliteBackend, newer_schema_error
from baclotaper.nurse_log.store.transaction import BUSY_TIMEOUT_MS

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
# Offsets of two big-endian integers in the SQLite file header (sqlite.org/fileformat.html).
_USER_VERSION_AT = 60
_APPLICATION_ID_AT = 68

FILE_MODE = 0o600
DIR_MODE = 0o700

# Integrity checks read every page; report only the first few problems.
_PROBLEMS_SHOWN = 3


def _prepare_folder(path: Path) -> None:
    """Create the folder (0700) if it is missing; an existing one is left as it is (it may be shared)."""
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, mode=DIR_MODE)
        except OSError as error:
            raise StoreError(f"the folder for {path} cannot be created ({error.strerror})") from error
        os.chmod(path.parent, DIR_MODE)  # mkdir's mode is reduced by the umask


def _header_checks(path: Path, latest: int) -> None:
    """Refuse from the header bytes alone, before SQLite touches the file or makes -wal files."""
    # A FIFO or device would block the read (or never end): a log is an ordinary file.
    if not path.is_file():
        raise StoreError(f"{path} is not an ordinary file (a folder, pipe or device), not a log; it was not changed")
    try:
        with path.open("rb") as fh:
            header = fh.read(_HEADER_SIZE)
    except OSError as error:
        raise StoreError(f"{path} cannot be read ({error.strerror}); it was not changed") from error
    if not header:
        # A log that was there and is now empty was lost (a bad copy, a full disk): starting a new
        # one silently would hide that. A new log is never an empty file (see _create).
        raise StoreError(
            f"{path} is empty (0 bytes), not a log; it was not changed. If it should hold the log, "
            "restore a backup (baclotaper log restore); to start a new log, delete the empty file"
        )
    if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
        raise StoreError(f"{path} is not a BacloTaper database (not SQLite); it was not changed")
    version = int.from_bytes(header[_USER_VERSION_AT : _USER_VERSION_AT + 4], "big")
    app_id = int.from_bytes(header[_APPLICATION_ID_AT : _APPLICATION_ID_AT + 4], "big")
    if version > latest and app_id == APPLICATION_ID:
        raise newer_schema_error(path, version, latest)
    if version > 0 and app_id != APPLICATION_ID:
        raise StoreError(f"{path} is another program's database; it was not changed")


def _damaged(path: Path, detail: object) -> StoreError:
    return StoreError(
        f"{path} is damaged or not a BacloTaper database ({detail}); it was not changed. "
        "Restore a backup (baclotaper log restore) or ask for help before using it"
    )


def _read_checks(conn: sqlite3.Connection, path: Path, latest: int) -> int:
    """The same checks through SQLite (which sees a -wal file), then every page read and checked."""
    try:
        version = user_version(conn)
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from error
    if version > latest:
        raise newer_schema_error(path, version, latest)
    if (version == 0 and tables) or (version > 0 and app_id != APPLICATION_ID):
        raise StoreError(f"{path} is another program's database; it was not changed")
    # quick_check reads every page and checks its structure (not that indexes match their
    # tables, which only SQLite itself writes): damage is refused here instead of being written
    # to, or failing later while a nurse reads the log. bench/bench_store.py measures it.
    try:
        problems = [row[0] for row in conn.execute(f"PRAGMA quick_check({_PROBLEMS_SHOWN})")]
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from error
    if problems != ["ok"]:
        raise _damaged(path, "; ".join(problems))
    return version


def _secure(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            os.chmod(name, FILE_MODE)


def _configure(conn: sqlite3.Connection) -> None:
    # WAL: readers never block the writer, and a killed process leaves no half transaction.
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: each commit is on disk before it returns (a nurse's saved entry survives a crash).
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _raw_connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    # Autocommit mode: transactions are explicit (transaction.write_transaction).
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=uri)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _create(path: Path, migrations: Sequence[Migration]) -> None:
    """Build a new, fully migrated database under a temporary name, then give it ``path``."""
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as error:
        if not os.access(path.parent, os.W_OK):
            raise StoreReadOnlyError(f"a new log cannot be made in {path.parent}: the folder is read-only") from error
        raise StoreError(f"a new log cannot be made at {path} ({error.strerror})") from error
    os.close(fd)
    try:
        conn = _raw_connect(str(temporary))
        try:
            _configure(conn)
            migrate(conn, migrations)
        finally:
            conn.close()
        # link, not rename: if another process made the log meanwhile, theirs is kept.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    except sqlite3.Error as error:
        raise StoreError(f"a new log cannot be made at {path} ({error})") from error
    finally:
        for name in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            with contextlib.suppress(FileNotFoundError):
                name.unlink()


def writable(path: Path) -> bool:
    """Can this process change the log (the file, and the folder for its -wal and -shm files)?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _backups(conn: sqlite3.Connection, path: Path, version: int, latest: int, now: datetime) -> str:
    """Before an upgrade, and once a day when the log is used: a checked copy (see backup.py).

    No upgrade without its backup; but a daily one that fails (a full disk) must not keep the
    nurse from the log: it is said (the returned notice) and tried again at the next opening.
    """
    if 0 < version < latest:
        try:
            backup.make_backup(conn, path, kind="before-upgrade", now=now)
        except StoreError as error:
            raise StoreError(f"{path} was not upgraded: {error}") from error
    elif version == latest and backup.daily_due(path, now) and any(backup.counts(conn).values()):
        try:
            backup.make_backup(conn, path, kind="daily", now=now)
        except StoreError as error:
            return f"today's backup of the log could not be made ({error}); make one soon (baclotaper log backup)"
    return ""


def connect(
    path: Path,
    *,
    migrations: Sequence[Migration] = MIGRATIONS,
    now: datetime | None = None,
    notices: list[str] | None = None,
) -> sqlite3.Connection:
    """A checked, configured and migrated connection to the database at ``path`` (made if new)."""
    path = Path(path)
    now = now if now is not None else datetime.now(UTC)
    latest = latest_version(migrations)
    _prepare_folder(path)
    if not path.exists():
        _create(path, migrations)
    _header_checks(path, latest)
    if not writable(path):
        raise StoreReadOnlyError(f"{path} is read-only (the file or its folder)")
    try:
        conn = _raw_connect(str(path))
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened ({error})") from error
    try:
        version = _read_checks(conn, path, latest)
        # From here on the file is known to be ours: it may be changed.
        _secure(path)
        _configure(conn)
        notice = _backups(conn, path, version, latest, now)
        if notice and notices is not None:
            notices.append(notice)
        migrate(conn, migrations)
        _secure(path)
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_read_only(path: Path, latest: int) -> sqlite3.Connection:
    """Read a log we may not write to. A clean log has no -wal file: then nothing can change it
    while we read (the folder is read-only), so SQLite need not make a -shm file either."""
    base = f"file:{path.as_posix()}?mode=ro"
    wal = Path(f"{path}-wal")
    attempts = [base]
    if not wal.exists() or wal.stat().st_size == 0:
        attempts.append(f"{base}&immutable=1")
    last: sqlite3.Error | None = None
    for target in attempts:
        try:
            conn = _raw_connect(target, uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            last = error
            continue
        try:
            version = _read_checks(conn, path, latest)
        except BaseException:
            conn.close()
            raise
        if version != latest:
            conn.close()
            raise StoreReadOnlyError(
                f"{path} is read-only and at schema {version}; this BacloTaper reads schema {latest} "
                "and cannot upgrade it there. Open it where it can be written, or copy it"
            )
        return conn
    raise StoreReadOnlyError(f"{path} is read-only and cannot be read here ({last}); it was not changed")


def open_sqlite(
    path: Path, *, migrations: Sequence[Migration] = MIGRATIONS, now: datetime | None = None
) -> SqliteBackend:
    """The log at ``path``: for writing, or for reading only when the file or folder is read-only."""
    path = Path(path)
    notices: list[str] = []
    try:
        backend = SqliteBackend(connect(path, migrations=migrations, now=now, notices=notices), path)
        backend.notice = "; ".join(notices)
        return backend
    except StoreReadOnlyError:
        if not path.exists():
            raise
    conn = _connect_read_only(path, latest_version(migrations))
    why = f"the log {path} is read-only here (its file or folder cannot be written); reading is allowed"
    return SqliteBackend(conn, path, read_only=True, why=why)
