"""The table and list models, without a window: checked by qtmodeltester and by their contents."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from baclotaper.gui.planner.sources_dialog import RESOURCES, SourcesModel, source_rows
from baclotaper.gui.planner.step_table_model import Column, StepTableModel
from baclotaper.gui.planner.warnings_panel import WarningListModel
from baclotaper.taper import edits
from baclotaper.taper.plan import PlanOptions, TaperPlan
from tests.factories import plan


@pytest.fixture
def sixty() -> TaperPlan:
    return plan(60, "tablets:5,10,15,20", age=70, options=PlanOptions(all_strengths=True))


def test_step_model_passes_the_model_tester(qtmodeltester: ModelTester, sixty: TaperPlan) -> None:
    model = StepTableModel()
    model.edit_handler = lambda row, column, text: False
    model.set_plan(sixty)
    qtmodeltester.check(model, force_py=True)
    # Changing to a plan with a different number of steps and to none keeps it consistent.
    model.set_plan(edits.insert_hold(sixty, 0, 7))
    model.set_stale(True)
    model.set_plan(None)
    qtmodeltester.check(model, force_py=True)


def test_step_model_shows_what_the_patient_takes(sixty: TaperPlan) -> None:
    model = StepTableModel()
    model.set_plan(sixty)
    assert model.rowCount() == len(sixty.steps)
    assert model.columnCount() == len(Column)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Step", "From", "To", "Days", "Daily dose", "What the patient takes", "Kind and notes"]
    row = [model.index(0, c).data() for c in Column]
    assert row[:5] == ["1", "2026-12-01", "2026-12-28", "28", "55 mg/day"]  # age 70, 2 years, 60 mg: very cautious
    assert row[5] == ("morning: 1 × 20 mg tablet\nmidday: 1 × 15 mg tablet\nbedtime: 1 × 20 mg tablet")
    assert row[6] == "cut"
    last = model.rowCount() - 1
    assert model.index(last, Column.END).data() == "onwards"
    assert model.index(last, Column.DAYS).data() == "—"
    assert model.index(last, Column.TAKES).data() == "nothing: stopped"
    tip = model.index(0, Column.TAKES).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 whole 20 mg tablet" in tip


def test_step_model_edits_go_to_the_handler(sixty: TaperPlan) -> None:
    model = StepTableModel()
    model.set_plan(sixty)
    assert not model.index(0, Column.DOSE).flags() & Qt.ItemFlag.ItemIsEditable
    seen: list[tuple[int, Column, str]] = []
    model.edit_handler = lambda row, column, text: seen.append((row, column, text)) is None
    assert model.index(0, Column.DOSE).flags() & Qt.ItemFlag.ItemIsEditable
    assert model.index(0, Column.DOSE).data(Qt.ItemDataRole.EditRole) == "55"
    assert model.setData(model.index(0, Column.DOSE), "50")
    assert not model.setData(model.index(0, Column.START), "x")
    assert seen == [(0, Column.DOSE, "50")]
    model.set_stale(True)
    assert not model.setData(model.index(0, Column.DOSE), "45")


def test_same_shape_updates_keep_rows(qtbot: object, sixty: TaperPlan) -> None:
    model = StepTableModel()
    model.set_plan(sixty)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_plan(edits.set_days(sixty, 0, 21))
    assert resets == []
    assert model.index(0, Column.DAYS).data() == "21"
    model.set_plan(edits.insert_hold(sixty, 0, 7))
    assert resets == [True]


def test_warning_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = WarningListModel()
    model.set_plan(plan(300, "tablets:5,10,15,20", prior_withdrawal=True, sedatives=True))
    qtmodeltester.check(model, force_py=True)
    severities = [w.severity for w in model.warnings]
    assert severities == sorted(severities, key=["danger", "caution", "info"].index)


def test_warning_model_sorts_even_unsorted_warnings(sixty: TaperPlan) -> None:
    shuffled = replace(sixty, warnings=tuple(reversed(sixty.warnings)))
    model = WarningListModel()
    model.set_plan(shuffled)
    severities = [w.severity for w in model.warnings]
    assert severities == sorted(severities, key=["danger", "caution", "info"].index)
    assert model.warnings[-1].code == "DRAFT"


def test_sources_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = SourcesModel(source_rows())
    qtmodeltester.check(model, force_py=True)


def test_sources_cover_every_resource_with_a_tag() -> None:
    rows = source_rows()
    assert {r.file for r in rows} == {f"{name}.toml" for name in RESOURCES}
    assert all(r.source for r in rows)
    assert all(r.tag in {"L", "G", "P", "C"} for r in rows)
    items = {r.item for r in rows}
    assert "max_daily_dose.US" in items
    assert "presets.cautious — Cautious: 10 % every 2 weeks" in items
    smpc = next(r for r in rows if r.item == "max_daily_dose.FR")
    assert (smpc.value, smpc.tag) == ("120", "L") and "Lioresal SmPC" in smpc.source
    ansm = next(r for r in rows if r.item.endswith("alcohol.FR"))
    assert (ansm.value, ansm.tag) == ("80", "L") and "ANSM decision July 2017" in ansm.source
