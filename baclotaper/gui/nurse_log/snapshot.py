"""What the log window shows, read in one go on the store's thread: the window draws from the last
snapshot it received and never reads the database itself (no Qt here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from baclotaper.gui.nurse_log.timeline_data import CHARTED_VITALS, TimelineData
from baclotaper.nurse_log.store import Acknowledgement, LogEntry, Patient, Plan, Revision, Store
from baclotaper.taper.planfile import plan_from_dict
from baclotaper.taper.regimen import Route

#: The entries table holds the newest so many entries of the chosen days: reading and decoding all
#: of a 50 000-entry history took about a second; the timeline still draws every one, and the CSV
#: and PDF exports hold every one. The table says when it holds fewer than the days have.
TABLE_ROWS = 1_000


@dataclass(frozen=True)
class View:
    """What the window asks to see: the patients found, the chosen patient, plan and days."""

    query: str = ""
    patient_id: int | None = None
    plan_id: int | None = None  # None: the patient's latest plan
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Snapshot:
    view: View = field(default_factory=View)
    patients: list[Patient] = field(default_factory=list)
    emergencies: frozenset[int] = frozenset()  # the patients found whose last emergency is open
    patient: Patient | None = None
    plans: list[Plan] = field(default_factory=list)
    plan: Plan | None = None
    revisions: list[Revision] = field(default_factory=list)
    entries: list[LogEntry] = field(default_factory=list)  # the chosen days' newest, corrected ones included
    entry_count: int = 0  # how many entries the chosen days hold (``entries`` may be fewer)
    timeline: TimelineData = field(default_factory=TimelineData)
    latest: LogEntry | None = None
    emergency: LogEntry | None = None
    # For the entries whose advice the window can show (latest, open emergency): what became of it.
    answers: dict[int, Revision] = field(default_factory=dict)
    acknowledgements: dict[int, Acknowledgement] = field(default_factory=dict)
    # The route of each plan the entries shown were recorded under (None: its plan cannot be read).
    plan_routes: dict[int, Route | None] = field(default_factory=dict)


def _route(store: Store, plan_id: int) -> Route | None:
    revision = store.latest_revision(plan_id)
    try:
        return plan_from_dict(revision.data()).regimen.route if revision is not None else None
    except ValueError:  # a damaged stored plan: its entries are still shown, on the window's route
        return None


def load(store: Store, view: View) -> Snapshot:
    """Everything the window shows for ``view`` (runs on the store's thread)."""
    patients = store.find_patients(view.query)
    emergencies = frozenset(p.id for p in patients if store.open_emergency(p.id) is not None)
    if view.patient_id is None:
        return Snapshot(view, patients, emergencies)
    pid = view.patient_id
    patient = store.patient(pid)
    plans = store.plans(pid)
    plan = next((p for p in plans if p.id == view.plan_id), plans[-1] if plans else None)
    revisions = store.revisions(plan.id) if plan is not None else []
    entries = store.entries(pid, since=view.since, until=view.until, newest=TABLE_ROWS)
    count = len(entries) if len(entries) < TABLE_ROWS else store.count_entries(pid, since=view.since, until=view.until)
    timeline = TimelineData.from_timeline(
        store.timeline(pid, since=view.since, until=view.until, vitals=CHARTED_VITALS)
    )
    latest = store.latest_entry(pid)
    emergency = store.open_emergency(pid)
    answers: dict[int, Revision] = {}
    acknowledgements: dict[int, Acknowledgement] = {}
    for entry in {e.id: e for e in (latest, emergency) if e is not None}.values():
        if (answer := store.answer_to(entry.id)) is not None:
            answers[entry.id] = answer
        if (ack := store.acknowledgement(entry.id)) is not None:
            acknowledgements[entry.id] = ack
    plan_ids = {e.plan_id for e in entries if e.plan_id is not None}
    if latest is not None and latest.plan_id is not None:
        plan_ids.add(latest.plan_id)
    if emergency is not None and emergency.plan_id is not None:
        plan_ids.add(emergency.plan_id)
    routes = {plan_id: _route(store, plan_id) for plan_id in sorted(plan_ids)}
    return Snapshot(
        view,
        patients,
        emergencies,
        patient,
        plans,
        plan,
        revisions,
        entries,
        count,
        timeline,
        latest,
        emergency,
        answers,
        acknowledgements,
        routes,
    )
