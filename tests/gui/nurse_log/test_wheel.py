"""Scrolling the entry form with the wheel never changes a field the pointer passes over."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDateTimeEdit
from pytestqt.qtbot import QtBot

from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import line, with_patient
from tests.gui.planner.test_window_wheel import wheel_down


def test_the_wheel_over_the_time_or_the_tone_score_scrolls_the_form(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    observed = window.findChild(QDateTimeEdit, "observedInput")
    tone = window.findChild(QComboBox, "spasticityInput")
    assert observed is not None and tone is not None
    tone.setCurrentIndex(2)
    before = (observed.dateTime(), tone.currentIndex())
    line(window, "temperatureInput").setFocus()
    for widget in (observed, tone):
        wheel_down(widget)
    assert (observed.dateTime(), tone.currentIndex()) == before
