"""The log window's title, the patient list's emergencies and a hold's real first day."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.patients_model import EMERGENCY_MARK
from baclotaper.gui.palette import DANGER
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, click, control, line, press, with_patient


def test_the_title_names_the_app_once_at_its_end(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    assert window.windowTitle() == "Nurse's log — A.B. — BacloTaper"
    assert window.windowTitle().count("BacloTaper") == 1


def test_the_patient_list_shows_an_open_emergency(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    model = window.patients.model
    assert not model.data(model.index(0), Qt.ItemDataRole.DisplayRole).startswith(EMERGENCY_MARK)
    qtbot.keyClicks(line(window, "temperatureInput"), "38.9")
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    press(qtbot, control(window, "tremor"), Qt.Key.Key_2)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    text = model.data(model.index(0), Qt.ItemDataRole.DisplayRole)
    assert text.startswith(EMERGENCY_MARK) and "A.B." in text
    assert model.data(model.index(0), Qt.ItemDataRole.ForegroundRole).color().name() == DANGER


def test_the_hold_question_gives_the_day_the_hold_begins(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, prompts: FakePrompts
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "visual_hallucinations"), Qt.Key.Key_1)
    button = window.findChild(QPushButton, "proposal_hold")
    assert button is not None
    click(qtbot, button)
    _attach, (_title, question, _reason) = prompts.sign_offs
    today = date.today()
    current = next(i for i, s in enumerate(oral_plan.steps) if s.covers(today))
    next_cut = oral_plan.steps[current + 1].start
    assert f"from {next_cut.isoformat()}." in question
    assert f"from {today.isoformat()}." not in question


def test_vital_signs_follow_the_decimal_mark(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: object
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "systolicInput"), "120,80")  # a blood pressure typed in one field
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    error = window.findChild(QLabel, "systolicInputError")
    assert error is not None
    assert error.text().startswith("Systolic blood pressure: '120,80' is not a number with '.' for decimals")
    assert window.form.status.text().startswith("Not saved")


def test_a_french_nurse_types_a_decimal_comma(qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan) -> None:
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    try:
        window = make_window(oral_plan)
        with_patient(qtbot, window)
        qtbot.keyClicks(line(window, "temperatureInput"), "38,9")
        assert window.form.draft().vitals.get("temperature") == 38.9
    finally:
        QLocale.setDefault(old)
