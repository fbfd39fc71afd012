"""The SQLite backend: one file on this computer (the default, and for home visits)."""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from baclotaper.nurse_log.store.backend import Backend, DriverError, Params, Rows
from baclotaper.nurse_log.store.errors import StoreBusyError, StoreError, StoreReadOnlyError
from baclotaper.nurse_log.store.transaction import write_transaction


def newer_schema_error(where: object, found: int, latest: int) -> StoreError:
    return StoreError(
        f"{where}: the database is from a newer BacloTaper (schema {found}; this version reads up "
        f"to {latest}); it was not changed"
    )


def _casefold(text: str | None) -> str:
    return text.casefold() if text else ""


class SqliteBackend(Backend):
    kind = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path | str, *, read_only: bool = False, why: str = "") -> None:
        self.conn = conn
        self.path = Path(path)
        self.where = str(path)
        self.read_only = read_only
        self._why_read_only = why
        conn.create_function("casefold", 1, _casefold, deterministic=True)

    def execute(self, sql: str, params: Params = ()) -> Rows:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.DatabaseError as error:
            raise DriverError(str(error)) from error

    def insert(self, sql: str, params: Params = ()) -> int:
        row = self.execute(f"{sql} RETURNING id", params).fetchone()
        return int(row[0])

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.DatabaseError as error:
            raise DriverError(str(error)) from error

    @contextmanager
    def write(self, action: str) -> Iterator[None]:
        if self.read_only:
            raise StoreReadOnlyError(f"{action}: {self._why_read_only}; nothing was saved")
        try:
            with write_transaction(self.conn):
                yield
        except DriverError as error:
            raise StoreError(f"{action}: {error}; nothing was saved") from error
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{action}: {error}; nothing was saved") from error
        except StoreBusyError as error:
            raise StoreBusyError(f"{action}: {error}") from error

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def apply_migration(self, version: int, description: str, statements: Sequence[str], latest: int) -> None:
        with write_transaction(self.conn):
            # Read again under the write lock: another process may have migrated meanwhile.
            current = self.schema_version()
            if current > latest:
                raise newer_schema_error("database", current, latest)
            if current >= version:
                return
            try:
                for statement in statements:
                    self.conn.execute(statement)
            except sqlite3.Error as error:
                raise StoreError(
                    f"upgrading the database to schema {version} failed ({error}); it was left at schema {current}"
                ) from error
            self.conn.execute(f"PRAGMA user_version = {version}")

    def db_user(self) -> str:
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (containers): the number says who
            return str(os.getuid())

    def close(self) -> None:
        self.conn.close()
