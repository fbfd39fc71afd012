"""A save retried after its answer was lost never records the same thing twice (save keys, schema 5).

The window makes one key per draft and sends it with every retry of that draft: the store returns
the row already saved with it instead of adding another, and refuses a key that stands for a
different row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest

from baclotaper.common.errors import InputError
from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.connection import connect
from baclotaper.nurse_log.store.errors import StoreKeyClashError
from baclotaper.nurse_log.store.migrations import MIGRATIONS
from baclotaper.nurse_log.store.postgres_backend import open_postgres
from tests.nurse_log.store.history_db import raw, snapshot
from tests.nurse_log.store.pg_server import PgServer

NOW = datetime(2030, 5, 4, 12, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=1)


def fever(store: Store, patient_id: int, key: str | None, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "patient_id": patient_id,
        "observed_at": EARLIER,
        "recorded_by": "NB",
        "scores": {"seizures": 1},
        "vitals": {"temperature": 39.1},
        "tier": "call_prescriber",
        "notes": "Fever",
    }
    return store.add_entry(**(values | changes), key=key)


def count(target: Path | str, table: str) -> int:
    return int(raw(target, f"SELECT count(*) FROM {table}")[0][0])


def test_the_same_draft_saved_twice_is_one_entry(target: Path | str) -> None:
    key = str(uuid4())
    with Store.open(target, clock=lambda: NOW) as store:
        patient = store.add_patient(name="A.B.")
        first = fever(store, patient.id, key)
    # A retry from another connection, later (as after a reconnect).
    with Store.open(target, clock=lambda: NOW + timedelta(minutes=3)) as store:
        again = fever(store, patient.id, key)
        assert again == first  # same id, same recorded time: the row saved first
        assert [e.id for e in store.entries(patient.id)] == [first.id]
    assert count(target, "log_entries") == 1
    assert raw(target, "SELECT save_key FROM log_entries") == [(key,)]


def test_another_key_is_another_entry(target: Path | str) -> None:
    with Store.open(target, clock=lambda: NOW) as store:
        patient = store.add_patient(name="A.B.")
        one = fever(store, patient.id, str(uuid4()))
        two = fever(store, patient.id, str(uuid4()))
        none = fever(store, patient.id, None)  # no key: every save adds (scripts, older clients)
        assert len({one.id, two.id, none.id}) == 3
        assert len(store.entries(patient.id)) == 3


def test_the_same_key_with_other_content_is_refused_and_nothing_added(target: Path | str) -> None:
    key = str(uuid4())
    with Store.open(target, clock=lambda: NOW) as store:
        patient = store.add_patient(name="A.B.")
        first = fever(store, patient.id, key)
        before = snapshot(target)
        with pytest.raises(
            StoreKeyClashError,
            match=rf"already saved as entry #{first.id} .*another temperature, notes; nothing more was saved",
        ):
            fever(store, patient.id, key, vitals={"temperature": 38.0}, notes="Fever again")
        other = store.add_patient(name="C.D.")
        with pytest.raises(StoreKeyClashError, match="another patient id"):
            fever(store, other.id, key)
        with pytest.raises(InputError, match="key: 'draft-1' is not a save key"):
            fever(store, patient.id, "draft-1")
    after = snapshot(target)
    assert after["log_entries"] == before["log_entries"]


def test_a_retried_correction_is_one_correction(target: Path | str) -> None:
    key = str(uuid4())
    with Store.open(target, clock=lambda: NOW) as store:
        patient = store.add_patient(name="A.B.")
        wrong = fever(store, patient.id, str(uuid4()))
        fixed = store.correct_entry(
            wrong.id, observed_at=EARLIER, recorded_by="NB", scores={}, tier="none", notes="re-checked", key=key
        )
        # Without the key the retry would be told the entry "was already corrected".
        again = store.correct_entry(
            wrong.id, observed_at=EARLIER, recorded_by="NB", scores={}, tier="none", notes="re-checked", key=key
        )
        assert again == fixed
        assert [(e.id, e.superseded_by) for e in store.entries(patient.id)] == [(wrong.id, fixed.id), (fixed.id, None)]


def test_patients_plans_revisions_and_acknowledgements_retried(target: Path | str) -> None:
    keys = [str(uuid4()) for _ in range(5)]
    with Store.open(target, clock=lambda: NOW) as store:
        patient = store.add_patient(name="A.B.", identifier="H-7", key=keys[0])
        assert store.add_patient(name="A.B.", identifier="H-7", key=keys[0]) == patient
        plan = store.attach_plan(patient_id=patient.id, title="Oral", document={"v": 1}, author="PR", key=keys[1])
        assert store.attach_plan(
            patient_id=patient.id, title="Oral", document={"v": 1}, author="PR", key=keys[1]
        ) == plan  # fmt: skip
        entry = fever(store, patient.id, None, tier="emergency")
        held = store.add_revision(
            plan_id=plan.id, document={"v": 2}, author="PR", answers_entry=entry.id, proposal="hold", based_on=1,
            key=keys[2],
        )  # fmt: skip
        # The retry is based on revision 1 too, and answers the same entry: still the one revision.
        assert store.add_revision(
            plan_id=plan.id, document={"v": 2}, author="PR", answers_entry=entry.id, proposal="hold", based_on=1,
            key=keys[2],
        ) == held  # fmt: skip
        restored = store.restore_revision(plan_id=plan.id, number=1, author="PR", key=keys[3])
        assert store.restore_revision(plan_id=plan.id, number=1, author="PR", key=keys[3]) == restored
        ack = store.acknowledge_emergency(entry_id=entry.id, clinician="Dr K", note="seen", key=keys[4])
        assert store.acknowledge_emergency(entry_id=entry.id, clinician="Dr K", note="seen", key=keys[4]) == ack
        with pytest.raises(StoreKeyClashError, match="another clinician"):
            store.acknowledge_emergency(entry_id=entry.id, clinician="Dr L", note="seen", key=keys[4])
        with pytest.raises(StoreKeyClashError, match="another name"):
            store.add_patient(name="X.Y.", identifier="H-7", key=keys[0])
        assert [r.number for r in store.revisions(plan.id)] == [1, 2, 3]
    assert store_counts(target) == {"patients": 1, "plans": 1, "plan_revisions": 3, "emergency_acknowledgements": 1}


def store_counts(target: Path | str) -> dict[str, int]:
    return {t: count(target, t) for t in ("patients", "plans", "plan_revisions", "emergency_acknowledgements")}


def _old_log(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A log made by the release before save keys (schema 4), with one row in every table."""
    target: Path | str
    if request.param == "sqlite":
        target = tmp_path / "old.sqlite3"
        connect(target, migrations=MIGRATIONS[:4]).close()
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        target = server.url(server.new_database())
        open_postgres(target, migrations=MIGRATIONS[:4]).close()
    day = "'2030-05-01T08:00:00.000000Z'"
    for statement in (
        f"INSERT INTO patients (name, created) VALUES ('O.L.', {day})",
        f"INSERT INTO plans (patient_id, title, created) VALUES (1, 'Plan', {day})",
        f"INSERT INTO plan_revisions (plan_id, number, document, author, created) VALUES (1, 1, '{{}}', 'PR', {day})",
        "INSERT INTO log_entries (patient_id, plan_id, revision, observed_at, recorded_at, recorded_by, scores, tier,"
        f" total) VALUES (1, 1, 1, {day}, {day}, 'NB', '{{}}', 'emergency', 0)",
        f"INSERT INTO emergency_acknowledgements (entry_id, clinician, acknowledged_at) VALUES (1, 'Dr K', {day})",
    ):
        raw(target, statement)
    return target


@pytest.fixture(params=["sqlite", "postgresql"])
def old_log(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    return _old_log(request, tmp_path)


def test_a_log_of_schema_4_is_upgraded_and_keeps_every_row(old_log: Path | str) -> None:
    before = snapshot(old_log)
    with Store.open(old_log, clock=lambda: NOW) as store:
        assert store.counts() == {t: 1 for t in before}
        again = [fever(store, 1, key := str(uuid4())), fever(store, 1, key)]
        assert again[0].id == again[1].id == 2
    after = snapshot(old_log)
    for table, (row,) in before.items():
        # Every old row as it was, with an empty (NULL) key where the table now has one.
        assert after[table][0][: len(row)] == row, table
        if table != "plans":
            assert _column_names(old_log, table)[-1] == "save_key"
            assert raw(old_log, f"SELECT save_key FROM {table} WHERE id = 1") == [(None,)]
    assert raw(old_log, "SELECT save_key FROM log_entries WHERE id = 2") == [(key,)]
    assert count(old_log, "log_entries") == 2


def _column_names(target: Path | str, table: str) -> list[str]:
    if isinstance(target, Path):
        return [row[1] for row in raw(target, f"PRAGMA table_info({table})")]
    rows = raw(
        target,
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in rows]


def test_a_nurse_role_reads_keys_but_cannot_change_them(pg_server: PgServer, pg_url: str) -> None:
    """On the server the check runs as the clinician's role: it may read the key, never alter it."""
    with Store.open(pg_url, clock=lambda: NOW) as admin:
        patient = admin.add_patient(name="Q.R.")
    database = pg_url.rsplit("/", 1)[1]
    role = f"nurse_{database}"
    with pg_server.admin() as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN IN ROLE baclotaper_clinician")
    nurse_url = pg_server.url(database, user=role)
    key = str(uuid4())
    with Store.open(nurse_url, clock=lambda: NOW) as nurse:
        first = fever(nurse, patient.id, key)
        assert fever(nurse, patient.id, key) == first
    assert count(pg_url, "log_entries") == 1
    for statement in ("UPDATE log_entries SET save_key = NULL", "DELETE FROM log_entries"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw(nurse_url, statement)
    # Nor can a raw insert reuse a stored key: the server's unique index refuses it.
    with pytest.raises(psycopg.errors.UniqueViolation):
        raw(
            nurse_url,
            "INSERT INTO log_entries (patient_id, observed_at, recorded_at, recorded_by, scores, tier, total, save_key)"
            " VALUES (?, '2030-05-04T11:00:00.000000Z', '2030-05-04T11:00:00.000000Z', 'AB', '{}', 'none', 0, ?)",
            (patient.id, key),
        )
