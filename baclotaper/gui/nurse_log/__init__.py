"""The nurse's withdrawal log window: checklists, advice, the plan's revisions and the record.

The planner opens it with :func:`open_log_window`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from baclotaper.gui.nurse_log.window import LogWindow
from baclotaper.taper.plan import TaperPlan

__all__ = ["LogWindow", "open_log_window"]


def open_log_window(*, parent: QWidget | None, plan: TaperPlan | None, plan_path: Path | None) -> LogWindow:
    """Show the log window on the user's database; ``plan`` is what "Attach current plan" attaches."""
    window = LogWindow(plan=plan, plan_path=plan_path, parent=parent)
    # A top-level window of its own even with a parent; freed (and its database closed) on close.
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.show()
    return window
