"""A real PostgreSQL server for any test that asks (loaded by tests/conftest.py), and ``target``:
the store's tests run against both backends, a SQLite file and a database on that server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from baclotaper.nurse_log.store import Store
from tests.nurse_log.store.pg_server import PgServer, running_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    with running_server() as server:
        yield server


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """A log database at the current schema, copied for each test (copying is twice as fast as
    migrating an empty one; the migrations themselves are tested from empty databases)."""
    name = pg_server.new_database()
    Store.open(pg_server.url(name)).close()
    return name


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> str:
    """A new log database on the test server, as its owner (a superuser)."""
    return pg_server.url(pg_server.new_database(pg_template))


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a log is: a SQLite file, or a database on the test server."""
    if request.param == "sqlite":
        return tmp_path / "data" / "baclotaper.sqlite3"
    url: str = request.getfixturevalue("pg_url")
    return url
