"""Peak memory of the running app: at its first paint, and after planning and a PDF export.

Run: .venv/bin/python bench/bench_memory.py [--runs 3]

Each figure is the peak resident memory (the kernel's high-water mark, ``ru_maxrss``) of a fresh
offscreen process, median of the runs: a bare PySide6 ``QMainWindow`` to its first paint;
``python -m baclotaper`` to its first paint; and the planner window with a 300 mg/day plan typed in
and exported to PDF through File ▸ Export PDF (the dialogs answered by the script), the heaviest
thing a user commonly does.  Aims: the first window within 1.5× the bare one's memory; the app
after a PDF export under 150 MiB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

from bench_startup import BARE_WINDOW
from figures import record

from baclotaper.gui.app import FIRST_PAINT_ENV

AIM_FIRST_PAINT_RATIO = 1.5
AIM_PEAK_MIB = 150.0

PLAN_AND_EXPORT = """
import sys
from datetime import date
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from baclotaper.common import paths
from baclotaper.common.settings import Settings
from baclotaper.exports.pdf import SECTIONS
from baclotaper.gui.planner import export_dialogs as dialogs
from baclotaper.gui.planner.main_window import MainWindow

folder = Path(sys.argv[1])
paths.set_data_dir(folder)
app = QApplication(sys.argv[:1])
window = MainWindow(Settings(), today=date(2026, 12, 1))
window.resize(1280, 720)
window.show()
QTest.keyClicks(window.form.regimen.dose_input, "300")
QTest.keyClicks(window.form.regimen.on_therapy_input, "2y")
for _ in range(8):
    app.processEvents()
assert window.document.plan is not None, "no plan was made"
dialogs.ask_pdf_options = lambda parent, paper: dialogs.PdfOptions(tuple(SECTIONS), paper, False)
dialogs.ask_save_path = lambda *args: folder / "plan.pdf"
dialogs.ask_open_now = lambda *args: False
window.window_actions.export_pdf.trigger()
assert (folder / "plan.pdf").stat().st_size > 0, "the PDF was not written"
window.document.undo_stack.setClean()
window.close()
"""


def peak_mib(command: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of ``command``'s process, in MiB."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed ({process.returncode}):\n{errors}")
    return usage.ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env[FIRST_PAINT_ENV] = "1"
    figures: dict[str, list[float]] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="baclotaper-bench-") as data:
            env["BACLOTAPER_DATA_DIR"] = data
            commands = {
                "bare QMainWindow, first paint": [sys.executable, "-c", BARE_WINDOW],
                "baclotaper, first paint": [sys.executable, "-m", "baclotaper"],
                "baclotaper, 300 mg/day plan + PDF export": [sys.executable, "-c", PLAN_AND_EXPORT, data],
            }
            for name, command in commands.items():
                figures.setdefault(name, []).append(peak_mib(command, env))
    medians = {name: statistics.median(values) for name, values in figures.items()}
    bare, first, peak = medians.values()
    print(f"peak resident memory, median of {args.runs} runs, offscreen:")
    for name, mib in medians.items():
        print(f"  {name:44} {mib:6.1f} MiB")
    ratio = first / bare
    print(f"first window {ratio:.2f}× bare: {'OK' if ratio <= AIM_FIRST_PAINT_RATIO else 'over'} the aim of ≤ 1.5×")
    print(f"after a PDF export {peak:.0f} MiB: {'OK' if peak < AIM_PEAK_MIB else 'over'} the aim of < 150 MiB")
    record("memory_first_paint_mib", first, bare_mib=bare)
    record("memory_peak_mib", peak)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
