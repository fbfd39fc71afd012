"""The renderer: one plan, the chosen sections, one PDF file."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Flowable, PageBreak

from baclotaper.common import atomic
from baclotaper.exports.pdf import checklist_form, emergency, patient, pharmacy, prescriber
from baclotaper.exports.pdf.context import PrintContext
from baclotaper.exports.pdf.document import PageDecor, PlanDocument, SectionStart
from baclotaper.exports.pdf.styles import metrics, stylesheet
from baclotaper.exports.pdf.wording import patient_identity, plan_identity, short_date
from baclotaper.exports.print_options import (
    LARGE_PRINT_SECTIONS,
    check_paper,
    check_sections,
)
from baclotaper.taper.plan import TaperPlan

Builder = Callable[[PrintContext], list[Flowable]]

# Section name -> (page header title, builder), in the default print order.
SECTION_BUILDERS: dict[str, tuple[str, Builder]] = {
    "prescriber": (prescriber.TITLE, prescriber.prescriber_story),
    "patient": (patient.TITLE, patient.patient_story),
    "emergency": (emergency.TITLE, emergency.emergency_story),
    "pharmacy": (pharmacy.TITLE, pharmacy.pharmacy_story),
    "checklist": (checklist_form.TITLE, checklist_form.checklist_story),
}
PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}


class PlanPdf:
    """Lays out the chosen sections of one plan, each from a new page, and returns the PDF."""

    def __init__(
        self,
        plan: TaperPlan,
        *,
        sections: Sequence[str] | None = None,
        paper: str = "A4",
        large_print: bool = False,
        generated: date | None = None,
    ) -> None:
        self.plan = plan
        self.sections = check_sections(sections)
        self.paper = check_paper(paper)
        self.large_print = large_print
        self.generated = generated or date.today()
        self.page_count = 0

    def render(self) -> bytes:
        buffer = io.BytesIO()
        decor = PageDecor(
            patient=patient_identity(self.plan),
            plan=plan_identity(self.plan),
            generated=short_date(self.generated),
            metrics=metrics(large_print=False),
        )
        doc = PlanDocument(buffer, pagesize=PAPER_SIZES[self.paper], decor=decor)
        doc.build_story(self._story(doc.width, doc.height))
        self.page_count = doc.page
        return buffer.getvalue()

    def _context(self, key: str, width: float, height: float) -> PrintContext:
        large = self.large_print and key in LARGE_PRINT_SECTIONS
        return PrintContext(
            plan=self.plan,
            styles=stylesheet(large),
            metrics=metrics(large),
            width=width,
            height=height,
            generated=self.generated,
            large_print=large,
        )

    def _story(self, width: float, height: float) -> list[Flowable]:
        story: list[Flowable] = []
        for index, key in enumerate(self.sections):
            title, build = SECTION_BUILDERS[key]
            if index:
                story.append(PageBreak())
            story += [SectionStart(key, title), *build(self._context(key, width, height))]
        return story


def export_pdf(
    *,
    plan: TaperPlan,
    path: Path,
    sections: Sequence[str] | None = None,
    paper: str = "A4",
    large_print: bool = False,
    generated: date | None = None,
) -> int:
    """Write the plan's PDF to ``path`` atomically and return its number of pages.

    ``sections``: any of "prescriber", "patient", "emergency", "pharmacy", "checklist" (default all);
    ``paper``: "A4" or "Letter"; ``generated``: the date printed on every page (default today).
    The same plan and ``generated`` date give the same file.
    """
    renderer = PlanPdf(plan, sections=sections, paper=paper, large_print=large_print, generated=generated)
    atomic.write_bytes(Path(path), renderer.render())
    return renderer.page_count
