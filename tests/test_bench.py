"""bench/run_all.py: every row of its table is measured by a benchmark that records it."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def run_all() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))  # as when the script runs: it imports bench/figures.py
    spec = importlib.util.spec_from_file_location("run_all", BENCH / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_all"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))
        for name in ("run_all", "figures"):
            sys.modules.pop(name, None)


def test_every_benchmark_runs_and_every_row_is_recorded_by_its_script(run_all: ModuleType) -> None:
    scripts = {script for script, _, _ in run_all.BENCHES}
    assert scripts == {p.name for p in BENCH.glob("bench_*.py")}  # a new benchmark joins the table
    for row in run_all.ROWS:
        if row.script:
            assert row.script in scripts
            source = (BENCH / row.script).read_text(encoding="utf-8")
            assert re.search(rf'record\(\s*"{row.key}"', source), f"{row.script} never records {row.key}"


def test_the_table_marks_misses_and_says_why_a_figure_is_missing(run_all: ModuleType, tmp_path: Path) -> None:
    figures_file = tmp_path / "figures.jsonl"
    figures_file.write_text(
        '{"key": "plan_ms", "value": 2.5}\n'
        '{"key": "keystroke_ms", "value": 41.0, "p95": 60.0}\n'
        '{"key": "memory_peak_mib", "value": 121.4}\n'
        '{"key": "startup_ratio", "value": 1.8, "app_ms": 270, "bare_ms": 150, "classes_ms": 210}\n',
        encoding="utf-8",
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "lib.so").write_bytes(b"\0" * 2**20 * 3)
    figures = run_all.read_figures(figures_file)
    figures["bundle_mib"] = {"value": run_all.folder_mib(tmp_path / "app")}
    text = run_all.table(figures, {"bench_pdf.py": "bench_pdf.py failed (exit 1)"})
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()[2:]}
    assert len(rows) == len(run_all.ROWS)
    assert rows[run_all.ROWS[0].what].endswith("| 2.50 ms | < 5 ms | yes |")
    assert rows[run_all.ROWS[1].what].endswith("| 41.0 ms (p95 60) | < 30 ms | **no** |")
    assert "bench_pdf.py failed (exit 1)" in next(line for what, line in rows.items() if what.startswith("PDF"))
    assert "| 3 MiB | < 120 MiB | yes |" in text
    # start-up: with the floor under the aim, the bare window with the app's Qt classes
    assert "not measured" in next(line for what, line in rows.items() if "entry" in what)  # no figure, no failure
    assert "| 1.80× (270 vs 150 ms; the bare window with the app's Qt classes alone: 1.40×) | ≤ 1.5× | **no** |" in text
