"""The boxed-warning risk groups and the expected delivery date on the form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.taper import planfile
from baclotaper.taper.build import build_plan
from tests.gui.conftest import choose, fill_in, find
from tests.gui.screen_reader import tab_walk


def test_ticking_a_boxed_warning_group_slows_the_plan_and_says_why(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="40", on_therapy="6m")
    before = window.document.plan
    assert before is not None and before.pace.key == "standard"
    check = find(window, QCheckBox, "communicationCheck")
    assert check.accessibleName() == "Communication difficulties" and check.toolTip()
    check.click()
    after = window.document.plan
    assert after is not None and after.pace.key == "cautious"
    assert any("communication difficulties" in r for r in after.pace.reasons)
    find(window, QCheckBox, "spinalInjuryT6Check").click()
    assert window.document.plan is not None and window.document.plan.regimen.spinal_injury_t6


def test_a_picked_delivery_date_reaches_the_plan_and_its_warning(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="20", on_therapy="1y")
    due = window.form.risks.due_date
    assert due.edit.accessibleName() == "Expected delivery date"
    due.edit.setDate(QDate(2027, 6, 1))  # picking a date ticks "given"
    plan = window.document.plan
    assert plan is not None and plan.regimen.due_date == date(2027, 6, 1) and plan.regimen.pregnant
    assert any("expected delivery 2027-06-01" in w for w in window.warnings.texts())


def test_the_new_fields_come_back_from_a_plan_file(tmp_path: Path) -> None:
    state = FormState(dose="30", on_therapy="1y", due_date="2027-03-01", spinal_injury_t6=True, start=date(2026, 12, 1))
    regimen, options = state.to_inputs()
    path = tmp_path / "p.baclotaper"
    planfile.save(build_plan(regimen, options), path)
    again = FormState.from_plan(planfile.load(path))
    assert (again.due_date, again.spinal_injury_t6, again.pregnant) == ("2027-03-01", True, True)


def test_tab_leaves_the_date_fields_and_comes_back_round_on_both_routes(qtbot: QtBot, window: MainWindow) -> None:
    """The delivery date (oral) and the pump's refill dates (intrathecal) are no Tab trap."""
    window.activateWindow()
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    start = window.form.regimen.route_combo
    stops = tab_walk(qtbot, start)
    assert stops.count(window.form.risks.due_date.edit) == 1
    choose(qtbot, start, "Intrathecal")
    stops = tab_walk(qtbot, start)
    assert stops.count(window.form.pump.last_refill.edit) == 1


def test_a_new_uk_form_offers_the_uk_market_strengths() -> None:
    uk = FormState.new(product_spec="tablets:5,10,15,20", jurisdiction="UK", today=date(2026, 12, 1))
    assert uk.strengths == (5, 10)
    chosen = FormState.new(product_spec="tablets:10,20", jurisdiction="UK", today=date(2026, 12, 1))
    assert chosen.strengths == (10, 20)  # a user's own default is kept
    us = FormState.new(product_spec="tablets:5,10,15,20", jurisdiction="US", today=date(2026, 12, 1))
    assert us.strengths == (5, 10, 15, 20)
