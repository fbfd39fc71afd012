"""Finding and adding patients, and choosing which of their plans the log follows."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from baclotaper.gui.accessibility import label_for
from baclotaper.gui.nurse_log.patients_model import PatientListModel
from baclotaper.gui.nurse_log.session import LogSession
from baclotaper.gui.nurse_log.tables import named
from baclotaper.taper.regimen import Route


class PatientPanel(QWidget):
    patient_chosen = Signal(object)  # int | None
    plan_chosen = Signal(object)  # int | None

    def __init__(self, session: LogSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.search = named(QLineEdit(), "patientSearch")
        self.search.setPlaceholderText("name or identifier")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleDescription("Type a name or an identifier; Enter goes to the list")
        self.model = PatientListModel(self)
        self.list = named(QListView(), "patientList")
        self.list.setModel(self.model)
        self.list.setAccessibleName("Patients")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = named(QPushButton("Ne&w patient…"), "newPatientButton")

        self.plan_combo = named(QComboBox(), "planCombo")
        self.plan_summary = named(QLabel(), "planSummary")
        self.plan_summary.setWordWrap(True)
        self.attach_button = named(QPushButton("&Attach current plan"), "attachPlanButton")
        self.open_button = named(QPushButton("Open plan f&ile…"), "openPlanButton")
        self.route_combo = named(QComboBox(), "routeCombo")
        for route in Route:
            self.route_combo.addItem(route.value, route)

        find_label = QLabel("&Find patient:")
        label_for(find_label, self.search)
        patients_label = QLabel("Patients:")
        label_for(patients_label, self.list)
        plan_box = QGroupBox("Plan")
        plan_form = QFormLayout(plan_box)
        plan_label = QLabel("Pla&n followed by the log:")
        label_for(plan_label, self.plan_combo)
        plan_form.addRow(plan_label)
        plan_form.addRow(self.plan_combo)
        plan_form.addRow(self.plan_summary)
        plan_form.addRow(self.attach_button)
        plan_form.addRow(self.open_button)
        route_label = QLabel("Chec&klist route\n(no plan):")
        label_for(route_label, self.route_combo)
        self.route_combo.setAccessibleDescription("The checklist used when no plan is attached")
        plan_form.addRow(route_label, self.route_combo)

        layout = QVBoxLayout(self)
        layout.addWidget(find_label)
        layout.addWidget(self.search)
        layout.addWidget(patients_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.new_button)
        layout.addWidget(plan_box)

        self.search.textChanged.connect(session.search)
        self.search.returnPressed.connect(self._to_list)
        self.list.selectionModel().selectionChanged.connect(self._selected)
        self.plan_combo.activated.connect(lambda _index: self.plan_chosen.emit(self.plan_combo.currentData()))
        self.route_combo.activated.connect(self._route_chosen)
        session.patients_changed.connect(self._patients)
        session.log_changed.connect(self._emergencies)
        session.plan_changed.connect(self._plan)

    def _route_chosen(self, _index: int) -> None:
        self.session.set_fallback_route(Route(self.route_combo.currentData()))

    def _to_list(self) -> None:
        self.list.setFocus()
        if self.model.rowCount() and not self.list.selectionModel().hasSelection():
            self.select_row(0)

    def select_row(self, row: int | None) -> None:
        selection = self.list.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = [i.row() for i in selected.indexes()]
        if rows:
            self.patient_chosen.emit(self.model.patient(rows[0]).id)

    def show_patient(self, patient_id: int | None) -> None:
        """Select ``patient_id`` in the list without asking again (after a refused switch)."""
        self.list.selectionModel().blockSignals(True)
        self.select_row(self.model.row_of(patient_id) if patient_id is not None else None)
        self.list.selectionModel().blockSignals(False)

    def _patients(self) -> None:
        self.model.set_patients(self.session.patients)
        self._emergencies()
        self.show_patient(self.session.patient.id if self.session.patient else None)

    def _emergencies(self) -> None:
        # Who has an open emergency shows in the list, not only on the chosen patient's banner.
        self.model.set_emergencies(set(self.session.emergencies))

    def _plans(self) -> None:
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for plan in self.session.plans:
            self.plan_combo.addItem(f"{plan.title} (#{plan.id})", plan.id)
        if not self.session.plans:
            self.plan_combo.addItem("no plan attached", None)
        self.plan_combo.blockSignals(False)

    def _plan(self) -> None:
        session = self.session
        self._plans()
        if session.plan is not None:
            self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(session.plan.id), 0))
        revision = session.revision
        if session.plan_error:
            text = session.plan_error
        elif session.taper is not None and revision is not None:
            text = (
                f"{session.route.value}, revision {revision.number} of {len(session.revisions)}"
                f" by {revision.author}; target {session.taper.stop_date.isoformat()}"
            )
        else:
            text = f"No plan: the {session.route.value} checklist is used."
        self.plan_summary.setText(text)
        self.route_combo.setEnabled(session.taper is None)
        self.route_combo.setCurrentIndex(max(self.route_combo.findData(session.route), 0))
