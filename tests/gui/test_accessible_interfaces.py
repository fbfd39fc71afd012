"""What Qt's own interfaces got wrong on Linux, on small widgets: combo boxes, roles, tab widgets."""

from __future__ import annotations

import gc

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSlider, QTabWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from baclotaper.gui import accessible_interfaces
from baclotaper.gui.accessibility import label_for
from tests.gui.screen_reader import iface, seen

Text = QAccessible.Text


def _labelled_combo(qtbot: QtBot, *, editable: bool = False) -> tuple[QWidget, QLabel, QComboBox]:
    accessible_interfaces.install()
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    label, combo = QLabel("&Route:"), QComboBox()
    combo.addItems(["Oral", "Intrathecal (pump)"])
    combo.setEditable(editable)
    layout.addWidget(label)
    layout.addWidget(combo)
    label_for(label, combo)
    box.show()
    qtbot.waitExposed(box)
    return box, label, combo


def test_a_combo_box_is_named_by_its_label_and_valued_by_what_it_shows(qtbot: QtBot) -> None:
    _box, label, combo = _labelled_combo(qtbot)
    got = seen(combo)
    assert (got.role, got.name, got.value) == (QAccessible.Role.ComboBox, "Route", "Oral")
    assert label in got.labelled_by
    combo.setCurrentIndex(1)
    assert iface(combo).text(Text.Value) == "Intrathecal (pump)"
    assert iface(combo).text(Text.Name) == "Route"


def test_a_combo_box_keeps_its_list_states_and_the_action_that_opens_it(qtbot: QtBot) -> None:
    _box, _label, combo = _labelled_combo(qtbot)
    face = iface(combo)
    assert face.childCount() == 1
    listed = face.child(0)
    assert listed is not None and listed.object() is combo.view() and listed.role() == QAccessible.Role.List
    assert face.indexOfChild(listed) == 0
    assert face.state().expandable and not face.state().expanded and face.state().focusable
    actions = face.actionInterface()
    assert actions is not None and QAccessible.Role.ComboBox == face.role()
    assert actions.showMenuAction() in actions.actionNames()
    actions.doAction(actions.showMenuAction())
    qtbot.waitUntil(combo.view().isVisible)
    assert face.state().expanded
    actions.doAction(actions.showMenuAction())
    qtbot.waitUntil(lambda: not combo.view().isVisible())


def test_an_editable_combo_box_is_valued_by_what_was_typed(qtbot: QtBot) -> None:
    _box, _label, combo = _labelled_combo(qtbot, editable=True)
    edit = combo.lineEdit()
    assert isinstance(edit, QLineEdit)
    edit.setText("Liquid")
    face = iface(combo)
    assert face.text(Text.Value) == "Liquid" and face.text(Text.Name) == "Route"
    assert face.childCount() == 2 and face.child(1) is not None and face.child(1).object() is edit
    assert face.state().editable


def test_a_combo_box_without_a_label_is_never_nameless(qtbot: QtBot) -> None:
    accessible_interfaces.install()
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItems(["Oral"])
    assert iface(combo).text(Text.Name) == "Oral"


def test_the_interface_outlives_python_s_references_and_goes_with_its_widget(qtbot: QtBot) -> None:
    _box, _label, combo = _labelled_combo(qtbot)
    first = iface(combo)
    del first
    gc.collect()
    again = iface(combo)  # the same one, still answering as ours (not Qt's, which names by value)
    assert isinstance(again, accessible_interfaces.ComboBoxInterface)
    assert again.text(Text.Name) == "Route"
    combo.setParent(None)
    Shiboken.delete(combo)  # as when its window closes: Qt deletes the interface with it
    assert not Shiboken.isValid(again)


def test_a_widget_given_a_role_is_announced_by_it(qtbot: QtBot) -> None:
    accessible_interfaces.install()
    chart = QWidget()
    qtbot.addWidget(chart)
    chart.setAccessibleName("Daily dose over time")
    chart.setAccessibleDescription("From 60 mg/day: 2031-07-14 55 mg/day")
    accessible_interfaces.set_accessible_role(chart, QAccessible.Role.Chart)
    face = iface(chart)
    assert face.role() == QAccessible.Role.Chart
    assert face.text(Text.Name) == "Daily dose over time"
    assert face.text(Text.Description) == "From 60 mg/day: 2031-07-14 55 mg/day"


def test_a_tab_widget_is_a_group_the_focus_passes_through(qtbot: QtBot) -> None:
    accessible_interfaces.install()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.setAccessibleName("Record")
    tabs.addTab(QWidget(), "Timeline")
    face = iface(tabs)
    assert face.role() == QAccessible.Role.Grouping and face.text(Text.Name) == "Record"
    assert not face.state().focusable  # the tab bar takes the focus and is the control
    assert iface(tabs.tabBar()).state().focusable


class _Score(QSlider):
    """A slider whose -1 means "not assessed"."""

    def value_in_words(self) -> str:
        return "not assessed" if self.value() < 0 else str(self.value())


def test_a_slider_with_words_says_them_as_its_value_and_keeps_its_numbers(qtbot: QtBot) -> None:
    accessible_interfaces.install()
    score = _Score()
    qtbot.addWidget(score)
    score.setRange(-1, 3)
    score.setValue(-1)
    face = iface(score)
    assert face.role() == QAccessible.Role.Slider
    assert face.text(Text.Value) == "not assessed"
    numbers = face.valueInterface()  # through Qt's own cast, as the AT-SPI bridge asks for it
    assert numbers is not None
    assert (numbers.currentValue(), numbers.minimumValue(), numbers.maximumValue()) == (-1, -1, 3)
    numbers.setCurrentValue(2)
    assert score.value() == 2 and face.text(Text.Value) == "2"
    assert face.actionInterface() is not None  # the other interfaces are still Qt's
    assert face.textInterface() is None
