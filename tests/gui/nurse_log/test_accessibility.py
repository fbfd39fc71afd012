"""Keyboard and screen-reader basics, and a window that fits 1280×720."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.severity_control import SeverityControl
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import with_patient

NAMED = (
    "patientList",
    "patientSearch",
    "logEntryForm",
    "emergencyBanner",
    "checklistTotal",
    "entriesTable",
    "timelineView",
    "revisionsList",
    "saveEntryButton",
    "recordedByInput",
    "temperatureInput",
    "heartRateInput",
)


def test_the_named_widgets_exist(make_window: WindowFactory) -> None:
    window = make_window()
    for name in NAMED:
        assert window.findChild(QWidget, name) is not None, name
    controls = window.findChildren(SeverityControl)
    assert controls and all(c.objectName().startswith("score_") for c in controls)


def test_every_field_has_an_accessible_name_and_mnemonic_labels_have_buddies(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    fields = (QLineEdit, QComboBox, QDateTimeEdit, QPlainTextEdit, SeverityControl)
    for kind in fields:
        for field in window.findChildren(kind):
            if field.parent() is not None and isinstance(field.parent(), QComboBox | QAbstractSpinBox):
                continue  # Qt's own line edit inside a combo box or date field
            assert field.accessibleName(), field.objectName()
    for label in window.findChildren(QLabel):
        if "&" in label.text() and not label.text().startswith("<") and "&nbsp;" not in label.text():
            assert label.buddy() is not None, label.text()


def test_actions_and_buttons_are_reachable_without_a_mouse(make_window: WindowFactory) -> None:
    window = make_window()
    shortcuts = {a.text(): a.shortcut().toString() for m in window.menu_actions.menus.values() for a in m.actions()}
    for text in ("Save entry", "New entry", "Correct selected entry…", "Export log as CSV…", "Find patient"):
        assert shortcuts[text], text
    for button in window.findChildren(QAbstractButton):
        if isinstance(button.parent(), QLineEdit | QAbstractSpinBox) or button.objectName().startswith("qt_"):
            continue  # Qt's own clear, arrow and corner buttons: the field or table takes the keys
        if isinstance(button.parent(), SeverityControl):
            continue  # the control takes the focus and the digits for its buttons
        assert button.focusPolicy() != Qt.FocusPolicy.NoFocus, button.text()


def test_the_window_fits_1280_by_720(qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    window.resize(1280, 720)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720
    assert window.width() <= 1280 and window.height() <= 720
    save = window.form.save_button
    corner = save.mapTo(window, save.rect().bottomRight())
    assert window.rect().contains(corner)  # Save is on screen without scrolling


def test_no_two_mnemonics_clash(qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    texts = [label.text() for label in window.findChildren(QLabel) if label.buddy() is not None]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
    texts += [menu.title() for menu in window.menu_actions.menus.values()]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t and "&nbsp;" not in t]
    assert len(keys) == len(set(keys)), sorted(keys)
