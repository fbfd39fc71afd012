"""The page frame every section prints into: header, footer, "Page x of y" and bookmarks.

``PlanDocument`` is a reportlab doc template with one page template.  The header names the
patient, the plan and the current section; it is drawn when a page ends, because only then is the
section known (a :class:`SectionStart` flowable on that page sets it).  The total page count is
only known when the whole story is laid out, so :class:`NumberedCanvas` holds the pages back and
stamps "Page x of y" on each as the file is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from baclotaper.exports.pdf.fonts import BOLD, REGULAR
from baclotaper.exports.pdf.styles import MUTED, RULE, Metrics

MARGIN = 15 * mm


@dataclass(frozen=True)
class PageDecor:
    """What every page says about itself."""

    patient: str  # may be empty: the header then leaves a line to write the name on
    plan: str
    generated: str
    metrics: Metrics

    @property
    def header_height(self) -> float:
        return self.metrics.header_size * 3.2

    @property
    def footer_height(self) -> float:
        return self.metrics.header_size * 2.2


class SectionStart(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Zero-size marker: the section that starts here names the page header and a bookmark."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key = key
        self.title = title

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes "Page x of y" on every page once it knows y."""

    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._stamp_page_number(number, total)
            super().showPage()
        super().save()

    def _stamp_page_number(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        size = self._decor.metrics.header_size
        self.setFont(BOLD, size)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN, MARGIN - size * 1.6, f"Page {number} of {total}")


class PlanDocument(BaseDocTemplate):  # type: ignore[misc]
    """One frame per page between the header band and the footer band."""

    def __init__(self, target: Any, *, pagesize: tuple[float, float], decor: PageDecor) -> None:
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + decor.header_height,
            bottomMargin=MARGIN,
            title="Baclofen taper plan (draft for prescriber review)",
            author="BacloTaper",
            creator="BacloTaper",
            subject=decor.plan,
            invariant=1,  # fixed dates and IDs: the same plan and day give the same file
            initialFontName=REGULAR,  # else every page names Helvetica, a font that is not embedded
        )
        self.decor = decor
        self.section_title = ""
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="plan", frames=[frame], onPageEnd=self._decorate)])

    @property
    def canvasmaker(self) -> Any:
        return partial(NumberedCanvas, decor=self.decor)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, SectionStart):
            self.section_title = flowable.title

    def _decorate(self, canvas: Canvas, doc: PlanDocument) -> None:
        decor = self.decor
        size = decor.metrics.header_size
        width, height = self.pagesize
        left, right = MARGIN, width - MARGIN
        top = height - MARGIN
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(BOLD, size * 1.15)
        canvas.drawString(left, top - size, self.section_title)
        canvas.setFont(REGULAR, size)
        patient = decor.patient or "Patient: ______________________"
        canvas.drawRightString(right, top - size, _fit(patient, right - left - 60 * mm, size))
        canvas.drawString(left, top - size * 2.3, decor.plan)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - size * 2.8, right, top - size * 2.8)
        bottom = MARGIN - size * 1.6
        canvas.line(left, MARGIN - size * 0.4, right, MARGIN - size * 0.4)
        canvas.drawString(left, bottom, f"Generated {decor.generated} by BacloTaper · DRAFT for prescriber review")
        canvas.restoreState()

    def build_story(self, story: list[Flowable]) -> None:
        self.build(story, canvasmaker=self.canvasmaker)


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` points (a very long name stays on the page)."""
    if stringWidth(text, REGULAR, size) <= width:
        return text
    while text and stringWidth(text + "…", REGULAR, size) > width:
        text = text[:-1]
    return text + "…"
