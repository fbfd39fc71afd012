"""PDF benchmark: the printable plan of a long taper, next to a bare reportlab document.

    .venv/bin/python bench/bench_pdf.py [--runs 5] [--large-print]

The plan: 300 mg/day of the 1 mg/mL oral solution, on baclofen 2 years, cautious pace (the
longest plan: about 20 months, every day on the patient's calendar), all sections, then each
reader's packet on its own (the aim: each under 1 s).  The baseline, built in the same run, is a plain reportlab
document with the same number of pages, each a 40-row table in the same embedded font: the cost
of reportlab itself, against which the plan's own layout work can be judged.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from figures import record
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from baclotaper.exports.pdf import export_pdf
from baclotaper.exports.pdf.fonts import BOLD, REGULAR, register_fonts
from baclotaper.exports.print_options import PACKETS
from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.products import parse_product
from baclotaper.taper.regimen import Regimen

GENERATED = date(2026, 11, 21)


def bench_plan() -> TaperPlan:
    regimen = Regimen(
        product=parse_product("solution:1mg/ml"),
        daily_dose=300,
        on_therapy=Duration.parse("2y"),
        start=date(2026, 12, 1),
    )
    return build_plan(regimen, PlanOptions(pace=PaceChanges(pace="cautious")))


def bare_document(pages: int) -> bytes:
    """``pages`` pages, each one ruled table of 40 rows × 6 columns of short text."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName=REGULAR)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("GRID", (0, 0), (-1, -1), 0.5, "#777777"),
        ]
    )
    story = []
    for page in range(pages):
        rows = [["Step", "From", "To", "Days", "Dose", "Note"]]
        rows += [[str(r), "1 Dec 2026", "14 Dec 2026", "14", f"{page + r} mg", "—"] for r in range(39)]
        story += [Table(rows, repeatRows=1, style=style), PageBreak()]
    doc.build(story[:-1])
    return buffer.getvalue()


def _median_seconds(runs: int, action: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append(clock() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-print", action="store_true")
    args = parser.parse_args()
    plan = bench_plan()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.pdf"
        pages = export_pdf(plan=plan, path=path, large_print=args.large_print, generated=GENERATED)  # warm-up
        size_kb = path.stat().st_size / 1024

        def export() -> int:
            return export_pdf(plan=plan, path=path, large_print=args.large_print, generated=GENERATED)

        plan_s = _median_seconds(args.runs, export)
    bare_document(pages)  # warm-up
    bare_s = _median_seconds(args.runs, lambda: bare_document(pages))
    print(f"plan: {len(plan.steps)} steps, {plan.total_days} days; PDF {pages} pages, {size_kb:.0f} KiB")
    print(f"export_pdf, all sections: {plan_s * 1000:7.0f} ms  {pages / plan_s:6.1f} pages/s  (median of {args.runs})")
    print(f"bare reportlab, {pages} table pages: {bare_s * 1000:7.0f} ms  {pages / bare_s:6.1f} pages/s")
    print(f"ratio: {plan_s / bare_s:.1f}× the bare document")
    record("pdf_ratio", plan_s / bare_s, pdf_ms=plan_s * 1000, pages=pages)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "packet.pdf"
        for reader in PACKETS:
            if reader == "all":
                continue

            def packet(reader: str = reader) -> int:
                return export_pdf(
                    plan=plan, path=path, reader=reader, large_print=args.large_print, generated=GENERATED
                )

            count = packet()
            seconds = _median_seconds(args.runs, packet)
            # CPU time too: on a shared machine the wall clock also counts the other processes.
            cpu = _median_seconds(args.runs, packet, time.process_time)
            print(f"  --for {reader:<10} {count:3d} pages {seconds * 1000:7.0f} ms ({cpu * 1000:.0f} ms CPU)")


if __name__ == "__main__":
    main()
