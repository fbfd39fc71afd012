"""The PostgreSQL backend: one log on a ward's server, shared by every workstation.

The same promises as the SQLite file: writes are all-or-nothing and one at a time (a transaction
holding an advisory lock, so a read-then-write such as "the next revision number" or "was this
advice already accepted?" cannot be overtaken), history is append-only (triggers, and a
``baclotaper_clinician`` role that may read and insert but not update or delete), and nothing
waits on the server for more than a few seconds.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg.errors
from psycopg.conninfo import conninfo_to_dict

from baclotaper.nurse_log.store.backend import Backend, DriverError, Params, Rows, public
from baclotaper.nurse_log.store.errors import StoreBusyError, StoreError, StoreUnreachableError
from baclotaper.nurse_log.store.migrations import APPLICATION_ID, MIGRATIONS, latest_version, migrate
from baclotaper.nurse_log.store.sqlite_backend import newer_schema_error

#: The group role of everyone who charts: read and add, never change or remove (README: ward setup).
CLINICIAN_ROLE = "baclotaper_clinician"
SCHEMA_TABLE = "baclotaper_schema"

# Seconds. A save is milliseconds; longer means the network or server is in trouble, and the
# window must say so rather than wait (the entry stays in the form).
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 5_000
LOCK_TIMEOUT_MS = 3_000
_DEFAULTS = {
    "connect_timeout": str(CONNECT_TIMEOUT_S),
    "application_name": "BacloTaper",
    # A server that vanishes without closing the connection is noticed by the kernel, not never.
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "2",
    "keepalives_count": "2",
    "tcp_user_timeout": str(STATEMENT_TIMEOUT_MS),
}
_OPTIONS = (
    f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}"
    " -c idle_in_transaction_session_timeout=60000 -c TimeZone=UTC"
)

#: Every committed write says so on this channel (NOTIFY): other workstations' windows listen and
#: show it at once; their polling every few seconds stays as the fallback.
CHANGES_CHANNEL = "baclotaper_changes"
#: Seconds between tries when the listening connection is lost.
LISTEN_RETRY_S = 5.0

_NAMED = re.compile(r"(?<![:\w]):([a-z_]+)")


def _translate(sql: str) -> str:
    """The repository's SQLite parameters (``?``, ``:name``) as psycopg's (``%s``, ``%(name)s``)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%").replace("?", "%s"))


_BUSY = (psycopg.errors.QueryCanceled, psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected)


class PostgresBackend(Backend):
    kind = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = public(url)
        info: dict[str, Any] = conninfo_to_dict(url)
        for key, value in _DEFAULTS.items():
            info.setdefault(key, value)
        info["options"] = f"{_OPTIONS} {info.get('options', '')}".strip()
        self._info = info
        self._sql: dict[str, str] = {}
        self._conn: psycopg.Connection[Any] | None = None
        self._user = ""
        self._down: tuple[float, str] | None = None  # when and why the server last failed to answer
        self._broken_off: float | None = None  # interrupt() broke the connection after so many seconds
        self._pid = 0  # the server process of this connection (its own NOTIFYs are no news)
        self._connection()

    # Connecting ---------------------------------------------------------------------------

    def _connection(self) -> psycopg.Connection[Any]:
        """The open connection, made again if the server went away and came back."""
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if conn is not None:
            conn.close()
        if self._down is not None and time.monotonic() - self._down[0] < self.fail_fast_s:
            raise StoreUnreachableError(self._down[1])
        try:
            self._conn = psycopg.connect(**self._info, autocommit=True)
        except psycopg.OperationalError as error:
            self._conn = None
            message = f"the log server {self.where} cannot be reached ({_first_line(error)})"
            self._down = (time.monotonic(), message)
            raise StoreUnreachableError(message) from error
        except psycopg.Error as error:
            raise StoreError(f"the log server {self.where} refused the connection ({_first_line(error)})") from error
        self._down = None
        self._pid = self._conn.info.backend_pid
        return self._conn

    def _failure(self, error: psycopg.Error) -> StoreError:
        text = _first_line(error)
        if isinstance(error, _BUSY):
            return StoreBusyError(f"the log server is busy (another workstation held the log too long: {text})")
        conn = self._conn
        if isinstance(error, psycopg.OperationalError) and (conn is None or conn.closed or conn.broken):
            message = f"the log server {self.where} stopped answering ({text})"
            if self._broken_off is not None:  # it was us, after waiting for an answer
                message = f"the log server {self.where} did not answer for {self._broken_off:.0f} s"
                self._broken_off = None
            self._down = (time.monotonic(), message)
            return StoreUnreachableError(message)
        return DriverError(text)

    # Running SQL ---------------------------------------------------------------------------

    def execute(self, sql: str, params: Params = ()) -> Rows:
        translated = self._sql.get(sql)
        if translated is None:
            translated = self._sql[sql] = _translate(sql)
        conn = self._connection()
        try:
            return conn.execute(translated, params or None)
        except psycopg.Error as error:
            raise self._failure(error) from error

    def insert(self, sql: str, params: Params = ()) -> int:
        row = self.execute(f"{sql} RETURNING id", params).fetchone()
        return int(row[0])

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        conn = self._connection()
        try:
            with conn.cursor() as cursor:
                cursor.executemany(_translate(sql), rows)
        except psycopg.Error as error:
            raise self._failure(error) from error

    @contextmanager
    def write(self, action: str) -> Iterator[None]:
        conn = self._connection()
        try:
            with conn.transaction():
                # One writer at a time, like SQLite's BEGIN IMMEDIATE (waits at most LOCK_TIMEOUT_MS).
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (APPLICATION_ID,))
                yield
                # Delivered to listeners when (and only if) the transaction commits.
                conn.execute(f"NOTIFY {CHANGES_CHANNEL}")
        except (StoreBusyError, StoreUnreachableError) as error:
            raise type(error)(f"{action}: {error}; nothing was saved") from error
        except DriverError as error:
            raise StoreError(f"{action}: {error}; nothing was saved") from error
        except psycopg.Error as error:
            failure = self._failure(error)
            kind = type(failure) if not isinstance(failure, DriverError) else StoreError
            raise kind(f"{action}: {failure}; nothing was saved") from error

    # Schema --------------------------------------------------------------------------------

    def _has_schema_table(self) -> bool:
        row = self.execute("SELECT to_regclass(?) IS NOT NULL", (SCHEMA_TABLE,)).fetchone()
        return bool(row[0])

    def schema_version(self) -> int:
        if not self._has_schema_table():
            return 0
        return int(self.execute(f"SELECT coalesce(max(version), 0) FROM {SCHEMA_TABLE}").fetchone()[0])

    def other_tables(self) -> int:
        """Tables in our schema that are not the log's: another program's database."""
        row = self.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()
        return int(row[0])

    def reset_ids(self, tables: Sequence[str]) -> None:
        """After rows were copied with their ids: new rows continue after the highest."""
        for table in tables:
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
            )

    def apply_migration(self, version: int, description: str, statements: Sequence[str], latest: int) -> None:
        conn = self._connection()
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (APPLICATION_ID,))
                current = self.schema_version()
                if current > latest:
                    raise newer_schema_error(self.where, current, latest)
                if current >= version:
                    return
                try:
                    if current == 0:
                        conn.execute(_SCHEMA_TABLE_SQL)
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(
                        f"INSERT INTO {SCHEMA_TABLE} (version, description) VALUES (%s, %s)", (version, description)
                    )
                    conn.execute(_GRANTS)
                except psycopg.errors.InsufficientPrivilege as error:
                    # A nurse's login may not change tables: the ward's log waits for its owner.
                    raise StoreError(
                        f"the log on {self.where} is at schema {current} and this release needs {latest}; "
                        "its owner upgrades it once: baclotaper --database postgresql://OWNER@HOST/DATABASE "
                        "log upgrade"
                    ) from error
                except psycopg.Error as error:
                    raise StoreError(
                        f"upgrading the log on {self.where} to schema {version} failed ({_first_line(error)}); "
                        f"it was left at schema {current}"
                    ) from error
        except psycopg.Error as error:
            raise self._failure(error) from error

    def db_user(self) -> str:
        if not self._user:
            self._user = str(self.execute("SELECT session_user").fetchone()[0])
        return self._user

    def retry_now(self) -> None:
        self._down = None

    def listen(self, changed: Callable[[], None], stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                with psycopg.connect(**self._info, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANGES_CHANNEL}")
                    while not stop.is_set():
                        # Wakes at least every second to see ``stop``; a paused server just stays quiet.
                        news = conn.notifies(timeout=1.0, stop_after=1)
                        if any(notice.pid != self._pid for notice in news):  # not this store's own write
                            changed()
            except psycopg.Error:
                # The polling covers meanwhile. Short naps, not stop.wait(): a timed wait never
                # returns under libfaketime (the tests' other dates).
                for _ in range(int(LISTEN_RETRY_S / 0.25)):
                    if stop.is_set():
                        break
                    time.sleep(0.25)

    def interrupt(self, waited_s: float) -> None:
        # A stopped or hung server leaves the kernel acknowledging what is sent (keepalives and
        # tcp_user_timeout never fire) and its statement_timeout never runs: shutting the socket
        # down wakes the waiting call with "server closed the connection".
        conn = self._conn
        if conn is None or conn.closed:
            return
        try:
            sock = socket.socket(fileno=os.dup(conn.fileno()))
        except (OSError, psycopg.Error):
            return
        self._broken_off = waited_s
        with sock, contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


_SCHEMA_TABLE_SQL = f"""CREATE TABLE {SCHEMA_TABLE} (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT session_user
)"""

# After every migration: the clinicians' role (made if we may make roles) reads and adds to every
# table, and changes none. Its members are the nurses' and prescribers' logins (README).
_GRANTS = f"""DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{CLINICIAN_ROLE}') THEN
        BEGIN
            CREATE ROLE {CLINICIAN_ROLE} NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'role {CLINICIAN_ROLE} not made: ask the server administrator (README)';
        END;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{CLINICIAN_ROLE}') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO {CLINICIAN_ROLE}', current_schema());
        EXECUTE format('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA %I TO {CLINICIAN_ROLE}', current_schema());
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA %I FROM {CLINICIAN_ROLE}',
                       current_schema());
        EXECUTE format('REVOKE INSERT ON %I.{SCHEMA_TABLE} FROM {CLINICIAN_ROLE}', current_schema());
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO {CLINICIAN_ROLE}', current_schema());
    END IF;
END $$"""


def open_postgres(url: str, *, migrations: Sequence[Any] = MIGRATIONS) -> PostgresBackend:
    """The log on the server at ``url``, checked and brought to the current schema."""
    backend = PostgresBackend(url)
    try:
        latest = latest_version(migrations)
        version = backend.schema_version()
        if version == 0 and backend.other_tables():
            raise StoreError(f"{backend.where} holds another program's tables; the log was not made there")
        if version > latest:
            raise newer_schema_error(backend.where, version, latest)
        migrate(backend, migrations)
    except BaseException:
        backend.close()
        raise
    return backend
