"""The log window through a screen reader's eyes (QAccessible) and with the keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QDateTimeEdit, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.severity_control import SeverityControl
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import control, line, press, with_patient
from tests.gui.screen_reader import (
    announcements,
    controls,
    iface,
    names_in_a_row,
    problems,
    seen,
    tab_walk,
    upward_moves,
)


def test_every_control_has_its_role_its_own_label_as_name_and_no_trap(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_2)  # advice with hold / step-back buttons
    shown = controls(window)
    assert len(shown) > 60
    assert problems(window) == []
    assert names_in_a_row(window) == []
    for tab in range(window.tabs.count()):  # the tables on the other tabs too
        window.tabs.setCurrentIndex(tab)
        assert problems(window) == []
    assert seen(line(window, "temperatureInput")).name == "Temperature (°C)"
    assert seen(window.range.since).name == "Dates from"
    assert window.patients.route_combo.accessibleName() == "Checklist route (no plan)"
    assert window.form.spasticity.accessibleName() == "MAS"


def test_a_severity_score_is_a_slider_with_its_name_value_and_tier(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    seizures = control(window, "seizures")
    face = iface(seizures)
    assert face.role() == QAccessible.Role.Slider
    assert face.text(QAccessible.Text.Name) == "Seizures, including status epilepticus"
    assert "Tier: emergency" in face.text(QAccessible.Text.Description)
    assert "Score: not assessed" in face.text(QAccessible.Text.Description)
    # Its value in words (a blank item is "not assessed", never -1); the numbers behind it too.
    assert face.text(QAccessible.Text.Value) == "not assessed"
    value = face.valueInterface()
    assert value is not None and value.currentValue() == -1 and value.maximumValue() == 3
    press(qtbot, seizures, Qt.Key.Key_2)
    assert value.currentValue() == 2
    assert face.text(QAccessible.Text.Value) == seizures.text() and face.text(QAccessible.Text.Value).startswith("2, ")
    assert "Score: 2, " in face.text(QAccessible.Text.Description)
    # Its buttons say what they score, and a click on one leaves the focus on the item.
    buttons = seizures.group.buttons()
    assert [seen(b).name.split(",")[0] for b in buttons] == ["0", "1", "2", "3"]
    assert all(seen(b).focusable for b in buttons)
    assert all(b.focusProxy() is seizures for b in buttons)
    insomnia = control(window, "insomnia")
    assert "Tier: monitor" in iface(insomnia).text(QAccessible.Text.Description)


def test_tab_walks_the_window_in_reading_order_once_and_leaves_each_table(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    window.activateWindow()
    with_patient(qtbot, window)
    press(qtbot, control(window, "visual_hallucinations"), Qt.Key.Key_1)  # call the prescriber: hold, step back
    proposals = [b for b in window.advice.proposal_buttons if b.isEnabled()]
    assert proposals
    window.tabs.setCurrentWidget(window.entries)
    stops = tab_walk(qtbot, window.patients.search)
    # Each field once: a date field is one stop, a table is one stop.
    twice = [f"{type(w).__name__}:{w.objectName() or w.accessibleName()}" for w in stops if stops.count(w) > 1]
    assert twice == []
    assert stops.count(window.entries.table) == 1
    assert not any(isinstance(w.parentWidget(), QDateTimeEdit) for w in stops)
    # Reading order: patients on the left, the entry, its advice, then the record below the advice.
    panes = window.panes
    walked = [window.patients.search, *stops[:-1]]
    order = [next(i for i, pane in enumerate(panes) if pane is w or pane.isAncestorOf(w)) for w in walked]
    assert order == sorted(order)
    for pane in panes:  # and top to bottom inside each pane
        assert upward_moves(pane, walked) == [], pane.objectName()
    assert stops.index(window.form.save_button) < stops.index(proposals[0]) < stops.index(window.range.since)
    # Every control that takes Tab was reached.
    reachable = {
        id(w) for w in controls(window) if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled() and w.isVisible()
    }
    assert reachable <= set(map(id, stops))


def test_tab_leaves_a_date_field_in_one_press(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    window.activateWindow()
    observed = window.form.observed
    # Not the clock's minute: at hh:59 the Up arrow has no minute above to go to.
    observed.setDateTime(QDateTime(QDate(2026, 3, 14), QTime(10, 30)))
    observed.setFocus()
    qtbot.waitUntil(observed.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is line(window, "temperatureInput")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is observed
    # The arrows still change the date's sections.
    before = observed.dateTime()
    qtbot.keyClick(observed, Qt.Key.Key_Up)
    assert observed.dateTime() != before


def test_f6_moves_between_the_panes(qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan) -> None:
    window = make_window(oral_plan)
    window.activateWindow()
    with_patient(qtbot, window)
    window.patients.search.setFocus()
    qtbot.waitUntil(window.patients.search.hasFocus)
    visited = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        visited.append(window.pane_cycle.current())
    # No emergency banner, no advice buttons yet: nothing to stop at in those panes.
    assert visited == [1, 3, 0, 1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.pane_cycle.current() == 0
    press(qtbot, control(window, "visual_hallucinations"), Qt.Key.Key_1)  # hold / step back offered
    qtbot.waitUntil(window.advice.proposal_buttons[0].isVisible)  # a new button shows once events run
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert window.pane_cycle.current() == 2
    assert QApplication.focusWidget() is window.advice.proposal_buttons[0]


def test_the_window_opens_on_the_patient_search(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is window.patients.search
    assert seen(window.patients.search).name == "Find patient"


def test_the_emergency_banner_is_announced_without_taking_the_focus(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(oral_plan)
    window.activateWindow()
    with_patient(qtbot, window)
    seizures = control(window, "seizures")
    seizures.setFocus()
    qtbot.waitUntil(seizures.hasFocus)
    with announcements(monkeypatch) as said:
        press(qtbot, seizures, Qt.Key.Key_2)
        assert window.banner.isVisible()
        banner = seen(window.banner)
        assert banner.role == QAccessible.Role.Notification and banner.name == "Emergency"
        assert banner.description.startswith("EMERGENCY")
        assert len(said) == 1
        message, urgent = said[0]
        assert message.startswith("EMERGENCY") and "This entry" in message
        assert urgent
        assert QApplication.focusWidget() is seizures  # the nurse keeps typing where she was
        # More typing in the same emergency: nothing new to say.
        qtbot.keyClicks(line(window, "recordedByInput"), "NB")
        assert len(said) == 1
        # A further emergency sign changes what the banner says: said again.
        qtbot.keyClicks(line(window, "temperatureInput"), "40.5")
        assert len(said) == 2
        press(qtbot, seizures, Qt.Key.Key_Delete)  # one sign less: nothing new to say
        assert len(said) == 2
        line(window, "temperatureInput").clear()
        assert not window.banner.isVisible()
        press(qtbot, seizures, Qt.Key.Key_3)
        assert len(said) == 3  # shown again: said again


def test_the_record_tables_have_headers_and_keep_tab_out(make_window: WindowFactory) -> None:
    window = make_window()
    for table in window.findChildren(QTableView):
        assert not table.tabKeyNavigation(), table.objectName()
        assert not table.horizontalHeader().isHidden(), table.objectName()
        assert table.accessibleName(), table.objectName()


def test_no_button_is_mouse_only(make_window: WindowFactory) -> None:
    window = make_window()
    for button in window.findChildren(QPushButton):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.text()
    for item in window.findChildren(SeverityControl):
        assert item.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert isinstance(item, QWidget)


def test_every_combo_box_is_named_by_its_label_and_valued_by_its_choice(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    combos = window.findChildren(QComboBox)
    got = {(s.name, s.value) for s in map(seen, combos) if s.role == QAccessible.Role.ComboBox}
    assert len(combos) == 3
    assert got == {
        ("MAS", "not assessed"),
        ("Checklist route (no plan)", window.patients.route_combo.currentText()),
        ("Plan followed by the log", window.patients.plan_combo.currentText()),
    }
    window.form.spasticity.setCurrentIndex(2)
    tone = seen(window.form.spasticity)
    assert (tone.name, tone.value) == ("MAS", window.form.spasticity.currentText()) and tone.value != "not assessed"


def test_the_timeline_is_a_chart_that_says_what_it_shows(make_window: WindowFactory) -> None:
    window = make_window()
    got = seen(window.timeline)
    assert got.role == QAccessible.Role.Chart
    assert got.name == "Timeline of checklist totals and vital signs"
    assert " entries from " in got.description
    record = iface(window.tabs)  # the tabs' frame: a group; its tab bar takes the focus
    assert record.role() == QAccessible.Role.Grouping and not record.state().focusable


def test_a_score_set_by_a_screen_reader_is_the_score_the_form_records(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    seizures = control(window, "seizures")
    value = iface(seizures).valueInterface()
    assert value is not None
    with announcements(monkeypatch) as said:
        value.setCurrentValue(2)  # as Orca's "set value" does, through AT-SPI's Value interface
    assert seizures.score() == 2
    assert [seizures.group.id(b) for b in seizures.group.buttons() if b.isChecked()] == [2]
    assert "Score: 2, " in iface(seizures).text(QAccessible.Text.Description)
    assert window.form.checklist_box.scores()["seizures"] == 2  # what a save records
    assert any("EMERGENCY" in message for message, _urgent in said)  # the banner heard it too
    value.setCurrentValue(-1)
    assert seizures.score() is None and not any(b.isChecked() for b in seizures.group.buttons())
    assert iface(seizures).text(QAccessible.Text.Value) == "not assessed"
