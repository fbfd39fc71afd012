"""The patient's current plan revision on paper and in files: PDF, calendar, spreadsheet, plan file.

A hold or step back accepted in the log must reach the patient: each file carries the revision it
shows (number, when, by whom, why, what changed). The exporters are imported only when asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from baclotaper.common.settings import Settings
from baclotaper.gui.nurse_log.exports import Runner
from baclotaper.gui.nurse_log.prompts import CSV_FILTER, PDF_FILTER, PLAN_FILTER, Prompts
from baclotaper.nurse_log.revision_plan import revision_plan
from baclotaper.nurse_log.store import Patient, Store
from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan

ICS_FILTER = "Calendar files (*.ics)"


@dataclass(frozen=True)
class PlanFormat:
    title: str
    suffix: str
    file_filter: str
    write: Callable[[TaperPlan, Path, date], str]  # what was written, for the message


def _pdf(plan: TaperPlan, path: Path, today: date) -> str:
    from baclotaper.exports.pdf import export_pdf

    pages = export_pdf(plan=plan, path=path, paper=Settings().paper, generated=today)
    return f"{pages} page{'' if pages == 1 else 's'}"


def _ics(plan: TaperPlan, path: Path, today: date) -> str:
    from baclotaper.exports.ics import export_ics

    events = export_ics(plan=plan, path=path, generated=today)
    return f"{events} calendar event{'' if events == 1 else 's'}"


def _csv(plan: TaperPlan, path: Path, today: date) -> str:
    from baclotaper.exports.spreadsheet import export_csv

    return f"{export_csv(plan=plan, path=path)} rows"


def _plan_file(plan: TaperPlan, path: Path, today: date) -> str:
    planfile.save(plan, path)
    return "a plan file the planner and 'baclotaper export' open"


FORMATS: dict[str, PlanFormat] = {
    "pdf": PlanFormat("Print the current plan revision (PDF)", ".pdf", PDF_FILTER, _pdf),
    "ics": PlanFormat("Export the current plan revision as a calendar (ICS)", ".ics", ICS_FILTER, _ics),
    "csv": PlanFormat("Export the current plan revision as a spreadsheet (CSV)", ".csv", CSV_FILTER, _csv),
    "plan": PlanFormat("Save the current plan revision as a plan file", planfile.SUFFIX, PLAN_FILTER, _plan_file),
}


def _suggested(patient: Patient, number: int, suffix: str) -> str:
    who = re.sub(r"[^\w.-]+", "-", patient.identifier or patient.name).strip("-") or "patient"
    return f"{who}-plan-revision-{number}{suffix}"


def export_revision(
    *, kind: str, prompts: Prompts, run: Runner, patient: Patient, plan_id: int, number: int, today: date
) -> None:
    """Ask where, then write the plan's current revision (``number``, as the window shows it) as
    ``kind`` (pdf, ics, csv, plan); the revision is read and written on the store's thread."""
    form = FORMATS[kind]
    path = prompts.ask_export_path(form.title, _suggested(patient, number, form.suffix), form.file_filter)
    if path is None:
        return
    if path.suffix.lower() != form.suffix:
        path = path.with_name(path.name + form.suffix)

    def job(store: Store) -> tuple[int, str]:
        plan = revision_plan(store, plan_id)
        # Another workstation may have revised it since: the file says which revision it holds.
        written = plan.revision.number if plan.revision is not None else number
        return written, form.write(plan, path, today)

    def done(result: tuple[int, str]) -> None:
        written, what = result
        prompts.show_info("Plan revision written", f"Revision {written} of the plan ({what}) written to {path}.")

    run(job, done)
