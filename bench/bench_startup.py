"""Time from launch to the first painted window, next to a bare PySide6 QMainWindow.

Run: .venv/bin/python bench/bench_startup.py [--runs 9]

Each run starts a fresh Python process (offscreen Qt) that prints the wall-clock time of its
window's first paint and quits; the time counted is from just before the process is started to
that paint.  BacloTaper is started as a user would (``python -m baclotaper``, with
BACLOTAPER_EXIT_AFTER_FIRST_PAINT=1 and a throwaway data folder); the bare window is measured the
same way in the same run, runs interleaved.  (Calling ``run_app`` straight is not measured: it
imports the Qt-free modules after PySide6, which then reads their sources; the command line
imports them first, as users start it.)  The aim is BacloTaper within 1.5× of
the bare window.

Two references show what any window pays before the app's own work.  "With a line of words": the
bare window with one label (fonts, and the Python enums of Qt's namespace).  "With the app's Qt
classes": the same, after creating every PySide6 class that BacloTaper's window has created by its
first paint (the list is read from a run of the app each time, so it follows the app).  PySide6
builds a class's Python type and enums the first time Python touches it; that is the floor of a
window built from these classes in Python, before any of the app's code, data or widgets.

``--instructions`` counts instead the machine instructions each start executes up to its first
paint (valgrind's callgrind; the process ends right at the paint, so shutting down is not counted).
The count is the same from run to run and does not depend on what else the machine is doing, so
it shows a change of a few per cent that wall-clock times on a busy 2-core machine hide.

Bytecode is cached in a temporary folder (PYTHONPYCACHEPREFIX) even when the environment says
PYTHONDONTWRITEBYTECODE, as an installed app has its .pyc files; the untimed first run fills it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import record

from baclotaper.gui.app import FIRST_PAINT_ENV

AIM_RATIO = 1.5
WORDS = "bare window with a line of words"
CLASSES = "the same with the app's Qt classes"
REFERENCES = (WORDS, CLASSES)

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Probe(QObject):
    done = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, report)
        return False

def report():
    print(f"first-paint {time.time():.6f}", flush=True)
    app.quit()

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 720)
probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""

# For reference, not for the aim: the bare window with one line of words in it, set with one of Qt's
# enums.  Any PySide6 window that shows words pays for what this adds: the font database (about 30 M
# instructions) and the Python enums of Qt's namespace (about 120 M, 95 enums built at once).
TEXT_WINDOW = BARE_WINDOW.replace(
    'window.setWindowTitle("bare")',
    """window.setWindowTitle("words")
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
label = QLabel("A window with one line of words")
label.setAlignment(Qt.AlignmentFlag.AlignCenter)
window.setCentralWidget(label)""",
)


def with_classes(classes: dict[str, list[str]]) -> str:
    """The window with words, after touching each PySide6 class named in ``classes`` (module → names)."""
    touch = "".join(
        f"\nimport {module} as _module\nfor _name in {names!r}:\n    getattr(_module, _name)"
        for module, names in sorted(classes.items())
    )
    return TEXT_WINDOW.replace('window.setWindowTitle("words")', 'window.setWindowTitle("classes")' + touch)


# Ends the process as soon as it reports its first paint (for --instructions).
EXIT_AT_PAINT = """
import os, sys
_write = sys.stdout.write
def _write_then_exit(text):
    _write(text)
    if text.startswith("first-paint"):
        sys.stdout.flush()
        os._exit(0)
    return len(text)
sys.stdout.write = _write_then_exit
"""
# Ends the process at its first paint, first printing the PySide6 classes it created (``with_classes``).
LIST_CLASSES_AT_PAINT = """
import os, sys
_write = sys.stdout.write
def _write_classes_then_exit(text):
    if text.startswith("first-paint"):
        for _name, _module in sorted(sys.modules.items()):
            if _name.startswith("PySide6.Qt") and _module is not None:
                _types = sorted(k for k, v in vars(_module).items() if isinstance(v, type))
                _write(f"classes {_name} {' '.join(_types)}\\n")
        sys.stdout.flush()
        os._exit(0)
    return len(text)
sys.stdout.write = _write_classes_then_exit
"""
APP_AS_MAIN = "import runpy, sys; sys.argv = ['baclotaper']; runpy.run_module('baclotaper', run_name='__main__')"


def app_classes(env: dict[str, str]) -> dict[str, list[str]]:
    """The PySide6 classes BacloTaper's window has created by its first paint, by module."""
    done = subprocess.run(
        [sys.executable, "-c", LIST_CLASSES_AT_PAINT + APP_AS_MAIN],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    classes = {}
    for line in done.stdout.splitlines():
        if line.startswith("classes "):
            _, module, *names = line.split()
            classes[module] = names
    if not classes:
        raise RuntimeError(f"the app listed no classes at its first paint:\n{done.stderr}")
    return classes


def instructions_to_first_paint(code: str, env: dict[str, str]) -> int:
    """Instructions executed from launch to the first paint, counted by callgrind."""
    command = [sys.executable, "-c", EXIT_AT_PAINT + code]
    subprocess.run(command, env=env, capture_output=True, timeout=120, check=True)  # fills the bytecode cache
    with tempfile.TemporaryDirectory(prefix="baclotaper-callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            env=env, capture_output=True, timeout=600, check=True,
        )  # fmt: skip
        for line in out.read_text().splitlines():
            if line.startswith("summary:"):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no summary")


def count_instructions(env: dict[str, str]) -> int:
    if shutil.which("valgrind") is None:
        print("--instructions needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    bare = instructions_to_first_paint(BARE_WINDOW, env)
    words = instructions_to_first_paint(TEXT_WINDOW, env)
    classes = app_classes(env)
    floor = instructions_to_first_paint(with_classes(classes), env)
    app = instructions_to_first_paint(APP_AS_MAIN, env)
    print(f"platform: {env['QT_QPA_PLATFORM']}, instructions from launch to the first paint (callgrind)")
    print(f"  bare QMainWindow                       {bare / 1e6:7.1f} M")
    print(f"  bare window with a line of words       {words / 1e6:7.1f} M  {words / bare:.2f}× bare (reference)")
    count = sum(len(names) for names in classes.values())
    label = f"the same with the app's {count} Qt classes"
    print(f"  {label:38} {floor / 1e6:7.1f} M  {floor / bare:.2f}× bare (reference)")
    ratio = app / bare
    verdict = "OK" if ratio <= AIM_RATIO else f"(aim ≤ {AIM_RATIO}×)"
    print(
        f"  baclotaper (python -m baclotaper)      {app / 1e6:7.1f} M  {ratio:.2f}× bare {verdict},"
        f" {app / floor:.2f}× the window with its classes"
    )
    record(
        "startup_instructions_ratio", ratio,
        app_instructions=app, bare_instructions=bare, words_instructions=words, classes_instructions=floor,
    )  # fmt: skip
    return 0


def time_to_first_paint(command: list[str], env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{command[:3]} never painted:\n{done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Startup time to the first painted window")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions to the first paint (valgrind) instead"
    )
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env[FIRST_PAINT_ENV] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: dict[str, list[float]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="baclotaper-bench-") as data,
        tempfile.TemporaryDirectory(prefix="baclotaper-pycache-") as pycache,
    ):
        env["PYTHONPYCACHEPREFIX"] = pycache
        env["BACLOTAPER_DATA_DIR"] = data
        if args.instructions:
            return count_instructions(env)
        commands = {
            "bare QMainWindow": [sys.executable, "-c", BARE_WINDOW],
            WORDS: [sys.executable, "-c", TEXT_WINDOW],
            CLASSES: [sys.executable, "-c", with_classes(app_classes(env))],
            "baclotaper (python -m baclotaper)": [sys.executable, "-m", "baclotaper"],
        }
        # One untimed run each fills the bytecode and OS file caches, as for a second start.
        for command in commands.values():
            time_to_first_paint(command, env)
        for _ in range(args.runs):
            for name, command in commands.items():
                times.setdefault(name, []).append(time_to_first_paint(command, env))
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    bare_ms = medians["bare QMainWindow"]
    print(f"platform: {env['QT_QPA_PLATFORM']}, {args.runs} runs each, median (min–max) to first paint")
    for name, ms in medians.items():
        low, high = min(times[name]) * 1000, max(times[name]) * 1000
        ratio = ms / bare_ms
        if name == "bare QMainWindow":
            verdict = ""
        elif name in REFERENCES:
            verdict = f"  {ratio:.2f}× bare (reference)"
        else:
            verdict = f"  {ratio:.2f}× bare {'OK' if ratio <= AIM_RATIO else f'(aim ≤ {AIM_RATIO}×)'}"
        print(f"  {name:36} {ms:7.1f} ms ({low:.0f}–{high:.0f}){verdict}")
    app_ms = medians["baclotaper (python -m baclotaper)"]
    classes_ms = medians[CLASSES]
    print(f"  baclotaper is {app_ms / classes_ms:.2f}× the window with its Qt classes")
    record("startup_ratio", app_ms / bare_ms, app_ms=app_ms, bare_ms=bare_ms, classes_ms=classes_ms)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
