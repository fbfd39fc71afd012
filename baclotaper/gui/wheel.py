"""Lists and spin boxes take the mouse wheel only once the user has focused them.

Without this, scrolling a form with the wheel changes whatever list passes under the pointer (the
pace, the jurisdiction), which rebuilt the plan and dropped hand edits.  Unfocused, the wheel goes
to the scroll area around the field instead.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def guard_wheel(root: QWidget, fields: Iterable[QWidget] | None = None) -> None:
    """Every list and spin box under ``root`` (or among ``fields``, when the caller has them at
    hand): wheel only when focused, focus by click or Tab.  Searching ``root`` makes a Python object
    for every widget under it, which the planner's form, at its start, spares itself."""
    guard = root.findChild(_WheelGuard, "wheelGuard", Qt.FindChildOption.FindDirectChildrenOnly)
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheelGuard")
    if fields is None:
        fields = [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox)]
    for widget in fields:
        if not isinstance(widget, (QComboBox, QAbstractSpinBox)):
            continue
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(guard)
