"""Alt+letter opens the menus; a field's own Alt+letter brings it into view."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMenu, QScrollArea
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from tests.gui.conftest import find


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


def test_no_form_label_takes_a_menu_letter(window: MainWindow) -> None:
    menus = {mnemonic(action.text()) for action in window.menuBar().actions()}
    assert {"e", "o", "t"} <= menus  # Edit, Tools, Settings
    for label in window.form.findChildren(QLabel):
        letter = mnemonic(label.text())
        assert letter not in menus, f"{label.text()!r} takes Alt+{letter} from a menu"


def test_alt_e_opens_the_edit_menu(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    find(window, QComboBox, "routeCombo").setFocus()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QMenu)
    assert popup.title() == "&Edit"
    popup.close()


def test_a_field_reached_by_its_letter_is_scrolled_into_view(qtbot: QtBot, window: MainWindow) -> None:
    scroll = find(window, QScrollArea, "formScroll")
    assert scroll.verticalScrollBar().value() == 0
    window.activateWindow()
    find(window, QComboBox, "routeCombo").setFocus()
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)  # &Jurisdiction
    jurisdiction = find(window, QComboBox, "jurisdictionCombo")
    qtbot.waitUntil(jurisdiction.hasFocus)
    top = jurisdiction.mapTo(scroll.viewport(), jurisdiction.rect().topLeft()).y()
    assert top >= 0 and top + jurisdiction.height() <= scroll.viewport().height()
