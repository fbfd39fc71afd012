"""A new release's schema reaches a ward's server: a nurse's login is told who upgrades it and how;
the owner's ``baclotaper log upgrade`` does it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.connection import connect
from baclotaper.nurse_log.store.migrations import MIGRATIONS, latest_version
from baclotaper.nurse_log.store.postgres_backend import open_postgres
from tests.cli_runner import run
from tests.nurse_log.store.pg_server import PgServer


def test_a_nurse_is_told_the_owner_upgrades_the_server_then_works_after_it(
    capsys: pytest.CaptureFixture[str], pg_server: PgServer
) -> None:
    database = pg_server.new_database()
    owner_url = pg_server.url(database)
    open_postgres(owner_url, migrations=MIGRATIONS[:4]).close()  # the ward's log of the last release
    nurse = f"nurse_{database}"
    with pg_server.admin() as conn:
        conn.execute(f"CREATE ROLE {nurse} LOGIN IN ROLE baclotaper_clinician")
    nurse_url = pg_server.url(database, user=nurse)

    code, _, err = run(capsys, "--database", nurse_url, "log", "patient", "--name", "A.B.")
    assert code != 0 and len(err.strip().splitlines()) == 1
    assert f"schema 4 and this release needs {latest_version()}" in err and "log upgrade" in err

    code, out, _ = run(capsys, "--database", owner_url, "log", "upgrade")
    assert code == 0 and f"is at schema {latest_version()}" in out

    code, _, err = run(capsys, "--database", nurse_url, "log", "patient", "--name", "A.B.")
    assert code == 0, err
    with Store.open(owner_url) as store:
        assert [p.name for p in store.find_patients()] == ["A.B."]


def test_upgrade_brings_an_old_file_to_this_release_and_keeps_its_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite3"
    conn = connect(path, migrations=MIGRATIONS[:4])
    with conn:
        conn.execute("INSERT INTO patients (name, created) VALUES ('O.L.', '2030-05-01T08:00:00.000000Z')")
    conn.close()
    code, out, err = run(capsys, "--database", str(path), "log", "upgrade")
    assert code == 0, err
    assert f"is at schema {latest_version()}" in out
    with Store.open(path) as store:
        assert [p.name for p in store.find_patients()] == ["O.L."]
