"""A month calendar with the daily dose under each day: the view patients understand.

Step-change days carry a coloured mark, the stop day says so, today is outlined.  The months are
navigated with the calendar's own arrows and keys (Page Up/Down).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QCalendarWidget, QWidget

from baclotaper.common.numbers import fmt
from baclotaper.gui import palette
from baclotaper.taper.plan import TaperPlan


def to_date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CalendarView(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarView")
        self.setAccessibleName("Dose calendar")
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setGridVisible(True)
        self._plan: TaperPlan | None = None
        self._stale = False
        self._changes: set[date] = set()
        self._shown_start: date | None = None
        self._today = date.today()
        metrics = self.fontMetrics()
        # Room for the day and the dose in each cell, and no more: the window must fit 1280×720.
        self.setMinimumSize(metrics.horizontalAdvance("00.5") * 7 + 16, metrics.height() * 10)

    # ----- what the calendar shows

    def set_plan(self, plan: TaperPlan | None, *, stale: bool = False) -> None:
        self._plan = plan
        self._stale = stale
        self._changes = {s.start for s in plan.steps} if plan else set()
        if plan is not None and plan.steps[0].start != self._shown_start:
            # Jump to the plan's first month when the start moves, not on every keystroke.
            self._shown_start = plan.steps[0].start
            self.setCurrentPage(self._shown_start.year, self._shown_start.month)
        self.updateCells()

    def set_today(self, today: date) -> None:
        self._today = today
        self.updateCells()

    def cell_text(self, day: date) -> str:
        """The dose printed in ``day``'s cell ('' before the plan starts)."""
        plan = self._plan
        if plan is None or day < plan.steps[0].start:
            return ""
        return fmt(plan.dose_on(day))

    def is_change_day(self, day: date) -> bool:
        return day in self._changes

    def is_stop_day(self, day: date) -> bool:
        return self._plan is not None and day == self._plan.stop_date

    def cell_description(self, day: date) -> str:
        """The cell in words (tooltip and screen readers)."""
        if self._plan is None:
            return ""
        text = f"{day.isoformat()}: {fmt(self._plan.dose_on(day))} {self._plan.unit}"
        step = self._plan.step_on(day)
        if step is not None and step.start == day:
            text += f", step {step.number} starts"
        if day == self._today:
            text += " (today)"
        return text

    # ----- painting

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        day = to_date(qdate)
        in_month = qdate.month() == self.monthShown()
        selected = qdate == self.selectedDate()
        painter.save()
        if selected:
            painter.fillRect(rect, self.palette().highlight())
        text_colour = self.palette().highlightedText().color() if selected else self.palette().text().color()
        if not in_month:
            text_colour = QColor(palette.STALE_TEXT)
        inner = rect.adjusted(3, 1, -3, -1)
        if self.is_change_day(day) and not selected:
            tint = palette.DANGER_BACKGROUND if self.is_stop_day(day) else palette.CAUTION_BACKGROUND
            painter.fillRect(rect.adjusted(1, 1, -1, -1), QColor(tint))
            mark = QColor(palette.DANGER if self.is_stop_day(day) else palette.CHANGE_MARK)
            painter.fillRect(QRect(rect.left() + 1, rect.top() + 1, 4, rect.height() - 2), mark)
        painter.setPen(text_colour)
        if rect.height() < painter.fontMetrics().height() * 2:
            # Too short for two lines (large fonts on a small screen): a smaller day number.
            small = painter.font()
            small.setPointSizeF(small.pointSizeF() * 0.7)
            painter.setFont(small)
        painter.drawText(
            inner.adjusted(3, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(day.day)
        )
        painter.setFont(self.font())
        dose = self.cell_text(day)
        if dose:
            font = painter.font()
            font.setBold(self.is_change_day(day))
            painter.setFont(font)
            colour = QColor(palette.STALE_TEXT) if self._stale else QColor(palette.LINE)
            if selected:
                colour = text_colour
            painter.setPen(colour)
            label = "stop" if self.is_stop_day(day) and dose == "0" else dose
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, label)
        if day == self._today:
            painter.setPen(QPen(QColor(palette.TODAY), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()
