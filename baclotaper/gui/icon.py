"""The app's icon, from the SVG that ships in the resources (also installed for the desktop entry)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from baclotaper.common import paths
from baclotaper.common.data import resource_path


def use_app_icon() -> None:
    """Every window of the app shows the icon (title bar, task switcher).  The planner sets it just
    after its first paint: QIcon's enums and the SVG plugin cost about 2 % of the start."""
    from PySide6.QtGui import QIcon

    if QApplication.windowIcon().isNull():
        icon = QIcon(str(resource_path(f"icons/{paths.APP_ID}.svg")))
        # The desktop's own copy (named like the app ID) when it is installed; the shipped SVG if not.
        QApplication.setWindowIcon(QIcon.fromTheme(paths.APP_ID, icon))
