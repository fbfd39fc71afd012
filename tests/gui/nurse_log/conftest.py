"""Fixtures for the log window: a stand-in for every dialog, a database of the test's own, plans."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log import LogWindow
from baclotaper.nurse_log.store import Store
from baclotaper.taper.plan import TaperPlan
from tests.factories import plan as make_plan
from tests.gui.nurse_log.helpers import DAYS_INTO_PLAN, FakePrompts, settle


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "log.sqlite3"


@pytest.fixture
def oral_plan() -> TaperPlan:
    return make_plan(start=date.today() - timedelta(days=DAYS_INTO_PLAN))


@pytest.fixture
def intrathecal_plan() -> TaperPlan:
    return make_plan(300, "intrathecal:500", on_therapy="6y", start=date.today() - timedelta(days=DAYS_INTO_PLAN))


WindowFactory = Callable[..., LogWindow]


@pytest.fixture
def make_window(qtbot: QtBot, prompts: FakePrompts, db_path: Path) -> WindowFactory:
    def make(plan: TaperPlan | None = None, path: Path | None = None) -> LogWindow:
        window = LogWindow(path or db_path, plan=plan, plan_path=None, prompts=prompts)
        qtbot.addWidget(window)
        window.show()
        settle(qtbot, window)  # opened and read on the log's own thread
        return window

    return make


@pytest.fixture
def read_store(db_path: Path) -> Iterator[Store]:
    """A second connection, as another window would have: what the log really saved."""
    store = Store.open(db_path)
    yield store
    store.close()
