"""Whom the patient calls is typed in the window's "Patient and prescriber" section and printed on
every page of the patient's packet (and kept in the plan file)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from baclotaper.exports.pdf import export_pdf
from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.taper import planfile
from tests.gui.conftest import fill_in, find


def test_contacts_typed_in_the_window_reach_every_patient_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    fill_in(qtbot, window)
    section = window.form.patient
    for key, text in (("prescriber", "Dr Ana Mueller"), ("contact", "+44 20 7946 0000")):
        editor = section.findChild(QLineEdit, f"detail_{key}")
        assert editor is not None, key
        qtbot.keyClicks(editor, text)  # QTest types ASCII only
    assert find(window, QLineEdit, "detail_pump_team_phone").parent() is not None  # the pump team's too
    plan = window.document.plan
    assert plan is not None
    assert (plan.regimen.extra["prescriber"], plan.regimen.extra["contact"]) == ("Dr Ana Mueller", "+44 20 7946 0000")
    path = tmp_path / "patient.pdf"
    export_pdf(plan=plan, path=path, reader="patient")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]
    assert all("Questions: Dr Ana Mueller: +44 20 7946 0000 · Emergency: 911" in text for text in pages)
    saved = tmp_path / f"p{planfile.SUFFIX}"
    planfile.save(plan, saved)
    assert planfile.load(saved).regimen.extra["contact"] == "+44 20 7946 0000"
