"""Scrolling the form with the wheel never changes a list the pointer passes over."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import fill_in, find


def wheel_down(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_list_scrolls_the_form(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window)
    scroll = find(window, QScrollArea, "formScroll")
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0, "the form must be taller than its pane for this test"
    for name in ("paceCombo", "jurisdictionCombo", "routeCombo"):
        combo = find(window, QComboBox, name)
        scroll.ensureWidgetVisible(combo)
        before, position = combo.currentIndex(), bar.value()
        find(window, QWidget, "doseInput").setFocus()
        wheel_down(combo)
        assert combo.currentIndex() == before, name
        assert bar.value() > position or position == bar.maximum(), name
    assert window.document.plan is not None
    assert not window.document.undo_stack.canRedo()


def test_a_focused_list_takes_the_wheel(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window)
    pace = find(window, QComboBox, "paceCombo")
    pace.setFocus()
    qtbot.waitUntil(pace.hasFocus)
    wheel_down(pace)
    assert pace.currentIndex() == 1
    assert pace.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel alone never focuses it


def test_no_list_or_spin_box_of_the_form_takes_the_wheel_unfocused(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window)
    find(window, QWidget, "doseInput").setFocus()
    fields = [*window.form.findChildren(QComboBox), *window.form.findChildren(QAbstractSpinBox)]
    assert len(fields) >= 8  # route, product, pace, doses a day, dates, jurisdiction…
    for field in fields:
        before = field.currentIndex() if isinstance(field, QComboBox) else field.text()
        wheel_down(field)
        after = field.currentIndex() if isinstance(field, QComboBox) else field.text()
        assert after == before, field.objectName()
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, field.objectName()
