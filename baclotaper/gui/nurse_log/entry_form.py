"""The nurse's log-entry form: when, vital signs, tone, the checklist for the route, notes, who.

Fields run top to bottom in Tab order.  The form only gathers values (:meth:`EntryForm.draft`);
advice, saving and corrections are the window's.  Recorded-by and the buttons sit below the scroll
area so Save is always in view at 1280×720.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common.bounds import TextKind, check_text, text_limit
from baclotaper.common.errors import InputError
from baclotaper.gui.accessibility import label_for, tab_leaves
from baclotaper.gui.nurse_log.checklist_box import ChecklistBox
from baclotaper.gui.nurse_log.colours import ERROR_TEXT
from baclotaper.gui.nurse_log.draft import EntryDraft
from baclotaper.gui.nurse_log.tables import named
from baclotaper.gui.nurse_log.vitals_box import VitalsBox
from baclotaper.gui.wheel import guard_wheel
from baclotaper.nurse_log.checklist import Checklist, check_observed_at
from baclotaper.nurse_log.store import LogEntry

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


def to_qt(moment: datetime) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000))


def from_qt(moment: QDateTime) -> datetime:
    """An aware datetime in this machine's zone (the store refuses naive times)."""
    return datetime.fromtimestamp(moment.toMSecsSinceEpoch() / 1000, tz=UTC).astimezone()


class EntryForm(QWidget):
    changed = Signal()

    def __init__(self, checklist: Checklist, parent: QWidget | None = None, *, clock: Clock = local_now) -> None:
        super().__init__(parent)
        self.setObjectName("logEntryForm")
        self.setAccessibleName("Log entry")
        self._loaded_time: tuple[int, datetime] | None = None
        self.clock = clock

        self.status = named(QLabel(), "formStatus")
        self.status.setWordWrap(True)
        # Two lines always kept for it: a status coming or going never moves the checklist.
        self.status.setFixedHeight(self.status.fontMetrics().lineSpacing() * 2)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.observed = named(QDateTimeEdit(), "observedInput")
        self.observed.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.observed.setCalendarPopup(True)
        self.observed.dateTimeChanged.connect(self._observed_changed)
        # A future time or an implausible year is refused here, at the field, as it is typed.
        self.observed_error = named(QLabel(), "observedError")
        self.observed_error.setWordWrap(True)
        self.observed_error.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: bold;")
        self.observed_error.hide()
        tab_leaves(self.observed)
        self.vitals = VitalsBox()
        self.vitals.changed.connect(self.changed)
        self.spasticity = named(QComboBox(), "spasticityInput")
        self.spasticity.currentIndexChanged.connect(self.changed)
        self.checklist_box = ChecklistBox(checklist)
        self.checklist_box.changed.connect(self.changed)
        self.notes = named(QPlainTextEdit(), "notesInput")
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes: the form stays keyboard-only
        self.notes.setFixedHeight(70)
        self.notes.textChanged.connect(self._notes_typed)
        self.notes.textChanged.connect(self.changed)
        # Text longer than makes sense (a paste gone wrong) is refused here, at the field.
        self.notes_error = named(QLabel(), "notesError")
        self.notes_error.setWordWrap(True)
        self.notes_error.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: bold;")
        self.notes_error.hide()

        self.recorded_by = named(QLineEdit(), "recordedByInput")
        self.recorded_by.setAccessibleDescription("Your initials: required to save")
        self.recorded_by.setMaximumWidth(120)
        self.recorded_by.setMaxLength(text_limit(TextKind.INITIALS))
        self.recorded_by.textChanged.connect(self._recorded_by_typed)
        self.recorded_by_error = named(QLabel(), "recordedByError")
        self.recorded_by_error.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: bold;")
        # Never wider than the room the footer has: it widened the middle column and clipped the
        # right pane (and the emergency banner) until the window was reopened.
        self.recorded_by_error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.recorded_by_error.setWordWrap(True)
        self.recorded_by_error.hide()
        self.save_button = named(QPushButton("&Save entry"), "saveEntryButton")
        self.save_button.setDefault(True)
        self.new_button = named(QPushButton("New entr&y"), "newEntryButton")
        self.cancel_correction = named(QPushButton("Cancel co&rrection"), "cancelCorrectionButton")
        self.cancel_correction.hide()

        self.content = QWidget()
        self._content_layout = QVBoxLayout(self.content)
        when = QFormLayout()
        observed_label = QLabel("&Observed at:")
        label_for(observed_label, self.observed)
        when.addRow(observed_label, self.observed)
        when.addRow("", self.observed_error)
        self._content_layout.addLayout(when)
        self._content_layout.addWidget(self.vitals)
        self._content_layout.addWidget(self._spasticity_box(checklist))
        self._content_layout.addWidget(self.checklist_box)
        notes_box = QGroupBox("Notes")
        notes_layout = QVBoxLayout(notes_box)
        notes_label = QLabel("Free te&xt notes (optional):")
        label_for(notes_label, self.notes)
        notes_layout.addWidget(notes_label)
        notes_layout.addWidget(self.notes)
        notes_layout.addWidget(self.notes_error)
        self._content_layout.addWidget(notes_box)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.content)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        footer = QHBoxLayout()
        by_label = QLabel("Recorded &by:")
        label_for(by_label, self.recorded_by)
        footer.addWidget(by_label)
        footer.addWidget(self.recorded_by)
        footer.addWidget(self.recorded_by_error, 1)
        footer.addStretch()
        footer.addWidget(self.cancel_correction)
        footer.addWidget(self.new_button)
        footer.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(footer)
        # Scrolling the form never changes the observation time or the tone score under the pointer.
        guard_wheel(self.content)
        self.reset(self.clock())

    def _spasticity_box(self, checklist: Checklist) -> QGroupBox:
        scale = checklist.spasticity
        box = QGroupBox(f"Tone ({scale.name})")
        box.setToolTip(f"{scale.source} [{scale.tag}]")
        self.spasticity.addItem("not assessed", None)
        for level, description in zip(scale.levels, scale.descriptions, strict=True):
            self.spasticity.addItem(f"{level}: {description}", level)
        self.spasticity.setAccessibleDescription(scale.name)
        self.spasticity.setMinimumContentsLength(24)
        self.spasticity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        form = QFormLayout(box)
        label = QLabel(f"&{scale.short}:")
        label_for(label, self.spasticity)
        form.addRow(label, self.spasticity)
        return box

    # The checklist follows the plan's route -----------------------------------------------

    @property
    def checklist(self) -> Checklist:
        return self.checklist_box.checklist

    def set_checklist(self, checklist: Checklist) -> None:
        if checklist == self.checklist:
            return
        scores = self.checklist_box.scores()
        old = self.checklist_box
        self.checklist_box = ChecklistBox(checklist)
        self.checklist_box.load({k: v for k, v in scores.items() if k in self.checklist_box.controls})
        self.checklist_box.changed.connect(self.changed)
        self._content_layout.replaceWidget(old, self.checklist_box)
        old.hide()  # deleteLater waits for the event loop; until then it must not show
        old.deleteLater()
        self._fix_tab_order()
        self.changed.emit()

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.observed, *self.vitals.edits.values(), self.spasticity]
        chain += [*self.checklist_box.controls.values(), self.notes, self.recorded_by]
        chain += [self.cancel_correction, self.new_button, self.save_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # Values --------------------------------------------------------------------------------

    def observed_at(self) -> datetime:
        shown = self.observed.dateTime()
        if self._loaded_time is not None and self._loaded_time[0] == shown.toMSecsSinceEpoch():
            return self._loaded_time[1]  # untouched: keep the stored time to the microsecond
        return from_qt(shown)

    def observed_problem(self) -> str:
        """Why the observation time cannot be saved ("" when it can), with what is allowed."""
        try:
            check_observed_at(self.observed_at(), self.clock())
        except InputError as error:
            return f"Observed at: {error.message}"
        return ""

    def _observed_changed(self) -> None:
        problem = self.observed_problem()
        self.observed_error.setText(problem)
        self.observed_error.setVisible(bool(problem))
        self.observed.setAccessibleDescription(problem)
        self.changed.emit()

    def draft(self) -> EntryDraft:
        vitals, errors = self.vitals.values()
        problem = self.observed_problem()
        if problem:
            errors = {**errors, "observed_at": problem}
        if notes_problem := self.notes_problem():
            errors = {**errors, "notes": notes_problem}
        level = self.spasticity.currentData()
        return EntryDraft(
            observed_at=self.observed_at(),
            recorded_by=self.recorded_by.text().strip(),
            scores=self.checklist_box.scores(),
            vitals=vitals,
            spasticity=level if isinstance(level, str) else None,
            notes=self.notes.toPlainText(),
            errors=errors,
        )

    def reveal_errors(self) -> None:
        """Show every problem at once, as when Save is pressed."""
        self.vitals.reveal_all()
        missing = not self.recorded_by.text().strip()
        self.recorded_by_error.setText("Recorded by: your initials are required" if missing else "")
        self.recorded_by_error.setVisible(missing)

    def notes_problem(self) -> str:
        try:
            check_text("notes", self.notes.toPlainText(), TextKind.NOTE)
        except InputError as error:
            return f"Notes {error.message}"
        return ""

    def _notes_typed(self) -> None:
        problem = self.notes_problem()
        self.notes_error.setText(problem)
        self.notes_error.setVisible(bool(problem))

    def _recorded_by_typed(self, text: str) -> None:
        if text.strip():
            self.recorded_by_error.hide()

    def show_status(self, text: str, style: str = "") -> None:
        self.status.setText(text)
        self.status.setToolTip(text)
        self.status.setStyleSheet(style)

    # Filling -------------------------------------------------------------------------------

    def reset(self, now: datetime) -> None:
        """A blank entry observed ``now`` to the minute shown; the initials stay (the same nurse goes on).

        No hidden seconds: an entry typed for the same minute later must not sort before this one.
        """
        self.blockSignals(True)  # one ``changed`` at the end, not one per field
        self._loaded_time = None
        self.observed.setDateTime(to_qt(now.replace(second=0, microsecond=0)))
        self.vitals.load({})
        self.spasticity.setCurrentIndex(0)
        self.checklist_box.load({})
        self.notes.clear()
        self.recorded_by_error.hide()
        self.cancel_correction.hide()
        self.show_status("")
        self._fix_tab_order()
        self.blockSignals(False)
        self._observed_changed()

    def load_entry(self, entry: LogEntry) -> None:
        """Fill the form with ``entry``'s values, to correct them."""
        self.blockSignals(True)
        shown = to_qt(entry.observed_at)
        self.observed.setDateTime(shown)
        self._loaded_time = (shown.toMSecsSinceEpoch(), entry.observed_at)
        self.vitals.load(entry.vitals)
        index = self.spasticity.findData(entry.spasticity) if entry.spasticity is not None else 0
        self.spasticity.setCurrentIndex(max(index, 0))
        self.checklist_box.load(entry.scores)
        self.notes.setPlainText(entry.notes)
        self.cancel_correction.show()
        self.blockSignals(False)
        self._observed_changed()
