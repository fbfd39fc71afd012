"""What a screen reader and a keyboard user meet in a window, read through ``QAccessible``.

Shared by the planner's and the log's tests: every control with its role, name, value, states and
label relation; a Tab walk with real key presses; the announcements the window sends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from baclotaper.gui.accessibility import plain

Role = QAccessible.Role
# The role a screen reader must be told for each kind of control (the first class that matches).
ROLES: tuple[tuple[type[QWidget], set[QAccessible.Role]], ...] = (
    (QCheckBox, {Role.CheckBox}),
    (QRadioButton, {Role.RadioButton}),
    (QPushButton, {Role.PushButton, Role.ButtonMenu}),
    (QToolButton, {Role.PushButton, Role.CheckBox, Role.ButtonMenu, Role.ButtonDropDown}),
    (QComboBox, {Role.ComboBox}),
    (QAbstractSpinBox, {Role.SpinBox}),
    (QAbstractSlider, {Role.Slider, Role.ScrollBar}),
    (QLineEdit, {Role.EditableText}),
    (QPlainTextEdit, {Role.EditableText}),
    (QTableView, {Role.Table}),
    (QListView, {Role.List}),
    (QTabBar, {Role.PageTabList}),
)
# Roles that say nothing about what a thing is ("filler", "panel" over AT-SPI).
GENERIC = {Role.Client, Role.Pane, Role.Grouping, Role.NoRole}


@dataclass(frozen=True)
class Seen:
    """One control as assistive technology gets it."""

    widget: QWidget
    role: QAccessible.Role
    name: str
    value: str
    description: str
    focusable: bool
    labelled_by: tuple[QWidget, ...]


def iface(widget: QWidget) -> QAccessibleInterface:
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None and found.isValid(), widget
    return found


def seen(widget: QWidget) -> Seen:
    face = iface(widget)
    labels = tuple(
        obj
        for other, _flag in face.relations(QAccessible.RelationFlag.Label)
        if isinstance(obj := other.object(), QWidget)
    )
    return Seen(
        widget=widget,
        role=face.role(),
        name=face.text(QAccessible.Text.Name),
        value=face.text(QAccessible.Text.Value),
        description=face.text(QAccessible.Text.Description),
        focusable=bool(face.state().focusable),
        labelled_by=labels,
    )


def controls(window: QWidget) -> list[QWidget]:
    """Everything shown in ``window`` a user operates: fields, buttons, lists, tables, tabs."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            continue  # the line edit inside a date field or combo box: the field is the control
        if widget.focusProxy() is not None and not isinstance(widget, QAbstractButton):
            continue  # a frame that hands the focus to its field (a tab widget, the calendar)
        if isinstance(widget, QAbstractButton) or widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
    return found


def buddy_labels(window: QWidget) -> dict[QWidget, QLabel]:
    return {label.buddy(): label for label in window.findChildren(QLabel) if label.buddy() is not None}


def problems(window: QWidget) -> list[str]:
    """What is wrong with each control, as a screen reader user would notice it."""
    labels = buddy_labels(window)
    found: list[str] = []
    for widget in controls(window):
        what = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"
        got = seen(widget)
        expected = next((roles for kind, roles in ROLES if isinstance(widget, kind)), None)
        if expected is not None and got.role not in expected:
            found.append(f"{what}: role {got.role.name}, expected one of {sorted(r.name for r in expected)}")
        name = got.name
        if isinstance(widget, QComboBox):
            # Named by its label, valued by what it shows (Qt's own on Linux says the value as the name).
            if got.value != widget.currentText():
                found.append(f"{what}: value {got.value!r}, it shows {widget.currentText()!r}")
            if name == widget.currentText() and widget.accessibleName() != name:
                found.append(f"{what}: named by its value {name!r}")
        if got.role in GENERIC and got.focusable:
            found.append(f"{what}: takes the focus with no role a screen reader can say ({got.role.name})")
        if not name.strip():
            found.append(f"{what}: no name")
        label = labels.get(widget)
        own_text = isinstance(widget, QAbstractButton) and not isinstance(widget, QToolButton) and widget.text()
        if own_text:
            # A check box or button says its own text; a row label pointing at it names the group.
            own = plain(widget.text()).split(" (")[0]
            if own not in name:
                found.append(f"{what}: named {name!r}, its own text says {own!r}")
        elif label is not None and not name.startswith(plain(label.text())):
            # The label's words first; a unit shown beside the field may follow ("…, mg/day").
            found.append(f"{what}: named {name!r}, its label says {plain(label.text())!r}")
        if label is not None and label not in got.labelled_by:
            found.append(f"{what}: not labelled by {plain(label.text())!r}")
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not got.focusable:
            found.append(f"{what}: takes Tab but is not focusable to assistive technology")
        if isinstance(widget, QAbstractItemView) and widget.tabKeyNavigation():
            found.append(f"{what}: Tab moves inside it (a keyboard trap)")
        if isinstance(widget, QTableView) and widget.horizontalHeader().isHidden():
            found.append(f"{what}: no column headers")
    return found


def names_in_a_row(window: QWidget) -> list[str]:
    """Names shared by neighbouring controls (one parent): a row label copied onto each of them."""
    by_parent: dict[int, list[str]] = {}
    for widget in controls(window):
        by_parent.setdefault(id(widget.parentWidget()), []).append(seen(widget).name)
    return sorted({n for names in by_parent.values() for n in names if n and names.count(n) > 1})


def tab_walk(qtbot: QtBot, start: QWidget, limit: int = 400) -> list[QWidget]:
    """Press Tab from ``start`` until the focus comes back to it; every widget focused on the way."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    stops: list[QWidget] = []
    for _ in range(limit):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None
        stops.append(after)
        if after is start:
            return stops
    raise AssertionError(f"Tab never came back to {start.objectName()} in {limit} presses")


def upward_moves(pane: QWidget, stops: list[QWidget]) -> list[str]:
    """Tab moves that go back up inside ``pane``: reading order runs top to bottom."""
    inside = [w for w in stops if pane.isAncestorOf(w)]
    tops = [(w, w.mapTo(pane, w.rect().topLeft()).y()) for w in inside]
    return [
        f"{before.objectName() or before.accessibleName()} -> {after.objectName() or after.accessibleName()}"
        for (before, y1), (after, y2) in pairwise(tops)
        if y2 < y1 - 4
    ]


@contextmanager
def announcements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, bool]]]:
    """The messages the window asks screen readers to say, with whether they interrupt."""
    said: list[tuple[str, bool]] = []
    send = QAccessible.updateAccessibility

    def spy(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            urgent = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
            said.append((event.message(), urgent))
        send(event)  # and on to the real accessibility bridge

    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    yield said
