"""The log window's model: the open store, the chosen patient and plan, and what changes them.

Views subscribe to its signals; it never knows a widget.  Its verbs raise :class:`StoreError`,
:class:`InputError` or :class:`PlanFileError`; the window turns those into messages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from baclotaper.gui.nurse_log.draft import EntryDraft, PlanLink, link_for
from baclotaper.gui.nurse_log.store_worker import StoreWorker
from baclotaper.gui.nurse_log.timeline_data import CHARTED_VITALS
from baclotaper.nurse_log.advice import Proposal
from baclotaper.nurse_log.checklist import Tier
from baclotaper.nurse_log.revise import apply_proposal
from baclotaper.nurse_log.revision_plan import stored_document
from baclotaper.nurse_log.store import (
    Acknowledgement,
    LogEntry,
    Patient,
    Plan,
    Revision,
    Store,
    StoreError,
    Timeline,
)
from baclotaper.nurse_log.store.backend import public
from baclotaper.nurse_log.store.errors import StoreReadOnlyError
from baclotaper.nurse_log.store.location import chosen
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import plan_from_dict
from baclotaper.taper.regimen import Route


def _plan_of(revision: Revision | None) -> TaperPlan | None:
    return None if revision is None else plan_from_dict(revision.data())


# Seconds the window's reads fail at once after the log server did not answer (the watcher
# looks again every few seconds and lifts it when the server is back).
FAIL_FAST_S = 15.0


class LogSession(QObject):
    patients_changed = Signal()
    patient_changed = Signal()
    plan_changed = Signal()
    log_changed = Signal()
    # The entry saved off the GUI thread; or why it was not (and whether the log was unreachable).
    entry_saved = Signal(object)
    entry_not_saved = Signal(str, bool)
    # "" when the log answers again, else why it cannot be reached.
    reachability_changed = Signal(str)

    def __init__(self, store_path: Path | str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.error = ""
        self.problem = ""  # the log could not be reached lately (the window says so)
        self.target = store_path
        self.where = public(chosen(store_path))
        self.worker: StoreWorker | None = None
        self._saving: int | None = None
        try:
            self.store = Store.open(store_path)
            self.where = self.store.where
            # This store reads on the GUI thread: once the server has not answered, fail at once
            # rather than freeze the window again on every read, until the watcher sees it back.
            self.store.backend.fail_fast_s = FAIL_FAST_S
        except StoreError as error:
            # Never retried or repaired here: the file is left exactly as it was.
            self.error = str(error)
        self.query = ""
        self.patients: list[Patient] = []
        self.patient: Patient | None = None
        self.plans: list[Plan] = []
        self.plan: Plan | None = None
        self.revisions: list[Revision] = []
        self.taper: TaperPlan | None = None
        self.plan_error = ""
        # The route used when no plan is attached; a plan's own route always wins.
        self.fallback_route = Route.ORAL
        self._plan_routes: dict[int, Route] = {}

    # Reading -------------------------------------------------------------------------------

    @property
    def can_write(self) -> bool:
        return self.store is not None

    def _store(self) -> Store:
        if self.store is None:
            raise StoreError(self.error)
        return self.store

    @property
    def route(self) -> Route:
        return self.taper.regimen.route if self.taper is not None else self.fallback_route

    @property
    def renal_impaired(self) -> bool:
        """The plan's eGFR is below the renal threshold, or dialysis: overdose signs weigh more."""
        return self.taper is not None and self.taper.regimen.renal_impaired

    @property
    def revision(self) -> Revision | None:
        return self.revisions[-1] if self.revisions else None

    def route_of_plan(self, plan_id: int | None) -> Route:
        """The route of an entry's plan (for its onset window); the window's route if none."""
        if plan_id is None:
            return self.route
        if plan_id not in self._plan_routes:
            try:
                plan = _plan_of(self._store().latest_revision(plan_id))
            except ValueError:  # a damaged stored plan: the entry is still shown, on this route
                plan = None
            self._plan_routes[plan_id] = plan.regimen.route if plan is not None else self.route
        return self._plan_routes[plan_id]

    def entries(self, since: date | None, until: date | None) -> list[LogEntry]:
        if self.patient is None or self.store is None:
            return []
        return self.store.entries(self.patient.id, since=since, until=until)

    def timeline(self, since: date | None, until: date | None) -> Timeline | None:
        """The patient's current entries on the chosen days, as columns for the chart."""
        if self.patient is None or self.store is None:
            return None
        return self.store.timeline(self.patient.id, since=since, until=until, vitals=CHARTED_VITALS)

    def latest_entry(self) -> LogEntry | None:
        """The patient's current entry observed last (the advice panel shows its advice)."""
        if self.patient is None or self.store is None:
            return None
        return self.store.latest_entry(self.patient.id)

    def open_emergency(self) -> LogEntry | None:
        """The emergency entry the banner shows until a later entry or a clinician clears it."""
        if self.patient is None or self.store is None:
            return None
        return self.store.open_emergency(self.patient.id)

    def answer_to(self, entry_id: int) -> Revision | None:
        """The revision that accepted this entry's advice, if any (kept in the store: survives a restart)."""
        return self.store.answer_to(entry_id) if self.store is not None else None

    def acknowledgement(self, entry_id: int) -> Acknowledgement | None:
        return self.store.acknowledgement(entry_id) if self.store is not None else None

    def link(self, draft: EntryDraft) -> PlanLink:
        revision = self.revision
        number = revision.number if revision is not None else None
        return link_for(self.plan.id if self.plan else None, number, self.taper, draft.observed_at)

    # Choosing ------------------------------------------------------------------------------

    def search(self, query: str) -> None:
        self.query = query
        self.patients = self.store.find_patients(query) if self.store is not None else []
        self.patients_changed.emit()

    def open_emergencies(self) -> set[int]:
        """The patients found whose last emergency is still open (not acknowledged, not cleared)."""
        if self.store is None:
            return set()
        store = self.store
        return {p.id for p in self.patients if store.open_emergency(p.id) is not None}

    def select_patient(self, patient_id: int | None) -> None:
        if self.patient is not None and self.patient.id == patient_id:
            return
        self.patient = self._store().patient(patient_id) if patient_id is not None else None
        self.plans = self._store().plans(patient_id) if patient_id is not None else []
        self._set_plan(self.plans[-1] if self.plans else None)
        self.patient_changed.emit()
        self.plan_changed.emit()
        self.log_changed.emit()

    def select_plan(self, plan_id: int | None) -> None:
        if (self.plan.id if self.plan else None) == plan_id:
            return
        self._set_plan(next((p for p in self.plans if p.id == plan_id), None))
        self.plan_changed.emit()

    def set_fallback_route(self, route: Route) -> None:
        self.fallback_route = route
        if self.taper is None:
            self.plan_changed.emit()

    def _set_plan(self, plan: Plan | None) -> None:
        self.plan = plan
        self._reload_revisions()

    def _reload_revisions(self) -> None:
        self.revisions = self._store().revisions(self.plan.id) if self.plan is not None else []
        self.plan_error = ""
        try:
            self.taper = _plan_of(self.revision)
        except ValueError as error:  # PlanFileError: a damaged stored document is shown, not fatal
            self.taper = None
            self.plan_error = f"Revision {self.revision.number if self.revision else '?'} cannot be read: {error}"

    def plan_at(self, number: int) -> TaperPlan | None:
        return _plan_of(next((r for r in self.revisions if r.number == number), None))

    # Writing -------------------------------------------------------------------------------

    def add_patient(self, *, name: str, identifier: str, date_of_birth: date | None) -> Patient:
        patient = self._store().add_patient(name=name, identifier=identifier, date_of_birth=date_of_birth)
        self.search(self.query)
        self.select_patient(patient.id)
        return patient

    def attach_plan(self, plan: TaperPlan, *, title: str, author: str, reason: str) -> Plan:
        if self.patient is None:
            raise StoreError("choose a patient first")
        store = self._store()
        record = store.add_plan(patient_id=self.patient.id, title=title)
        store.add_revision(plan_id=record.id, document=stored_document(plan), author=author, reason=reason)
        self.plans = store.plans(self.patient.id)
        self._set_plan(record)
        self.plan_changed.emit()
        return record

    def _entry_job(self, draft: EntryDraft, tier: Tier, corrects: LogEntry | None) -> Callable[[Store], LogEntry]:
        """The save, as a job for any store (this thread's, or the worker's)."""
        if self.patient is None:
            raise StoreError("choose a patient first")
        link = self.link(draft)
        if corrects is not None and corrects.observed_at == draft.observed_at:
            # Same observation time: it still belongs where the original was recorded.
            link = PlanLink(corrects.plan_id, corrects.revision, corrects.step_index, corrects.days_since_cut)
        patient_id = self.patient.id

        def job(store: Store) -> LogEntry:
            save = (
                partial(store.add_entry, patient_id=patient_id)
                if corrects is None
                else partial(store.correct_entry, corrects.id)
            )
            return save(
                observed_at=draft.observed_at,
                recorded_by=draft.recorded_by,
                scores=draft.scores,
                tier=tier,
                vitals=draft.vitals,
                spasticity=draft.spasticity,
                notes=draft.notes,
                plan_id=link.plan_id,
                revision=link.revision,
                step_index=link.step_index,
                days_since_cut=link.days_since_cut,
            )

        return job

    def save_entry(self, draft: EntryDraft, tier: Tier, *, corrects: LogEntry | None = None) -> LogEntry:
        """Save now, on this thread (the command line's way; the window uses :meth:`save_entry_later`)."""
        self._store()
        entry = self._entry_job(draft, tier, corrects)(self._store())
        self.log_changed.emit()
        return entry

    def save_entry_later(self, draft: EntryDraft, tier: Tier, *, corrects: LogEntry | None = None) -> None:
        """Save on the worker thread; :attr:`entry_saved` or :attr:`entry_not_saved` says how it went.
        Checks that need no database (a patient chosen, the log writable) fail here, at once."""
        self._store()
        if self.store is not None and self.store.read_only:
            raise StoreReadOnlyError(f"saving the log entry: {self.where} is read-only here; nothing was saved")
        self._saving = self._worker().submit(self._entry_job(draft, tier, corrects))

    @property
    def saving(self) -> bool:
        return self._saving is not None

    def _worker(self) -> StoreWorker:
        if self.worker is None:
            self.worker = StoreWorker(self.target, self)
            self.worker.done.connect(self._job_done)
            self.worker.failed.connect(self._job_failed)
            self.worker.changed.connect(self.refresh)
            self.worker.reachable.connect(self._reachable)
        return self.worker

    def watch(self, interval_ms: int | None = None) -> None:
        """Look for other windows' and workstations' additions every few seconds."""
        if self.store is not None:
            self._worker().start_watching(interval_ms)

    def _job_done(self, token: int, result: object) -> None:
        if token != self._saving or not isinstance(result, LogEntry):
            return
        self._saving = None
        self.log_changed.emit()
        self.entry_saved.emit(result)

    def _job_failed(self, token: int, message: str, unreachable: bool) -> None:
        if token != self._saving:
            return
        self._saving = None
        self.entry_not_saved.emit(message, unreachable)

    def note_unreachable(self, problem: str) -> None:
        """A read on this thread found the server gone: say so until the watcher sees it back."""
        if self.worker is not None:
            self.worker.recheck()
        self.problem = problem
        self.reachability_changed.emit(problem)

    def _reachable(self, problem: str) -> None:
        self.problem = problem
        self.reachability_changed.emit(problem)
        if not problem:
            if self.store is not None:
                self.store.backend.retry_now()
            self.refresh()

    def refresh(self) -> None:
        """Show what others added: patients, the chosen patient's plans and revisions, the log."""
        if self.store is None:
            return
        try:
            self.patients = self.store.find_patients(self.query)
            if self.patient is not None:
                self.plans = self.store.plans(self.patient.id)
                chosen = self.plan.id if self.plan is not None else None
                self._set_plan(next((p for p in self.plans if p.id == chosen), self.plans[-1] if self.plans else None))
        except StoreError as error:
            self._reachable(str(error))
            return
        self.patients_changed.emit()
        self.plan_changed.emit()
        self.log_changed.emit()

    def accept_proposal(self, proposal: Proposal, *, on: date, author: str, reason: str, entry_id: int) -> Revision:
        """Revise the current plan as entry ``entry_id``'s advice proposed and keep it as a new
        revision (who, when, why, which entry); an entry's advice is accepted once."""
        if self.plan is None or self.taper is None:
            raise StoreError("attach a plan to this patient first")
        revised = apply_proposal(self.taper, proposal, on=on, reason=reason)
        looked_at = self.revision.number if self.revision is not None else None
        try:
            # based_on: if another clinician revised the plan meanwhile (another workstation),
            # nothing is saved and the error says who saved what; the plan shown is brought up to
            # date either way.
            revision = self._store().add_revision(
                plan_id=self.plan.id,
                document=stored_document(revised),
                author=author,
                reason=reason,
                answers_entry=entry_id,
                proposal=proposal.kind,
                based_on=looked_at,
            )
        finally:
            self._reload_revisions()
            self.plan_changed.emit()
        return revision

    def acknowledge(self, entry_id: int, *, clinician: str, note: str) -> Acknowledgement:
        """A named clinician has seen emergency entry ``entry_id``: the banner clears."""
        done = self._store().acknowledge_emergency(entry_id=entry_id, clinician=clinician, note=note)
        self.log_changed.emit()
        return done

    def restore_revision(self, number: int, *, author: str, reason: str) -> Revision:
        if self.plan is None:
            raise StoreError("choose a plan first")
        revision = self._store().restore_revision(plan_id=self.plan.id, number=number, author=author, reason=reason)
        self._reload_revisions()
        self.plan_changed.emit()
        return revision

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None
        if self.store is not None:
            self.store.close()
            self.store = None
            self.error = "the log is closed"
