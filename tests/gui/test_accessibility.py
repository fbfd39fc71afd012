"""The shared accessibility helpers, on small widgets of their own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.accessibility import announce, label_for, plain, tab_leaves, tab_stops
from tests.gui.screen_reader import announcements, seen


def test_a_label_s_words_without_mnemonic_markup_or_colon() -> None:
    assert plain("Current &daily dose:") == "Current daily dose"
    assert plain("Chec&klist route\n(no plan):") == "Checklist route (no plan)"
    assert plain("Salt && pepper:") == "Salt & pepper"
    assert plain("<b>Salt &amp; pepper</b>:") == "Salt & pepper"


def test_a_label_names_its_field_and_labels_it(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    label, field = QLabel("&Age:"), QLineEdit()
    layout.addWidget(label)
    layout.addWidget(field)
    label_for(label, field)
    assert label.buddy() is field
    got = seen(field)
    assert got.name == "Age" and label in got.labelled_by


def test_an_announcement_is_polite_unless_urgent(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    with announcements(monkeypatch) as said:
        announce(widget, "New warning")
        announce(widget, "EMERGENCY", urgent=True)
        announce(widget, "")  # nothing to say: nothing sent
    assert said == [("New warning", False), ("EMERGENCY", True)]


def test_tab_stops_read_row_by_row_left_to_right(qtbot: QtBot) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    column = QVBoxLayout(pane)
    first_row, second_row = QHBoxLayout(), QHBoxLayout()
    right, left, below = QLineEdit(), QLineEdit(), QLineEdit()
    below.setObjectName("below")
    second_row.addWidget(below)
    first_row.addWidget(left)
    first_row.addWidget(right)
    column.addLayout(first_row)
    column.addLayout(second_row)
    pane.show()
    qtbot.waitExposed(pane)
    assert tab_stops(pane) == [left, right, below]


def test_tab_leaves_a_date_field_in_one_press(qtbot: QtBot) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    row = QHBoxLayout(pane)
    day, after = QDateEdit(), QLineEdit()
    day.setDisplayFormat("yyyy-MM-dd")
    row.addWidget(day)
    row.addWidget(after)
    tab_leaves(day)
    pane.show()
    pane.activateWindow()
    day.setFocus()
    qtbot.waitUntil(day.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert after.hasFocus()
