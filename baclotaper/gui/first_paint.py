"""Run something once a window has painted for the first time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

_NAME = "afterFirstPaint"


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName(_NAME)
        self.callbacks: list[Callable[[], None]] = []
        self.done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            watched.removeEventFilter(self)
            # After this paint has been handled and shown, not inside it.
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        for callback in self.callbacks:
            callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` from the event loop just after ``widget`` first paints: work the first
    window does not show waits until the user sees the window.  Callbacks run in the order they
    were given (Qt would ask the last event filter first), so the start-up benchmark's, given
    before the window's own, reports the paint before the window's later work."""
    waiting = widget.findChild(_AfterFirstPaint, _NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    if waiting is None or waiting.done:  # a widget already painted waits for its next paint
        waiting = _AfterFirstPaint(widget)
    waiting.callbacks.append(callback)
