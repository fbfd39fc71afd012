"""Nothing in the log window moves under the nurse's hands."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QSplitter
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.emergency_banner import EmergencyBanner
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import click, control, line, press, with_patient


def test_the_emergency_banner_does_not_push_the_form(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    window.resize(1280, 720)
    with_patient(qtbot, window)
    QApplication.processEvents()
    tremor = control(window, "tremor")
    before = tremor.mapTo(window, QPoint(0, 0))
    qtbot.keyClicks(line(window, "temperatureInput"), "38.9")
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    press(qtbot, tremor, Qt.Key.Key_2)
    banner = window.findChild(EmergencyBanner, "emergencyBanner")
    assert banner is not None and banner.isVisible()
    QApplication.processEvents()
    assert tremor.mapTo(window, QPoint(0, 0)) == before


def test_saving_without_initials_keeps_the_columns_and_the_banner_in_view(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan
) -> None:
    window = make_window(oral_plan)
    window.resize(1280, 720)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "temperatureInput"), "38.9")
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    QApplication.processEvents()
    columns = window.findChild(QSplitter, "logColumns")
    assert columns is not None
    sizes = columns.sizes()
    click(qtbot, window.form.save_button)
    QApplication.processEvents()
    assert window.form.recorded_by_error.isVisible()
    assert columns.sizes() == sizes
    banner = window.findChild(EmergencyBanner, "emergencyBanner")
    assert banner is not None and banner.isVisible()
    right_edge = banner.mapTo(window, QPoint(banner.width(), 0)).x()
    assert right_edge <= window.width()
    assert window.form.status.text().startswith("Not saved") or window.form.recorded_by_error.text()
