"""The ward's server goes away: the save fails cleanly with a clear reason, nothing is half-written,
and the same entry saves when the server is back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.errors import StoreUnreachableError
from baclotaper.nurse_log.store.postgres_backend import PostgresBackend
from tests.nurse_log.store.history_db import snapshot
from tests.nurse_log.store.pg_server import PgServer

NOW = datetime(2030, 5, 4, 12, 0, tzinfo=UTC)
ENTRY: dict[str, Any] = {
    "observed_at": NOW - timedelta(minutes=5),
    "recorded_by": "NB",
    "scores": {"seizures": 2},
    "tier": "emergency",
    "notes": "fitting at 11:55",
}


@pytest.fixture
def restarted(pg_server: PgServer) -> Iterator[PgServer]:
    """The server, started again after the test whatever happened (other tests share it)."""
    yield pg_server
    if not (pg_server.data / "postmaster.pid").exists():
        pg_server.start()


def test_a_server_stopped_in_the_middle_of_a_save(
    restarted: PgServer, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(pg_url, clock=lambda: NOW) as store:
        patient = store.add_patient(name="U.V.")
        plan = store.add_plan(patient_id=patient.id, title="Plan")
        store.add_revision(plan_id=plan.id, document={"steps": [1]}, author="Dr A")
        before = snapshot(pg_url)
        real_insert = PostgresBackend.insert

        def insert_after_the_server_stops(self: PostgresBackend, sql: str, params: Any = ()) -> int:
            # The transaction is open and has checked the patient and plan: the server goes now.
            if "log_entries" in sql:
                restarted.stop("immediate")
            return real_insert(self, sql, params)

        monkeypatch.setattr(PostgresBackend, "insert", insert_after_the_server_stops)
        with pytest.raises(StoreUnreachableError, match=r"saving the log entry: the log server .* nothing was saved"):
            store.add_entry(patient_id=patient.id, plan_id=plan.id, revision=1, **ENTRY)
        monkeypatch.setattr(PostgresBackend, "insert", real_insert)

        # While it is down every use says so at once, reads included.
        with pytest.raises(StoreUnreachableError, match="cannot be reached"):
            store.entries(patient.id)

        restarted.start()
        assert snapshot(pg_url) == before  # nothing half-written
        # The same connection comes back by itself, and the entry kept in the form saves.
        saved = store.add_entry(patient_id=patient.id, plan_id=plan.id, revision=1, **ENTRY)
        assert [e.id for e in store.entries(patient.id)] == [saved.id]
        assert saved.notes == "fitting at 11:55"


def test_opening_a_log_on_a_stopped_server_says_it_cannot_be_reached(restarted: PgServer, pg_url: str) -> None:
    restarted.stop("fast")
    with pytest.raises(
        StoreUnreachableError, match=r"the log server postgresql://postgres@127\.0\.0\.1:\d+/\w+ cannot"
    ):
        Store.open(pg_url)


def test_a_window_store_fails_fast_while_the_server_is_away(
    restarted: PgServer, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's reads wait for the server once, not on every read, until told it is back."""
    with Store.open(pg_url, clock=lambda: NOW) as store:
        store.backend.fail_fast_s = 60.0
        patient = store.add_patient(name="W.X.")
        restarted.stop("immediate")
        attempts: list[str] = []
        real_connect = psycopg.connect

        def counted(*args: Any, **kwargs: Any) -> Any:
            attempts.append("connect")
            return real_connect(*args, **kwargs)

        monkeypatch.setattr(psycopg, "connect", counted)
        for _ in range(3):
            with pytest.raises(StoreUnreachableError, match="stopped answering"):
                store.entries(patient.id)
        assert attempts == []  # found gone once, then said so at once
        restarted.start()
        store.backend.retry_now()  # what the window does when its watcher sees the server back
        assert store.entries(patient.id) == []
        assert attempts == ["connect"]
