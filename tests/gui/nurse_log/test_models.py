"""The table models on their own: Qt's model checks, and what each cell says."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from baclotaper.gui.nurse_log.colours import ONSET_BACKGROUND
from baclotaper.gui.nurse_log.entries_model import Column, EntriesTableModel
from baclotaper.gui.nurse_log.patients_model import PatientListModel
from baclotaper.gui.nurse_log.plan_steps_model import PlanStepsModel
from baclotaper.gui.nurse_log.revisions_model import RevisionsTableModel
from baclotaper.nurse_log.store import LogEntry, Store
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import file_dict
from tests.gui.nurse_log.helpers import aware


def _entries(db_path: Path) -> list[LogEntry]:
    with Store.open(db_path) as store:
        patient = store.add_patient(name="E.F.", identifier="MRN-5", date_of_birth=date(1980, 5, 6))
        first = store.add_entry(
            patient_id=patient.id,
            observed_at=aware(date.today() - timedelta(days=1)),
            recorded_by="NB",
            scores={"insomnia": 1, "tremor": 2},
            vitals={"temperature": 37.4, "systolic": 130, "diastolic": 80},
            spasticity="1+",
            notes="line one\nline two",
            tier="monitor",
            days_since_cut=2,
            step_index=1,
        )
        store.correct_entry(
            first.id,
            observed_at=first.observed_at,
            recorded_by="JK",
            scores={"insomnia": 1},
            tier="monitor",
            days_since_cut=2,
            step_index=1,
        )
        store.add_entry(
            patient_id=patient.id, observed_at=aware(date.today(), 0), recorded_by="NB", scores={}, tier="none"
        )
        return store.entries(patient.id)


def test_entries_model(qtmodeltester: ModelTester, db_path: Path) -> None:
    model = EntriesTableModel()
    entries = _entries(db_path)
    model.set_entries(entries, lambda e: "onset" if e.days_since_cut == 2 else "")
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert [model.index(r, Column.ID).data() for r in range(3)] == ["3", "2", "1"]  # newest first
    old = model.row_of(1)
    assert old is not None
    assert model.index(old, Column.BLOOD_PRESSURE).data() == "130/80"
    assert model.index(old, Column.SPASTICITY).data() == "1+"
    assert model.index(old, Column.NOTES).data() == "line one line two"
    assert model.index(old, Column.STATUS).data() == "superseded by #2"
    assert model.index(old, Column.AFTER_CUT).data(Qt.ItemDataRole.BackgroundRole).color().name() == ONSET_BACKGROUND
    assert model.index(old, Column.ID).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, Column.AFTER_CUT).data() == ""
    assert "NOT a validated scale" in model.headerData(
        Column.TOTAL, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    model.set_entries([], lambda e: "")
    qtmodeltester.check(model)


def test_revisions_model(qtmodeltester: ModelTester, db_path: Path, oral_plan: TaperPlan) -> None:
    with Store.open(db_path) as store:
        patient = store.add_patient(name="G.H.")
        plan = store.add_plan(patient_id=patient.id, title="plan")
        store.add_revision(plan_id=plan.id, document=file_dict(oral_plan), author="NB", reason="attached")
        store.add_revision(plan_id=plan.id, document=file_dict(oral_plan), author="PR", reason="hold 7 days")
        store.restore_revision(plan_id=plan.id, number=1, author="PR", reason="")
        revisions = store.revisions(plan.id)
    model = RevisionsTableModel()
    model.set_revisions(revisions, viewing=1)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(3)] == ["1 (shown)", "2", "3 (current)"]
    assert model.index(2, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(2, 2).data() == "PR"
    assert model.index(2, 3).data() == "Restored revision 1"


def test_plan_steps_model(qtmodeltester: ModelTester, oral_plan: TaperPlan) -> None:
    model = PlanStepsModel()
    qtmodeltester.check(model)
    model.set_plan(oral_plan, today=date.today())
    qtmodeltester.check(model)
    assert model.rowCount() == len(oral_plan.steps)
    assert model.index(0, 3).data() == f"{oral_plan.steps[0].daily_dose:g} mg/day"
    assert model.index(len(oral_plan.steps) - 1, 2).data() == "onwards"
    current = next(i for i, s in enumerate(oral_plan.steps) if s.covers(date.today()))
    assert model.index(current, 0).data(Qt.ItemDataRole.FontRole).bold()


def test_patients_model(qtmodeltester: ModelTester, db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_patient(name="I.J.", identifier="MRN-7", date_of_birth=date(1990, 1, 1))
        store.add_patient(name="K.L.")
        patients = store.find_patients()
    model = PatientListModel()
    model.set_patients(patients)
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "I.J. · MRN-7 · born 1990-01-01"
    assert model.index(1, 0).data() == "K.L."
    assert model.row_of(patients[1].id) == 1
