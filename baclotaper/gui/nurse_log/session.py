"""The log window's model: what the window shows (the last snapshot read), and what changes it.

Views subscribe to its signals; it never knows a widget. It never touches the database on the GUI
thread: reads and writes are jobs for the store's worker thread (store_worker.py). A read brings
back a whole :class:`Snapshot`; only the newest one asked for is shown (a patient chosen meanwhile
drops the older). A write calls back ``done(result)`` or ``failed(message, unreachable)`` on the
GUI thread, then the window reloads what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from baclotaper.common.errors import InputError
from baclotaper.gui.nurse_log.draft import EntryDraft, PlanLink, link_for
from baclotaper.gui.nurse_log.snapshot import Snapshot, View, load
from baclotaper.gui.nurse_log.store_worker import StoreWorker
from baclotaper.gui.nurse_log.timeline_data import TimelineData
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
)
from baclotaper.nurse_log.store.backend import public
from baclotaper.nurse_log.store.errors import StoreReadOnlyError
from baclotaper.nurse_log.store.location import chosen
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import plan_from_dict
from baclotaper.taper.regimen import Route

T = TypeVar("T")
Done = Callable[[T], None]
# Why it failed, and whether the log could not be reached (then it may simply be tried again).
Failed = Callable[[str, bool], None]


def _plan_of(revision: Revision | None) -> TaperPlan | None:
    return None if revision is None else plan_from_dict(revision.data())


def _ignore(_message: str, _unreachable: bool) -> None:
    pass


class LogSession(QObject):
    patients_changed = Signal()
    patient_changed = Signal()
    plan_changed = Signal()
    log_changed = Signal()
    # The log opened on the store's thread (or could not be: :attr:`error` says why).
    opened = Signal()
    # The entry saved off the GUI thread; or why it was not (and whether the log was unreachable).
    entry_saved = Signal(object)
    entry_not_saved = Signal(str, bool)
    # "" when the log answers again, else why it cannot be reached.
    reachability_changed = Signal(str)
    # A job is under way on the store's thread (the window says so), or none is.
    busy_changed = Signal(bool)
    # A read failed: what was asked, why, whether the log was unreachable.
    read_failed = Signal(str, bool)

    def __init__(self, store_path: Path | str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.error = ""  # the log cannot be opened at all (damaged, refused): nothing is saved
        self.problem = ""  # the log could not be reached lately (the window says so)
        self.notice = ""
        self.read_only = False
        self.is_open = False
        self.target = store_path
        self.where = ""
        try:
            self.where = public(chosen(store_path))
        except InputError as error:  # a URL the store does not know
            self.error = str(error)
        self.worker = StoreWorker(self.target, self)
        self.worker.done.connect(self._job_done)
        self.worker.failed.connect(self._job_failed)
        self.worker.dropped.connect(self._job_dropped)
        self.worker.changed.connect(self.refresh)
        self.worker.reachable.connect(self._reachable)
        self._jobs: dict[int, tuple[Callable[[Any], None], Failed]] = {}
        self._writing = 0  # writes under way
        self._loading: int | None = None  # the newest read asked for
        self.view = View()
        self.shown = Snapshot()
        self.patients: list[Patient] = []
        self.patient: Patient | None = None
        self.plans: list[Plan] = []
        self.plan: Plan | None = None
        self.revisions: list[Revision] = []
        self.taper: TaperPlan | None = None
        self.plan_error = ""
        # The route used when no plan is attached; a plan's own route always wins.
        self.fallback_route = Route.ORAL

    # Jobs on the store's thread ------------------------------------------------------------

    def _submit(
        self, job: Callable[[Store], T], done: Done[T], failed: Failed, key: str | None = None, *, quick: bool = False
    ) -> int:
        was_busy = self.busy
        token = self.worker.submit(job, key, quick=quick)
        self._jobs[token] = (done, failed)
        if not was_busy:
            self.busy_changed.emit(True)
        return token

    def _finish(self, token: int) -> tuple[Callable[[Any], None], Failed] | None:
        callbacks = self._jobs.pop(token, None)
        if callbacks is not None and not self._jobs:
            self.busy_changed.emit(False)
        return callbacks

    def _job_done(self, token: int, result: object) -> None:
        callbacks = self._finish(token)
        if callbacks is not None:
            callbacks[0](result)

    def _job_failed(self, token: int, message: str, unreachable: bool) -> None:
        callbacks = self._finish(token)
        if callbacks is not None:
            if unreachable:
                self._set_problem(message)
            callbacks[1](message, unreachable)

    def _job_dropped(self, token: int) -> None:
        self._finish(token)

    @property
    def busy(self) -> bool:
        """A read or write is under way on the store's thread."""
        return bool(self._jobs)

    @property
    def saving(self) -> bool:
        """A write is under way (the window takes one at a time)."""
        return self._writing > 0

    def start(self, interval_ms: int | None = None) -> None:
        """Open the log on the store's thread, read what the window shows, then watch for others'
        additions every few seconds."""
        if self.error:
            self.opened.emit()
            return
        self._open()
        self.reload()
        self.watch(interval_ms)

    def _open(self) -> None:
        # Plain values only come back: the store itself belongs to the worker thread.
        self._submit(lambda store: (store.where, store.notice, store.read_only), self._opened, self._open_failed)

    def _opened(self, about: tuple[str, str, bool]) -> None:
        self.is_open = True
        self.where, self.notice, self.read_only = about
        self.opened.emit()

    def _open_failed(self, message: str, unreachable: bool) -> None:
        if not unreachable:  # damaged or refused: never retried or repaired, the file is left as it was
            self.error = message
            self.worker.stop_watching()
            self.opened.emit()

    def watch(self, interval_ms: int | None = None) -> None:
        """Look for other windows' and workstations' additions every few seconds."""
        if not self.error:
            self.worker.start_watching(interval_ms)

    # Reading: what the window shows --------------------------------------------------------

    @property
    def can_write(self) -> bool:
        return not self.error

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

    @property
    def loading_patient(self) -> bool:
        """Another patient was chosen and is still being read (the form waits for it)."""
        return self.view.patient_id != (self.patient.id if self.patient else None)

    def route_of_plan(self, plan_id: int | None) -> Route:
        """The route of an entry's plan (for its onset window); the window's route if none."""
        route = self.shown.plan_routes.get(plan_id) if plan_id is not None else None
        return route if route is not None else self.route

    @property
    def entries(self) -> list[LogEntry]:
        return self.shown.entries

    @property
    def timeline(self) -> TimelineData:
        return self.shown.timeline

    @property
    def latest_entry(self) -> LogEntry | None:
        """The patient's current entry observed last (the advice panel shows its advice)."""
        return self.shown.latest

    @property
    def open_emergency(self) -> LogEntry | None:
        """The emergency entry the banner shows until a later entry or a clinician clears it."""
        return self.shown.emergency

    @property
    def emergencies(self) -> frozenset[int]:
        """The patients found whose last emergency is still open (not acknowledged, not cleared)."""
        return self.shown.emergencies

    def answer_to(self, entry_id: int) -> Revision | None:
        """The revision that accepted this entry's advice, if any (kept in the store: survives a restart)."""
        return self.shown.answers.get(entry_id)

    def acknowledgement(self, entry_id: int) -> Acknowledgement | None:
        return self.shown.acknowledgements.get(entry_id)

    def link(self, draft: EntryDraft) -> PlanLink:
        revision = self.revision
        number = revision.number if revision is not None else None
        return link_for(self.plan.id if self.plan else None, number, self.taper, draft.observed_at)

    def plan_at(self, number: int) -> TaperPlan | None:
        return _plan_of(next((r for r in self.revisions if r.number == number), None))

    def reload(self) -> None:
        """Read again what the window shows (the newest request wins; older ones are dropped)."""
        if self.error:
            return
        view = self.view
        self._loading = self._submit(partial(load, view=view), self._loaded, self._load_failed, key="load", quick=True)

    def _loaded(self, snapshot: Snapshot) -> None:
        if self._loading is None or snapshot.view != self.view:
            return  # asked for something else meanwhile: the newer read follows
        self._loading = None
        self._show(snapshot)

    def _load_failed(self, message: str, unreachable: bool) -> None:
        # The window goes on showing what it last read; a patient chosen meanwhile is not shown.
        shown = self.shown.view
        if self.view.patient_id != shown.patient_id:
            self.view = replace(self.view, patient_id=shown.patient_id, plan_id=shown.plan_id)
            self.patients_changed.emit()  # the list goes back to the patient still shown
        self.read_failed.emit(message, unreachable)

    def _show(self, snapshot: Snapshot) -> None:
        before = self.patient.id if self.patient else None
        self.shown = snapshot
        self.patients = snapshot.patients
        self.patient = snapshot.patient
        self.plans = snapshot.plans
        self.plan = snapshot.plan
        self.revisions = snapshot.revisions
        self.plan_error = ""
        try:
            self.taper = _plan_of(self.revision)
        except ValueError as error:  # PlanFileError: a damaged stored document is shown, not fatal
            self.taper = None
            self.plan_error = f"Revision {self.revision.number if self.revision else '?'} cannot be read: {error}"
        self.patients_changed.emit()
        if (self.patient.id if self.patient else None) != before:
            self.patient_changed.emit()
        self.plan_changed.emit()
        self.log_changed.emit()

    # Choosing ------------------------------------------------------------------------------

    def search(self, query: str) -> None:
        self.view = replace(self.view, query=query)
        self.reload()

    def select_patient(self, patient_id: int | None) -> None:
        if self.view.patient_id == patient_id:
            return
        self.view = replace(self.view, patient_id=patient_id, plan_id=None)
        self.reload()

    def select_plan(self, plan_id: int | None) -> None:
        if (self.plan.id if self.plan else None) == plan_id:
            return
        self.view = replace(self.view, plan_id=plan_id)
        self.reload()

    def set_days(self, since: date | None, until: date | None) -> None:
        if (self.view.since, self.view.until) != (since, until):
            self.view = replace(self.view, since=since, until=until)
            self.reload()

    def set_fallback_route(self, route: Route) -> None:
        self.fallback_route = route
        if self.taper is None:
            self.plan_changed.emit()

    def refresh(self) -> None:
        """Show what others added: patients, the chosen patient's plans and revisions, the log."""
        self.reload()

    # Writing: one job, one transaction -------------------------------------------------------

    def _write(self, action: str, job: Callable[[Store], T], done: Done[T], failed: Failed) -> None:
        """Run ``job`` on the store's thread, then show the log as it is now (whatever happened)."""
        if self.error:
            failed(self.error, False)
            return
        if self.read_only:
            failed(f"{action}: {self.where} is read-only here; nothing was saved", False)
            return

        def finished(result: T) -> None:
            self._writing -= 1
            done(result)
            self.reload()

        def not_done(message: str, unreachable: bool) -> None:
            self._writing -= 1
            failed(message, unreachable)
            self.reload()

        self._writing += 1
        self._submit(job, finished, not_done)

    def add_patient(
        self,
        *,
        name: str,
        identifier: str,
        date_of_birth: date | None,
        done: Done[Patient],
        failed: Failed,
        key: str | None = None,
    ) -> None:
        def added(patient: Patient) -> None:
            # The new patient must be in the list, and is the one the form is for.
            self.view = replace(self.view, query="", patient_id=patient.id, plan_id=None)
            done(patient)

        def job(store: Store) -> Patient:
            return store.add_patient(name=name, identifier=identifier, date_of_birth=date_of_birth, key=key)

        self._write("adding the patient", job, added, failed)

    def attach_plan(
        self,
        plan: TaperPlan,
        *,
        title: str,
        author: str,
        reason: str,
        done: Done[Plan],
        failed: Failed,
        key: str | None = None,
    ) -> None:
        if self.patient is None:
            failed("choose a patient first", False)
            return
        patient_id, document = self.patient.id, stored_document(plan)

        def attached(record: Plan) -> None:
            self.view = replace(self.view, plan_id=record.id)
            done(record)

        def job(store: Store) -> Plan:
            return store.attach_plan(
                patient_id=patient_id, title=title, document=document, author=author, reason=reason, key=key
            )

        self._write("attaching the plan", job, attached, failed)

    def _entry_job(
        self, draft: EntryDraft, tier: Tier, corrects: LogEntry | None, key: str | None
    ) -> Callable[[Store], LogEntry]:
        """The save, as a job for the store's thread."""
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
                key=key,
            )

        return job

    def save_entry_later(
        self, draft: EntryDraft, tier: Tier, *, corrects: LogEntry | None = None, key: str | None = None
    ) -> None:
        """Save on the worker thread; :attr:`entry_saved` or :attr:`entry_not_saved` says how it went.
        Checks that need no database (a patient chosen, the log writable) fail here, at once.
        ``key``: the draft's save key, the same on every retry (a lost answer never saves it twice)."""
        if self.error:
            raise StoreError(self.error)
        if self.read_only:
            raise StoreReadOnlyError(f"saving the log entry: {self.where} is read-only here; nothing was saved")
        self._write(
            "saving the log entry",
            self._entry_job(draft, tier, corrects, key),
            self.entry_saved.emit,
            self._entry_failed,
        )

    def _entry_failed(self, message: str, unreachable: bool) -> None:
        self.entry_not_saved.emit(message, unreachable)

    def accept_proposal(
        self,
        proposal: Proposal,
        *,
        on: date,
        author: str,
        reason: str,
        entry_id: int,
        done: Done[Revision],
        failed: Failed,
        key: str | None = None,
    ) -> None:
        """Revise the current plan as entry ``entry_id``'s advice proposed and keep it as a new
        revision (who, when, why, which entry); an entry's advice is accepted once."""
        if self.plan is None or self.taper is None:
            failed("attach a plan to this patient first", False)
            return
        revised = apply_proposal(self.taper, proposal, on=on, reason=reason)  # InputError: said at once
        plan_id, document = self.plan.id, stored_document(revised)
        looked_at = self.revision.number if self.revision is not None else None

        def job(store: Store) -> Revision:
            # based_on: if another clinician revised the plan meanwhile (another workstation),
            # nothing is saved and the error says who saved what; the plan shown is brought up to
            # date either way (the reload after every write).
            return store.add_revision(
                plan_id=plan_id,
                document=document,
                author=author,
                reason=reason,
                answers_entry=entry_id,
                proposal=proposal.kind,
                based_on=looked_at,
                key=key,
            )

        self._write("revising the plan", job, done, failed)

    def acknowledge(
        self,
        entry_id: int,
        *,
        clinician: str,
        note: str,
        done: Done[Acknowledgement],
        failed: Failed,
        key: str | None = None,
    ) -> None:
        """A named clinician has seen emergency entry ``entry_id``: the banner clears."""

        def job(store: Store) -> Acknowledgement:
            return store.acknowledge_emergency(entry_id=entry_id, clinician=clinician, note=note, key=key)

        self._write("saving the acknowledgement", job, done, failed)

    def restore_revision(
        self, number: int, *, author: str, reason: str, done: Done[Revision], failed: Failed, key: str | None = None
    ) -> None:
        if self.plan is None:
            failed("choose a plan first", False)
            return
        plan_id = self.plan.id

        def job(store: Store) -> Revision:
            return store.restore_revision(plan_id=plan_id, number=number, author=author, reason=reason, key=key)

        self._write("restoring the plan revision", job, done, failed)

    def run(self, job: Callable[[Store], T], done: Done[T], failed: Failed = _ignore) -> None:
        """A job that changes nothing in the log (an export reading it), on the store's thread."""
        if self.error:
            failed(self.error, False)
            return
        self._submit(job, done, failed)

    # Reachability ----------------------------------------------------------------------------

    def _set_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            self.reachability_changed.emit(problem)
        if problem:
            self.worker.recheck()

    def _reachable(self, problem: str) -> None:
        was = self.problem
        self._set_problem(problem)
        if not problem and not self.is_open and not self.error:
            self._open()  # it could not be reached when the window opened
        if not problem and was:
            self.reload()

    def close(self) -> None:
        self.worker.close()
        self._jobs.clear()
        self.error = self.error or "the log is closed"
