"""Start the window: ``run_app`` is what ``baclotaper`` runs without a subcommand."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from baclotaper import __version__
from baclotaper.common import paths

# Set to 1 to print the wall-clock time of the first paint and quit (bench/bench_startup.py).
FIRST_PAINT_ENV = "BACLOTAPER_EXIT_AFTER_FIRST_PAINT"


class _FirstPaintProbe(QObject):
    """Prints ``first-paint <epoch seconds>`` once the window has painted, then quits."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            # Report after this paint has been handled.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        sys.stdout.write(f"first-paint {time.time():.6f}\n")
        sys.stdout.flush()
        self._app.quit()


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
        window.installEventFilter(_FirstPaintProbe(app))
        window.show()
    else:
        window.start(plan_file)
    return app.exec()
