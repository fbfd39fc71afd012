"""The two small dialogs, filled in without being run."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.dialogs import NewPatient, NewPatientDialog, SignOff, SignOffDialog


def test_new_patient_needs_a_name_and_takes_an_optional_birth_date(qtbot: QtBot) -> None:
    dialog = NewPatientDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name, " O.P. ")
    qtbot.keyClicks(dialog.identifier, "MRN-4")
    assert ok.isEnabled()
    assert dialog.value() == NewPatient("O.P.", "MRN-4", None)
    dialog.birth.setDate(QDate(1949, 12, 31))
    assert dialog.value().date_of_birth == date(1949, 12, 31)


def test_sign_off_needs_initials_and_a_reason(qtbot: QtBot) -> None:
    dialog = SignOffDialog("Hold", "Hold the step?", initials="", reason="agitation")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.initials, "NB")
    assert ok.isEnabled()
    dialog.reason.clear()
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "hallucinations")
    assert dialog.value() == SignOff("NB", "hallucinations")
