"""How the PDF is made: valid, self-contained, reproducible, on the paper asked for."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import fmt
from baclotaper.exports.pdf import PlanPdf, export_pdf
from baclotaper.taper.plan import TaperPlan
from tests.exports.conftest import GENERATED, flat, page_texts

STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def _fonts(path: Path) -> dict[str, Any]:
    """Every font used on any page, by base name."""
    found: dict[str, Any] = {}
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def _descriptor(font: Any) -> Any:
    if font["/Subtype"] == "/Type0":
        return font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    return font["/FontDescriptor"].get_object()


def test_every_font_is_embedded_truetype(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=itb_plan, path=path, generated=GENERATED)
    fonts = _fonts(path)
    assert fonts
    for name, font in fonts.items():
        assert name.lstrip("/").split("+")[-1] not in STANDARD_14, name
        assert "/FontFile2" in _descriptor(font), f"{name} is not an embedded TrueType font"
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}


def test_qpdf_finds_no_errors(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=oral_plan, path=path, paper="Letter", large_print=True, generated=GENERATED)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_same_plan_and_date_give_the_same_file(oral_plan: TaperPlan, tmp_path: Path) -> None:
    first, second, later = tmp_path / "1.pdf", tmp_path / "2.pdf", tmp_path / "3.pdf"
    export_pdf(plan=oral_plan, path=first, generated=GENERATED)
    export_pdf(plan=oral_plan, path=second, generated=GENERATED)
    assert page_texts(first) == page_texts(second)
    assert first.read_bytes() == second.read_bytes()
    export_pdf(plan=oral_plan, path=later, generated=date(2026, 11, 22))
    changed = [(a, b) for a, b in zip(page_texts(first), page_texts(later), strict=True) if a != b]
    assert changed and all(a.replace("21 Nov 2026", "22 Nov 2026") == b for a, b in changed)


def test_generated_defaults_to_today(oral_plan: TaperPlan) -> None:
    assert PlanPdf(oral_plan).generated == date.today()


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792)), ("letter", (612, 792))])
def test_paper_sizes(oral_plan: TaperPlan, tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=oral_plan, path=path, sections=["pharmacy", "emergency"], paper=paper, generated=GENERATED)
    pages = [page.mediabox for page in PdfReader(path).pages]
    staff, patient = pages[0], pages[-1]
    assert (round(float(staff.width)), round(float(staff.height))) == size
    # The patient's pages print across the same paper.
    assert (round(float(patient.height)), round(float(patient.width))) == size


def test_large_print_uses_larger_type_for_the_patient(oral_plan: TaperPlan, tmp_path: Path) -> None:
    normal, large = tmp_path / "normal.pdf", tmp_path / "large.pdf"
    sizes: dict[str, set[float]] = {}
    for path, flag in ((normal, False), (large, True)):
        export_pdf(plan=oral_plan, path=path, sections=["patient"], large_print=flag, generated=GENERATED)
        found: set[float] = set()

        def visit(text: str, _cm: Any, tm: Any, _font: Any, size: float, found: set[float] = found) -> None:
            if "Before the first change" in text:
                found.add(round(size * tm[0], 1))

        for page in PdfReader(path).pages:
            page.extract_text(visitor_text=visit)
        sizes[path.stem] = found
    assert min(sizes["large"]) >= 16 > max(sizes["normal"]) >= min(sizes["normal"]) >= 12


def _bold_text(path: Path, page_numbers: range | None = None) -> str:
    bold: list[str] = []
    reader = PdfReader(path)
    for index, page in enumerate(reader.pages):
        if page_numbers is not None and index not in page_numbers:
            continue

        def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: float) -> None:
            if font is not None and "Bold" in str(font.get("/BaseFont", "")):
                bold.append(text)

        page.extract_text(visitor_text=visit)
    return flat(" ".join(bold))


def test_danger_warnings_and_emergency_signs_print_in_bold(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    export_pdf(plan=itb_plan, path=path, sections=["prescriber", "patient"], generated=GENERATED)
    bold = _bold_text(path)
    assert "DANGER (INTRATHECAL): Intrathecal baclofen: wean only under specialist supervision." in bold
    assert "INFO" in bold and "no validated baclofen taper schedule" not in bold
    for sign in ("Confused, muddled, not making sense", "The pump sounds a two-tone alarm"):
        assert sign in bold


def test_bad_sections_and_paper_name_the_field(oral_plan: TaperPlan, tmp_path: Path) -> None:
    with pytest.raises(InputError) as bad_section:
        export_pdf(plan=oral_plan, path=tmp_path / "x.pdf", sections=["patient", "invoice"])
    assert bad_section.value.field == "sections" and "'invoice'" in bad_section.value.message
    with pytest.raises(InputError) as none_chosen:
        export_pdf(plan=oral_plan, path=tmp_path / "x.pdf", sections=[])
    assert none_chosen.value.field == "sections"
    with pytest.raises(InputError) as bad_paper:
        export_pdf(plan=oral_plan, path=tmp_path / "x.pdf", paper="A3")
    assert bad_paper.value.field == "paper"
    assert not (tmp_path / "x.pdf").exists()


def test_the_file_is_written_atomically_into_new_folders(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "plan.pdf"
    pages = export_pdf(plan=oral_plan, path=path, sections=["emergency"], generated=GENERATED)
    assert pages == 1 and path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in path.parent.iterdir()] == ["plan.pdf"]  # no temporary file left behind


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("large_print", [False, True])
def test_a_pump_rate_never_wraps_inside_its_unit_in_the_step_table(
    itb_plan: TaperPlan, tmp_path: Path, paper: str, large_print: bool
) -> None:
    # "270 mcg/da" on one line and "y" on the next: the prescriber's step table of every pump plan.
    path = tmp_path / "itb.pdf"
    export_pdf(plan=itb_plan, path=path, reader="prescriber", paper=paper, large_print=large_print)
    text = "\n".join(page_texts(path))
    assert not re.search(r"mcg/da\s*\n\s*y", text)
    for step in itb_plan.steps:
        assert re.search(rf"\b{fmt(step.daily_dose)}\s+mcg/day", text), step.daily_dose
