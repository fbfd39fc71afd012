"""Work the first window does not show waits for its first paint (start-up time)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from baclotaper.gui.first_paint import after_first_paint
from baclotaper.gui.planner import main_window
from baclotaper.gui.planner.main_window import MainWindow


def test_the_callback_runs_once_after_the_widget_has_painted(qtbot: QtBot) -> None:
    label = QLabel("BacloTaper")
    qtbot.addWidget(label)
    calls: list[bool] = []
    after_first_paint(label, lambda: calls.append(label.isVisible()))
    qtbot.wait(20)
    assert calls == []  # never shown, never painted
    label.show()
    qtbot.waitUntil(lambda: calls == [True])
    label.repaint()
    label.hide()
    label.show()
    qtbot.wait(20)
    assert calls == [True]  # once, not at every paint


def test_the_window_loads_the_engine_after_it_shows(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[bool] = []
    monkeypatch.setattr(main_window, "load_engine", lambda: loaded.append(window.isVisible()))
    window.start()
    qtbot.waitUntil(lambda: loaded == [True])
