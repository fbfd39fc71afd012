"""The plan's views: the step table above the calendar and chart, or, when the window is short
(large fonts on a small screen), one tab each so that every view gets the whole height."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QStackedLayout, QTabWidget, QWidget

# Below this many text lines of height the views go into tabs: split three ways, the table showed
# one row and the calendar no day at 200 % font on 1280×720.
COMPACT_BELOW_LINES = 18


class PlanPane(QWidget):
    def __init__(self, table: QWidget, calendar: QWidget, chart: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPane")
        self.table, self.calendar, self.chart = table, calendar, chart
        self.below = QSplitter(Qt.Orientation.Horizontal)
        self.below.setObjectName("calendarChartSplitter")
        self.below.setChildrenCollapsible(False)
        # In a scroll area: a calendar claiming its full height would squeeze the table to a row.
        self.lower_scroll = QScrollArea()
        self.lower_scroll.setObjectName("calendarChartScroll")
        self.lower_scroll.setWidgetResizable(True)
        self.lower_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.lower_scroll.setWidget(self.below)
        self.lower_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("planSplitter")
        self.splitter.setChildrenCollapsible(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("planTabs")
        self.tabs.setDocumentMode(True)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.tabs)
        self.compact = True  # so that the first arrangement below happens
        self._arrange(compact=False)

    def _arrange(self, *, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        current = self.tabs.currentIndex()
        if compact:
            self.tabs.addTab(self.table, "Steps")
            self.tabs.addTab(self.calendar, "Calendar")
            self.tabs.addTab(self.chart, "Chart")
            self.tabs.setCurrentIndex(max(current, 0))
            # Only the current tab's view shows: shown, the others lay over it (and F6 took them
            # for visible panes while they were on tabs not shown).
            for view in (self.table, self.calendar, self.chart):
                view.setVisible(view is self.tabs.currentWidget())
            self.stack.setCurrentWidget(self.tabs)
        else:
            self.below.addWidget(self.calendar)
            self.below.addWidget(self.chart)
            self.below.setStretchFactor(0, 0)
            self.below.setStretchFactor(1, 1)
            self.splitter.addWidget(self.table)
            self.splitter.addWidget(self.lower_scroll)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            # Start at 3:2 whatever the panes' size hints say (setSizes scales to the space there is).
            self.splitter.setSizes([3000, 2000])
            self.splitter.setCollapsible(0, False)
            self.stack.setCurrentWidget(self.splitter)
            for view in (self.table, self.calendar, self.chart):
                view.show()  # taken out of the tabs, each was hidden

    def show_view(self, view: QWidget) -> None:
        """Bring ``view`` forward (its tab, when in tabs) before it takes the focus."""
        if self.compact:
            self.tabs.setCurrentWidget(view)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(compact=event.size().height() < self.fontMetrics().lineSpacing() * COMPACT_BELOW_LINES)
