"""The window as the desktop starts it: a plan file from the command line, the app's icon."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.taper import planfile
from tests.factories import plan


def test_a_plan_file_given_at_start_is_opened(qtbot: QtBot, make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / f"from-the-file-manager{planfile.SUFFIX}"
    planfile.save(plan(60), path)
    window: MainWindow = make_window()
    window.start(path)
    qtbot.waitUntil(lambda: window.document.path == path)
    assert window.document.plan is not None
    assert window.document.plan.regimen.daily_dose == 60
    assert window.windowTitle().startswith(path.name)


def test_the_started_window_shows_the_shipped_icon(qtbot: QtBot, make_window: Any) -> None:
    window: MainWindow = make_window()
    window.start()
    # Set just after the first paint, with the engine.
    qtbot.waitUntil(lambda: not window.windowIcon().isNull())
    icon = window.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(48, 48).isNull()
    assert QApplication.windowIcon().cacheKey() == icon.cacheKey()
