"""Work the first window does not show waits for its first paint (start-up time)."""

from __future__ import annotations

from functools import partial

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


def test_callbacks_run_in_the_order_they_were_given(qtbot: QtBot) -> None:
    label = QLabel("BacloTaper")
    qtbot.addWidget(label)
    calls: list[str] = []
    for name in ("report the paint", "load the engine", "set the icon"):
        after_first_paint(label, partial(calls.append, name))
    label.show()
    qtbot.waitUntil(lambda: len(calls) == 3)
    assert calls == ["report the paint", "load the engine", "set the icon"]
