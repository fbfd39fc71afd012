"""Export and print dialogs: the printable PDF, the calendar file, the FHIR bundle and the print preview.

Export PDF and Print ask the same question first: for which reader (the patient's packet, the
prescriber's summary, the pharmacy order, the nurse's packet, or everything), which paper, and
large print; the section boxes follow the reader and can be changed one by one.

The window calls the verbs at the bottom (:func:`export_pdf`, :func:`export_calendar`,
:func:`export_fhir`, :func:`print_plan`).  Every modal dialog is opened by one small function here (``ask_*``,
``show_*``, :func:`run_preview`, :func:`open_file`) so that tests replace it and never block.
Building the PDF takes up to about a second for a long plan, so it runs on a worker thread while
the window keeps painting (:func:`run_in_background`); only the GUI thread touches widgets.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QRectF, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common.settings import PAPER, Settings
from baclotaper.exports import fhir as fhir_export
from baclotaper.exports import pdf as pdf_export
from baclotaper.exports.ics import export_ics
from baclotaper.exports.print_options import PACKETS
from baclotaper.taper.plan import TaperPlan

T = TypeVar("T")

SECTION_LABELS: dict[str, str] = {
    "prescriber": "Prescriber summary (steps, warnings, chart, signature)",
    "patient": "Patient schedule, whom to call, and calendar",
    "diary": "Patient diary for the days after each change",
    "emergency": "Wallet card to cut out",
    "pharmacy": "Pharmacy order",
    "checklist": "Nurse's symptom checklist forms",
}
READER_LABELS: dict[str, str] = {
    "patient": "&Patient (schedule, calendar, diary, wallet card)",
    "prescriber": "P&rescriber (summary to review and sign)",
    "pharmacy": "P&harmacy (quantities to dispense)",
    "nurse": "&Nurse (symptom checklist forms)",
    "all": "&Everything (every packet)",
}
PAGE_SIZE_IDS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
# Pages are printed as images: sharp enough for 8 pt text, and bounded so that a 50-page plan
# renders in a few seconds and within memory.
PRINT_DPI_MAX = 200


@dataclass(frozen=True)
class PdfOptions:
    sections: tuple[str, ...]
    paper: str
    large_print: bool
    reader: str | None = None  # the packet the sections make up, if they are one


class PdfOptionsDialog(QDialog):
    """For which reader (and so which sections), which paper, normal or large print."""

    def __init__(self, parent: QWidget | None, paper: str, title: str = "Export PDF") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        readers = QGroupBox("For")
        readers_layout = QVBoxLayout(readers)
        self.reader_buttons: dict[str, QRadioButton] = {}
        for key, label in READER_LABELS.items():
            button = QRadioButton(label)
            button.setObjectName(f"reader_{key}")
            button.toggled.connect(partial(self._reader_toggled, key))
            readers_layout.addWidget(button)
            self.reader_buttons[key] = button
        group = QGroupBox("Sections")
        group_layout = QVBoxLayout(group)
        self.section_boxes: dict[str, QCheckBox] = {}
        for key in pdf_export.SECTIONS:
            box = QCheckBox(SECTION_LABELS[key])
            box.setObjectName(f"section_{key}")
            box.setChecked(True)
            box.toggled.connect(self._update_ok)
            group_layout.addWidget(box)
            self.section_boxes[key] = box
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        self.paper.addItems(list(pdf_export.PAPER_SIZES))
        self.paper.setCurrentText(paper if paper in pdf_export.PAPER_SIZES else "A4")
        self.large_print = QCheckBox("Large print")
        self.large_print.setObjectName("large_print")
        form = QFormLayout()
        form.addRow("Paper size:", self.paper)
        form.addRow("", self.large_print)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(readers)
        layout.addWidget(group)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reader_buttons["all"].setChecked(True)

    def _reader_toggled(self, reader: str, on: bool) -> None:
        if on:
            self._choose_reader(reader)

    def _choose_reader(self, reader: str) -> None:
        chosen = set(PACKETS[reader])
        for key, box in self.section_boxes.items():
            box.setChecked(key in chosen)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        sections = self.options().sections
        ok.setEnabled(bool(sections))
        # A section changed by hand: the reader shown is the packet the boxes now make, if any.
        for key, button in self.reader_buttons.items():
            if set(PACKETS[key]) == set(sections) and not button.isChecked():
                button.blockSignals(True)
                button.setChecked(True)
                button.blockSignals(False)

    def options(self) -> PdfOptions:
        sections = tuple(key for key, box in self.section_boxes.items() if box.isChecked())
        reader = next((key for key, packet in PACKETS.items() if set(packet) == set(sections)), None)
        return PdfOptions(
            sections=sections,
            paper=self.paper.currentText(),
            large_print=self.large_print.isChecked(),
            reader=reader,
        )


class CalendarOptionsDialog(QDialog):
    """Only the dose changes, or daily reminders too."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export calendar")
        explain = QLabel(
            "An all-day event on each day the dose changes, for Outlook, Google, Apple or "
            "Thunderbird calendars. Importing an edited plan again updates the same events."
        )
        explain.setWordWrap(True)
        self.reminders = QCheckBox("Also remind me every day to take the doses (alarm at 08:00)")
        self.reminders.setObjectName("reminders")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.reminders)
        layout.addWidget(buttons)


# ----- every modal dialog goes through one of these (tests replace them)


def ask_pdf_options(parent: QWidget, paper: str, title: str = "Export PDF") -> PdfOptions | None:
    dialog = PdfOptionsDialog(parent, paper, title)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_calendar_reminders(parent: QWidget) -> bool | None:
    """True or False for daily reminders; None when the user cancels."""
    dialog = CalendarOptionsDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reminders.isChecked()


def ask_save_path(parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(name) if name else None


def ask_open_now(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
        QMessageBox.StandardButton.Open,
    )
    return answer == QMessageBox.StandardButton.Open


def show_error(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def run_preview(dialog: QPrintPreviewDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# ----- work off the GUI thread


def run_in_background(work: Callable[[], T]) -> T:
    """Run ``work`` on a worker thread and return its result (or raise its error).

    The window keeps painting meanwhile (a local event loop that leaves user input queued runs until
    the work is done, under a busy cursor).  ``work`` must not touch widgets.
    """
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # handed to the GUI thread below
            failure.append(exc)

    thread = threading.Thread(target=target, name="baclotaper-export", daemon=True)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(15)
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        thread.start()
        timer.start()
        if thread.is_alive():
            # Paint, but take no clicks or keys: a second export must not start meanwhile.
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        thread.join()
    finally:
        timer.stop()
        QGuiApplication.restoreOverrideCursor()
    if failure:
        raise failure[0]
    return result[0]


# ----- helpers


def _paper(paper: str | None, settings: Settings | None) -> str:
    if paper is not None:
        return paper
    return settings.paper if settings is not None else "A4"


def _suggested(plan: TaperPlan, suffix: str) -> Path:
    return Path.home() / f"baclofen-plan-{plan.steps[0].start.isoformat()}{suffix}"


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _pdf_job(plan: TaperPlan, path: Path, options: PdfOptions) -> Callable[[], int]:
    """Writing the PDF the options ask for, as work for :func:`run_in_background`."""
    return partial(
        pdf_export.export_pdf,
        plan=plan,
        path=path,
        sections=options.sections,
        reader=options.reader,
        paper=options.paper,
        large_print=options.large_print,
        generated=date.today(),
    )


# ----- the verbs the window calls


def export_pdf(
    *,
    parent: QWidget,
    plan: TaperPlan,
    paper: str | None = None,
    settings: Settings | None = None,
) -> Path | None:
    """Ask for the sections, paper and file, write the PDF, offer to open it; the path or None."""
    options = ask_pdf_options(parent, _paper(paper, settings))
    if options is None:
        return None
    chosen = ask_save_path(parent, "Export PDF", _suggested(plan, ".pdf"), "PDF files (*.pdf)")
    if chosen is None:
        return None
    path = _with_suffix(chosen, ".pdf")
    build = _pdf_job(plan, path, options)
    try:
        pages = run_in_background(build)
    except OSError as exc:
        show_error(parent, "Export PDF", f"{path} could not be written: {exc.strerror or exc}")
        return None
    if settings is not None and settings.paper != options.paper:
        settings.set(PAPER, options.paper)
    if ask_open_now(parent, "Export PDF", f"Wrote {path.name} ({pages} pages). Open it now?"):
        open_file(path)
    return path


def export_calendar(*, parent: QWidget, plan: TaperPlan, settings: Settings | None = None) -> Path | None:
    """Ask about reminders and the file, write the calendar, offer to open it; the path or None."""
    reminders = ask_calendar_reminders(parent)
    if reminders is None:
        return None
    chosen = ask_save_path(parent, "Export calendar", _suggested(plan, ".ics"), "Calendar files (*.ics)")
    if chosen is None:
        return None
    path = _with_suffix(chosen, ".ics")
    try:
        events = export_ics(plan=plan, path=path, reminders=reminders, generated=date.today())
    except OSError as exc:
        show_error(parent, "Export calendar", f"{path} could not be written: {exc.strerror or exc}")
        return None
    text = f"Wrote {path.name} ({events} events). Open it in your calendar program now?"
    if ask_open_now(parent, "Export calendar", text):
        open_file(path)
    return path


def export_fhir(*, parent: QWidget, plan: TaperPlan, settings: Settings | None = None) -> Path | None:
    """Ask for the file, write the plan for the health record (a FHIR R4 bundle); the path or None."""
    title = "Export for the health record (FHIR)"
    chosen = ask_save_path(parent, title, _suggested(plan, ".fhir.json"), "FHIR bundles (*.json)")
    if chosen is None:
        return None
    path = _with_suffix(chosen, ".json")
    try:
        steps = fhir_export.export_fhir(plan=plan, path=path, generated=date.today())
    except OSError as exc:
        show_error(parent, title, f"{path} could not be written: {exc.strerror or exc}")
        return None
    text = f"Wrote {path.name}: the {steps} steps as draft medication requests, for the prescriber to review."
    show_info(parent, title, text)
    return path


def make_printer(paper: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_SIZE_IDS.get(paper, QPageSize.PageSizeId.A4)))
    # The PDF pages carry their own margins: print each one edge to edge.
    printer.setFullPage(True)
    printer.setDocName("Baclofen taper plan")
    return printer


def paint_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of ``document`` onto ``printer`` as an image; return the pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = min(printer.resolution(), PRINT_DPI_MAX)
    drawn = 0
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            image = document.render(index, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            scale = min(target.width() / image.width(), target.height() / image.height())
            fitted = QRectF(target.x(), target.y(), image.width() * scale, image.height() * scale)
            painter.drawImage(fitted, image)
            drawn += 1
    finally:
        painter.end()
    return drawn


def print_plan(
    *,
    parent: QWidget,
    plan: TaperPlan,
    paper: str | None = None,
    settings: Settings | None = None,
) -> bool:
    """Ask for which reader, build that packet, show it in a print preview and print from there;
    True if printed."""
    options = ask_pdf_options(parent, _paper(paper, settings), "Print")
    if options is None:
        return False
    size = options.paper
    with tempfile.TemporaryDirectory(prefix="baclotaper-print-") as folder:
        path = Path(folder) / "plan.pdf"
        try:
            run_in_background(_pdf_job(plan, path, options))
        except OSError as exc:
            show_error(parent, "Print", f"The pages could not be prepared: {exc.strerror or exc}")
            return False
        document = QPdfDocument(parent)
        try:
            if document.load(str(path)) != QPdfDocument.Error.None_:
                show_error(parent, "Print", "The pages could not be prepared for printing.")
                return False
            printer = make_printer(size)
            dialog = QPrintPreviewDialog(printer, parent)
            dialog.setWindowTitle("Print baclofen taper plan")
            dialog.paintRequested.connect(partial(paint_pages, document))
            try:
                return run_preview(dialog)
            finally:
                dialog.deleteLater()
        finally:
            document.close()
            document.deleteLater()
