"""The nurse's withdrawal log: patients, the checklist entry form, live advice, and the record.

The window wires views to the :class:`LogSession` model and turns the model's errors into
messages; every question goes through ``prompts`` so tests answer it without a dialog. It never
waits on the database: it shows the last snapshot the session read, says in the status bar when the
log is busy or cannot be reached, and keeps whatever the log did not save, marked NOT SAVED.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common import paths
from baclotaper.common.errors import InputError, PlanFileError
from baclotaper.common.settings import LOG_DATABASE, Settings
from baclotaper.gui import accessible_interfaces
from baclotaper.gui.accessibility import PaneCycle, move_focus
from baclotaper.gui.nurse_log import exports
from baclotaper.gui.nurse_log.advice_panel import AdvicePanel
from baclotaper.gui.nurse_log.advice_source import Shown, for_draft, for_entry
from baclotaper.gui.nurse_log.colours import CAUTION_STYLE, ERROR_STYLE, TIER_WORDS
from baclotaper.gui.nurse_log.date_range import DateRangeBar
from baclotaper.gui.nurse_log.dialogs import NewPatient, SignOff
from baclotaper.gui.nurse_log.emergency_banner import EmergencyBanner
from baclotaper.gui.nurse_log.entries_model import when
from baclotaper.gui.nurse_log.entries_panel import EntriesPanel
from baclotaper.gui.nurse_log.entry_form import Clock, EntryForm, local_now
from baclotaper.gui.nurse_log.kept import KeptAnswers
from baclotaper.gui.nurse_log.menus import build_menus
from baclotaper.gui.nurse_log.patient_panel import PatientPanel
from baclotaper.gui.nurse_log.patients_model import patient_text
from baclotaper.gui.nurse_log.plan_actions import PlanActions, plan_title
from baclotaper.gui.nurse_log.plan_exports import export_revision
from baclotaper.gui.nurse_log.plan_panel import PlanPanel
from baclotaper.gui.nurse_log.prompts import LogPrompts, Prompts
from baclotaper.gui.nurse_log.session import LogSession
from baclotaper.gui.nurse_log.tables import named
from baclotaper.gui.nurse_log.timeline_view import TimelineView
from baclotaper.nurse_log.advice import Proposal, rules
from baclotaper.nurse_log.checklist import load_checklist
from baclotaper.nurse_log.revise import describe
from baclotaper.nurse_log.store import Acknowledgement, LogEntry, Patient, Revision, Store, StoreError, location
from baclotaper.nurse_log.store.backend import public
from baclotaper.taper.plan import TaperPlan

T = TypeVar("T")


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


def _chosen_log() -> str | None:
    """The log named in Settings, unless --database or BACLOTAPER_DATABASE_URL chose one."""
    return None if location.overridden() else (Settings().get(LOG_DATABASE) or None)


class LogWindow(QMainWindow):
    # An entry the log has saved (off the GUI thread: tests and views wait for this).
    entry_saved = Signal(object)

    def __init__(
        self,
        store_path: Path | str | None = None,
        *,
        plan: TaperPlan | None = None,
        plan_path: Path | None = None,
        prompts: Prompts | None = None,
        parent: QWidget | None = None,
        clock: Clock = local_now,
    ) -> None:
        super().__init__(parent)
        accessible_interfaces.install()  # before any widget is asked about
        self.clock = clock
        self.setObjectName("logWindow")
        self.prompts: Prompts = prompts or LogPrompts(self)
        self.current_plan, self.current_plan_path = plan, plan_path
        self.session = LogSession(store_path if store_path is not None else _chosen_log(), self)
        self._saving_from: LogEntry | None = None  # the entry being corrected by the save under way
        self._then: Callable[[LogEntry], None] | None = None  # what waits for the save under way
        self._correcting: LogEntry | None = None
        self._latest: LogEntry | None = None
        self._emergency: LogEntry | None = None  # the open emergency the banner shows
        self._draft_key = 0
        self._save_key: str | None = None  # the draft's save key, from its first Save until it is saved
        self._correction_why = ""  # the reason given for the correction being saved (asked again on a retry)
        self._adding_patient = False
        self._shown: Shown | None = None
        self._build()
        self.menu_actions = build_menus(self)
        # Which log this is, always in sight: this computer's file or the ward's server; whether it
        # is busy; and what the log did not save (kept for another try).
        self._where = named(QLabel(f"Log: {self.session.where}"), "logLocation")
        self._busy = named(QLabel(""), "logBusy")
        self._unsaved = named(QLabel(""), "unsavedNote")
        self._unsaved.setStyleSheet(ERROR_STYLE)
        self._unsaved.hide()
        self.kept = KeptAnswers(lambda: self.prompts, self._show_unsaved)
        self.plan_actions = PlanActions(
            self.session,
            lambda: self.prompts,
            lambda: self.form.recorded_by.text().strip(),
            self._attempt,
            kept=self.kept,
            said=self.statusBar().showMessage,
        )
        self._connect()
        # Tab follows reading order (patients, the entry, the banner and advice, the record: see
        # focusNextPrevChild); F6 jumps between them.
        self.pane_cycle = PaneCycle(self, self.panes)
        self.resize(1280, 720)
        for label in (self._unsaved, self._busy, self._where):
            self.statusBar().addPermanentWidget(label)
        # Opened and read on the store's thread: the window is up at once, whatever the server does.
        self.session.set_days(*self.range.dates())
        self.session.start()
        # The session announces these itself from now on.
        self._patient_changed()
        self._plan_changed()
        self._log_changed()
        self.patients.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # Building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = EmergencyBanner()
        self.patients = PatientPanel(self.session)
        self.patient_header = named(QLabel(), "patientHeader")
        self.patient_header.setWordWrap(True)
        self.form = EntryForm(load_checklist(self.session.route), clock=self.clock)
        self.advice = AdvicePanel()
        self.range = DateRangeBar()
        self.timeline = TimelineView()
        self.entries = EntriesPanel()
        self.plan_panel = PlanPanel(self.session)
        self.tabs = named(QTabWidget(), "logTabs")
        self.tabs.setAccessibleName("Record")
        self.tabs.addTab(self.timeline, "Timeline")
        self.tabs.addTab(self.entries, "Entries")
        self.tabs.addTab(self.plan_panel, "Plan and revisions")

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 0, 4, 0)
        middle_layout.addWidget(self.patient_header)
        middle_layout.addWidget(self.form, 1)
        record = QWidget()
        record_layout = QVBoxLayout(record)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addWidget(self.range)
        record_layout.addWidget(self.tabs, 1)
        # The emergency banner heads the advice column: above the whole window it pushed the entry
        # form down as it appeared, and the next keystrokes changed the wrong severity buttons.
        advice_column = QWidget()
        advice_layout = QVBoxLayout(advice_column)
        advice_layout.setContentsMargins(0, 0, 0, 0)
        advice_layout.addWidget(self.banner)
        advice_layout.addWidget(_scrolled(self.advice), 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(advice_column)
        right.addWidget(record)
        right.setSizes([250, 470])
        columns = named(QSplitter(Qt.Orientation.Horizontal), "logColumns")
        left = _scrolled(self.patients)
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left.setMinimumWidth(230)
        columns.addWidget(left)
        columns.addWidget(middle)
        columns.addWidget(right)
        columns.setSizes([250, 500, 530])
        columns.setChildrenCollapsible(False)
        # Reading order: the patients, the entry, the banner and advice about it, the record below.
        self.panes: list[QWidget] = [self.patients, middle, advice_column, record]
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(columns, 1)
        self.setCentralWidget(central)

    def _connect(self) -> None:
        self.form.changed.connect(self._refresh_advice)
        self.form.save_button.clicked.connect(self.save_entry)
        self.form.new_button.clicked.connect(self.new_entry)
        self.form.cancel_correction.clicked.connect(self.cancel_correction)
        self.advice.proposal_chosen.connect(self.accept_proposal)
        self.banner.acknowledge_requested.connect(self.acknowledge_emergency)
        self.patients.patient_chosen.connect(self.choose_patient)
        self.patients.plan_chosen.connect(self.choose_plan)
        self.patients.new_button.clicked.connect(self.new_patient)
        self.patients.attach_button.clicked.connect(self.attach_current_plan)
        self.patients.open_button.clicked.connect(self.open_plan_file)
        self.entries.correct_requested.connect(self.start_correction)
        self.plan_panel.restore_requested.connect(self.restore_revision)
        self.plan_panel.print_requested.connect(lambda: self.export_revision("pdf"))
        self.range.changed.connect(lambda: self.session.set_days(*self.range.dates()))
        self.session.patient_changed.connect(self._patient_changed)
        self.session.plan_changed.connect(self._plan_changed)
        self.session.log_changed.connect(self._log_changed)
        self.session.entry_saved.connect(self._entry_saved)
        self.session.entry_not_saved.connect(self._entry_not_saved)
        self.session.reachability_changed.connect(self._reachability_changed)
        self.session.opened.connect(self._opened)
        self.session.busy_changed.connect(self._busy_changed)
        self.session.read_failed.connect(self._read_failed)
        self.session.patients_changed.connect(self._update_form_enabled)

    # Reacting to the model -----------------------------------------------------------------

    def _attempt(self, title: str, action: Callable[[], T]) -> T | None:
        """Run ``action``; a store or input problem becomes a message and nothing is lost."""
        try:
            return action()
        except StoreError as error:
            self.prompts.show_error(title, f"{error}")
        except (InputError, PlanFileError) as error:
            self.prompts.show_error(title, str(error))
        return None

    def _opened(self) -> None:
        self._where.setText(f"Log: {self.session.where}")
        if self.session.error:
            self._store_failed()
        elif self.session.notice:
            self.statusBar().showMessage(self.session.notice)
        self._patient_changed()

    def _busy_changed(self, busy: bool) -> None:
        self._busy.setText("Working with the log…" if busy else "")

    def _read_failed(self, message: str, unreachable: bool) -> None:
        # Said in the status bar, not in a dialog per read: the window stays usable meanwhile.
        why = "the log server cannot be reached" if unreachable else message
        self.statusBar().showMessage(f"Could not read the log ({why}): showing what was read last.")
        self._update_form_enabled()

    def _forget_saved_sign_offs(self) -> None:
        """A kept acceptance or acknowledgement whose answer was lost, but that the log holds as
        typed (the reload shows it done), is saved: no longer NOT SAVED. Its button is gone, so it
        could not be retried anyway."""
        for key, value in self.kept.items():
            kind, _, number = key.partition("-")
            if not isinstance(value, SignOff) or not number.isdigit():
                continue
            typed = (value.initials.strip(), value.reason.strip())
            if kind == "accept":
                revision = self.session.answer_to(int(number))
                stored = (revision.author, revision.reason) if revision is not None else None
            elif kind == "acknowledge":
                ack = self.session.acknowledgement(int(number))
                stored = (ack.clinician, ack.note) if ack is not None else None
            else:
                continue
            if stored == typed:
                self.kept.done(key)

    def _show_unsaved(self, summary: str) -> None:
        self._unsaved.setText(summary)
        self._unsaved.setVisible(bool(summary))

    def _update_form_enabled(self) -> None:
        # While another patient is being added or read, the form still belongs to the one shown:
        # nothing may be typed into it that the switch would then clear.
        self.form.setEnabled(not self.session.loading_patient and not self._adding_patient)

    def _store_failed(self) -> None:
        self.prompts.show_error(
            "The log cannot be opened",
            f"{self.session.error}\n\nThe file was left exactly as it was. The checklist still shows its advice, "
            "but nothing can be saved until the file is repaired or replaced.",
        )
        self.patients.setEnabled(False)
        self.statusBar().showMessage("Read-only: the log database could not be opened.")

    def _patient_changed(self) -> None:
        patient = self.session.patient
        self.patients.show_patient(patient.id if patient else None)
        if not self.session.can_write:
            self.patient_header.setText("<b>Read-only:</b> the log database could not be opened; nothing is saved.")
            self.patient_header.setStyleSheet(ERROR_STYLE)
        elif patient is None:
            self.patient_header.setText("No patient chosen: find or add the patient on the left first.")
            self.patient_header.setStyleSheet(CAUTION_STYLE)
        else:
            self.patient_header.setText(f"Entry for <b>{patient_text(patient)}</b>")
            self.patient_header.setStyleSheet("font-size: 12pt;")
        # Ending with the app's name: the window system adds it to a title that does not (twice before).
        self.setWindowTitle(f"Nurse's log{f' — {patient.name}' if patient else ''} — BacloTaper")
        self._correcting = None
        self._new_draft()
        self._update_form_enabled()

    def _plan_changed(self) -> None:
        self.form.set_checklist(load_checklist(self.session.route))
        self._show_entries()
        self._update_enabled()
        self._refresh_advice()

    def _log_changed(self) -> None:
        self._latest = self.session.latest_entry
        self._emergency = self.session.open_emergency
        self._forget_saved_sign_offs()
        self._show_entries()
        self._refresh_advice()

    def _show_entries(self) -> None:
        """The table and the timeline for the days read (a long history is never read whole)."""
        entries = self.session.entries
        view = self.session.shown.view
        self.entries.show_entries(entries, self._onset_note)
        self.entries.show_count(len(entries), self.range.describe(), self.session.shown.entry_count)
        self.timeline.set_data(self.session.timeline, self.session.taper)
        self.timeline.set_dates(view.since, view.until if view.until is not None else self.range.dates()[1])

    def _onset_note(self, entry: LogEntry) -> str:
        days = entry.days_since_cut
        if days is None:
            return ""
        window = rules().onset[self.session.route_of_plan(entry.plan_id)]
        if not window.first_day <= days <= window.last_day:
            return ""
        span = f"days {window.first_day}–{window.last_day}"
        return f"Day {days} after a cut: inside the usual onset window of withdrawal ({span})"

    def _update_enabled(self) -> None:
        writable = self.session.can_write
        chosen = writable and self.session.patient is not None
        for widget in (self.form.save_button, self.menu_actions.save):
            widget.setEnabled(chosen and not self.session.saving)
        for widget in (
            self.menu_actions.csv,
            self.menu_actions.pdf,
            self.menu_actions.open_plan,
        ):
            widget.setEnabled(chosen)
        self.patients.open_button.setEnabled(chosen)
        self.menu_actions.attach.setEnabled(chosen and self.current_plan is not None)
        for action in self.menu_actions.revision_exports.values():
            action.setEnabled(chosen and self.session.plan is not None)
        self.plan_panel.print_button.setEnabled(chosen and self.session.plan is not None)
        self.patients.attach_button.setEnabled(chosen and self.current_plan is not None)
        self.menu_actions.new_patient.setEnabled(writable)
        self.menu_actions.correct.setEnabled(chosen)
        self.entries.setEnabled(writable)

    # The advice ----------------------------------------------------------------------------

    def _new_draft(self) -> None:
        self._draft_key += 1
        self._save_key = None
        self._correction_why = ""
        self.form.reset(self.clock())

    def _draft_label(self) -> str:
        if self._correcting is not None:
            return f"Correction of entry #{self._correcting.id} (not saved yet)"
        return "This entry (not saved yet)"

    def _saved(self, entry: LogEntry, what: str) -> Shown:
        route = self.session.route_of_plan(entry.plan_id)
        return for_entry(entry, route, renal_impaired=self.session.renal_impaired, what=what)

    def _done_note(self, shown: Shown) -> str:
        """What became of a saved entry's advice: accepted (which revision, by whom, when) or
        acknowledged by a clinician. Read from the store, so it survives a restart."""
        if shown.entry_id is None:
            return ""
        notes = []
        revision = self.session.answer_to(shown.entry_id)
        if revision is not None:
            proposal = "a hold" if revision.proposal == "hold" else "a step back"
            notes.append(
                f"Done: {proposal} accepted as revision {revision.number} by {revision.author} on "
                f"{when(revision.created)}."
            )
        ack = self.session.acknowledgement(shown.entry_id)
        if ack is not None:
            notes.append(f"Emergency acknowledged by {ack.clinician} on {when(ack.acknowledged_at)}: {ack.note}")
        return " ".join(notes)

    def _refresh_advice(self) -> None:
        draft = self.form.draft()
        checklist = self.form.checklist
        link = self.session.link(draft)
        key = f"draft-{self._draft_key}"
        renal = self.session.renal_impaired
        drafted = for_draft(draft, self.session.route, link.days_since_cut, key, renal_impaired=renal)
        if drafted is not None:
            drafted = replace(drafted, label=self._draft_label())
        # An open emergency stays in view (advice and banner) until a later entry or a clinician clears it.
        emergency = self._saved(self._emergency, "Emergency entry") if self._emergency is not None else None
        latest = self._saved(self._latest, "Latest entry") if self._latest is not None else None
        shown = drafted or emergency or latest
        self._shown = shown
        # The total belongs to the entry whose advice is shown, not to the (perhaps blank) form.
        self.advice.show_total(shown.advice.total if shown else 0, shown.scored if shown else 0, checklist)
        labels = {v.id: v.label for v in checklist.vitals} | {"observed_at": "Observed at", "notes": "Notes"}
        refused = ", ".join(labels.get(f, f) for f in draft.errors)
        refused_text = f"Not used until corrected: {refused}." if refused else ""
        if shown is None:
            self.advice.show_advice(None, where="No entry yet", refused=refused_text, can_revise=False)
        else:
            proposals = bool(shown.advice.proposals)
            done = self._done_note(shown)
            accepted = shown.entry_id is not None and self.session.answer_to(shown.entry_id) is not None
            has_plan = self.session.taper is not None and self.session.can_write
            note = done or ("" if not proposals or has_plan else "Attach a plan to this patient to hold or step back.")
            self.advice.show_advice(
                shown.advice,
                where=shown.label,
                refused=refused_text,
                can_revise=has_plan and not accepted,
                revise_note=note,
            )
        drafted_emergency = drafted if drafted is not None and drafted.advice.is_emergency else None
        on_banner = drafted_emergency or emergency
        self.banner.show_advice(
            on_banner.advice if on_banner else None,
            on_banner.label if on_banner else "",
            can_acknowledge=on_banner is not None and on_banner is emergency and self.session.can_write,
        )

    # Entries -------------------------------------------------------------------------------

    def _draft_dirty(self) -> bool:
        return not self.form.draft().is_blank

    def _may_discard(self) -> bool:
        if not self._draft_dirty():
            return True
        return self.prompts.confirm("Discard this entry?", "The entry being filled in has not been saved. Discard it?")

    def save_entry(self) -> None:
        if not self.session.can_write or self.session.patient is None:
            self.prompts.show_error("Not saved", "Choose the patient first (or open a log that can be written).")
            return None
        self.form.reveal_errors()
        draft = self.form.draft()
        problems: list[QWidget] = [self.form.vitals.edits[f] for f in draft.errors if f in self.form.vitals.edits]
        if not draft.recorded_by:
            problems.append(self.form.recorded_by)
        if "notes" in draft.errors:
            problems.append(self.form.notes)
        if "observed_at" in draft.errors:
            problems.insert(0, self.form.observed)
        if problems:
            self.form.show_status("Not saved: correct the fields marked in red. Nothing was cleared.", ERROR_STYLE)
            problems[0].setFocus()
            return None
        if draft.is_blank:
            self.form.show_status("Nothing to save: score an item or enter a vital sign.", ERROR_STYLE)
            return None
        shown = self._shown if self._shown is not None and self._shown.key == f"draft-{self._draft_key}" else None
        tier = shown.advice.tier if shown is not None else "none"
        corrects = self._correcting
        if corrects is not None:
            reason = self._correction_reason(corrects, draft.recorded_by)
            if reason is None:
                self.form.show_status("Not saved: a correction needs its reason. Nothing was cleared.", ERROR_STYLE)
                return None
            self._correction_why = reason  # offered again if this save has to be retried
            # Kept with the entry itself (entries are never edited): who corrected what, and why.
            why = f"Correction of entry #{corrects.id}: {reason}"
            draft = replace(draft, notes=f"{why}\n{draft.notes}" if draft.notes.strip() else why)

        # One save key per draft, made on its first Save and kept while it stays NOT SAVED: a retry
        # after a save whose answer was lost (but that the log did store) finds it, never adds it twice.
        if self._save_key is None:
            self._save_key = str(uuid4())
        key = self._save_key

        # Saved on the store's own thread: the window never waits on the database or the server.
        def start() -> bool:
            self.session.save_entry_later(draft, tier, corrects=corrects, key=key)
            return True

        if self._attempt("Not saved", start) is None:
            self._mark_not_saved("")
            return None
        self._saving_from = corrects
        self._update_enabled()
        self.form.show_status("Saving…")
        return None

    def _correction_reason(self, entry: LogEntry, initials: str) -> str | None:
        """Why ``entry`` is corrected, asked when the correction is saved; None: not given."""
        answer = self.prompts.ask_sign_off(
            f"Correct entry #{entry.id}",
            f"Entry #{entry.id} stays in the log, marked as superseded by this correction. "
            "Say why it is corrected (for example: heart rate re-checked).",
            initials=initials,
            reason=self._correction_why,
        )
        if answer is None or not answer.reason.strip():
            return None
        return answer.reason.strip()

    def _entry_saved(self, entry: LogEntry) -> None:
        corrects = self._saving_from
        self._correcting = None
        self._new_draft()
        self._update_enabled()
        self.range.include(entry.observed_at.astimezone().date())
        what = f"correction #{entry.id} of entry #{corrects.id}" if corrects else f"entry #{entry.id}"
        self.statusBar().showMessage(f"Saved {what}: {TIER_WORDS[entry.tier]}.")
        self.entry_saved.emit(entry)
        then, self._then = self._then, None
        if then is not None:
            then(entry)

    def _entry_not_saved(self, message: str, unreachable: bool) -> None:
        self._then = None
        self._update_enabled()
        self._mark_not_saved("when the log server is back" if unreachable else "once the problem is solved")
        self.prompts.show_error("Not saved", message)

    def _mark_not_saved(self, when: str) -> None:
        """The entry stays in the form, every field as typed, and says plainly it is not in the log."""
        later = f" Save it again {when}." if when else ""
        self.form.show_status(f"NOT SAVED: this entry is not in the log yet. It is kept here.{later}", ERROR_STYLE)

    def _reachability_changed(self, problem: str) -> None:
        self._where.setText(f"Log: {self.session.where}" + (f" — UNREACHABLE: {problem}" if problem else ""))
        self._where.setStyleSheet(ERROR_STYLE if problem else "")

    def new_entry(self) -> None:
        if self._may_discard():
            self._correcting = None
            self._new_draft()
            self.focus_form()

    def start_correction(self, entry: LogEntry) -> None:
        if not entry.is_current:
            self.prompts.show_info(
                "Already corrected",
                f"Entry #{entry.id} was corrected by entry #{entry.superseded_by}: correct that one.",
            )
            return
        missing = sorted(set(entry.scores) - set(self.form.checklist_box.controls))
        if missing:
            # Correcting it here would silently drop those scores from the corrected copy.
            self.prompts.show_info(
                "Another checklist",
                f"Entry #{entry.id} scores items that are not on the {self.session.route.value} checklist "
                f"({', '.join(missing)}). Choose the plan or route it was recorded with to correct it.",
            )
            return
        if self._correcting is None and not self._may_discard():
            return
        self._correcting = entry
        self._draft_key += 1
        self._save_key = None
        self._correction_why = ""
        self.form.load_entry(entry)
        self.form.show_status(
            f"Correcting entry #{entry.id} (observed {when(entry.observed_at)}, recorded by {entry.recorded_by}). "
            "Saving adds a new entry that supersedes it; the original stays in the log, struck through.",
            CAUTION_STYLE,
        )
        self.focus_form()

    def cancel_correction(self) -> None:
        if self._correcting is not None:
            self._correcting = None
            self._new_draft()

    # Patients and plans --------------------------------------------------------------------

    def choose_patient(self, patient_id: int | None) -> None:
        current = self.session.patient.id if self.session.patient else None
        if patient_id == current:
            return
        if not self._may_discard():
            self.patients.show_patient(current)
            return
        self.session.select_patient(patient_id)
        self._update_form_enabled()
        if self.session.loading_patient:
            self.statusBar().showMessage("Opening the patient…")

    def choose_plan(self, plan_id: int | None) -> None:
        self.session.select_plan(plan_id)

    def new_patient(self) -> None:
        if not self.session.can_write or not self._may_discard():
            return
        kept = self.kept.get("patient", NewPatient)
        answer = self.prompts.ask_new_patient(kept)
        if answer is None:
            self.kept.done("patient")  # given up
            return

        def added(patient: Patient) -> None:
            self._adding_patient = False
            self.patients.search.blockSignals(True)
            self.patients.search.clear()  # the new patient must be in the list (the session cleared it)
            self.patients.search.blockSignals(False)
            self.statusBar().showMessage(f"Patient {patient_text(patient)} added.")

        def not_added(message: str, unreachable: bool) -> None:
            self._adding_patient = False
            self._update_form_enabled()
            not_saved(message, unreachable)

        saved, not_saved = self.kept.saving(
            "patient",
            answer,
            what=f"new patient {answer.name}",
            title="Patient not added",
            retry="add the patient",
            done=added,
        )
        self.session.add_patient(
            name=answer.name,
            identifier=answer.identifier,
            date_of_birth=answer.date_of_birth,
            done=saved,
            failed=not_added,
            key=self.kept.save_key("patient"),
        )
        self._adding_patient = True
        self._update_form_enabled()

    def attach_current_plan(self) -> None:
        if self.current_plan is None:
            self.prompts.show_info("No plan open", "No plan is open in the planner. Use Open plan file… instead.")
            return
        self.plan_actions.attach(self.current_plan, plan_title(self.current_plan, self.current_plan_path))

    def open_plan_file(self) -> None:
        self.plan_actions.open_file()

    def accept_proposal(self, proposal: Proposal) -> None:
        shown = self._shown
        if shown is None or self.session.taper is None:
            return
        if shown.entry_id is None:
            # A revision answers a saved entry: an entry being filled in is saved first (on the
            # store's thread), and the proposal is accepted once it is in the log.
            unsaved = shown

            def then(entry: LogEntry) -> None:
                self._accept(
                    proposal, replace(unsaved, label=f"Entry #{entry.id}", key=f"entry-{entry.id}", entry_id=entry.id)
                )

            self._then = then
            self.save_entry()
            if not self.session.saving:
                self._then = None
            return
        self._accept(proposal, shown)

    def _accept(self, proposal: Proposal, shown: Shown) -> None:
        assert shown.entry_id is not None

        def accepted(revision: Revision) -> None:
            self.statusBar().showMessage(f"Plan revised: revision {revision.number}. {describe(proposal)}.")
            self.tabs.setCurrentWidget(self.plan_panel)

        self.plan_actions.accept(proposal, shown, shown.entry_id, accepted)

    def acknowledge_emergency(self) -> None:
        """A named clinician has assessed the patient: the banner of the open emergency clears."""
        entry = self._emergency
        if entry is None or not self.session.can_write:
            return
        key = f"acknowledge-{entry.id}"
        answer = self.prompts.ask_acknowledgement(
            f"Emergency entry #{entry.id}, observed {when(entry.observed_at)}: the banner clears only when a "
            "clinician who has assessed the patient gives their name. Name and time are kept in the log.",
            self.kept.get(key, SignOff),
        )
        if answer is None:
            self.kept.done(key)
            return

        def acknowledged(done: Acknowledgement) -> None:
            self.statusBar().showMessage(
                f"Emergency of entry #{entry.id} acknowledged by {done.clinician} on {when(done.acknowledged_at)}."
            )

        saved, failed = self.kept.saving(
            key,
            answer,
            what=f"acknowledgement of emergency entry #{entry.id}",
            title="Not acknowledged",
            retry="acknowledge it",
            done=acknowledged,
        )
        self.session.acknowledge(
            entry.id,
            clinician=answer.initials,
            note=answer.reason,
            done=saved,
            failed=failed,
            key=self.kept.save_key(key),
        )

    def restore_revision(self, number: int) -> None:
        self.plan_actions.restore(number)

    # Exports -------------------------------------------------------------------------------

    def _run(self, title: str) -> exports.Runner:
        """Runs an export's job on the store's thread; a failure becomes a message."""

        def run(job: Callable[[Store], T], done: Callable[[T], None]) -> None:
            def failed(message: str, _unreachable: bool) -> None:
                self.prompts.show_error(title, f"{message}\n\nNothing was written.")

            def finished(result: T) -> None:
                try:
                    done(result)
                except (InputError, PlanFileError, OSError) as error:
                    failed(str(error), False)

            self.session.run(job, finished, failed)

        return run

    def _export(self, exporter: exports.LogExporter) -> None:
        patient = self.session.patient
        if not self.session.can_write or patient is None:
            self.prompts.show_info("Nothing to export", "Choose a patient first.")
            return
        since, until = self.range.dates()
        described = self.range.describe()
        self._attempt(
            "Export failed",
            lambda: exporter(
                prompts=self.prompts,
                run=self._run("Export failed"),
                patient=patient,
                since=since,
                until=until,
                described=described,
            ),
        )

    def export_csv(self) -> None:
        """Ask where, then write the chosen days as CSV (on the store's thread)."""
        self._export(exports.export_csv)

    def export_pdf(self) -> None:
        self._export(exports.export_pdf)

    def export_revision(self, kind: str) -> None:
        """Print or export the patient's current plan revision: a hold or step back reaches paper."""
        patient, plan, revision = self.session.patient, self.session.plan, self.session.revision
        if not self.session.can_write or patient is None or plan is None:
            self.prompts.show_info("No plan", "Choose a patient with a plan first.")
            return
        today = self.clock().date()
        number = revision.number if revision is not None else 1
        self._attempt(
            "Plan not written",
            lambda: export_revision(
                kind=kind,
                prompts=self.prompts,
                run=self._run("Plan not written"),
                patient=patient,
                plan_id=plan.id,
                number=number,
                today=today,
            ),
        )

    # Keyboard ------------------------------------------------------------------------------

    def find_patient(self) -> None:
        self.patients.search.setFocus()
        self.patients.search.selectAll()

    def focus_form(self) -> None:
        self.form.observed.setFocus()

    def focus_advice(self) -> None:
        buttons = [b for b in self.advice.proposal_buttons if b.isEnabled()]
        if buttons:
            buttons[0].setFocus()

    def show_tab(self, tab: QWidget, focus: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        focus.setFocus()

    def choose_database(self) -> None:
        """Settings ▸ the log to use: this computer's file, another file or a ward's server."""
        settings = Settings()
        default = str(paths.database_path())
        answer = self.prompts.ask_log_database(settings.get(LOG_DATABASE), default)
        if answer is None:
            return
        try:
            shown = public(location.chosen(answer)) if answer else default
        except InputError as error:
            self.prompts.show_error("Log database not changed", str(error))
            return
        settings.set(LOG_DATABASE, answer)
        note = (
            " For now --database or BACLOTAPER_DATABASE_URL chooses the log, and goes on doing so."
            if location.overridden()
            else ""
        )
        self.prompts.show_info("Log database", f"The log window will use {shown} the next time it opens.{note}")

    def focusNextPrevChild(self, next: bool) -> bool:
        panes = getattr(self, "panes", None)
        return move_focus(self, panes, next) if panes else super().focusNextPrevChild(next)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.close()
        super().closeEvent(event)
