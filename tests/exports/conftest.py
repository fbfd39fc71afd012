"""Plans and helpers for the export tests: known plans, and reading a PDF back."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from baclotaper.taper import edits
from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.products import intrathecal
from baclotaper.taper.regimen import Regimen
from tests.factories import START, plan

GENERATED = date(2026, 11, 21)
TRICKY_NAME = "Zoë <b>Brontë</b> & Söhne"
TRICKY_NOTE = "Take with food <i>not</i> milk & water; ½ tablet ≥ 2 h apart at 37.5 °C, 5 µg"


def oral_details() -> dict[str, str]:
    return {
        "patient_name": TRICKY_NAME,
        "patient_id": "MRN-0042",
        "date_of_birth": "1950-02-03",
        "prescriber": "Dr Ana Müller",
        "contact": "+44 20 7946 0000",
        "notes": TRICKY_NOTE,
    }


@pytest.fixture
def oral_plan() -> TaperPlan:
    """60 mg/day, four tablet strengths all kept by the prescriber, cautious: 12 steps from 1 Dec 2026
    to 4 May 2027."""
    return plan(60, "tablets:5,10,15,20", options=PlanOptions(all_strengths=True), extra=oral_details())


@pytest.fixture
def itb_plan() -> TaperPlan:
    regimen = Regimen(
        product=intrathecal(500),
        daily_dose=400,
        on_therapy=Duration.parse("3y"),
        start=START,
        per_day=1,
        extra={
            "patient_name": "J. Doe",
            "pump_model": "SynchroMed II",
            "reservoir_ml": "20",
            "next_refill": "2026-12-20",
            "contact": "555-0100",
        },
    )
    return build_plan(regimen)


@pytest.fixture
def liquid_plan() -> TaperPlan:
    """The benchmark plan: 300 mg/day of the 1 mg/mL solution, cautious pace (45 steps)."""
    return plan(300, "solution:1mg/ml", options=PlanOptions(pace=PaceChanges(pace="cautious")))


@pytest.fixture
def revised_plan(oral_plan: TaperPlan) -> TaperPlan:
    """The oral plan after a hold and a step back, each with a note."""
    held = edits.hold(oral_plan, START + timedelta(days=20), 7, "dizzy <b>&</b> tired")
    return edits.step_back(held, START + timedelta(days=60), 7, "spasms")


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces as single spaces (paragraphs wrap anywhere)."""
    return re.sub(r"\s+", " ", text).strip()


def section_pages(texts: list[str], header: str) -> list[int]:
    """Numbers (from 1) of the pages whose header names ``header``."""
    return [n for n, text in enumerate(texts, start=1) if header in (line.strip() for line in text.splitlines())]


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn on a page: where (points from the bottom left), how big, which font."""

    text: str
    x: float
    y: float
    size: float
    font: str


def page_runs(path: Path) -> list[list[Run]]:
    """Every text run of every page, with its position and font size in points."""
    pages: list[list[Run]] = []
    for page in PdfReader(path).pages:
        found: list[Run] = []

        def visit(  # noqa: PLR0917 - pypdf's visitor signature
            text: str, cm: Any, tm: Any, font: Any, size: float, found: list[Run] = found
        ) -> None:
            if not text.strip():
                return
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            name = str(font.get("/BaseFont", "")) if font is not None else ""
            found.append(Run(" ".join(text.split()), x, y, round(size * scale, 2), name))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages
