"""The renderer: one plan, the chosen sections (or one reader's packet), one PDF file."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak

from baclotaper.common import atomic
from baclotaper.exports.contacts import contacts
from baclotaper.exports.pdf import checklist_form, diary, emergency, patient, pharmacy, prescriber
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.document import PATIENT, STAFF, PageDecor, PlanDocument, SectionStart
from baclotaper.exports.pdf.styles import metrics, stylesheet
from baclotaper.exports.pdf.wording import patient_identity, plan_identity, revision_label, short_date
from baclotaper.exports.print_options import (
    LARGE_PRINT_SECTIONS,
    PACKET_TITLES,
    PATIENT_SECTIONS,
    check_paper,
    check_reader,
    check_sections,
    packet_sections,
)
from baclotaper.taper.plan import TaperPlan

Builder = Callable[[PrintContext], list[Flowable]]

# Section name -> (page header title, builder), in the default print order.
SECTION_BUILDERS: dict[str, tuple[str, Builder]] = {
    "prescriber": (prescriber.TITLE, prescriber.prescriber_story),
    "patient": (patient.TITLE, patient.patient_story),
    "emergency": (emergency.TITLE, emergency.emergency_story),
    "diary": (diary.TITLE, diary.diary_story),
    "pharmacy": (pharmacy.TITLE, pharmacy.pharmacy_story),
    "checklist": (checklist_form.TITLE, checklist_form.checklist_story),
}
PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}


def patient_footer(plan: TaperPlan) -> tuple[str, str]:
    """The line at the foot of every patient page, whom to call and the emergency number, in two
    parts: the prescriber's name, which is shortened if the line is too long, and the rest (the
    phones and the emergency number), which never is."""
    who = contacts(plan)
    head = f"Questions: {who.prescriber}" if who.prescriber else ""
    if who.prescriber and who.phone:
        tail = f": {who.phone}"
    elif who.phone:
        tail = f"Questions: {who.phone}"
    else:
        tail = "" if who.prescriber else "Questions: call your prescriber"
    if who.pump_team_phone:
        tail += f" · Pump team: {who.pump_team_phone}"
    tail += f" · Emergency: {who.emergency.value}"
    return head, tail


class PlanPdf:
    """Lays out the chosen sections of one plan, each from a new page, and returns the PDF."""

    def __init__(
        self,
        plan: TaperPlan,
        *,
        sections: Sequence[str] | None = None,
        reader: str | None = None,
        paper: str = "A4",
        large_print: bool = False,
        generated: date | None = None,
    ) -> None:
        self.plan = plan
        self.reader = check_reader(reader) if reader is not None else None
        if self.reader is not None and sections is None:
            sections = packet_sections(self.reader)
        self.sections = check_sections(sections)
        self.paper = check_paper(paper)
        self.large_print = large_print
        self.generated = generated or date.today()
        self.page_count = 0

    @property
    def title(self) -> str:
        if self.reader is not None and self.reader != "all":
            return f"Baclofen taper plan: {PACKET_TITLES[self.reader]} (draft for prescriber review)"
        return "Baclofen taper plan (draft for prescriber review)"

    def render(self) -> bytes:
        buffer = io.BytesIO()
        has_patient = any(key in PATIENT_SECTIONS for key in self.sections)
        decor = PageDecor(
            patient=patient_identity(self.plan),
            plan=f"{plan_identity(self.plan)} · {revision_label(self.plan)}",
            generated=short_date(self.generated),
            metrics=metrics(large_print=False),
            created=self.generated,
            title=self.title,
            patient_metrics=metrics(self.large_print, patient=True) if has_patient else None,
            patient_footer=patient_footer(self.plan),
        )
        first = self._template(self.sections[0])
        doc = PlanDocument(buffer, pagesize=PAPER_SIZES[self.paper], decor=decor, first_template=first)
        doc.build_story(self._story(doc))
        self.page_count = doc.page
        return buffer.getvalue()

    def _template(self, key: str) -> str:
        return PATIENT if key in PATIENT_SECTIONS else STAFF

    def _context(self, key: str, doc: PlanDocument) -> PrintContext:
        large = self.large_print and key in LARGE_PRINT_SECTIONS
        is_patient = key in PATIENT_SECTIONS
        width, height = doc.frame_sizes[self._template(key)]
        return PrintContext(
            plan=self.plan,
            styles=stylesheet(large, patient=is_patient),
            metrics=metrics(large, patient=is_patient),
            width=width,
            height=height,
            generated=self.generated,
            large_print=large,
            patient=is_patient,
        )

    def _story(self, doc: PlanDocument) -> list[Flowable]:
        story: list[Flowable] = []
        for index, key in enumerate(self.sections):
            title, build = SECTION_BUILDERS[key]
            template = self._template(key)
            if key in PATIENT_SECTIONS and index and self.sections[index - 1] in PATIENT_SECTIONS:
                # The patient's pages run on: the diary and the card start on the page before
                # when there is room, so no page is left near empty.
                story += [NextPageTemplate(template)]
            elif index:
                story += [NextPageTemplate(template), PageBreak()]
            built = build(self._context(key, doc))
            # A section that begins by asking for room starts (and is named) where it finds it.
            lead = built[:1] if built and isinstance(built[0], CondPageBreak) else []
            story += [*lead, SectionStart(key, title), *built[len(lead) :]]
        return story


def export_pdf(
    *,
    plan: TaperPlan,
    path: Path,
    sections: Sequence[str] | None = None,
    reader: str | None = None,
    paper: str = "A4",
    large_print: bool = False,
    generated: date | None = None,
) -> int:
    """Write the plan's PDF to ``path`` atomically and return its number of pages.

    ``reader``: "patient", "prescriber", "pharmacy", "nurse" or "all" prints that reader's packet;
    ``sections``: any of "prescriber", "patient", "emergency", "diary", "pharmacy", "checklist"
    (default: the reader's packet, else all); ``paper``: "A4" or "Letter"; ``generated``: the date
    printed on every page and stored as the file's creation date (default today).
    The same plan and ``generated`` date give the same file.
    """
    renderer = PlanPdf(
        plan, sections=sections, reader=reader, paper=paper, large_print=large_print, generated=generated
    )
    atomic.write_bytes(Path(path), renderer.render())
    return renderer.page_count
