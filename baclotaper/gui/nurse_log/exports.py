"""Exports of the patient's log for the chosen days: CSV, and the PDF observation chart.

The window asks where; the file is written by a job on the store's thread (``run``), which reads
the log there, and the message comes when it is done.

The PDF exporter lives in another module (``baclotaper.exports.log_pdf``, which returns the page
count), imported only when asked for, so the window opens fast and says so if it is missing.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar, cast

from baclotaper.common.settings import Settings
from baclotaper.gui.nurse_log.prompts import CSV_FILTER, PDF_FILTER, Prompts
from baclotaper.nurse_log.store import Patient, Store
from baclotaper.nurse_log.store.export_csv import export_log_csv

PDF_MODULE = "baclotaper.exports.log_pdf"
PdfExporter = Callable[..., int]
T = TypeVar("T")


class Runner(Protocol):
    """Runs ``job(store)`` on the store's thread, then ``done(result)`` on the GUI thread."""

    def __call__(self, job: Callable[[Store], T], done: Callable[[T], None]) -> None: ...


class LogExporter(Protocol):
    def __call__(
        self, *, prompts: Prompts, run: Runner, patient: Patient, since: date | None, until: date, described: str
    ) -> None: ...


def _file_name(patient: Patient, since: date | None, until: date, suffix: str) -> str:
    who = re.sub(r"[^\w.-]+", "-", patient.identifier or patient.name).strip("-") or "patient"
    return f"{who}-log-{since.isoformat() if since else 'start'}-to-{until.isoformat()}{suffix}"


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def pdf_exporter() -> PdfExporter | None:
    try:
        module = importlib.import_module(PDF_MODULE)
    except ModuleNotFoundError as error:
        if error.name in (PDF_MODULE, None):
            return None
        raise  # the module is there but something it needs is not: a real error
    found = getattr(module, "export_log_pdf", None)
    return cast(PdfExporter, found) if callable(found) else None


def export_csv(
    *, prompts: Prompts, run: Runner, patient: Patient, since: date | None, until: date, described: str
) -> None:
    path = prompts.ask_export_path("Export log as CSV", _file_name(patient, since, until, ".csv"), CSV_FILTER)
    if path is None:
        return
    path = _with_suffix(path, ".csv")

    def job(store: Store) -> int:
        return export_log_csv(store=store, patient_id=patient.id, path=path, since=since, until=until)

    run(job, lambda count: prompts.show_info("Log exported", f"{count} entries ({described}) written to {path}."))


def export_pdf(
    *, prompts: Prompts, run: Runner, patient: Patient, since: date | None, until: date, described: str
) -> None:
    exporter = pdf_exporter()
    if exporter is None:
        prompts.show_info(
            "Observation chart not available",
            "The observation chart (PDF) is not part of this version of BacloTaper yet.\n\n"
            "Export the log as CSV instead (Log menu).",
        )
        return
    title = "Export observation chart (PDF)"
    path = prompts.ask_export_path(title, _file_name(patient, since, until, ".pdf"), PDF_FILTER)
    if path is None:
        return
    path = _with_suffix(path, ".pdf")
    paper = Settings().paper

    def job(store: Store) -> int:
        return exporter(store=store, patient_id=patient.id, path=path, since=since, until=until, paper=paper)

    def done(pages: int) -> None:
        plural = "" if pages == 1 else "s"
        prompts.show_info(
            "Observation chart exported", f"Observation chart ({described}, {pages} page{plural}) written to {path}."
        )

    run(job, done)
