"""Nothing in the form moves under the user's hands while they type."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import find


def positions(window: MainWindow) -> dict[str, QPoint]:
    QApplication.processEvents()
    form = window.form
    return {
        w.objectName(): w.mapTo(form, QPoint(0, 0))
        for w in form.findChildren(QWidget)
        if w.objectName().endswith(("Input", "Combo", "Check")) and w.isVisible()
    }


def test_messages_appearing_while_typing_never_push_a_field(qtbot: QtBot, window: MainWindow) -> None:
    start = positions(window)
    dose = find(window, QLineEdit, "doseInput")
    steps: list[str] = []
    for text in ("6", "60", "60x", "60", "600000", "60"):
        dose.clear()
        qtbot.keyClicks(dose, text)
        steps.append(window.form.error_text("dose"))
        assert positions(window) == start, f"a field moved after typing {text!r}"
    qtbot.keyClicks(find(window, QLineEdit, "onTherapyInput"), "2")  # "2" alone is not a duration
    assert window.form.error_text("on_therapy")
    qtbot.keyClicks(find(window, QLineEdit, "onTherapyInput"), "y")  # the plan appears: the pace says why
    assert "Source:" in find(window, QLabel, "paceInfo").text()
    assert positions(window) == start
    assert any(steps) and not all(steps)  # errors did come and go


def test_a_long_message_keeps_one_line_and_shows_in_full_on_hover(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), "1,000")
    message = find(window, QLabel, "doseMessage")
    assert message.height() == message.fontMetrics().lineSpacing()
    assert message.toolTip() == window.form.error_text("dose")
    assert find(window, QLineEdit, "doseInput").accessibleDescription() == window.form.error_text("dose")
