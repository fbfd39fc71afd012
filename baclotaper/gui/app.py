"""Start the window: ``run_app`` is what ``baclotaper`` runs without a subcommand."""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from baclotaper import __version__, gui
from baclotaper.common import paths

# Set to 1 to print the wall-clock time of the first paint and quit (bench/bench_startup.py).
FIRST_PAINT_ENV = "BACLOTAPER_EXIT_AFTER_FIRST_PAINT"


def _feature_marks() -> dict[str, int] | None:
    """PySide6 reads the source of every module imported after it, looking for ``from __feature__``
    (snake_case, true_property), and keeps what it found per module name; None when this PySide6
    does no such scan."""
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:
        return None
    known = getattr(feature, "pyside_feature_dict", None)
    return known if isinstance(known, dict) else None


def _declare_no_features() -> None:
    """Spare PySide6's scan of the modules that cannot use a feature (about 5 % of the start).
    The window's modules use PySide6 and no feature: they are marked as the scan would mark them
    (0).  The modules loaded before PySide6 was cannot be using it (typing, dataclasses, the form's
    core): they are marked as the scan marks a module without PySide6 (-1: keep the current
    feature set, which in this app is always none)."""
    known = _feature_marks()
    if known is None:
        return
    package = os.path.dirname(__file__)
    top = os.path.dirname(os.path.dirname(package))
    for folder, _, files in os.walk(package):  # os.walk: pathlib's rglob took 1 ms here
        dotted = os.path.relpath(folder, top).replace(os.sep, ".")
        for name in files:
            if name.endswith(".py"):
                known.setdefault(dotted if name == "__init__.py" else f"{dotted}.{name[:-3]}", 0)
    for name in gui.BEFORE_PYSIDE or ():
        known.setdefault(name, -1)


_declare_no_features()


def _report_first_paint() -> None:
    sys.stdout.write(f"first-paint {time.time():.6f}\n")
    sys.stdout.flush()
    QApplication.quit()


def run_app(argv: list[str], *, plan_file: Path | None = None) -> int:
    """The planner window; ``plan_file`` (from the command line or a double-click) is opened in it."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "baclotaper", *argv])
    app.setApplicationName("BacloTaper")
    app.setApplicationDisplayName("BacloTaper")
    app.setOrganizationName("BacloTaper")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(paths.APP_ID)

    from baclotaper.common.settings import Settings
    from baclotaper.gui.planner.main_window import MainWindow

    window = MainWindow(Settings())
    if os.environ.get(FIRST_PAINT_ENV) == "1":
        from baclotaper.gui.first_paint import after_first_paint

        after_first_paint(window, _report_first_paint)
    window.start(plan_file)
    QTimer.singleShot(0, _collector_on)
    return app.exec()


def _collector_on() -> None:
    """Turn the garbage collector back on (the command line turns it off for the start).  What the
    start built lives as long as the window, so it is set aside from later collections."""
    gc.freeze()
    gc.enable()
