"""The export and print dialogs, with every modal dialog answered by the test."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.common.settings import Settings
from baclotaper.exports.pdf import SECTIONS, export_pdf
from baclotaper.gui.planner import export_dialogs as dialogs
from baclotaper.gui.planner.export_dialogs import PdfOptions, PdfOptionsDialog
from baclotaper.taper.plan import TaperPlan
from tests.factories import plan as make_plan
from tests.gui.conftest import fill_in

MODAL = (
    "ask_pdf_options",
    "ask_calendar_reminders",
    "ask_save_path",
    "ask_open_now",
    "show_error",
    "show_info",
    "run_preview",
)


@pytest.fixture(autouse=True)
def no_real_export_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Every modal dialog fails loudly unless the test answers it; opening files is recorded."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a real modal dialog was opened in a test")

    for name in MODAL:
        monkeypatch.setattr(dialogs, name, refuse)
    opened: list[tuple[str, Any]] = []

    def open_file(path: Path) -> bool:
        opened.append(("open", path))
        return True

    monkeypatch.setattr(dialogs, "open_file", open_file)
    return opened


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def plan() -> TaperPlan:
    return make_plan(60, "tablets:5,10,15,20", extra={"patient_name": "Zoë"})


def answer(monkeypatch: pytest.MonkeyPatch, name: str, value: Any, asked: list[tuple[str, Any]]) -> None:
    def fake(*args: Any, **_kwargs: Any) -> Any:
        asked.append((name, args[1:]))
        return value

    monkeypatch.setattr(dialogs, name, fake)


def test_the_options_dialog_offers_a_packet_per_reader(qtbot: QtBot) -> None:
    dialog = PdfOptionsDialog(None, "Letter")
    qtbot.addWidget(dialog)
    assert dialog.options() == PdfOptions(SECTIONS, "Letter", False, "all")
    dialog.reader_buttons["patient"].click()
    assert dialog.options() == PdfOptions(("patient", "emergency", "diary"), "Letter", False, "patient")
    assert not dialog.section_boxes["checklist"].isChecked()
    dialog.reader_buttons["nurse"].click()
    assert dialog.options().sections == ("checklist",) and dialog.options().reader == "nurse"
    dialog.reader_buttons["all"].click()
    dialog.section_boxes["pharmacy"].click()  # a section by hand: no packet any more
    dialog.large_print.click()
    dialog.paper.setCurrentText("A4")
    assert dialog.options() == PdfOptions(("prescriber", "patient", "emergency", "diary", "checklist"), "A4", True)
    dialog.section_boxes["pharmacy"].click()
    assert dialog.options().reader == "all"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for box in dialog.section_boxes.values():
        box.setChecked(False)
    assert not ok.isEnabled()
    dialog.section_boxes["emergency"].click()
    assert ok.isEnabled()


def test_export_pdf_writes_the_chosen_sections_and_offers_to_open(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    plan: TaperPlan,
    tmp_path: Path,
    no_real_export_dialogs: list[tuple[str, Any]],
) -> None:
    asked: list[tuple[str, Any]] = []
    settings = Settings(tmp_path / "settings.json")
    answer(monkeypatch, "ask_pdf_options", PdfOptions(("emergency", "pharmacy"), "Letter", True), asked)
    answer(monkeypatch, "ask_save_path", tmp_path / "card", asked)
    answer(monkeypatch, "ask_open_now", True, asked)
    path = dialogs.export_pdf(parent=parent, plan=plan, settings=settings)
    assert path == tmp_path / "card.pdf"
    reader = PdfReader(path)
    # The card across a Letter page, then the pharmacy order on Letter.
    pages = len(reader.pages)
    assert pages == export_pdf(
        plan=plan, path=tmp_path / "direct.pdf", sections=("emergency", "pharmacy"), paper="Letter", large_print=True
    )
    assert round(float(reader.pages[0].mediabox.width)) == round(float(reader.pages[-1].mediabox.height)) == 792
    assert asked[0] == ("ask_pdf_options", ("A4",))
    assert asked[-1] == ("ask_open_now", ("Export PDF", f"Wrote card.pdf ({pages} pages). Open it now?"))
    assert no_real_export_dialogs == [("open", path)]
    assert settings.paper == "Letter"  # the paper chosen is remembered


def test_cancelling_writes_nothing(monkeypatch: pytest.MonkeyPatch, parent: QWidget, plan: TaperPlan) -> None:
    asked: list[tuple[str, Any]] = []
    answer(monkeypatch, "ask_pdf_options", None, asked)
    assert dialogs.export_pdf(parent=parent, plan=plan, paper="A4") is None
    answer(monkeypatch, "ask_pdf_options", PdfOptions(("patient",), "A4", False), asked)
    answer(monkeypatch, "ask_save_path", None, asked)
    assert dialogs.export_pdf(parent=parent, plan=plan, paper="A4") is None
    answer(monkeypatch, "ask_calendar_reminders", None, asked)
    assert dialogs.export_calendar(parent=parent, plan=plan) is None
    assert [name for name, _ in asked] == [
        "ask_pdf_options",
        "ask_pdf_options",
        "ask_save_path",
        "ask_calendar_reminders",
    ]


def test_a_file_that_cannot_be_written_is_reported(
    monkeypatch: pytest.MonkeyPatch, parent: QWidget, plan: TaperPlan, tmp_path: Path
) -> None:
    asked: list[tuple[str, Any]] = []
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    answer(monkeypatch, "ask_pdf_options", PdfOptions(("emergency",), "A4", False), asked)
    answer(monkeypatch, "ask_save_path", blocker / "plan.pdf", asked)
    answer(monkeypatch, "show_error", None, asked)
    assert dialogs.export_pdf(parent=parent, plan=plan, paper="A4") is None
    name, (title, text) = asked[-1]
    assert (name, title) == ("show_error", "Export PDF") and "could not be written" in text


def test_export_calendar(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    plan: TaperPlan,
    tmp_path: Path,
    no_real_export_dialogs: list[tuple[str, Any]],
) -> None:
    asked: list[tuple[str, Any]] = []
    answer(monkeypatch, "ask_calendar_reminders", True, asked)
    answer(monkeypatch, "ask_save_path", tmp_path / "taper.ics", asked)
    answer(monkeypatch, "ask_open_now", False, asked)
    path = dialogs.export_calendar(parent=parent, plan=plan)
    assert path == tmp_path / "taper.ics" and path.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert asked[-1][1][1] == "Wrote taper.ics (23 events). Open it in your calendar program now?"
    assert no_real_export_dialogs == []


def test_export_fhir_for_the_health_record(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    plan: TaperPlan,
    tmp_path: Path,
    no_real_export_dialogs: list[tuple[str, Any]],
) -> None:
    asked: list[tuple[str, Any]] = []
    answer(monkeypatch, "ask_save_path", tmp_path / "taper", asked)
    answer(monkeypatch, "show_info", None, asked)
    path = dialogs.export_fhir(parent=parent, plan=plan)
    assert path == tmp_path / "taper.json"
    bundle = json.loads(path.read_text(encoding="utf-8"))
    requests = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "MedicationRequest"]
    assert len(requests) == len(plan.steps) and requests[0]["status"] == "draft"
    assert asked[0][1][1].name.endswith(".fhir.json")  # the suggested name
    assert asked[-1] == (
        "show_info",
        (
            "Export for the health record (FHIR)",
            f"Wrote taper.json: the {len(plan.steps)} steps as draft medication requests, "
            "for the prescriber to review.",
        ),
    )
    assert no_real_export_dialogs == []


def test_export_fhir_cancelled_or_unwritable(
    monkeypatch: pytest.MonkeyPatch, parent: QWidget, plan: TaperPlan, tmp_path: Path
) -> None:
    asked: list[tuple[str, Any]] = []
    answer(monkeypatch, "ask_save_path", None, asked)
    assert dialogs.export_fhir(parent=parent, plan=plan) is None
    blocker = tmp_path / "file"
    blocker.write_text("x")
    answer(monkeypatch, "ask_save_path", blocker / "taper.json", asked)
    answer(monkeypatch, "show_error", None, asked)
    assert dialogs.export_fhir(parent=parent, plan=plan) is None
    name, (title, text) = asked[-1]
    assert (name, title) == ("show_error", "Export for the health record (FHIR)") and "could not be written" in text


def _pdf_printer(target: Path) -> Callable[[str], QPrinter]:
    def make(paper: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPageSize(QPageSize(dialogs.PAGE_SIZE_IDS[paper]))
        printer.setFullPage(True)
        return printer

    return make


def test_print_preview_paints_every_page_of_the_chosen_packet(
    monkeypatch: pytest.MonkeyPatch, parent: QWidget, plan: TaperPlan, tmp_path: Path
) -> None:
    printed = tmp_path / "printed.pdf"
    asked: list[tuple[str, Any]] = []
    answer(monkeypatch, "ask_pdf_options", PdfOptions(("prescriber",), "Letter", False, "prescriber"), asked)
    monkeypatch.setattr(dialogs, "make_printer", _pdf_printer(printed))
    previews: list[QPrintPreviewDialog] = []

    def preview(dialog: QPrintPreviewDialog) -> bool:
        previews.append(dialog)
        dialog.paintRequested.emit(dialog.printer())  # what the preview and the Print button do
        return True

    monkeypatch.setattr(dialogs, "run_preview", preview)
    assert dialogs.print_plan(parent=parent, plan=plan, paper="Letter") is True
    assert asked == [("ask_pdf_options", ("Letter", "Print"))]  # Print asks for which reader first
    reader = PdfReader(printed)
    assert len(previews) == 1
    pages = export_pdf(plan=plan, path=tmp_path / "direct.pdf", reader="prescriber", paper="Letter")
    assert len(reader.pages) == pages == 3  # every page of the prescriber's summary, no more
    assert round(float(reader.pages[0].mediabox.height)) == 792


def test_closing_the_preview_prints_nothing(monkeypatch: pytest.MonkeyPatch, parent: QWidget, plan: TaperPlan) -> None:
    asked: list[tuple[str, Any]] = []
    answer(monkeypatch, "ask_pdf_options", None, asked)
    assert dialogs.print_plan(parent=parent, plan=plan, settings=None) is False  # cancelled the question
    answer(monkeypatch, "ask_pdf_options", PdfOptions(("emergency",), "A4", False), asked)
    monkeypatch.setattr(dialogs, "run_preview", lambda dialog: False)
    assert dialogs.print_plan(parent=parent, plan=plan, settings=None) is False


def test_background_work_returns_its_result_or_raises(qtbot: QtBot) -> None:
    assert dialogs.run_in_background(lambda: 6 * 7) == 42

    def fail() -> int:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        dialogs.run_in_background(fail)


def test_the_window_menu_reaches_the_export_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, window: Any, tmp_path: Path
) -> None:
    fill_in(qtbot, window)
    asked: list[tuple[str, Any]] = []
    answer(monkeypatch, "ask_pdf_options", PdfOptions(("patient",), "A4", False), asked)
    answer(monkeypatch, "ask_save_path", tmp_path / "from-window.pdf", asked)
    answer(monkeypatch, "ask_open_now", False, asked)
    window.window_actions.export_pdf.trigger()
    assert (tmp_path / "from-window.pdf").read_bytes().startswith(b"%PDF-")
    assert asked[0] == ("ask_pdf_options", (window.settings.paper,))
