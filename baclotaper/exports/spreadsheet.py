"""Day-by-day schedule as CSV, safe to open in a spreadsheet.

The file starts with a UTF-8 byte order mark: without it Excel reads the file in the machine's
legacy code page and "½" or "×" in the amounts turn into garbage.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from baclotaper.common import atomic
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf.wording import revision_line
from baclotaper.taper.plan import Step, TaperPlan
from baclotaper.taper.schedule import WEEKDAY_NAMES

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as typed: formula-like cells get a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def days_of(plan: TaperPlan, *, tail_days: int = 7) -> Iterator[tuple[date, Step]]:
    """Every day of the plan, with ``tail_days`` days of the open-ended last step."""
    for step in plan.steps:
        last = step.end or step.start + timedelta(days=tail_days - 1)
        day = step.start
        while day <= last:
            yield day, step
            day += timedelta(days=1)


# The last column says on every row which revision of the plan the rows come from: a sorted or
# filtered sheet keeps it, where a title row above the header would be lost.
HEADER = ("date", "weekday", "step", "kind", "daily_dose", "unit", "time", "dose", "amount", "note", "revision")


def schedule_rows(plan: TaperPlan) -> Iterator[tuple[str, ...]]:
    unit = plan.unit
    revision = revision_line(plan)
    for day, step in days_of(plan):
        base = (
            day.isoformat(),
            # Not strftime: its names follow the process locale, which Qt sets from the desktop.
            WEEKDAY_NAMES[day.weekday()],
            str(step.number),
            str(step.kind),
            fmt(step.daily_dose),
            unit,
        )
        if not step.administrations:
            yield (*base, "", "0", "none: stopped", step.note, revision)
        for a in step.administrations:
            yield (*base, a.time, fmt(a.dose), a.amount, step.note, revision)


def _to_csv(rows: Iterable[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def schedule_csv(plan: TaperPlan) -> str:
    return _to_csv(schedule_rows(plan))


def export_csv(*, plan: TaperPlan, path: Path) -> int:
    """Write the day-by-day schedule to ``path`` atomically; return the number of data rows."""
    rows = list(schedule_rows(plan))
    atomic.write_text(Path(path), BOM + _to_csv(rows))
    return len(rows)
