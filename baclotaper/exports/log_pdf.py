"""A patient's symptom log as a printable observation chart (reportlab, no Qt).

The chart draws the checklist total and temperature over the chosen days against the plan's daily
dose, each line with its own scale; an entry's tier shows by its mark's shape as well as its colour
(it must survive a black-and-white printer), and each revision of the plan (a hold, a step back:
who and why) is marked on the time axis.  The table below lists every entry in the range with its
audit trail: corrected entries stay, marked, next to the entry that corrects them; a vital sign
beyond a limit of the advice rules is flagged ▲ or ▼, and values never wrap inside their cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, Shape, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from baclotaper.common import atomic
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf import PAPER_SIZES, check_paper
from baclotaper.exports.pdf.document import PageDecor, PlanDocument, SectionStart
from baclotaper.exports.pdf.fonts import BOLD, REGULAR
from baclotaper.exports.pdf.styles import CAUTION, DANGER, HEADER_SHADE, MUTED, RULE, metrics, stylesheet
from baclotaper.nurse_log.advice import rules
from baclotaper.nurse_log.checklist import Checklist, load_checklist
from baclotaper.nurse_log.store import LogEntry, Patient, Revision, Store
from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan

TIER_WORDS = {"emergency": "EMERGENCY", "call_prescriber": "Call prescriber", "monitor": "Monitor", "none": "None"}
TIER_COLOURS = {"emergency": DANGER, "call_prescriber": CAUTION, "monitor": MUTED, "none": RULE}
# The tier's mark on the chart: shape as well as colour.
TIER_SHAPES = {"emergency": "square", "call_prescriber": "triangle", "monitor": "circle", "none": "ring"}
TITLE = "Withdrawal observation chart"
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
    revisions: Sequence[Revision] = ()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)


def _current_plan(store: Store, patient_id: int) -> tuple[TaperPlan | None, list[Revision]]:
    """The current plan and all its revisions (oldest first)."""
    plans = store.plans(patient_id)
    if not plans:
        return None, []
    revisions = store.revisions(plans[-1].id)
    plan = planfile.plan_from_dict(revisions[-1].data()) if revisions else None
    return plan, revisions


def _in_period(chart: LogChart, moment: datetime) -> bool:
    day = chart.local(moment).date()
    return (chart.since is None or day >= chart.since) and (chart.until is None or day <= chart.until)


def _mark(kind: str, x: float, y: float, r: float, colour: colors.Color) -> Shape:
    """An entry's mark: a square (emergency), a triangle (call the prescriber), a dot (monitor)
    or a ring (no sign)."""
    if kind == "square":
        return Rect(x - r, y - r, 2 * r, 2 * r, fillColor=colour, strokeColor=colour)
    if kind == "triangle":
        return Polygon([x - r * 1.15, y - r, x + r * 1.15, y - r, x, y + r * 1.2], fillColor=colour, strokeColor=colour)
    if kind == "ring":
        return Circle(x, y, r * 0.8, fillColor=None, strokeColor=colour, strokeWidth=0.8)
    return Circle(x, y, r, fillColor=colour, strokeColor=colour)


def _scale(drawing: Drawing, x: float, ticks: Sequence[tuple[float, str]], size: float, *, right: bool) -> None:
    """Tick marks and their labels on a vertical axis at ``x``."""
    for y, label in ticks:
        drawing.add(Line(x - 2, y, x + 2, y, strokeColor=MUTED, strokeWidth=0.5))
        drawing.add(
            String(
                x + (4 if right else -4),
                y - size * 0.35,
                label,
                fontName=REGULAR,
                fontSize=size * 0.9,
                fillColor=MUTED,
                textAnchor="start" if right else "end",
            )
        )


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
    # The time axis spans the entries and the plan's revisions in the period.
    marked = [chart.local(r.created).date() for r in chart.revisions[1:] if _in_period(chart, r.created)]
    moments = [d.date() for d in days] + marked
    first = min(moments) if moments else chart.since or chart.generated
    last = max(moments) if moments else chart.until or chart.generated
    span = max((last - first).days + 1, 1)
    left, right, bottom, top = size * 4, width - size * 4, size * 3, height - size * 2

    def x_of(moment: datetime) -> float:
        offset = (moment - datetime.combine(first, datetime.min.time(), moment.tzinfo)).total_seconds() / 86400
        return left + (right - left) * offset / span

    def y_of(value: float, high: float, low: float = 0.0) -> float:
        return bottom + (top - bottom) * (value - low) / max(high - low, 1e-9)

    drawing.add(Line(left, bottom, right, bottom, strokeColor=MUTED, strokeWidth=0.6))
    drawing.add(Line(left, bottom, left, top, strokeColor=MUTED, strokeWidth=0.6))
    drawing.add(Line(right, bottom, right, top, strokeColor=DANGER, strokeWidth=0.4))
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
                bottom - size * 1.4,
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
        drawing.add(_mark(TIER_SHAPES.get(entry.tier, "circle"), x, y, size * 0.4, colour))
    _scale(
        drawing,
        left,
        [(y_of(v, high_total), fmt(v)) for v in sorted({0, high_total // 2, high_total})],
        size,
        right=False,
    )
    temps = [(x_of(m), e.vitals.get("temperature")) for m, e in zip(days, current, strict=True)]
    # The scale spans the readings and the emergency fever line (from the advice rules), a degree
    # either side, so a fever is always drawn above its line.
    fever = min(
        r.value for r in rules().vital_rules if r.vital == "temperature" and r.tier == "emergency" and r.at_least
    )
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
    temp_ticks = sorted({t_low, fever, t_high})
    _scale(drawing, right, [(y_of(t, t_high, t_low), fmt(t)) for t in temp_ticks], size, right=True)
    for revision in chart.revisions[1:]:  # the first is the plan as attached
        if not _in_period(chart, revision.created):
            continue
        x = x_of(chart.local(revision.created))
        drawing.add(Line(x, bottom, x, top, strokeColor=colors.black, strokeWidth=0.6, strokeDashArray=[4, 2]))
        drawing.add(
            String(x + 2, top - size, f"R{revision.number}", fontName=BOLD, fontSize=size * 0.9, fillColor=colors.black)
        )
    drawing.add(String(0, top + size * 0.4, f"total (0–{high_total})", fontName=BOLD, fontSize=size))
    drawing.add(
        String(
            width,
            top + size * 0.4,
            f"temperature ({fmt(t_low)}–{fmt(t_high)} °C, right scale) dashed; dotted: emergency at {fmt(fever)} °C",
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
    legend = (
        "checklist total, by tier: ■ emergency (red), ▲ call the prescriber (amber), ● monitor (grey), ○ none; "
        "dashed verticals R2, R3…: plan revisions (below)"
    )
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


def _flag(vital: str, value: float) -> tuple[str, bool]:
    """▲ or ▼ when ``value`` is beyond a limit of the advice rules, and whether it is an emergency."""
    hit = [rule for rule in rules().vital_rules if rule.vital == vital and rule.triggered_by(value)]
    if not hit:
        return "", False
    return ("▲" if hit[0].at_least else "▼"), any(rule.tier == "emergency" for rule in hit)


def _vital_cell(entry: LogEntry, *names: str) -> str:
    """One vital sign (or systolic/diastolic), flagged when beyond a limit; bold for an emergency."""
    v = entry.vitals
    if not all(name in v for name in names):
        return ""
    flags = [_flag(name, v[name]) for name in names]
    arrow = next((a for a, _e in flags if a), "")
    text = arrow + "/".join(fmt(v[name]) for name in names)
    return f"<b>{text}</b>" if any(e for _a, e in flags) else text


def _vitals(entry: LogEntry) -> list[str]:
    return [
        _vital_cell(entry, "temperature"),
        _vital_cell(entry, "heart_rate"),
        _vital_cell(entry, "systolic", "diastolic"),
        _vital_cell(entry, "respiratory_rate"),
    ]


VITAL_COLUMNS = (6, 7, 8, 9)  # T, HR, BP, RR in the table


def _fitted_widths(rows: list[list[str]], fractions: list[float], width: float, size: float) -> list[float]:
    """Column widths from ``fractions``, widened so that no vital sign wraps (taken from the symptoms)."""
    widths = [width * f for f in fractions]
    pad = 12  # reportlab's default cell padding, both sides
    for column in VITAL_COLUMNS:
        texts = [row[column] for row in rows]
        need = max(stringWidth(_plain(text), BOLD, size) for text in texts) + pad + 2
        if need > widths[column]:
            widths[11] -= need - widths[column]
            widths[column] = need
    return widths


def _plain(markup: str) -> str:
    return markup.replace("<b>", "").replace("</b>", "")


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
    raw: list[list[str]] = [list(header)]
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
            f"{recorded:%Y-%m-%d}<br/>{recorded:%H:%M} {escape(entry.recorded_by)}"
            # The database user who saved it, on a line of its own (a ward login is long).
            + (f"<br/>({escape(entry.db_user)})" if entry.author != entry.recorded_by else ""),
            plan_cell,
            f"<b>{TIER_WORDS.get(entry.tier, entry.tier)}</b>",
            str(entry.total),
            *_vitals(entry),
            escape(entry.spasticity or ""),
            _symptoms(entry, chart.checklist),
            "<br/>".join([*(f"<b>{a}</b>" for a in audit), escape(entry.notes)]),
        ]
        raw.append(cells)
        if not entry.is_current:
            commands.append(("TEXTCOLOR", (0, row_number), (-1, row_number), _STRUCK))
        elif entry.tier == "emergency":
            commands.append(("BOX", (0, row_number), (-1, row_number), 1.6, DANGER))
    fractions = [0.04, 0.085, 0.09, 0.085, 0.1, 0.052, 0.045, 0.04, 0.06, 0.035, 0.045, 0.183, 0.14]
    widths = _fitted_widths(raw, fractions, width, cell.fontSize)
    rows = [[Paragraph(str(c), head if n == 0 else cell) for c in row] for n, row in enumerate(raw)]
    # splitInRow: an entry with a long note runs onto the next page instead of failing the export.
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(commands))
    return table


PROPOSAL_WORDS = {"hold": "hold", "step_back": "step back"}


def _revision_lines(chart: LogChart) -> list[Flowable]:
    """Each revision after the first, as marked on the chart: when, who, what and why."""
    styles = stylesheet()
    lines = []
    for revision in chart.revisions[1:]:
        if not _in_period(chart, revision.created):
            continue
        moment = chart.local(revision.created)
        what = PROPOSAL_WORDS.get(revision.proposal or "", "revised")
        answers = f", answering entry #{revision.answers_entry}" if revision.answers_entry else ""
        lines.append(
            Paragraph(
                f"<b>R{revision.number}</b> {moment:%Y-%m-%d %H:%M}: {what} by {escape(revision.author)}"
                f"{answers}. Why: {escape(revision.reason) or 'not given'}",
                styles["small"],
            )
        )
    return lines


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
        Paragraph(TITLE, styles["title"]),
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
    story.append(Spacer(1, 6))
    story += _revision_lines(chart)
    story.append(Spacer(1, 6))
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
    plan, revisions = _current_plan(store, patient_id)
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
        revisions=revisions,
    )
    buffer = io.BytesIO()
    decor = PageDecor(
        patient=" · ".join(x for x in (patient.name, patient.identifier) if x),
        plan=f"Symptom log, {_period(chart)}",
        generated=chart.generated.isoformat(),
        metrics=metrics(False),
        created=chart.generated,
        title=f"{TITLE} (a checklist, not a validated scale)",
    )
    doc = PlanDocument(buffer, pagesize=landscape(PAPER_SIZES[paper]), decor=decor)
    doc.build_story(_story(chart, doc.width))
    atomic.write_bytes(Path(path), buffer.getvalue())
    return int(doc.page)
