"""Pages of the printed packets for the README, rendered with pdftoppm (poppler-utils).

    .venv/bin/python scripts/pdf_pages.py [--out docs/pdf] [--dpi 60]

Three example plans (60 mg/day tablets in the UK, 45 mg/day of the 1 mg/mL solution, a pump at
400 mcg/day), each printed per reader; the chosen pages become PNG files.  Nothing is read from or
written to the user's data folder.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from baclotaper.exports.pdf import export_pdf
from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.products import intrathecal, parse_product
from baclotaper.taper.regimen import Regimen

GENERATED = date(2026, 11, 21)
START = date(2026, 12, 1)
ROOT = Path(__file__).resolve().parents[1]
CONTACTS = {"prescriber": "Dr Ana Müller, Spasticity Clinic", "contact": "020 7946 0000"}

# (file name, plan, reader, large print, the page: the first with this text, then pages after it)
PAGES = (
    ("patient", "tablets", "patient", False, ("Your baclofen schedule", 0)),
    ("calendar", "liquid", "patient", False, ("Your calendar", 1)),
    ("diary", "tablets", "patient", False, ("Your diary after each change", 1)),
    ("emergency", "pump", "patient", False, ("MEDICAL ALERT", 0)),
    ("calendar-pump", "pump", "patient", False, ("Your calendar", 1)),
    ("large-print", "liquid", "patient", True, ("Your calendar", 1)),
    ("prescriber", "tablets", "prescriber", False, ("Prescriber summary", 0)),
    ("pharmacy", "liquid", "pharmacy", False, ("Pharmacy order", 0)),
    ("checklist", "pump", "nurse", False, ("After the cut on", 1)),
)


def page_with(pdf: Path, text: str, after: int) -> int:
    """The number (from 1) of the first page showing ``text``, plus ``after``."""
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    return next(n for n, page in enumerate(pages, start=1) if text in page) + after


def plans() -> dict[str, TaperPlan]:
    def oral(dose: float, product: str, **extra: str) -> TaperPlan:
        regimen = Regimen(
            product=parse_product(product),
            daily_dose=dose,
            on_therapy=Duration.parse("3y"),
            start=START,
            jurisdiction="UK",
            extra={"patient_name": "Jane Example", "date_of_birth": "1950-02-03", **CONTACTS, **extra},
        )
        return build_plan(regimen)

    pump = Regimen(
        product=intrathecal(500),
        daily_dose=400,
        on_therapy=Duration.parse("3y"),
        start=START,
        per_day=1,
        extra={
            "patient_name": "John Example",
            "pump_model": "SynchroMed II",
            "reservoir_ml": "20",
            "last_refill": "2026-11-20",
            "pump_team_phone": "020 7946 0199",
            **CONTACTS,
        },
    )
    return {
        "tablets": oral(60, "tablets:5,10,15,20"),
        "liquid": oral(45, "solution:1mg/ml"),
        "pump": build_plan(pump),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pdf")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    made = plans()
    with tempfile.TemporaryDirectory() as folder:
        for name, plan_name, reader, large, (text, after) in PAGES:
            pdf = Path(folder) / f"{plan_name}-{reader}-{large}.pdf"
            if not pdf.exists():
                pages = export_pdf(
                    plan=made[plan_name], path=pdf, reader=reader, large_print=large, generated=GENERATED
                )
                print(f"{pdf.name}: {pages} pages")
            target = args.out / name
            page = page_with(pdf, text, after)
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(page), "-l", str(page), "-singlefile", pdf, target],
                check=True,
            )
            print(f"{target}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
