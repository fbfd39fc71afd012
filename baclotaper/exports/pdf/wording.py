"""How the printed plan words dates, doses and steps; shared by the PDF and the calendar file.

Dates are written with English names from fixed tables, not ``strftime``, so a PDF made on a
machine with another locale is the same file.
"""

from __future__ import annotations

import re
from datetime import date
from xml.sax.saxutils import escape

from baclotaper.common.numbers import EPS, fmt
from baclotaper.taper.plan import CONTINUOUS, Step, TaperPlan
from baclotaper.taper.regimen import Route
from baclotaper.taper.sequence import StepKind

# Between a number and its unit, so that "12.5 mg" never wraps apart (reportlab keeps it together).
NBSP = "\u00a0"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


_NUMBER_UNIT = re.compile(r"(\d[\d.,½]*) (?=(?:mg|mL|mcg|µg|°C|%|mmHg|days?|tablets?|packets?)(?![\w]))")


def units_together(text: str) -> str:
    """``12.5 mg`` with a no-break space, so a line never ends between a number and its unit."""
    return _NUMBER_UNIT.sub(lambda m: m.group(1) + NBSP, text)


def esc(text: object) -> str:
    """User text made safe for a reportlab Paragraph: ``<b>`` and ``&`` print as typed; numbers
    stay with their units."""
    return units_together(escape(str(text)))


def short_date(day: date) -> str:
    """``1 Dec 2026``."""
    return f"{day.day}{NBSP}{MONTHS[day.month - 1][:3]}{NBSP}{day.year}"


def long_date(day: date) -> str:
    """``Tue 1 Dec 2026``."""
    return f"{WEEKDAYS[day.weekday()]} {short_date(day)}"


def month_title(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def day_dose(plan: TaperPlan, dose: float) -> str:
    """``55 mg/day`` or ``360 mcg/day``."""
    return f"{fmt(dose)}{NBSP}{plan.unit}"


def dose_short(plan: TaperPlan, dose: float) -> str:
    """``55 mg`` or ``360 mcg``: the calendar's daily total."""
    return f"{fmt(dose)}{NBSP}{plan.unit.removesuffix('/day')}"


def previous_dose(plan: TaperPlan, step: Step) -> float:
    index = plan.steps.index(step)
    return plan.regimen.daily_dose if index == 0 else plan.steps[index - 1].daily_dose


def step_action(plan: TaperPlan, step: Step) -> str:
    """What happens on the first day of ``step``, in words a patient understands."""
    dose = day_dose(plan, step.daily_dose)
    before = previous_dose(plan, step)
    itb = plan.regimen.route is Route.INTRATHECAL
    if step.daily_dose <= EPS:
        return "Pump delivery stops (as arranged with the specialist)" if itb else "Stop baclofen"
    if step.kind is StepKind.HOLD or abs(step.daily_dose - before) <= EPS:
        return f"Stay at {dose}"
    if step.kind is StepKind.STEP_BACK or step.daily_dose > before:
        return f"Step back to {dose}"
    return f"Pump rate down to {dose}" if itb else f"Reduce baclofen to {dose}"


def change_text(plan: TaperPlan, step: Step) -> str:
    """``−5 mg (−8 %)``, ``hold`` or ``step back +10 mg`` for the prescriber's table."""
    before = previous_dose(plan, step)
    diff = step.daily_dose - before
    unit = plan.unit.removesuffix("/day")
    if abs(diff) <= EPS:
        return "hold"
    percent = f" ({diff / before * 100:+.0f} %)".replace("-", "−") if before > EPS else ""
    sign = "+" if diff > 0 else "−"
    label = "step back " if step.kind is StepKind.STEP_BACK or diff > 0 else ""
    return f"{label}{sign}{fmt(abs(diff))} {unit}{percent}"


def time_label(time: str) -> str:
    """The administration's name on paper: ``Morning`` or, for a pump, ``Pump``."""
    return "Pump" if time == CONTINUOUS else time.capitalize()


def what_to_take(step: Step) -> str:
    """``morning: 1 whole 20 mg tablet; bedtime: …`` for the calendar file."""
    if not step.administrations:
        return "no baclofen"
    return "; ".join(f"{time_label(a.time).lower()}: {a.plain}" for a in step.administrations)


def patient_identity(plan: TaperPlan) -> str:
    """The patient as the details name them, or an empty string."""
    extra = plan.regimen.extra
    parts = [extra.get("patient_name", "").strip()]
    if extra.get("patient_id", "").strip():
        parts.append(f"ID {extra['patient_id'].strip()}")
    if extra.get("date_of_birth", "").strip():
        parts.append(f"born {extra['date_of_birth'].strip()}")
    return " · ".join(p for p in parts if p)


def plan_identity(plan: TaperPlan) -> str:
    """``Oral baclofen 60 → 0 mg/day from 1 Dec 2026``."""
    r = plan.regimen
    return (
        f"{r.route.value.capitalize()} baclofen {fmt(r.daily_dose)} → {fmt(r.target)} {plan.unit}"
        f" from {short_date(plan.steps[0].start)}"
    )


# ----- which version of the plan a file shows, in the same words on every export (PDF, calendar,
# spreadsheet, FHIR): paper may outlive the plan it came from, so each states its revision and a
# revised plan says it replaces the earlier ones.

DRAFT = "Plan draft, not a saved revision"


def revision_label(plan: TaperPlan) -> str:
    """Short, for page headers (a large-print one has little room): ``revision 3 of 30 Nov 2026``,
    or ``draft`` for a plan that is not a saved revision."""
    note = plan.revision
    if note is None:
        return "draft"
    label = f"revision {note.number} of {short_date(note.created.astimezone().date())}"
    return f"{label} · {out_of_date(plan)}" if note.superseded else label


def out_of_date(plan: TaperPlan) -> str:
    """``OUT OF DATE: revision 3 replaces it`` for an earlier revision printed later, else ""."""
    note = plan.revision
    if note is None or not note.superseded:
        return ""
    return f"OUT OF DATE: revision {note.latest} replaces it"


def revision_line(plan: TaperPlan) -> str:
    """Full: which revision, when and by whom it was saved, and which revision it replaces."""
    note = plan.revision
    if note is None:
        return DRAFT
    line = f"Revision {note.number}, saved {note.created.astimezone():%Y-%m-%d %H:%M} by {note.author}"
    if note.number > 1:
        line += f"; it replaces revision {note.number - 1} and any earlier copy"
    if note.superseded:
        line += f". {out_of_date(plan)}: do not dose from this copy"
    return line
