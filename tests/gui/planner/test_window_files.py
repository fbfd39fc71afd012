"""Saving, opening, unsaved changes, crash recovery, exports and settings, through the window."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLineEdit, QMenu
from pytestqt.qtbot import QtBot

from baclotaper.common import paths
from baclotaper.common.settings import PAPER, Settings
from baclotaper.gui.planner import recovery
from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.prompts import Unsaved
from baclotaper.gui.planner.step_table_model import Column
from baclotaper.taper import planfile
from tests.gui.conftest import FakePrompts, choose, fill_in, find, table_texts
from tests.gui.planner.test_window_edits import edit_cell, title, trigger


def test_save_and_reopen_keeps_hand_edits(qtbot: QtBot, make_window: Any, prompts: FakePrompts, tmp_path: Path) -> None:
    window = make_window()
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    qtbot.keyClicks(find(window, QLineEdit, "ageInput"), "70")
    edit_cell(qtbot, window, 0, Column.DAYS, "35")  # longer than the pace: no question asked
    shown = [table_texts(window, c) for c in Column]
    prompts.save_path = tmp_path / "anna.baclotaper"

    trigger(window, "actionSave")  # no file yet: Save asks where

    assert prompts.kinds()[-1] == "save"
    assert (tmp_path / "anna.baclotaper").exists()
    assert title(window) == "anna.baclotaper — BacloTaper"
    assert not window.isWindowModified()
    assert not recovery.recovery_path().exists()

    other = FakePrompts(open_path=tmp_path / "anna.baclotaper")
    reopened = make_window(other)
    trigger(reopened, "actionOpen")
    assert [table_texts(reopened, c) for c in Column] == shown
    assert find(reopened, QLineEdit, "ageInput").text() == "70"
    assert find(reopened, QLineEdit, "doseInput").text() == "60"
    assert reopened.document.hand_edited
    assert title(reopened) == "anna.baclotaper — BacloTaper"
    assert reopened.settings.recent_files[0] == str((tmp_path / "anna.baclotaper").resolve())


def test_save_again_writes_without_asking(
    qtbot: QtBot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    fill_in(qtbot, window)
    prompts.save_path = tmp_path / "plan"  # the suffix is added
    trigger(window, "actionSaveAs")
    saved = tmp_path / "plan.baclotaper"
    assert planfile.load(saved).regimen.daily_dose == 60
    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), "\b\b50")
    assert title(window) == "plan.baclotaper* — BacloTaper"
    asked = len(prompts.asked)
    trigger(window, "actionSave")
    assert len(prompts.asked) == asked
    assert planfile.load(saved).regimen.daily_dose == 50


def test_an_out_of_date_plan_is_not_saved(
    qtbot: QtBot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    fill_in(qtbot, window)
    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), "0")
    prompts.save_path = tmp_path / "x.baclotaper"
    trigger(window, "actionSave")
    kind, (_title, message) = prompts.asked[-1]
    assert kind == "error"
    assert "out of date" in message
    assert not (tmp_path / "x.baclotaper").exists()


def test_a_damaged_file_is_reported(window: MainWindow, prompts: FakePrompts, tmp_path: Path) -> None:
    bad = tmp_path / "bad.baclotaper"
    bad.write_text('{"format": "baclotaper-plan", "schema_version": 1', encoding="utf-8")
    prompts.open_path = bad
    trigger(window, "actionOpen")
    kind, (_title, message) = prompts.asked[-1]
    assert kind == "error"
    assert "not a BacloTaper plan file" in message
    assert title(window) == "Untitled plan — BacloTaper"


@pytest.mark.parametrize(("answer", "kept"), [(Unsaved.CANCEL, True), (Unsaved.DISCARD, False)])
def test_new_asks_before_dropping_changes(
    qtbot: QtBot, window: MainWindow, prompts: FakePrompts, answer: Unsaved, kept: bool
) -> None:
    fill_in(qtbot, window)
    prompts.unsaved = answer
    trigger(window, "actionNew")
    assert prompts.asked[-1] == ("unsaved", "Untitled plan")
    assert (find(window, QLineEdit, "doseInput").text() == "60") is kept
    assert window.isWindowModified() is kept


def test_closing_with_changes_can_save_them(
    qtbot: QtBot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    fill_in(qtbot, window)
    prompts.unsaved = Unsaved.SAVE
    prompts.save_path = tmp_path / "closing.baclotaper"
    assert window.close()
    assert (tmp_path / "closing.baclotaper").exists()

    qtbot.keyClicks(find(window, QLineEdit, "ageInput"), "70")
    prompts.unsaved = Unsaved.CANCEL
    window.show()
    assert not window.close()


def test_recent_files_open_from_the_menu(qtbot: QtBot, make_window: Any, prompts: FakePrompts, tmp_path: Path) -> None:
    window = make_window()
    fill_in(qtbot, window)
    prompts.save_path = tmp_path / "recent.baclotaper"
    trigger(window, "actionSave")
    trigger(window, "actionNew")

    menu = find(window, QMenu, "recentMenu")
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.text().endswith("recent.baclotaper")]
    assert [a.text() for a in entries] == ["&1 recent.baclotaper"]
    entries[0].trigger()
    assert find(window, QLineEdit, "doseInput").text() == "60"

    (tmp_path / "recent.baclotaper").unlink()
    assert not window.files.open_recent(str((tmp_path / "recent.baclotaper").resolve()))
    assert "no longer exists" in prompts.asked[-1][1][1]
    assert window.settings.recent_files == []


def test_unsaved_work_is_recovered_after_a_crash(
    qtbot: QtBot, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery.RecoveryWriter, "delay_ms", 10)
    crashed = make_window(FakePrompts())
    fill_in(qtbot, crashed, dose="60", on_therapy="2y")
    edit_cell(qtbot, crashed, 0, Column.DAYS, "21")
    shown = table_texts(crashed, Column.DAYS)
    qtbot.waitUntil(lambda: recovery.recovery_path().exists())
    qtbot.waitUntil(lambda: planfile.load(recovery.recovery_path()).steps[0].days == 21)
    crashed.files.recovery.close = lambda: None  # type: ignore[method-assign]  # a crash cleans nothing

    answers = FakePrompts(recover=True)
    window = make_window(answers)
    window.start()
    qtbot.waitUntil(lambda: "recover" in answers.kinds())
    _kind, description = answers.asked[0]
    assert description.startswith("Changes to an untitled plan (60 mg/day, Tablets")
    assert table_texts(window, Column.DAYS) == shown
    assert find(window, QLineEdit, "doseInput").text() == "60"
    assert window.isWindowModified()
    assert title(window) == "Untitled plan* — BacloTaper"


def test_declined_recovery_is_removed(qtbot: QtBot, make_window: Any) -> None:
    source = make_window(FakePrompts())
    fill_in(qtbot, source)
    assert source.document.plan is not None
    recovery.write(source.document.plan, None)
    answers = FakePrompts(recover=False)
    window = make_window(answers)
    assert not window.files.offer_recovery()
    assert answers.kinds() == ["recover"]
    assert not recovery.recovery_path().exists()
    assert find(window, QLineEdit, "doseInput").text() == ""


def test_a_damaged_recovery_file_is_reported_with_its_reason_and_kept(make_window: Any) -> None:
    recovery.recovery_path().write_text("{not json", encoding="utf-8")
    answers = FakePrompts()
    window = make_window(answers)
    assert not window.files.offer_recovery()
    assert answers.kinds() == ["error"]
    message = answers.asked[0][1][1]
    assert "not JSON" in message and "Nothing was deleted" in message
    kept = list(recovery.recovery_path().parent.glob("recovery-unreadable-*.baclotaper"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"
    assert str(kept[0]) in message
    assert not recovery.recovery_path().exists()  # not offered again at every start


def test_a_recovery_file_that_fails_the_plan_check_names_the_step(make_window: Any) -> None:
    from tests.factories import plan

    recovery.write(plan(), None)
    doc = json.loads(recovery.recovery_path().read_text(encoding="utf-8"))
    doc["steps"][2]["daily_dose"] = 5000
    recovery.recovery_path().write_text(json.dumps(doc), encoding="utf-8")
    answers = FakePrompts()
    assert not make_window(answers).files.offer_recovery()
    assert "step 3, 'daily_dose': 5000 mg/day is outside" in answers.asked[0][1][1]
    assert len(list(recovery.recovery_path().parent.glob("recovery-unreadable-*"))) == 1


def test_a_clean_close_leaves_nothing_to_recover(qtbot: QtBot, window: MainWindow, prompts: FakePrompts) -> None:
    fill_in(qtbot, window)
    window.files.recovery.flush()
    assert recovery.recovery_path().exists()
    prompts.unsaved = Unsaved.DISCARD
    assert window.close()
    assert not recovery.recovery_path().exists()


def test_export_csv(qtbot: QtBot, window: MainWindow, prompts: FakePrompts, tmp_path: Path) -> None:
    fill_in(qtbot, window)
    prompts.export_path = tmp_path / "schedule.csv"
    trigger(window, "actionExportCsv")
    lines = (tmp_path / "schedule.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("date,weekday,step")
    assert lines[1].startswith("2026-12-01,Tue,1,cut,55,mg/day")


def test_export_dialogs_missing_are_explained(
    qtbot: QtBot, window: MainWindow, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_in(qtbot, window)
    # As if the export dialogs were not installed (None in sys.modules stops the import).
    monkeypatch.setitem(sys.modules, "baclotaper.gui.planner.export_dialogs", None)
    trigger(window, "actionExportPdf")
    assert prompts.asked[-1] == (
        "info",
        ("PDF export", "PDF export is not available in this copy of BacloTaper yet."),
    )


@pytest.mark.parametrize(
    ("action", "function"),
    [
        ("actionExportPdf", "export_pdf"),
        ("actionExportCalendar", "export_calendar"),
        ("actionExportFhir", "export_fhir"),
        ("actionPrint", "print_plan"),
    ],
)
def test_export_dialogs_get_the_plan_and_settings(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    action: str,
    function: str,
) -> None:
    fill_in(qtbot, window)
    calls: list[dict[str, Any]] = []
    fake = types.ModuleType("baclotaper.gui.planner.export_dialogs")
    setattr(fake, function, lambda **kwargs: calls.append(kwargs))
    monkeypatch.setitem(sys.modules, "baclotaper.gui.planner.export_dialogs", fake)
    trigger(window, action)
    assert calls == [{"parent": window, "plan": window.document.plan, "settings": window.settings}]


def test_the_paper_menu_follows_changes_made_elsewhere(window: MainWindow) -> None:
    window.settings.set(PAPER, "Letter")  # as the PDF dialog does when the user picks Letter
    menu = window.window_actions.settings_menu
    assert menu is not None
    menu.aboutToShow.emit()
    assert find(window, QAction, "actionPaperLetter").isChecked()
    assert not find(window, QAction, "actionPaperA4").isChecked()


def test_settings_persist_between_windows(qtbot: QtBot, make_window: Any, prompts: FakePrompts) -> None:
    window = make_window()
    trigger(window, "actionPaperLetter")
    choose(qtbot, find(window, QComboBox, "productCombo"), "1 mg/mL")
    choose(qtbot, find(window, QComboBox, "jurisdictionCombo"), "UK")
    fill_in(qtbot, window)
    trigger(window, "actionRememberDefaults")
    window.resize(1100, 700)
    assert window.close()

    saved = json.loads((paths.config_dir() / "settings.json").read_text(encoding="utf-8"))
    assert saved["values"]["paper"] == "Letter"
    assert saved["values"]["default_product"] == "solution:1mg/ml"
    assert saved["values"]["jurisdiction"] == "UK"
    assert saved["values"]["window_geometry"]

    again = make_window()
    assert again.settings.get(PAPER) == "Letter"
    assert find(again, QAction, "actionPaperLetter").isChecked()
    assert find(again, QComboBox, "productCombo").currentText().startswith("1 mg/mL")
    assert find(again, QComboBox, "jurisdictionCombo").currentData() == "UK"


def test_a_corrupt_settings_file_is_survived(make_window: Any) -> None:
    (paths.config_dir() / "settings.json").write_text("\x00garbage", encoding="utf-8")
    window = make_window()
    assert window.settings.paper == "A4"
    assert "damaged" in window.statusBar().currentMessage()
    assert Settings().problem is not None


def test_about_names_the_version_and_the_draft_notice(window: MainWindow, prompts: FakePrompts) -> None:
    trigger(window, "actionAbout")
    kind, (_title, text) = prompts.asked[-1]
    assert kind == "about"
    assert "BacloTaper 0.1.0" in text
    assert "Every plan is a draft for a prescriber to review" in text


def test_sources_window_lists_every_default(qtbot: QtBot, window: MainWindow) -> None:
    trigger(window, "actionSources")
    dialog = window.show_sources()
    assert dialog.isVisible()
    assert not dialog.isModal()
    total = dialog.table.model().rowCount()
    assert total > 40
    qtbot.keyClicks(dialog.filter, "ANSM")
    filtered = dialog.table.model()
    assert 0 < filtered.rowCount() < total
    for row in range(filtered.rowCount()):
        shown = " ".join(filtered.index(row, c).data() for c in range(filtered.columnCount()))
        assert "ansm" in shown.lower()
