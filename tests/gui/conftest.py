"""Fixtures for the window tests: a pinned locale, answered dialogs, a window to drive."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from baclotaper.common.settings import Settings
from baclotaper.gui.planner import prompts as prompts_module
from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.prompts import Prompts, Unsaved

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.fixture(autouse=True, scope="session")
def pinned_locale() -> Iterator[None]:
    """English, weeks starting on Monday, whatever the machine says."""
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(old)


@pytest.fixture(autouse=True)
def no_real_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real modal dialog would block the test run: make any use of one fail loudly."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a real modal dialog was opened in a test; use FakePrompts")

    for name in dir(Prompts):
        if name.startswith(("ask_", "show_", "confirm_")):
            monkeypatch.setattr(prompts_module.Prompts, name, refuse)


@dataclass
class FakePrompts(Prompts):
    """Answers chosen by the test; every question asked is recorded in ``asked``."""

    open_path: Path | None = None
    save_path: Path | None = None
    export_path: Path | None = None
    unsaved: Unsaved = Unsaved.DISCARD
    recover: bool = True
    confirm: bool = True
    numbers: list[float | None] = field(default_factory=list)
    asked: list[tuple[str, Any]] = field(default_factory=list)

    def ask_open_path(self, folder: str) -> Path | None:
        self.asked.append(("open", folder))
        return self.open_path

    def ask_save_path(self, suggested: str) -> Path | None:
        self.asked.append(("save", suggested))
        return self.save_path

    def ask_export_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        self.asked.append(("export", (title, suggested, file_filter)))
        return self.export_path

    def ask_unsaved(self, name: str) -> Unsaved:
        self.asked.append(("unsaved", name))
        return self.unsaved

    def ask_recover(self, description: str) -> bool:
        self.asked.append(("recover", description))
        return self.recover

    def confirm_concerns(self, concerns: Sequence[str]) -> bool:
        self.asked.append(("confirm", list(concerns)))
        return self.confirm

    def ask_number(
        self,
        title: str,
        label: str,
        *,
        value: float,
        minimum: float,
        maximum: float,
        decimals: int,
    ) -> float | None:
        self.asked.append(("number", (title, label, value)))
        return self.numbers.pop(0) if self.numbers else None

    def show_error(self, title: str, message: str) -> None:
        self.asked.append(("error", (title, message)))

    def show_info(self, title: str, message: str) -> None:
        self.asked.append(("info", (title, message)))

    def show_about(self, title: str, text: str) -> None:
        self.asked.append(("about", (title, text)))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def make_window(qtbot: QtBot, prompts: FakePrompts) -> Any:
    """Open a window the way the app does (settings from the data folder, recovery offered)."""

    def make(answers: FakePrompts | None = None) -> MainWindow:
        window = MainWindow(Settings(), prompts=answers or prompts, today=TODAY)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        QApplication.processEvents()
        return window

    return make


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    result: MainWindow = make_window()
    return result


def find(window: MainWindow, kind: type[Any], name: str) -> Any:
    """A widget or action by the object name other code relies on."""
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def fill_in(qtbot: QtBot, window: MainWindow, *, dose: str = "60", on_therapy: str = "2y") -> None:
    """Type a regimen as a prescriber would."""
    from PySide6.QtWidgets import QLineEdit

    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), dose)
    qtbot.keyClicks(find(window, QLineEdit, "onTherapyInput"), on_therapy)


def choose(qtbot: QtBot, combo: Any, text: str) -> None:
    """Pick the entry starting with ``text`` with the arrow keys, as a keyboard user does."""
    from PySide6.QtCore import Qt

    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"no entry starting with {text!r} in {combo.objectName()}")


def table_texts(window: MainWindow, column: int) -> list[str]:
    """What the step table shows in ``column``, top to bottom."""
    model = window.step_table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]
