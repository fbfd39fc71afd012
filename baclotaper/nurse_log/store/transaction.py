"""One durable write transaction, safe against a second writer (another window or process)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from baclotaper.nurse_log.store.errors import StoreBusyError

# SQLite waits this long for another writer's lock before reporting "busy"... A save takes a few
# milliseconds, so a lock held longer is a stuck or hostile process: say so within seconds.
BUSY_TIMEOUT_MS = 2_000
# ...and on top of that we retry once, after a pause, before giving up (about 4 s in all).
RETRIES = 1
BACKOFF_S = 0.05

_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in _BUSY_CODES


def _retrying(conn: sqlite3.Connection, sql: str) -> None:
    for attempt in range(RETRIES + 1):
        try:
            conn.execute(sql)
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error) or attempt == RETRIES:
                if is_busy(error):
                    raise StoreBusyError(
                        "the database is busy: another BacloTaper window or process kept it "
                        "locked; nothing was saved, try again"
                    ) from error
                raise
            time.sleep(BACKOFF_S * 2**attempt)


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: all or nothing, committed to disk when the block ends.

    IMMEDIATE takes the write lock up front, so a read-then-write (next revision number) cannot be
    overtaken by another writer. The connection must be in autocommit mode (isolation_level None).
    """
    _retrying(conn, "BEGIN IMMEDIATE")
    try:
        yield
        _retrying(conn, "COMMIT")
    except BaseException:
        # SQLite may already have rolled back (e.g. disk full); a second ROLLBACK would fail.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
