"""Which log to open: ``--database URL``, else ``BACLOTAPER_DATABASE_URL``, else the user's own file.

A URL is ``postgresql://user@host/db?sslmode=verify-full`` for a ward's server, or
``sqlite:///path/to/log.sqlite3`` (or a plain path) for a file on this computer.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from baclotaper.common import paths
from baclotaper.common.errors import InputError
from baclotaper.nurse_log.store.backend import Backend, public
from baclotaper.nurse_log.store.connection import open_sqlite

ENV_DATABASE_URL = "BACLOTAPER_DATABASE_URL"
_SERVER_SCHEMES = ("postgresql", "postgres")


_override: str | None = None


def set_override(target: str | None) -> None:
    """``--database URL`` for this process (``None``: back to the environment, then the default)."""
    global _override  # noqa: PLW0603 - one process-wide choice, like the env variable
    _override = target or None


def overridden() -> bool:
    """Was the log chosen on the command line or in the environment (then it beats Settings)?"""
    return _override is not None or bool(os.environ.get(ENV_DATABASE_URL))


def is_server(target: str) -> bool:
    return urlsplit(target).scheme in _SERVER_SCHEMES


def chosen(target: Path | str | None = None) -> Path | str:
    """The log asked for: a path for SQLite, a URL for PostgreSQL."""
    if target is None or target == "":
        target = _override or os.environ.get(ENV_DATABASE_URL) or None
    if target is None:
        return paths.database_path()
    if isinstance(target, Path):
        return target
    scheme = urlsplit(target).scheme
    if scheme in _SERVER_SCHEMES:
        return target
    if scheme == "sqlite":
        path = target[len("sqlite://") :]
        if not path.startswith("/"):
            raise InputError("database", f"'{public(target)}': write sqlite:///absolute/path.sqlite3")
        return Path(path)
    if scheme and len(scheme) > 1:  # "C:" is a Windows drive, not a scheme
        raise InputError(
            "database",
            f"'{public(target)}' is not a log: give a file path, sqlite:///path or postgresql://user@host/database",
        )
    return Path(target).expanduser()


def open_backend(target: Path | str | None = None, *, now: datetime | None = None) -> Backend:
    where = chosen(target)
    if isinstance(where, str):
        # Imported only for a server: psycopg is not loaded for the usual local log.
        from baclotaper.nurse_log.store.postgres_backend import open_postgres

        return open_postgres(where)
    return open_sqlite(where, now=now)
