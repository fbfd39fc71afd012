"""Patients, plan revisions and the symptom log: what is saved, found, corrected and never lost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from baclotaper.common.errors import InputError
from baclotaper.nurse_log.checklist import vital_signs
from baclotaper.nurse_log.store import Patient, Store, StoreError
from baclotaper.nurse_log.store.records import VITAL_COLUMNS
from tests.nurse_log.store.history_db import raw

PARIS_WINTER = timezone(timedelta(hours=1))
T0 = datetime(2025, 1, 10, 8, 0, tzinfo=PARIS_WINTER)
# The store's clock in these tests: whatever today is, the dates above are in its past.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(target: Path | str) -> Path | str:
    """Each test runs on a SQLite file and on a PostgreSQL server (conftest.py)."""
    return target


@pytest.fixture
def store(db: Path | str) -> Iterator[Store]:
    with Store.open(db, clock=lambda: NOW) as opened:
        yield opened


@pytest.fixture
def patient(store: Store) -> Patient:
    return store.add_patient(name="Jeanne Müller", identifier="MRN-0042", date_of_birth=date(1950, 3, 1))


def add(store: Store, patient: Patient, /, **changes: object) -> int:
    fields: dict[str, object] = {
        "patient_id": patient.id,
        "observed_at": T0,
        "recorded_by": "NB",
        "scores": {"insomnia": 1},
        "tier": "monitor",
    }
    fields.update(changes)
    return store.add_entry(**fields).id  # type: ignore[arg-type]


def test_store_vital_columns_match_the_checklist() -> None:
    # A new vital sign in checklist.toml needs a migration adding its column.
    assert tuple(v.id for v in vital_signs()) == VITAL_COLUMNS


# Patients -----------------------------------------------------------------------------------


def test_find_patients_by_name_or_identifier_ignoring_case(store: Store, patient: Patient) -> None:
    other = store.add_patient(name="P.Q.")
    assert store.find_patients("MÜLLER") == [patient]
    assert store.find_patients("jeanne m") == [patient]
    assert store.find_patients("mrn-0042") == [patient]
    assert store.find_patients("  0042 ") == [patient]
    assert store.find_patients("nobody") == []
    assert store.find_patients("") == [patient, other]
    assert patient.date_of_birth == date(1950, 3, 1)


def test_find_patients_treats_wildcards_literally(store: Store, patient: Patient) -> None:
    assert store.find_patients("%") == []
    assert store.find_patients("_") == []


def test_a_patient_needs_a_name(store: Store) -> None:
    with pytest.raises(InputError, match=r"^name: is required"):
        store.add_patient(name="  ")


# Plans and revisions ------------------------------------------------------------------------


def test_revisions_are_numbered_and_restoring_appends_a_copy(store: Store, patient: Patient) -> None:
    plan = store.add_plan(patient_id=patient.id, title="Oral taper from 60 mg/day")
    first = store.add_revision(plan_id=plan.id, document={"steps": [60, 50, 40]}, author="Dr A", reason="Draft")
    second = store.add_revision(plan_id=plan.id, document={"steps": [60, 55, 50]}, author="Dr A", reason="Slower")
    restored = store.restore_revision(plan_id=plan.id, number=1, author="Dr B")
    assert [r.number for r in store.revisions(plan.id)] == [1, 2, 3]
    assert restored.data() == first.data() == {"steps": [60, 50, 40]}
    assert restored.restored_from == 1
    assert restored.reason == "Restored revision 1"
    assert store.revisions(plan.id)[1] == second  # history untouched
    assert store.latest_revision(plan.id) == restored
    assert store.plans(patient.id) == [plan]


def test_revision_errors(store: Store, patient: Patient) -> None:
    plan = store.add_plan(patient_id=patient.id, title="Plan")
    with pytest.raises(StoreError, match=r"plan 99 does not exist"):
        store.add_revision(plan_id=99, document={}, author="Dr A")
    with pytest.raises(StoreError, match=rf"plan {plan.id} has no revision 5"):
        store.restore_revision(plan_id=plan.id, number=5, author="Dr A")
    with pytest.raises(InputError, match=r"^document: is not JSON"):
        store.add_revision(plan_id=plan.id, document="{not json", author="Dr A")
    with pytest.raises(InputError, match=r"^author: is required"):
        store.add_revision(plan_id=plan.id, document={}, author="")
    assert store.latest_revision(plan.id) is None


def test_a_plan_is_attached_with_its_first_revision_or_not_at_all(
    store: Store, patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = store.attach_plan(patient_id=patient.id, title="Oral", document={"steps": [60]}, author="NB", reason="new")
    (first,) = store.revisions(plan.id)
    assert (first.number, first.author, first.reason, first.data()) == (1, "NB", "new", {"steps": [60]})

    def server_gone(*_args: object, **_kwargs: object) -> int:
        raise StoreError("saving the plan revision: the log server stopped answering")

    # The connection lost between the plan and its revision: neither is kept.
    monkeypatch.setattr(store, "_append_revision", server_gone)
    with pytest.raises(StoreError, match="stopped answering"):
        store.attach_plan(patient_id=patient.id, title="Second", document={}, author="NB")
    assert store.plans(patient.id) == [plan]


# Log entries --------------------------------------------------------------------------------


def test_an_entry_keeps_everything_the_nurse_recorded(store: Store, patient: Patient) -> None:
    plan = store.add_plan(patient_id=patient.id, title="Plan")
    store.add_revision(plan_id=plan.id, document={"steps": []}, author="Dr A")
    entry = store.add_entry(
        patient_id=patient.id,
        plan_id=plan.id,
        revision=1,
        step_index=2,
        days_since_cut=1,
        observed_at=T0,
        recorded_by="NB",
        scores={"insomnia": 2, "visual_hallucinations": 1, "tremor": 0},
        vitals={"temperature": 37.8, "heart_rate": 104, "systolic": None},
        spasticity="1+",
        notes="Slept badly; saw 'insects' on the wall",
        tier="call_prescriber",
    )
    again = store.entry(entry.id)
    assert again == entry
    assert entry.observed_at == T0
    assert entry.scores == {"insomnia": 2, "visual_hallucinations": 1, "tremor": 0}
    assert entry.vitals == {"temperature": 37.8, "heart_rate": 104.0}
    assert entry.total == 3
    assert (entry.plan_id, entry.revision, entry.step_index, entry.days_since_cut) == (plan.id, 1, 2, 1)
    assert entry.spasticity == "1+"
    assert entry.is_current and entry.supersedes is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"vitals": {"temperature": 385}}, "^temperature: 385 °C is outside 30–45 °C"),
        ({"scores": {"insomnia": 5}}, "^insomnia: score 5 is not one of 0, 1, 2, 3"),
        ({"spasticity": "2+"}, "^spasticity: '2\\+' is not one of"),
        ({"recorded_by": " "}, "^recorded_by: is required"),
        ({"observed_at": datetime(2025, 1, 10, 8, 0)}, "^observed_at: .* has no time zone"),
        ({"days_since_cut": -1}, "^days_since_cut: -1 must be 0 or more"),
        (
            {"observed_at": datetime(2052, 1, 10, 8, 0, tzinfo=UTC)},
            "^observed_at: 2052-01-10 08:00 is in the future: enter a time up to now",
        ),
        (
            {"observed_at": datetime(1926, 1, 10, 8, 0, tzinfo=UTC)},
            "^observed_at: 1926-01-10 08:00: check the year \\(allowed from 2000 up to now",
        ),
        ({"tier": "urgent"}, "unknown tier 'urgent'"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_saved(
    store: Store, patient: Patient, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        add(store, patient, **changes)
    assert store.entries(patient.id) == []


def test_entry_must_belong_to_an_existing_patient_and_their_plan(store: Store, patient: Patient) -> None:
    other = store.add_patient(name="R.S.")
    others_plan = store.add_plan(patient_id=other.id, title="R.S. plan")
    with pytest.raises(StoreError, match=r"patient 999 does not exist"):
        store.add_entry(patient_id=999, observed_at=T0, recorded_by="NB", scores={}, tier="none")
    with pytest.raises(StoreError, match=r"same patient's"):
        add(store, patient, plan_id=others_plan.id)
    with pytest.raises(StoreError, match=rf"plan {others_plan.id} has no revision 1"):
        add(store, other, plan_id=others_plan.id, revision=1)
    assert store.entries(patient.id) == []


def test_a_correction_keeps_both_entries(store: Store, patient: Patient) -> None:
    wrong = add(store, patient, vitals={"temperature": 36.5}, tier="none", scores={})
    fixed = store.correct_entry(
        wrong,
        observed_at=T0,
        recorded_by="NB",
        scores={"seizures": 1},
        vitals={"temperature": 38.6},
        tier="emergency",
        notes="Correction: wrong patient's chart read out",
    )
    log = store.entries(patient.id)
    assert [e.id for e in log] == [wrong, fixed.id]
    old, new = log
    assert old.vitals == {"temperature": 36.5} and not old.is_current
    assert old.superseded_by == new.id
    assert new.supersedes == wrong and new.is_current
    assert new.patient_id == patient.id


def test_only_the_latest_version_can_be_corrected(store: Store, patient: Patient) -> None:
    first = add(store, patient)
    second = store.correct_entry(first, observed_at=T0, recorded_by="NB", scores={}, tier="none")
    with pytest.raises(StoreError, match=rf"entry {first} was already corrected by entry {second.id}"):
        store.correct_entry(first, observed_at=T0, recorded_by="NB", scores={}, tier="none")
    third = store.correct_entry(second.id, observed_at=T0, recorded_by="NB", scores={"anxiety": 1}, tier="monitor")
    assert [e.is_current for e in store.entries(patient.id)] == [False, False, True]
    assert third.supersedes == second.id


def test_entries_in_a_date_range_use_local_whole_days(store: Store, patient: Patient) -> None:
    # 00:30 local on 11 January is still 10 January in UTC: the local day must win.
    times = [
        datetime(2025, 1, 9, 23, 59, tzinfo=PARIS_WINTER),
        datetime(2025, 1, 10, 0, 0, tzinfo=PARIS_WINTER),
        datetime(2025, 1, 11, 0, 30, tzinfo=PARIS_WINTER),
        datetime(2025, 1, 11, 23, 59, tzinfo=PARIS_WINTER),
        datetime(2025, 1, 12, 0, 0, tzinfo=PARIS_WINTER),
    ]
    ids = [add(store, patient, observed_at=t) for t in reversed(times)][::-1]
    ranged = store.entries(patient.id, since=date(2025, 1, 10), until=date(2025, 1, 11), tz=PARIS_WINTER)
    assert [e.id for e in ranged] == ids[1:4]
    assert [e.id for e in store.entries(patient.id, since=date(2025, 1, 11), tz=PARIS_WINTER)] == ids[2:]
    assert [e.id for e in store.entries(patient.id, until=date(2025, 1, 9), tz=PARIS_WINTER)] == ids[:1]
    assert [e.id for e in store.entries(patient.id)] == ids  # time order, not insertion order


def test_the_newest_entries_of_a_range_and_how_many_it_holds(store: Store, patient: Patient) -> None:
    ids = [add(store, patient, observed_at=T0 + timedelta(hours=h)) for h in (3, 0, 2, 1)]
    in_time = [ids[1], ids[3], ids[2], ids[0]]
    assert [e.id for e in store.entries(patient.id, newest=2)] == in_time[2:]  # still in time order
    assert [e.id for e in store.entries(patient.id, newest=10)] == in_time
    assert store.entries(patient.id, newest=0) == []
    assert store.count_entries(patient.id) == 4
    assert store.count_entries(patient.id, until=(T0 - timedelta(days=1)).date()) == 0


def test_entries_are_per_patient(store: Store, patient: Patient) -> None:
    other = store.add_patient(name="T.U.")
    add(store, other)
    assert store.entries(patient.id) == []


def test_timeline_shows_current_values_in_time_order(store: Store, patient: Patient) -> None:
    late = add(store, patient, observed_at=T0 + timedelta(hours=6), vitals={"temperature": 37.2, "heart_rate": 90})
    early = add(store, patient, observed_at=T0, vitals={"temperature": 38.9}, scores={"fever": 2}, tier="emergency")
    fixed = store.correct_entry(
        early, observed_at=T0, recorded_by="NB", scores={"fever": 1}, vitals={"temperature": 38.1}, tier="emergency"
    )
    timeline = store.timeline(patient.id)
    assert timeline.entry_ids == (fixed.id, late)
    assert timeline.observed_at == (T0.astimezone(UTC), (T0 + timedelta(hours=6)).astimezone(UTC))
    assert timeline.totals == (1, 1)
    assert timeline.tiers == ("emergency", "monitor")
    assert timeline.vitals["temperature"] == (38.1, 37.2)
    assert timeline.vitals["heart_rate"] == (None, 90.0)
    assert len(timeline) == 2


def test_timeline_of_a_patient_without_entries_is_empty(store: Store, patient: Patient) -> None:
    timeline = store.timeline(patient.id)
    assert len(timeline) == 0
    assert timeline.vitals["temperature"] == ()


def test_recorded_time_comes_from_the_clock(db: Path | str) -> None:
    now = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)
    with Store.open(db, clock=lambda: now) as store:
        patient = store.add_patient(name="V.W.")
        entry = add(store, patient)
        assert store.entry(entry).recorded_at == now
        assert patient.created == now


def test_scores_are_stored_as_json(store: Store, patient: Patient, db: Path | str) -> None:
    entry = add(store, patient, scores={"tremor": 2, "anxiety": 1})
    ((text,),) = raw(db, "SELECT scores FROM log_entries WHERE id = ?", (entry,))
    assert json.loads(text) == {"anxiety": 1, "tremor": 2}


def test_timeline_returns_only_the_vitals_asked_for(store: Store) -> None:
    patient = store.add_patient(name="A. B.")
    store.add_entry(
        patient_id=patient.id,
        observed_at=datetime(2026, 11, 1, 9, tzinfo=UTC),
        recorded_by="CD",
        scores={},
        tier="none",
        vitals={"temperature": 37.1, "heart_rate": 80, "systolic": 120, "diastolic": 80},
    )
    chart = store.timeline(patient.id, vitals=("temperature",))
    assert dict(chart.vitals) == {"temperature": (37.1,)}
    assert chart.totals == (0,)
    with pytest.raises(ValueError, match="not a vital sign column"):
        store.timeline(patient.id, vitals=("blood_sugar",))


def test_timeline_times_are_the_observed_times(store: Store) -> None:
    """The chart's seconds come from the database; they must name the same instant as the entry."""
    patient = store.add_patient(name="A. B.")
    when = datetime(2026, 11, 1, 9, 30, 15, 250000, tzinfo=timezone(timedelta(hours=2)))
    store.add_entry(patient_id=patient.id, observed_at=when, recorded_by="CD", scores={}, tier="none")
    (moment,) = store.timeline(patient.id, since=date(2026, 10, 31)).observed_at
    assert moment == when
