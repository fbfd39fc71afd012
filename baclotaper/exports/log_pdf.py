"""A patient's symptom log as a printable observation chart (reportlab, no Qt).

The chart draws the checklist total and temperature over the chosen days against the plan's daily
dose; the table below lists every entry in the range with its audit trail: corrected entries stay,
marked, next to the entry that corrects them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from baclotaper.common import atomic
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf import PAPER_SIZES, check_paper
from baclotaper.exports.pdf.document import PageDecor, PlanDocument, SectionStart
from baclotaper.exports.pdf.fonts import BOLD, REGULAR
from baclotaper.exports.pdf.styles import CAUTION, DANGER, HEADER_SHADE, MUTED, RULE, metrics, stylesheet
from baclotaper.nurse_log.advice import rules
from baclotaper.nurse_log.checklist import Checklist, load_checklist
from baclotaper.nurse_log.store import LogEntry, Patient, Store
from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan

TIER_WORDS = {"emergency": "EMERGENCY", "call_prescriber": "Call prescriber", "monitor": "Monitor", "none": "None"}
TIER_COLOURS = {"emergency": DANGER, "call_prescriber": CAUTION, "monitor": MUTED, "none": RULE}
_STRUCK = colors.HexColor("#888888")


@dataclass(frozen=True)
class LogChart:
    patient: Patient
    entries: Sequence[LogEntry]
    plan: TaperPlan | None
    checklist: Checklist
    since: date | None
    until: date | None
    generated: date
    tz: tzinfo | None

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)


def _current_plan(store: Store, patient_id: int) -> TaperPlan | None:
    plans = store.plans(patient_id)
    if not plans:
        return None
    revision = store.latest_revision(plans[-1].id)
    return planfile.plan_from_dict(revision.data()) if revision else None


def _period(chart: LogChart) -> str:
    if chart.since is None and chart.until is None:
        return "all entries"
    start = chart.since.isoformat() if chart.since else "the first entry"
    end = chart.until.isoformat() if chart.until else "the last entry"
    return f"{start} to {end}"


def _trend(chart: LogChart, width: float, height: float, size: float) -> Drawing:
    """Checklist total (left scale) and temperature (right scale) over time, dose steps behind."""
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR
    drawing.initialFontSize = size
    current = [e for e in chart.entries if e.is_current]
    days = [chart.local(e.observed_at) for e in current]
    first = min(days).date() if days else chart.since or chart.generated
    last = max(days).date() if days else chart.until or chart.generated
    span = max((last - first).days + 1, 1)
    left, right, bottom, top = size * 4, width - size * 4, size * 3, height - size * 2

    def x_of(moment: datetime) -> float:
        offset = (moment - datetime.combine(first, datetime.min.time(), moment.tzinfo)).total_seconds() / 86400
        return left + (right - left) * offset / span

    def y_of(value: float, high: float, low: float = 0.0) -> float:
        return bottom + (top - bottom) * (value - low) / max(high - low, 1e-9)

    drawing.add(Line(left, bottom, right, bottom, strokeColor=MUTED, strokeWidth=0.6))
    if chart.plan is not None:  # the plan's dose as a light step line behind the observations
        plan = chart.plan
        top_dose = max(plan.regimen.daily_dose, 1.0)
        points: list[float] = []
        for offset in range(span + 1):
            day = first + timedelta(days=offset)
            x = left + (right - left) * offset / span
            y = y_of(plan.dose_on(day), top_dose)
            if points:
                points += [x, points[-1]]
            points += [x, y]
        drawing.add(PolyLine(points, strokeColor=HEADER_SHADE, strokeWidth=3))
        label = f"dose ({plan.unit}, up to {fmt(top_dose)})"
        drawing.add(
            String(
                left + (right - left) / 2,
                top + size * 0.4,
                f"grey band: {label}",
                fontName=REGULAR,
                fontSize=size * 0.9,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    high_total = max([6, *(e.total for e in current)])
    totals = [(x_of(m), y_of(e.total, high_total)) for m, e in zip(days, current, strict=True)]
    if len(totals) > 1:
        drawing.add(PolyLine([c for p in totals for c in p], strokeColor=colors.black, strokeWidth=1))
    for (x, y), entry in zip(totals, current, strict=True):
        colour = TIER_COLOURS.get(entry.tier, MUTED)
        drawing.add(Circle(x, y, size * 0.35, fillColor=colour, strokeColor=colour))
    temps = [(x_of(m), e.vitals.get("temperature")) for m, e in zip(days, current, strict=True)]
    # The scale spans the readings and the emergency fever line (from the advice rules), a degree
    # either side, so a fever is always drawn above its line.
    fever = min(r.value for r in rules().vital_rules if r.vital == "temperature" and r.tier == "emergency")
    readings = [t for _x, t in temps if t is not None]
    t_low, t_high = min([*readings, fever]) - 1, max([*readings, fever]) + 1
    temp_points = [(x, y_of(t, t_high, t_low)) for x, t in temps if t is not None]
    fever_y = y_of(fever, t_high, t_low)
    drawing.add(Line(left, fever_y, right, fever_y, strokeColor=DANGER, strokeWidth=0.4, strokeDashArray=[1, 2]))
    if len(temp_points) > 1:
        drawing.add(
            PolyLine([c for p in temp_points for c in p], strokeColor=DANGER, strokeWidth=0.8, strokeDashArray=[3, 2])
        )
    for x, y in temp_points:
        drawing.add(Circle(x, y, size * 0.2, fillColor=DANGER, strokeColor=DANGER))
    drawing.add(String(0, top, f"total (0–{high_total})", fontName=BOLD, fontSize=size))
    drawing.add(
        String(
            width,
            top,
            f"temperature ({fmt(t_low)}–{fmt(t_high)} °C) dashed; dotted: emergency at {fmt(fever)} °C",
            fontName=REGULAR,
            fontSize=size,
            fillColor=DANGER,
            textAnchor="end",
        )
    )
    drawing.add(String(left, bottom - size * 1.4, first.isoformat(), fontName=REGULAR, fontSize=size, fillColor=MUTED))
    drawing.add(
        String(
            right,
            bottom - size * 1.4,
            last.isoformat(),
            fontName=REGULAR,
            fontSize=size,
            fillColor=MUTED,
            textAnchor="end",
        )
    )
    legend = "dots: checklist total, coloured by tier (red emergency, amber call the prescriber, grey monitor)"
    drawing.add(
        String(
            left + (right - left) / 2,
            bottom - size * 2.6,
            legend,
            fontName=REGULAR,
            fontSize=size * 0.9,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    return drawing


def _vitals(entry: LogEntry) -> list[str]:
    v = entry.vitals
    bp = f"{fmt(v['systolic'])}/{fmt(v['diastolic'])}" if "systolic" in v and "diastolic" in v else ""
    return [
        fmt(v["temperature"]) if "temperature" in v else "",
        fmt(v["heart_rate"]) if "heart_rate" in v else "",
        bp,
        fmt(v["respiratory_rate"]) if "respiratory_rate" in v else "",
    ]


def _symptoms(entry: LogEntry, checklist: Checklist) -> str:
    named = []
    for item_id, score in entry.scores.items():
        if score:
            try:
                wording = checklist.item(item_id).clinician
            except KeyError:
                wording = item_id
            named.append(f"{escape(wording)} {score}")
    return "; ".join(named)


def _table(chart: LogChart, width: float) -> Table:
    styles = stylesheet()
    cell, head = styles["cell"], styles["cell_head"]
    header = [
        "#",
        "Observed",
        "Recorded, by",
        "Plan",
        "Tier",
        "Total",
        "T °C",
        "HR",
        "BP",
        "RR",
        "MAS",
        "Symptoms (score 1–3)",
        "Notes",
    ]
    rows: list[list[object]] = [[Paragraph(h, head) for h in header]]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for row_number, entry in enumerate(chart.entries, start=1):
        audit = []
        if entry.supersedes:
            audit.append(f"corrects #{entry.supersedes}")
        if entry.superseded_by:
            audit.append(f"superseded by #{entry.superseded_by}")
        plan_cell = ""
        if entry.step_index is not None:
            plan_cell = f"step {entry.step_index + 1}"
            if entry.days_since_cut is not None:
                plan_cell += f", day {entry.days_since_cut} after cut"
        observed = chart.local(entry.observed_at)
        recorded = chart.local(entry.recorded_at)
        cells = [
            str(entry.id),
            f"{observed:%Y-%m-%d}<br/>{observed:%H:%M}",
            f"{recorded:%Y-%m-%d}<br/>{recorded:%H:%M} {escape(entry.recorded_by)}",
            plan_cell,
            f"<b>{TIER_WORDS.get(entry.tier, entry.tier)}</b>",
            str(entry.total),
            *_vitals(entry),
            escape(entry.spasticity or ""),
            _symptoms(entry, chart.checklist),
            "<br/>".join([*(f"<b>{a}</b>" for a in audit), escape(entry.notes)]),
        ]
        rows.append([Paragraph(str(c), cell) for c in cells])
        if not entry.is_current:
            commands.append(("TEXTCOLOR", (0, row_number), (-1, row_number), _STRUCK))
        elif entry.tier == "emergency":
            commands.append(("BOX", (0, row_number), (-1, row_number), 1.6, DANGER))
    fractions = [0.04, 0.085, 0.09, 0.085, 0.1, 0.052, 0.045, 0.04, 0.06, 0.035, 0.045, 0.183, 0.14]
    # splitInRow: an entry with a long note runs onto the next page instead of failing the export.
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(commands))
    return table


def _story(chart: LogChart, width: float) -> list[Flowable]:
    styles = stylesheet()
    p = chart.patient
    who = escape(
        " · ".join(
            x
            for x in (
                p.name,
                f"ID {p.identifier}" if p.identifier else "",
                f"born {p.date_of_birth}" if p.date_of_birth else "",
            )
            if x
        )
    )
    story: list[Flowable] = [
        SectionStart("log", "Observation chart"),
        Paragraph("Withdrawal observation chart", styles["title"]),
        Paragraph(f"<b>{who}</b>: {len(chart.entries)} entries, {escape(_period(chart))}.", styles["body"]),
        Paragraph(f"<b>{escape(chart.checklist.statement)}</b>", styles["body"]),
    ]
    if chart.plan is not None:
        plan = chart.plan
        story.append(
            Paragraph(
                f"Plan: {escape(plan.regimen.route.value)} baclofen, {escape(plan.regimen.product.description)}, "
                f"{fmt(plan.regimen.daily_dose)} → {fmt(plan.regimen.target)} {plan.unit}, target reached "
                f"{plan.stop_date.isoformat()} (latest revision).",
                styles["small"],
            )
        )
    if any(e.tier == "emergency" and e.is_current for e in chart.entries):
        story.append(Paragraph("Emergency entries in this period are boxed in red.", styles["danger"]))
    story.append(Spacer(1, 4))
    story.append(_trend(chart, width, 150, metrics(False).small))
    story.append(Spacer(1, 8))
    story.append(_table(chart, width))
    return story


def export_log_pdf(
    *,
    store: Store,
    patient_id: int,
    path: Path,
    since: date | None = None,
    until: date | None = None,
    paper: str = "A4",
    generated: date | None = None,
    tz: tzinfo | None = None,
) -> int:
    """Write the observation chart for ``since``..``until`` (whole local days) atomically; returns
    the page count."""
    paper = check_paper(paper)
    patient = store.patient(patient_id)
    plan = _current_plan(store, patient_id)
    route = plan.regimen.route if plan else "oral"
    chart = LogChart(
        patient=patient,
        entries=store.entries(patient_id, since=since, until=until, tz=tz),
        plan=plan,
        checklist=load_checklist(route),
        since=since,
        until=until,
        generated=generated or date.today(),
        tz=tz,
    )
    buffer = io.BytesIO()
    decor = PageDecor(
        patient=" · ".join(x for x in (patient.name, patient.identifier) if x),
        plan=f"Symptom log, {_period(chart)}",
        generated=chart.generated.isoformat(),
        metrics=metrics(False),
    )
    doc = PlanDocument(buffer, pagesize=landscape(PAPER_SIZES[paper]), decor=decor)
    doc.build_story(_story(chart, doc.width))
    atomic.write_bytes(Path(path), buffer.getvalue())
    return int(doc.page)
