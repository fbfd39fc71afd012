"""From the planner to the nurse's log: the plan on screen is the one offered for attaching."""

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.window import LogWindow
from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import fill_in


def test_tools_menu_opens_the_log_with_the_plan_on_screen(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    action = window.findChild(QAction, "actionNurseLog")
    assert action is not None and action.shortcut().toString() == "Ctrl+L"
    action.trigger()
    logs = [w for w in window.findChildren(LogWindow) if w.isVisible()]
    assert len(logs) == 1
    log = logs[0]
    try:
        assert log.current_plan is window.document.plan
        assert log.current_plan is not None and log.current_plan.regimen.daily_dose == 60
    finally:
        log.close()  # deletes itself on close (its database connection with it)
