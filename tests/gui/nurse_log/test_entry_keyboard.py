"""A nurse fills an entry with the keyboard; emergencies put up the banner; typos are refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.colours import ONSET_BACKGROUND
from baclotaper.gui.nurse_log.draft import range_text
from baclotaper.gui.nurse_log.emergency_banner import EmergencyBanner
from baclotaper.gui.nurse_log.entries_model import Column
from baclotaper.nurse_log.advice import advise, rules
from baclotaper.nurse_log.checklist import vital_signs
from baclotaper.nurse_log.store import Store
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import Route
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, aware, choose_row, click, control, line, press, with_patient


def banner(window: QWidget) -> EmergencyBanner:
    found = window.findChild(EmergencyBanner, "emergencyBanner")
    assert found is not None
    return found


def test_a_nurse_records_an_emergency_with_the_keyboard(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    assert not banner(window).isVisible()

    qtbot.keyClicks(line(window, "temperatureInput"), "38.9")
    qtbot.keyClicks(line(window, "heartRateInput"), "96")
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    press(qtbot, control(window, "tremor"), Qt.Key.Key_2)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")

    expected = advise(scores={"insomnia": 1, "tremor": 2}, vitals={"temperature": 38.9}, route="oral")
    assert expected.is_emergency
    assert banner(window).isVisible()
    assert banner(window).text.text() == expected.banner
    assert "EMERGENCY" in expected.banner
    total = window.findChild(QLabel, "checklistTotal")
    assert total is not None
    assert "<b>3</b>" in total.text() and "NOT a validated scale" in total.text()

    press(qtbot, window.form.save_button, Qt.Key.Key_Space)

    (entry,) = read_store.entries(1)
    assert entry.tier == "emergency"
    assert dict(entry.scores) == {"insomnia": 1, "tremor": 2}
    assert dict(entry.vitals) == {"temperature": 38.9, "heart_rate": 96}
    assert entry.recorded_by == "NB"
    # Step 2 of revision 1, two days after its cut: inside the onset window.
    assert (entry.plan_id, entry.revision, entry.step_index, entry.days_since_cut) == (1, 1, 1, 2)
    # The form is ready for the next entry; the emergency stays up for the saved one.
    assert line(window, "temperatureInput").text() == ""
    assert line(window, "recordedByInput").text() == "NB"
    assert banner(window).isVisible()
    assert f"#{entry.id}" in banner(window).details.text()
    # The total beside that advice is the saved entry's, not the blank form's.
    assert "<b>3</b> (2 of" in total.text()
    model = window.entries.model
    assert model.rowCount() == 1
    assert model.index(0, Column.AFTER_CUT).data() == "day 2"
    assert model.index(0, Column.TIER).data() == "EMERGENCY"
    assert model.index(0, Column.ID).data(Qt.ItemDataRole.BackgroundRole).color().name() == ONSET_BACKGROUND


def test_a_newer_calm_entry_takes_the_banner_down(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "temperatureInput"), "39.2")
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    assert banner(window).isVisible()
    # Escape does nothing to it: it cannot be dismissed while the entry shows an emergency.
    press(qtbot, banner(window), Qt.Key.Key_Escape)
    assert banner(window).isVisible()

    qtbot.keyClicks(line(window, "temperatureInput"), "36.8")
    click(qtbot, window.form.save_button)
    assert not banner(window).isVisible()


def test_an_intrathecal_patient_gets_the_stronger_banner(
    qtbot: QtBot, make_window: WindowFactory, intrathecal_plan: TaperPlan
) -> None:
    window = make_window(intrathecal_plan)
    with_patient(qtbot, window)
    assert window.session.route is Route.INTRATHECAL
    # The intrathecal checklist has the pump's own items.
    press(qtbot, control(window, "pump_two_tone_alarm"), Qt.Key.Key_1)
    alarm = advise(scores={"pump_two_tone_alarm": 1}, vitals={}, route="intrathecal").banner
    assert banner(window).isVisible()
    assert banner(window).text.text() == alarm
    assert "pump team" in alarm
    # With a fever the same entry is the intrathecal withdrawal emergency.
    qtbot.keyClicks(line(window, "temperatureInput"), "38.9")
    oral = advise(scores={}, vitals={"temperature": 38.9}, route="oral").banner
    pump = advise(scores={"pump_two_tone_alarm": 1}, vitals={"temperature": 38.9}, route="intrathecal").banner
    assert banner(window).text.text() == pump != oral
    assert "intrathecal" in pump


def test_without_a_plan_the_nurse_can_choose_the_intrathecal_checklist(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    assert window.findChild(QWidget, "score_pump_two_tone_alarm") is None
    combo = window.patients.route_combo
    combo.setCurrentIndex(combo.findData(Route.INTRATHECAL.value))
    combo.activated.emit(combo.currentIndex())
    qtbot.keyClicks(line(window, "temperatureInput"), "38.9")
    assert control(window, "pump_two_tone_alarm") is not None
    assert banner(window).text.text() == advise(scores={}, vitals={"temperature": 38.9}, route="intrathecal").banner


def test_a_385_degree_typo_is_refused_and_nothing_is_lost(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    press(qtbot, control(window, "anxiety"), Qt.Key.Key_2)
    qtbot.keyClicks(window.form.notes, "restless overnight")
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    temperature = line(window, "temperatureInput")
    qtbot.keyClicks(temperature, "385")
    press(qtbot, temperature, Qt.Key.Key_Return)  # leaving the field shows the message

    message = window.findChild(QLabel, "temperatureInputError")
    assert message is not None and message.isVisible()
    sign = next(v for v in vital_signs() if v.id == "temperature")
    assert message.text().startswith(sign.label)
    assert range_text(sign) in message.text()
    assert "385" in message.text()

    click(qtbot, window.form.save_button)
    assert read_store.entries(1) == []
    assert temperature.text() == "385"
    assert control(window, "anxiety").score() == 2
    assert window.form.notes.toPlainText() == "restless overnight"
    assert "Not saved" in window.form.status.text()
    assert "Temperature" in window.advice.reasons.text()  # the advice says the value was not used

    temperature.clear()
    qtbot.keyClicks(temperature, "38.5")
    assert not message.isVisible()
    click(qtbot, window.form.save_button)
    (entry,) = read_store.entries(1)
    assert entry.vitals["temperature"] == 38.5
    assert entry.notes == "restless overnight"


def test_recorded_by_is_required(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store, prompts: FakePrompts
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    press(qtbot, control(window, "nausea"), Qt.Key.Key_1)
    click(qtbot, window.form.save_button)
    assert window.form.recorded_by_error.isVisible()
    assert read_store.entries(1) == []
    assert control(window, "nausea").score() == 1
    assert not prompts.errors


def test_a_blank_entry_is_not_saved(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    assert read_store.entries(1) == []
    assert "Nothing to save" in window.form.status.text()


def test_severity_controls_take_digits_arrows_and_delete(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    item = control(window, "confusion")
    assert item.score() is None
    press(qtbot, item, Qt.Key.Key_3)
    assert item.score() == 3
    press(qtbot, item, Qt.Key.Key_4)  # not on the scale: ignored
    assert item.score() == 3
    press(qtbot, item, Qt.Key.Key_Left)
    assert item.score() == 2
    press(qtbot, item, Qt.Key.Key_Delete)
    assert item.score() is None
    press(qtbot, item, Qt.Key.Key_Right)
    assert item.score() == 0
    button = item.group.button(0)
    click(qtbot, button)  # a second click on the chosen score clears it
    assert item.score() is None
    assert item.accessibleName() == "Confusion (altered mental status)"


def test_tab_goes_down_the_form_from_top_to_bottom(make_window: WindowFactory) -> None:
    window = make_window()
    form = window.form
    order: list[QWidget] = []
    widget: QWidget | None = form.observed
    for _ in range(5000):  # every widget of the window is in the chain, focusable or not
        assert widget is not None
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and form.isAncestorOf(widget):
            order.append(widget)
        if widget is form.save_button:
            break
        widget = widget.nextInFocusChain()
    controls = list(form.checklist_box.controls.values())
    assert order[0] is form.observed
    assert order[-1] is form.save_button
    assert [w for w in order if w in controls] == controls
    content = [w for w in order if form.content.isAncestorOf(w)]
    heights = [w.mapTo(form.content, w.rect().topLeft()).y() for w in content]
    assert heights == sorted(heights)
    assert order.index(form.notes) < order.index(form.recorded_by) < order.index(form.save_button)


def test_an_entry_saved_as_an_emergency_keeps_its_banner(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path
) -> None:
    with Store.open(db_path) as store:
        patient = store.add_patient(name="R.S.")
        # Recorded as an emergency (say, under an older rule): never played down afterwards.
        store.add_entry(
            patient_id=patient.id,
            observed_at=aware(date.today(), hour=0),
            recorded_by="NB",
            scores={},
            tier="emergency",
        )
    window = make_window()
    assert not banner(window).isVisible()
    choose_row(qtbot, window, 0)
    assert banner(window).isVisible()
    assert banner(window).text.text() == rules().banners["emergency_oral"]
    assert "Emergency entry #1" in banner(window).details.text()
