"""A patient's symptom log as CSV, for a spreadsheet or another record system."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, tzinfo
from pathlib import Path

from baclotaper.common.atomic import write_text
from baclotaper.nurse_log.checklist import all_items, vital_signs
from baclotaper.nurse_log.store.records import LogEntry, Patient
from baclotaper.nurse_log.store.repository import Store

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection, OWASP):
# free text such as notes or initials must never execute, so such cells get a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as the local code page unless it starts with a byte-order mark (°C, é...).
_BOM = "\ufeff"


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _time(moment: datetime, tz: tzinfo | None) -> str:
    return moment.astimezone(tz).isoformat(timespec="minutes")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def _header() -> list[str]:
    return [
        "patient",
        "patient_identifier",
        "entry",
        "observed_at",
        "recorded_at",
        "recorded_by",
        "database_user",
        "status",
        "corrects_entry",
        "plan",
        "plan_revision",
        "step",
        "days_since_cut",
        "tier",
        "checklist_total (not a validated scale)",
        *(f"{v.id} ({v.unit})" for v in vital_signs()),
        "spasticity (Modified Ashworth)",
        *(item.id for item in all_items()),
        "notes",
    ]


def _row(patient: Patient, entry: LogEntry, tz: tzinfo | None) -> list[str]:
    status = "current" if entry.is_current else f"corrected by entry {entry.superseded_by}"
    return [
        patient.name,
        patient.identifier,
        str(entry.id),
        _time(entry.observed_at, tz),
        _time(entry.recorded_at, tz),
        entry.recorded_by,
        entry.db_user,
        status,
        _optional(entry.supersedes),
        _optional(entry.plan_id),
        _optional(entry.revision),
        # The step's number as the plan and the printed chart say it (from 1), not its index.
        _optional(None if entry.step_index is None else entry.step_index + 1),
        _optional(entry.days_since_cut),
        entry.tier,
        str(entry.total),
        *(_number(entry.vitals.get(v.id)) for v in vital_signs()),
        entry.spasticity or "",
        *(_optional(entry.scores.get(item.id)) for item in all_items()),
        entry.notes,
    ]


def export_log_csv(
    *,
    store: Store,
    patient_id: int,
    path: Path,
    since: date | None = None,
    until: date | None = None,
    tz: tzinfo | None = None,
) -> int:
    """Write the patient's entries observed ``since``..``until`` (whole days, inclusive) to
    ``path`` atomically; returns the number of entries written. Corrected entries are included
    and marked, so the export shows the same audit trail as the app."""
    patient = store.patient(patient_id)
    entries = store.entries(patient_id, since=since, until=until, tz=tz)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in _header()])
    for entry in entries:
        writer.writerow([neutralise(cell) for cell in _row(patient, entry, tz)])
    write_text(Path(path), _BOM + buffer.getvalue())
    return len(entries)
