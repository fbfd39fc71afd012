"""The page frame every section prints into: header, footer, "Page x of y", bookmarks, metadata.

``PlanDocument`` is a reportlab doc template with a page template per kind of page: ``staff``
(portrait, compact) and ``patient``: printed across the page (landscape) so that a calendar day
holds each dose and its box in clear print, with the header and footer in the patient's print size
and a footer that says whom to call.  The header names the patient, the plan and the current
section; it is drawn when a page ends, because only then is the section known (a
:class:`SectionStart` flowable on that page sets it).  The total page count is only known when
the whole story is laid out, so :class:`NumberedCanvas` holds the pages back and stamps
"Page x of y" on each as the file is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from baclotaper.exports.pdf.fonts import BOLD, REGULAR, register_fonts
from baclotaper.exports.pdf.styles import INK, MUTED, RULE, Metrics

MARGIN = 15 * mm
# Top and bottom of a patient page: a landscape page is short, and a week of the calendar needs it.
PATIENT_MARGIN = 10 * mm
STAFF, PATIENT = "staff", "patient"
FOOTER_LEADING = 1.25  # a second footer line, in sizes of the footer's text
LANGUAGE = "en"  # every printed word comes from English tables


@dataclass(frozen=True)
class PageDecor:
    """What every page says about itself."""

    patient: str  # may be empty: the header then leaves a line to write the name on
    plan: str
    generated: str
    metrics: Metrics
    created: date | None = None  # the file's creation date (metadata)
    title: str = "Baclofen taper plan (draft for prescriber review)"
    # Patient pages: their sizes and the footer line saying whom to call.
    patient_metrics: Metrics | None = None
    patient_footer: tuple[str, str] = ("", "")  # the name that may be shortened, and the rest

    def sizes(self, template: str) -> Metrics:
        if template != STAFF and self.patient_metrics is not None:
            return self.patient_metrics
        return self.metrics

    def header_height(self, template: str = STAFF) -> float:
        return self.sizes(template).header_size * 3.2


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
        # Set per page by the page decoration.
        self._number_size = decor.metrics.header_size
        self._number_margin = MARGIN
        if decor.created is not None:
            # invariant=1 keeps IDs stable but dates the file 1 Jan 2000: give it its real date.
            day = decor.created
            self._doc._timeStamp.YMDhms = (day.year, day.month, day.day, 0, 0, 0)

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
        size = self._number_size
        self.setFont(BOLD, size)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN, self._number_margin - size * 1.6, f"Page {number} of {total}")


class PlanDocument(BaseDocTemplate):  # type: ignore[misc]
    """One frame per page between the header band and the footer band."""

    def __init__(
        self,
        target: Any,
        *,
        pagesize: tuple[float, float],
        decor: PageDecor,
        first_template: str = STAFF,
    ) -> None:
        register_fonts()  # the footer is measured in the bold face when the frames are made
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + decor.header_height(),
            bottomMargin=MARGIN,
            title=decor.title,
            author="BacloTaper",
            creator="BacloTaper",
            subject=decor.plan,
            lang=LANGUAGE,
            invariant=1,  # fixed IDs: the same plan and day give the same file
            initialFontName=REGULAR,  # else every page names Helvetica, a font that is not embedded
        )
        self.decor = decor
        self.section_title = ""
        self._page_title = ""
        self._titled_page = 0
        kinds = [(STAFF, pagesize)]
        if decor.patient_metrics is not None:
            kinds.append((PATIENT, landscape(pagesize)))
        kinds.sort(key=lambda kind: kind[0] != first_template)  # the first page's template first
        self.frame_sizes: dict[str, tuple[float, float]] = {}
        templates = []
        for name, size in kinds:
            frame = self._frame(name, size)
            self.frame_sizes[name] = (frame._aW, frame._aH)
            templates.append(
                PageTemplate(id=name, frames=[frame], onPageEnd=partial(self._decorate, name), pagesize=size)
            )
        self.addPageTemplates(templates)

    def _frame(self, name: str, size: tuple[float, float]) -> Frame:
        width, height = size
        margin = _vertical_margin(name)
        top = margin + self.decor.header_height(name)
        # The page number sits in the bottom margin; a patient page has whom to call above it.
        bottom = margin
        if name != STAFF:
            size_pt = self.decor.sizes(name).header_size
            extra = len(footer_lines(self.decor.patient_footer, width - 2 * MARGIN, size_pt)) - 1
            bottom += size_pt * (1.6 + FOOTER_LEADING * extra)
        return Frame(
            MARGIN,
            bottom,
            width - 2 * MARGIN,
            height - top - bottom,
            id=f"body_{name}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    @property
    def canvasmaker(self) -> Any:
        return partial(NumberedCanvas, decor=self.decor)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        # The header names the first section that starts on the page (a card and the diary may
        # share one), else the section running on from the page before.
        if isinstance(flowable, SectionStart):
            if self._titled_page != self.page:
                self._page_title = flowable.title
                self._titled_page = self.page
            self.section_title = flowable.title

    def _decorate(self, template: str, canvas: Canvas, doc: PlanDocument) -> None:
        decor = self.decor
        size = decor.sizes(template).header_size
        width, height = canvas._pagesize
        margin = _vertical_margin(template)
        left, right = MARGIN, width - MARGIN
        top = height - margin
        canvas.saveState()
        canvas._number_size = size
        canvas._number_margin = margin
        canvas.setFillColor(MUTED if template == STAFF else INK)
        canvas.setFont(BOLD, size * 1.15)
        title = self._page_title if self._titled_page == self.page else self.section_title
        canvas.drawString(left, top - size, title)
        canvas.setFont(REGULAR, size)
        patient = decor.patient or "Patient: ______________________"
        room = right - left - stringWidth(title, BOLD, size * 1.15) - size * 2
        canvas.drawRightString(right, top - size, _fit(patient, room, size))
        second = decor.plan if template == STAFF else f"{decor.plan} · printed {decor.generated}"
        canvas.drawString(left, top - size * 2.3, _fit(second, right - left, size))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - size * 2.8, right, top - size * 2.8)
        bottom = margin - size * 1.6
        canvas.line(left, margin - size * 0.4, right, margin - size * 0.4)
        if template == STAFF:
            canvas.drawString(left, bottom, f"Generated {decor.generated} by BacloTaper · DRAFT for prescriber review")
        else:
            # Whom to call, on every page the patient reads, above the rule and the page number.
            canvas.setFont(BOLD, size)
            lines = footer_lines(decor.patient_footer, right - left, size)
            for row, line in enumerate(reversed(lines)):
                canvas.drawString(left, margin + size * (0.3 + FOOTER_LEADING * row), line)
        canvas.restoreState()

    def build_story(self, story: list[Flowable]) -> None:
        self.build(story, canvasmaker=self.canvasmaker)


def _vertical_margin(template: str) -> float:
    return float(MARGIN if template == STAFF else PATIENT_MARGIN)


def footer_lines(parts: tuple[str, str], width: float, size: float) -> list[str]:
    """The footer within ``width``, on one line or, if the phones and the emergency number do not
    fit beside the name, two: the name is shortened first, never the numbers."""
    head, tail = parts
    if stringWidth(head + tail, BOLD, size) <= width:
        return [head + tail]
    if head and width - stringWidth(tail, BOLD, size) >= stringWidth("Questions: Wwwwwwwwwwww…", BOLD, size):
        return [_fit_head(head, tail, width, size)]
    first, _, rest = tail.partition(" · ")
    return [_fit_head(head, first, width, size), _fit(rest, width, size, BOLD)]


def _fit_head(head: str, tail: str, width: float, size: float) -> str:
    room = width - float(stringWidth(tail, BOLD, size))
    if room <= 0:
        return _fit(head + tail, width, size, BOLD)
    return _fit(head, room, size, BOLD) + tail


def _fit(text: str, width: float, size: float, font: str = REGULAR) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` points (a very long name stays on the page)."""
    if stringWidth(text, font, size) <= width:
        return text
    # The longest prefix that fits with the ellipsis, by bisection: a name of thousands of
    # characters is measured a dozen times, not once per character (once per page at that).
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"
