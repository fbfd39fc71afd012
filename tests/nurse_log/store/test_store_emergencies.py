"""Schema 3: which emergency the banner shows, a clinician's acknowledgement, and a proposal
accepted once (the revision says which entry it answers)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from baclotaper.nurse_log.store import MIGRATIONS, SCHEMA_VERSION, Patient, Store, StoreError
from baclotaper.nurse_log.store.connection import connect

T0 = datetime(2025, 1, 10, 8, 0, 42, tzinfo=UTC)
PLAN = {"format": "test plan"}


class Clock:
    """A settable clock: when each row is recorded."""

    def __init__(self) -> None:
        self.now = T0 + timedelta(seconds=10)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 60) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(target: Path | str, clock: Clock) -> Iterator[Store]:
    with Store.open(target, clock=clock) as opened:
        yield opened


@pytest.fixture
def patient(store: Store) -> Patient:
    return store.add_patient(name="K.L.")


def add(store: Store, patient: Patient, clock: Clock, *, at: datetime, tier: str = "none") -> int:
    clock.now = max(clock.now, at)  # recorded after it was observed
    clock.tick()
    scores = {"confusion": 2} if tier == "emergency" else {}
    entry = store.add_entry(patient_id=patient.id, observed_at=at, recorded_by="NB", scores=scores, tier=tier)  # type: ignore[arg-type]
    return entry.id


def test_upgrade_from_schema_2_keeps_revisions_and_entries(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    conn = connect(db, migrations=MIGRATIONS[:2])  # a database of the release before this one
    conn.execute("INSERT INTO patients (name, created) VALUES ('M.N.', '2025-01-01T00:00:00.000000Z')")
    conn.execute("INSERT INTO plans (patient_id, title, created) VALUES (1, 'p', '2025-01-01T00:00:00.000000Z')")
    conn.execute(
        "INSERT INTO plan_revisions (plan_id, number, document, author, created)"
        " VALUES (1, 1, '{}', 'PR', '2025-01-01T00:00:00.000000Z')"
    )
    conn.execute(
        "INSERT INTO log_entries (patient_id, observed_at, recorded_at, recorded_by, scores, tier, total)"
        " VALUES (1, '2025-01-02T08:00:00.000000Z', '2025-01-02T08:01:00.000000Z', 'NB', '{}', 'emergency', 0)"
    )
    conn.close()
    with Store.open(db) as store:
        (revision,) = store.revisions(1)
        assert (revision.author, revision.answers_entry, revision.proposal) == ("PR", None, None)
        assert store.open_emergency(1) is not None  # an old emergency still shows...
        store.acknowledge_emergency(entry_id=1, clinician="Dr Kahn")
        assert store.open_emergency(1) is None  # ...until acknowledged
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    finally:
        raw.close()


def test_an_emergency_observed_seconds_before_the_previous_entry_still_shows(
    store: Store, patient: Patient, clock: Clock
) -> None:
    # The previous entry kept seconds the form did not show (08:00:42); the emergency is typed
    # for 08:00 and so sorts first by observation time, but it was recorded after it.
    routine = add(store, patient, clock, at=T0)
    emergency = add(store, patient, clock, at=T0.replace(second=0), tier="emergency")
    latest = store.latest_entry(patient.id)
    assert latest is not None and latest.id == routine  # latest by observation time
    shown = store.open_emergency(patient.id)
    assert shown is not None and shown.id == emergency


def test_a_later_entry_clears_the_emergency(store: Store, patient: Patient, clock: Clock) -> None:
    emergency = add(store, patient, clock, at=T0, tier="emergency")
    assert store.open_emergency(patient.id) is not None
    # A back-dated entry (observed before the emergency) does not clear it.
    add(store, patient, clock, at=T0 - timedelta(hours=2))
    shown = store.open_emergency(patient.id)
    assert shown is not None and shown.id == emergency
    add(store, patient, clock, at=T0 + timedelta(hours=1))
    assert store.open_emergency(patient.id) is None


def test_a_named_clinician_acknowledges_an_emergency_once(store: Store, patient: Patient, clock: Clock) -> None:
    emergency = add(store, patient, clock, at=T0, tier="emergency")
    clock.tick()
    with pytest.raises(ValueError, match=r"^clinician: is required"):
        store.acknowledge_emergency(entry_id=emergency, clinician="  ")
    ack = store.acknowledge_emergency(entry_id=emergency, clinician="Dr Kahn", note="seen, obs 4-hourly")
    assert (ack.clinician, ack.acknowledged_at, ack.note) == ("Dr Kahn", clock.now, "seen, obs 4-hourly")
    assert store.acknowledgement(emergency) == ack
    assert store.open_emergency(patient.id) is None
    with pytest.raises(StoreError, match="already acknowledged by Dr Kahn"):
        store.acknowledge_emergency(entry_id=emergency, clinician="Dr Lee")
    # A new emergency shows again.
    again = add(store, patient, clock, at=T0 + timedelta(hours=1), tier="emergency")
    shown = store.open_emergency(patient.id)
    assert shown is not None and shown.id == again


def test_only_an_emergency_is_acknowledged(store: Store, patient: Patient, clock: Clock) -> None:
    routine = add(store, patient, clock, at=T0)
    with pytest.raises(StoreError, match="is not an emergency"):
        store.acknowledge_emergency(entry_id=routine, clinician="Dr Kahn")


def test_a_proposal_is_accepted_once_even_through_a_correction(store: Store, patient: Patient, clock: Clock) -> None:
    plan = store.add_plan(patient_id=patient.id, title="taper")
    store.add_revision(plan_id=plan.id, document=PLAN, author="PR")
    entry = add(store, patient, clock, at=T0, tier="emergency")
    assert store.answer_to(entry) is None
    clock.tick()
    revision = store.add_revision(
        plan_id=plan.id, document=PLAN, author="NB", reason="hold", answers_entry=entry, proposal="hold"
    )
    assert (revision.number, revision.answers_entry, revision.proposal) == (2, entry, "hold")
    assert store.answer_to(entry) == revision
    with pytest.raises(StoreError, match=f"entry {entry} was already accepted as revision 2 by NB"):
        store.add_revision(plan_id=plan.id, document=PLAN, author="NB", answers_entry=entry, proposal="step_back")
    corrected = store.correct_entry(entry, observed_at=T0, recorded_by="NB", scores={"confusion": 3}, tier="emergency")
    assert store.answer_to(corrected.id) == revision
    with pytest.raises(StoreError, match="already accepted as revision 2"):
        store.add_revision(plan_id=plan.id, document=PLAN, author="NB", answers_entry=corrected.id, proposal="hold")
    assert [r.number for r in store.revisions(plan.id)] == [1, 2]


def test_a_proposal_names_hold_or_step_back(store: Store, patient: Patient, clock: Clock) -> None:
    plan = store.add_plan(patient_id=patient.id, title="taper")
    entry = add(store, patient, clock, at=T0)
    with pytest.raises(ValueError, match=r"^proposal: 'speed_up' is not one of hold, step_back"):
        store.add_revision(plan_id=plan.id, document=PLAN, author="NB", answers_entry=entry, proposal="speed_up")


def test_a_corrected_emergency_shows_as_its_correction_says(store: Store, patient: Patient, clock: Clock) -> None:
    emergency = add(store, patient, clock, at=T0, tier="emergency")
    clock.tick()
    still = store.correct_entry(emergency, observed_at=T0, recorded_by="NB", scores={"confusion": 3}, tier="emergency")
    shown = store.open_emergency(patient.id)
    assert shown is not None and shown.id == still.id
    clock.tick()
    store.correct_entry(still.id, observed_at=T0, recorded_by="NB", scores={}, tier="none")
    assert store.open_emergency(patient.id) is None


def test_entries_and_the_csv_follow_observation_time_not_recording_order(
    store: Store, patient: Patient, clock: Clock, tmp_path: Path
) -> None:
    import csv

    from baclotaper.nurse_log.store.export_csv import export_log_csv

    late = add(store, patient, clock, at=T0 + timedelta(hours=2))
    early = add(store, patient, clock, at=T0)  # a paper record typed in afterwards
    assert [e.id for e in store.entries(patient.id)] == [early, late]
    latest = store.latest_entry(patient.id)
    assert latest is not None and latest.id == late
    path = tmp_path / "log.csv"
    export_log_csv(store=store, patient_id=patient.id, path=path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        assert [row["entry"] for row in csv.DictReader(fh)] == [str(early), str(late)]
