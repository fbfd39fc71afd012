"""Keyboard, labels, screen readers and small screens."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTableView,
    QWidget,
)

from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import find

NAMED_WIDGETS = {
    "routeCombo": QComboBox,
    "productCombo": QComboBox,
    "doseInput": QLineEdit,
    "onTherapyInput": QLineEdit,
    "startDateInput": QDateEdit,
    "targetInput": QLineEdit,
    "paceCombo": QComboBox,
    "stepTable": QTableView,
    "calendarView": QWidget,
    "doseChart": QWidget,
    "warningsList": QListView,
}
NAMED_ACTIONS = [
    "actionNew",
    "actionOpen",
    "actionSave",
    "actionSaveAs",
    "actionUndo",
    "actionRedo",
    "actionExportPdf",
    "actionExportCalendar",
    "actionExportCsv",
    "actionPrint",
]
INPUTS = (QLineEdit, QComboBox, QSpinBox, QDateEdit, QPlainTextEdit, QCheckBox)


def test_the_names_other_code_relies_on(window: MainWindow) -> None:
    for name, kind in NAMED_WIDGETS.items():
        find(window, kind, name)
    for name in NAMED_ACTIONS:
        find(window, QAction, name)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("actionNew", QKeySequence.StandardKey.New),
        ("actionOpen", QKeySequence.StandardKey.Open),
        ("actionSave", QKeySequence.StandardKey.Save),
        ("actionSaveAs", QKeySequence.StandardKey.SaveAs),
        ("actionUndo", QKeySequence.StandardKey.Undo),
        ("actionRedo", QKeySequence.StandardKey.Redo),
        ("actionPrint", QKeySequence.StandardKey.Print),
    ],
)
def test_file_and_edit_actions_have_the_standard_keys(
    window: MainWindow, name: str, key: QKeySequence.StandardKey
) -> None:
    assert find(window, QAction, name).shortcuts() == QKeySequence.keyBindings(key)


def test_every_menu_command_is_reachable_from_the_keyboard(window: MainWindow) -> None:
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text(), menu_action.text()
        menu = menu_action.menu()
        assert menu is not None
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            assert "&" in action.text() or action.text() in ("A4", "Letter"), action.text()
            assert action.objectName(), action.text()


def test_every_field_has_a_label_and_an_accessible_name(window: MainWindow) -> None:
    buddies = {label.buddy() for label in window.form.findChildren(QLabel) if label.buddy() is not None}
    for widget in window.form.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or widget.parent() is None:
            continue
        if isinstance(widget.parent(), (QComboBox, QDateEdit, QSpinBox)):
            continue  # the line edit inside a combo or spin box
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        assert name, f"{widget.objectName() or widget} has no accessible name"
        if not isinstance(widget, QCheckBox):
            assert widget in buddies, f"{widget.objectName()} has no label pointing at it"
    assert window.form.regimen.dose_input.accessibleName() == "Current daily dose, mg/day"


def test_the_tab_order_follows_the_form(window: MainWindow) -> None:
    form = window.form
    expected = [
        form.regimen.route_combo,
        form.regimen.product_combo,
        form.regimen.dose_input,
        form.regimen.per_day_spin,
        form.regimen.split_input,
        form.regimen.on_therapy_input,
        form.regimen.start_input,
        form.regimen.target_input,
        form.pace.pace_combo,
        form.pace.interval_input,
        form.pace.step_input,
        form.pace.percent_input,
        form.pace.cut_order_input,
        form.risks.age_input,
        form.risks.egfr_input,
        form.risks.dialysis_check,
    ]
    chain: list[QWidget] = []
    widget: QWidget = form.regimen.route_combo
    for _ in range(400):
        if widget in expected and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == expected


def test_view_shortcuts_move_between_panes(window: MainWindow) -> None:
    shortcuts = {
        name: find(window, QAction, name).shortcut().toString()
        for name in (
            "actionFocusForm",
            "actionFocusTable",
            "actionFocusCalendar",
            "actionFocusChart",
            "actionFocusWarnings",
        )
    }
    assert list(shortcuts.values()) == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]
    find(window, QAction, "actionFocusChart").trigger()  # offscreen has no focus to assert on


def test_the_form_scrolls_and_the_warnings_cannot_be_closed(window: MainWindow) -> None:
    scroll = find(window, QScrollArea, "formScroll")
    assert scroll.widget() is window.form
    assert not window.warnings_dock.features() & window.warnings_dock.DockWidgetFeature.DockWidgetClosable


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_window_fits_a_1280_by_720_screen(make_window: Any, scale: float) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = QFont(app.font())
    bigger = QFont(base)
    bigger.setPointSizeF(base.pointSizeF() * scale)
    app.setFont(bigger)
    try:
        window = make_window()
        hint = window.minimumSizeHint()
        assert hint.width() <= 1280
        assert hint.height() <= 720
    finally:
        app.setFont(base)
