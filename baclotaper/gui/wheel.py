"""Lists and spin boxes take the mouse wheel only once the user has focused them.

Without this, scrolling a form with the wheel changes whatever list passes under the pointer (the
pace, the jurisdiction), which rebuilt the plan and dropped hand edits.  Unfocused, the wheel goes
to the scroll area around the field instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        parent = watched.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            # The scroll area around the field scrolls instead.
            QCoreApplication.sendEvent(parent.viewport(), event)
        return True


def guard_wheel(root: QWidget) -> None:
    """Every list and spin box under ``root``: wheel only when focused, focus by click or Tab."""
    guard = root.findChild(_WheelGuard, "wheelGuard")
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheelGuard")
    for widget in [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox)]:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(guard)
