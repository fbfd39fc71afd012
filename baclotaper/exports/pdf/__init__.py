"""The printable plan: one PDF with a section per audience (reportlab, no Qt).

``export_pdf(plan=..., path=...)`` is the verb; :class:`PlanPdf` is the renderer behind it.
"""

from baclotaper.exports.pdf.render import PAPER_SIZES, PlanPdf, export_pdf
from baclotaper.exports.print_options import SECTIONS, check_paper, check_sections

__all__ = ["PAPER_SIZES", "SECTIONS", "PlanPdf", "check_paper", "check_sections", "export_pdf"]
