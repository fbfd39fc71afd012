"""The patients found by the search box: name, identifier and date of birth."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from baclotaper.gui import palette
from baclotaper.nurse_log.store import Patient

Index = QModelIndex | QPersistentModelIndex
PATIENT_ROLE = Qt.ItemDataRole.UserRole
EMERGENCY_MARK = "⚠ OPEN EMERGENCY · "


def patient_text(patient: Patient) -> str:
    parts = [patient.name]
    if patient.identifier:
        parts.append(patient.identifier)
    if patient.date_of_birth:
        parts.append(f"born {patient.date_of_birth.isoformat()}")
    return " · ".join(parts)


class PatientListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._patients: list[Patient] = []
        self._emergencies: set[int] = set()

    def set_patients(self, patients: Sequence[Patient]) -> None:
        self.beginResetModel()
        self._patients = list(patients)
        self.endResetModel()

    def set_emergencies(self, patient_ids: set[int]) -> None:
        """The patients with an open emergency: marked in the list in words and in red."""
        if patient_ids != self._emergencies:
            self._emergencies = set(patient_ids)
            if self._patients:
                self.dataChanged.emit(self.index(0), self.index(len(self._patients) - 1))

    def has_emergency(self, row: int) -> bool:
        return self._patients[row].id in self._emergencies

    def patient(self, row: int) -> Patient:
        return self._patients[row]

    def row_of(self, patient_id: int) -> int | None:
        return next((row for row, p in enumerate(self._patients) if p.id == patient_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._patients)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._patients):
            return None
        patient = self._patients[index.row()]
        emergency = patient.id in self._emergencies
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{EMERGENCY_MARK}{patient_text(patient)}" if emergency else patient_text(patient)
        if role == Qt.ItemDataRole.ForegroundRole and emergency:
            return QBrush(QColor(palette.DANGER))
        if role == PATIENT_ROLE:
            return patient
        return None
