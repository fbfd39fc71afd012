"""Every benchmark, then one table: what was measured, the figure, its aim, and whether it is met.

Run: .venv/bin/python bench/run_all.py [--quick] [--bundle DIR] [--show-output]

Each script in ``BENCHES`` runs in its own process (as it does alone) and hands its headline
figures over through ``bench/figures.py``; the bundle's size is read from the folder that
``packaging/build.sh`` makes (``dist/baclotaper``), when it is there.  ``--quick`` uses fewer runs
(about a minute and a half on a 2-core machine instead of three).  The table is Markdown, to paste
into ``bench/README.md``.  Exit status 1 if a benchmark failed; an aim not met is shown, not an error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from figures import FIGURES_ENV

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_BUNDLE = ROOT / "dist" / "baclotaper"

# (script, arguments, arguments with --quick)
BENCHES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("bench_plan.py", (), ()),
    ("bench_keystroke.py", ("--runs", "200"), ("--runs", "40")),
    ("bench_startup.py", ("--runs", "9"), ("--runs", "5")),
    ("bench_pdf.py", ("--runs", "5"), ("--runs", "2")),
    ("bench_store.py", ("--saves", "200"), ("--saves", "50")),
    ("bench_timeline.py", ("--runs", "5"), ("--runs", "3")),
    ("bench_memory.py", ("--runs", "3"), ("--runs", "1")),
)

Figures = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Row:
    key: str
    script: str  # the benchmark that records it ("" for the bundle, weighed here)
    what: str
    aim: str
    met: Callable[[dict[str, float]], bool]
    show: Callable[[dict[str, float]], str]


def _classes_floor(figure: dict[str, float]) -> str:
    """What the bare window with the app's Qt classes took: the floor under the start-up aim."""
    if "classes_ms" not in figure:
        return ""
    return f"; the bare window with the app's Qt classes alone: {figure['classes_ms'] / figure['bare_ms']:.2f}×"


ROWS = (
    Row(
        "plan_ms",
        "bench_plan.py",
        "building a plan (slowest of 300 mg/day tablets, 300 mg/day 1 mg/mL liquid, 900 mcg/day pump), median",
        "< 5 ms",
        lambda f: f["value"] < 5,
        lambda f: f"{f['value']:.2f} ms",
    ),
    Row(
        "keystroke_ms",
        "bench_keystroke.py",
        "keystroke in the dose field to repainted plan (300 mg/day), median",
        "< 30 ms",
        lambda f: f["value"] < 30,
        lambda f: f"{f['value']:.1f} ms (p95 {f['p95']:.0f})",
    ),
    Row(
        "startup_ratio",
        "bench_startup.py",
        "launch to first painted window, next to a bare PySide6 QMainWindow",
        "≤ 1.5×",
        lambda f: f["value"] <= 1.5,
        lambda f: f"{f['value']:.2f}× ({f['app_ms']:.0f} vs {f['bare_ms']:.0f} ms{_classes_floor(f)})",
    ),
    Row(
        "pdf_ratio",
        "bench_pdf.py",
        "PDF export, all sections of the longest bench plan, next to bare reportlab",
        "≤ 1.5×, < 1 s",
        lambda f: f["value"] <= 1.5 and f["pdf_ms"] < 1000,
        lambda f: f"{f['value']:.2f}× ({f['pdf_ms']:.0f} ms, {f['pages']:.0f} pages)",
    ),
    Row(
        "entry_save_ms",
        "bench_store.py",
        "saving a log entry (durable commit), median",
        "< 50 ms",
        lambda f: f["value"] < 50,
        lambda f: f"{f['value']:.1f} ms",
    ),
    Row(
        "timeline_ms",
        "bench_timeline.py",
        "nurse's log timeline of 50,000 entries, last 30 days (the window's default), to first paint",
        "< 200 ms",
        lambda f: f["value"] < 200,
        lambda f: f"{f['value']:.0f} ms",
    ),
    Row(
        "timeline_whole_ms",
        "bench_timeline.py",
        "the same timeline, whole history (All dates)",
        "< 200 ms",
        lambda f: f["value"] < 200,
        lambda f: f"{f['value']:.0f} ms",
    ),
    Row(
        "memory_first_paint_mib",
        "bench_memory.py",
        "memory of the app at its first paint, next to the bare window",
        "≤ 1.5×",
        lambda f: f["value"] <= 1.5 * f["bare_mib"],
        lambda f: f"{f['value']:.0f} MiB ({f['value'] / f['bare_mib']:.2f}× {f['bare_mib']:.0f})",
    ),
    Row(
        "memory_peak_mib",
        "bench_memory.py",
        "peak memory of the running app (300 mg/day plan, then a PDF export)",
        "< 150 MiB",
        lambda f: f["value"] < 150,
        lambda f: f"{f['value']:.0f} MiB",
    ),
    Row(
        "bundle_mib",
        "",
        "installed bundle (PyInstaller one-folder, packaging/build.sh)",
        "< 120 MiB",
        lambda f: f["value"] < 120,
        lambda f: f"{f['value']:.0f} MiB",
    ),
)


def folder_mib(folder: Path) -> float:
    """Bytes of every file under ``folder`` (as ``du --apparent-size``), in MiB."""
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 2**20


def read_figures(path: Path) -> Figures:
    figures: Figures = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            figures[entry.pop("key")] = entry
    return figures


def table(figures: Figures, failed: dict[str, str], bundle: str = "the bundle") -> str:
    """The Markdown table; a missing figure says why (its script failed, or the bundle is not built)."""
    lines = ["| what | figure | aim | met |", "|---|---|---|---|"]
    for row in ROWS:
        if row.key in figures:
            figure = figures[row.key]
            shown, verdict = row.show(figure), "yes" if row.met(figure) else "**no**"
        elif row.script in failed:
            shown, verdict = failed[row.script], "–"
        elif not row.script:
            shown, verdict = f"not built ({bundle}: run packaging/build.sh)", "–"
        else:
            shown, verdict = "not measured", "–"
        lines.append(f"| {row.what} | {shown} | {row.aim} | {verdict} |")
    return "\n".join(lines)


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load {load} (1, 5, 15 min); Python {platform.python_version()}"


def run_bench(script: str, args: tuple[str, ...], env: dict[str, str], show: bool) -> tuple[int, float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if show:
        sys.stderr.write(done.stdout)
    return done.returncode, time.perf_counter() - start, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs of each benchmark")
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE, help="the built app folder to weigh")
    parser.add_argument("--show-output", action="store_true", help="also print each benchmark's own report")
    args = parser.parse_args()
    failed: dict[str, str] = {}
    before = machine()
    with tempfile.TemporaryDirectory(prefix="baclotaper-figures-") as folder:
        figures_file = Path(folder) / "figures.jsonl"
        env = dict(os.environ, **{FIGURES_ENV: str(figures_file)})
        for script, full, quick in BENCHES:
            sys.stderr.write(f"{script} … ")
            sys.stderr.flush()
            code, seconds, errors = run_bench(script, quick if args.quick else full, env, args.show_output)
            sys.stderr.write(f"{seconds:.0f} s{'' if code == 0 else f', FAILED (exit {code})'}\n")
            if code != 0:
                sys.stderr.write(errors[-2000:])
                failed[script] = f"{script} failed (exit {code})"
        figures = read_figures(figures_file)
    if args.bundle.is_dir():
        figures["bundle_mib"] = {"value": folder_mib(args.bundle)}
    print(f"{'quick' if args.quick else 'full'} run, {time.strftime('%Y-%m-%d %H:%M')}; {before}")
    print()
    print(table(figures, failed, os.path.relpath(args.bundle, ROOT)))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
