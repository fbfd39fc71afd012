"""Finding and adding patients, attaching plans, and the entry point the planner calls."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from baclotaper.common import paths
from baclotaper.gui.nurse_log import LogWindow, open_log_window
from baclotaper.gui.nurse_log.dialogs import NewPatient
from baclotaper.nurse_log.store import Store
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import save
from baclotaper.taper.regimen import Route
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, choose_row, click, control, press, settle, with_patient


def test_search_finds_patients_by_name_or_identifier(qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_patient(name="Alice Martin", identifier="MRN-77")
        store.add_patient(name="Bob Stone", identifier="H-12")
    window = make_window()
    assert window.patients.model.rowCount() == 2
    qtbot.keyClicks(window.patients.search, "mrn-7")
    settle(qtbot, window)
    assert window.patients.model.rowCount() == 1
    assert window.patients.model.patient(0).name == "Alice Martin"
    window.patients.search.clear()
    qtbot.keyClicks(window.patients.search, "stone")
    settle(qtbot, window)
    press(qtbot, window.patients.search, Qt.Key.Key_Return)  # Enter opens the first match
    assert window.session.patient is not None and window.session.patient.name == "Bob Stone"
    assert "Bob Stone" in window.patient_header.text()


def test_a_new_patient_is_added_selected_and_named_above_the_form(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, db_path: Path
) -> None:
    window = make_window()
    assert not window.form.save_button.isEnabled()
    prompts.new_patient = NewPatient("M.N.", "MRN-3", date(1955, 3, 4))
    qtbot.keyClicks(window.patients.search, "zzz")
    click(qtbot, window.patients.new_button)
    assert window.patients.search.text() == ""
    assert window.patients.model.rowCount() == 1
    assert window.patients.list.selectionModel().selectedRows()[0].row() == 0
    assert "M.N. · MRN-3 · born 1955-03-04" in window.patient_header.text()
    assert window.form.save_button.isEnabled()
    assert "M.N." in window.windowTitle()


def test_a_plan_file_is_attached_and_sets_the_checklist_route(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, intrathecal_plan: TaperPlan, read_store: Store
) -> None:
    path = read_store.path.parent / "pump wean.baclotaper"
    save(intrathecal_plan, path)
    window = make_window()
    with_patient(qtbot, window, attach=False)
    assert not window.patients.attach_button.isEnabled()  # no plan open in the planner
    assert window.findChild(QWidget, "score_pump_two_tone_alarm") is None
    prompts.open_path = path
    click(qtbot, window.patients.open_button)
    (plan,) = read_store.plans(1)
    assert plan.title == "pump wean"
    (revision,) = read_store.revisions(plan.id)
    assert (revision.author, revision.reason) == ("NB", "attached")
    assert window.session.route is Route.INTRATHECAL
    assert window.patients.plan_combo.currentText().startswith("pump wean")
    assert "intrathecal, revision 1 of 1" in window.patients.plan_summary.text()
    assert control(window, "pump_two_tone_alarm") is not None


def test_another_patients_plan_needs_confirming(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, oral_plan: TaperPlan, read_store: Store
) -> None:
    oral_plan.regimen.extra["patient_id"] = "MRN-999"
    window = make_window(oral_plan)
    prompts.confirm_answer = False
    with_patient(qtbot, window)
    assert "MRN-999" in prompts.confirmations[-1]
    assert read_store.plans(1) == []


def test_switching_patients_with_an_unsaved_entry_asks_first(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, db_path: Path
) -> None:
    with Store.open(db_path) as store:
        store.add_patient(name="A")
        store.add_patient(name="B")
    window = make_window()
    choose_row(qtbot, window, 0)
    press(qtbot, control(window, "anxiety"), Qt.Key.Key_1)
    prompts.confirm_answer = False
    choose_row(qtbot, window, 1)
    assert window.session.patient is not None and window.session.patient.name == "A"
    assert window.patients.list.selectionModel().selectedRows()[0].row() == 0
    assert control(window, "anxiety").score() == 1
    prompts.confirm_answer = True
    choose_row(qtbot, window, 1)
    assert window.session.patient is not None and window.session.patient.name == "B"
    assert control(window, "anxiety").score() is None


def test_open_log_window_uses_the_users_database(qtbot: QtBot, oral_plan: TaperPlan) -> None:
    window = open_log_window(parent=None, plan=oral_plan, plan_path=Path("/plans/wean.baclotaper"))
    qtbot.addWidget(window)
    assert isinstance(window, LogWindow)
    assert window.isVisible()
    assert window.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    settle(qtbot, window)
    assert window.session.is_open and not window.session.error
    assert window.session.where == str(paths.database_path())
    assert window.current_plan is oral_plan
