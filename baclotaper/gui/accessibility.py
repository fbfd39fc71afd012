"""What both windows need so a screen reader and the keyboard alone can use them.

* :func:`label_for` ties a visible label to its control: the buddy (Alt+letter, and the "labelled by"
  relation screen readers read) and the control's accessible name, which is the label's own words.
* :func:`announce` asks the screen reader to say a message without moving the focus (Qt ≥ 6.8).
* :func:`tab_leaves` makes Tab leave a date field at once (Qt's walks its day, month and year first).
* :func:`move_focus` is Tab in reading order, pane after pane and row by row, and :class:`PaneCycle`
  moves between the panes with F6 / Shift+F6 (switching tabs to a pane on a tab not shown).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

NEXT_PANE = QKeySequence(Qt.Key.Key_F6)
PREVIOUS_PANE = QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F6)
_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A label's words as a screen reader should say them: no mnemonic '&', markup or final colon."""
    if "<" in text:  # rich text: tags and entities, and no mnemonics
        import html  # only here: the module and its entity table cost the start 1 %

        words = html.unescape(_TAGS.sub("", text))
    else:
        words = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(words.split()).rstrip(":").strip()


def label_for(label: QLabel, control: QWidget, *, name: str | None = None) -> None:
    """``label`` names ``control``: its buddy, and its accessible name (``name``, else the label's words)."""
    label.setBuddy(control)
    control.setAccessibleName(name if name is not None else plain(label.text()))


def announce(source: QObject, message: str, *, urgent: bool = False) -> None:
    """Have the screen reader say ``message`` (``urgent``: interrupting what it was saying).

    The focus stays where it is: nothing typed is lost.
    """
    if not message:
        return
    event = QAccessibleAnnouncementEvent(source, message)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive if urgent else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)


def _stops_here(widget: QWidget) -> bool:
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
        return False
    # The line edit inside a date field or combo box: Tab stops at the field, which passes it on.
    return not isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)


def tab_stops(pane: QWidget) -> list[QWidget]:
    """The widgets inside ``pane`` that Tab stops at, in reading order.

    Each container's children are read row by row, left to right, by where they sit in it, and each
    child's own widgets before the next child's: a form scrolled half way reads as it was built.
    """
    found: list[QWidget] = []

    def visit(widget: QWidget) -> None:
        if _stops_here(widget):
            found.append(widget)
        # Hidden ones are skipped: never shown, a widget sits at (0, 0) at 640×480 and would jumble a row.
        children = [c for c in widget.children() if isinstance(c, QWidget) and not c.isWindow() and not c.isHidden()]
        for child in _in_reading_order(children):
            visit(child)

    visit(pane)
    return found


def _in_reading_order(widgets: list[QWidget]) -> list[QWidget]:
    rows: list[list[QWidget]] = []
    for widget in sorted(widgets, key=lambda w: w.y()):
        # One row while the tops are within half a line: a check box beside a field sits a little lower.
        if rows and widget.y() < rows[-1][0].y() + max(8, rows[-1][0].height() // 2):
            rows[-1].append(widget)
        else:
            rows.append([widget])
    return [widget for row in rows for widget in sorted(row, key=lambda w: w.x())]


def move_focus(window: QWidget, panes: Sequence[QWidget], forward: bool) -> bool:
    """Tab (or Shift+Tab) in reading order: pane after pane, and in each pane row by row.

    Windows call this from ``focusNextPrevChild``, so the order never depends on Qt's focus chain
    (which a field with a focus proxy can tear apart into a loop).  False when there is nowhere to go.
    """
    stops = [w for pane in panes if pane.isVisible() for w in tab_stops(pane) if w.isVisible() and w.isEnabled()]
    if not stops:
        return False
    here = QApplication.focusWidget()
    while here is not None and here not in stops and here is not window:
        here = here.parentWidget()
    if here is None or here not in stops:
        target = stops[0] if forward else stops[-1]
    else:
        target = stops[(stops.index(here) + (1 if forward else -1)) % len(stops)]
    target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    # Once Qt's scroll area has had its say (it scrolls a wide field's right edge into view).
    QTimer.singleShot(0, target, lambda: _scroll_to(target))
    return True


def _focus_target(pane: QWidget, entries: Sequence[QWidget]) -> QWidget | None:
    stops = [w for w in tab_stops(pane) if w.isVisible() and w.isEnabled()]
    if not stops:
        return None
    current = pane.focusWidget()  # where the user was last in this pane
    if current is not None and current in stops:
        return current
    return next((w for w in entries if w in stops), stops[0])


class PaneCycle(QObject):
    """F6 moves the focus to the next pane, Shift+F6 to the previous one (as in most desktop apps)."""

    def __init__(self, window: QWidget, panes: Sequence[QWidget], *, entries: Sequence[QWidget] = ()) -> None:
        """``entries``: where the focus lands in a pane the first time, when not its first field."""
        super().__init__(window)
        self.window = window
        self.panes = list(panes)
        self.entries = list(entries)
        for keys, step in ((NEXT_PANE, 1), (PREVIOUS_PANE, -1)):
            shortcut = QShortcut(keys, window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda step=step: self.move(step))

    def current(self) -> int | None:
        focus = self.window.focusWidget()
        for index, pane in enumerate(self.panes):
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return index
        return None

    def move(self, step: int) -> QWidget | None:
        """Focus the pane ``step`` panes away; the widget focused.

        A pane on a tab not shown (the planner's views in tabs when the window is short) is reached
        by switching to its tab; panes hidden otherwise, or with nothing to focus, are skipped.
        """
        here = self.current()
        count = len(self.panes)
        start = (here if here is not None else (-1 if step > 0 else 0)) + step
        for offset in range(count):
            pane = self.panes[(start + offset * step) % count]
            switches = [] if pane.isVisible() else _tabs_hiding(pane)
            if switches is None or not self.window.isVisible():
                continue
            shown_before = [(tabs, tabs.currentIndex()) for tabs, _page in switches]
            focused = self.window.focusWidget()  # the window's, even while another window is active
            if switches and focused is not None:
                # Else Qt hands the focus on from the page going away (to its next page's first
                # field, or back to the form), and each pane would remember the wrong field.
                focused.clearFocus()
            for tabs, page in reversed(switches):  # the outermost tab first
                tabs.setCurrentWidget(page)
            target = _focus_target(pane, self.entries) if pane.isVisible() else None
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                _scroll_to(target)
                return target
            for tabs, index in shown_before:  # nothing to focus there: all stays as it was
                tabs.setCurrentIndex(index)
            if switches and focused is not None:
                focused.setFocus(Qt.FocusReason.OtherFocusReason)
        return None


def _tabs_hiding(widget: QWidget) -> list[tuple[QTabWidget, QWidget]] | None:
    """The tab widgets whose current page must change for ``widget`` to show, innermost first,
    each with the page to show; None when something else hides it (a hidden or folded pane)."""
    switches: list[tuple[QTabWidget, QWidget]] = []
    here: QWidget | None = widget
    while here is not None and not here.isWindow():
        parent = here.parentWidget()
        if here.isHidden():
            tabs = parent.parentWidget() if isinstance(parent, QStackedWidget) else None
            if not isinstance(tabs, QTabWidget) or tabs.indexOf(here) < 0:
                return None
            switches.append((tabs, here))
        here = parent
    return switches


def _scroll_to(widget: QWidget) -> None:
    """A field reached from the keyboard is brought into view in its scroll area."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QScrollArea):
            scroll_into_view(area, widget)
            return
        parent = area


def scroll_into_view(area: QScrollArea, widget: QWidget) -> None:
    """Scroll ``area`` so ``widget`` shows, its left edge first: a wide field in a narrow form
    does not push its label out of sight to the left."""
    content = area.widget()
    if content is None or not content.isAncestorOf(widget):
        return
    top_left = widget.mapTo(content, QPoint(0, 0))
    half = widget.height() // 2
    area.ensureVisible(top_left.x(), top_left.y() + half, 8, half + 8)
    if top_left.x() + 8 < area.viewport().width():
        area.horizontalScrollBar().setValue(0)  # the labels on the left stay in sight


class _TabLeaves(QObject):
    """Tab and Shift+Tab go to the next field, not to the date field's next section."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            return False  # Ctrl+Tab and the like are someone else's
        field = watched if isinstance(watched, QAbstractSpinBox) else watched.parent()
        if not isinstance(field, QWidget):
            return False
        forward = key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        # The window's own Tab order, as from any other field (QWidget's, not the date field's).
        return QWidget.focusNextPrevChild(field, forward)


def tab_leaves(field: QAbstractSpinBox) -> None:
    """Tab leaves ``field`` (a date or time field) in one press; the arrows still move in its sections."""
    keeper = _TabLeaves(field)
    field.installEventFilter(keeper)
    for child in field.findChildren(QWidget):
        child.installEventFilter(keeper)
