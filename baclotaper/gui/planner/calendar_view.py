"""A month calendar with the daily dose under each day: the view patients understand.

Step-change days carry a coloured mark, the stop day says so, today is outlined.  It is a table
with a header per weekday, so a screen reader says "Tuesday 26 January 2027, 25 mg a day: morning
10 mg, midday 5 mg, bedtime 10 mg" for a day, and Tab leaves it in one press.  The arrows move by
day and week, Page Up/Down by month, Home/End to the month's first and last day; the named previous
and next month buttons do the same with the mouse or from the keyboard.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from baclotaper.common.numbers import fmt
from baclotaper.gui import palette
from baclotaper.gui.painting import fill

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan

Index = QModelIndex | QPersistentModelIndex
ROWS, COLUMNS = 6, 7
DATE_ROLE = Qt.ItemDataRole.UserRole


def to_date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def days_in_month(year: int, month: int) -> int:
    # Not calendar.monthrange: the calendar module (and the locale module it loads) would be
    # imported while the window starts, for a key press.
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


class CalendarModel(QAbstractTableModel):
    """Six weeks of days around one month, the first column the locale's first day of the week."""

    def __init__(self, owner: CalendarView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.year, self.month = owner.selected.year, owner.selected.month
        first = QLocale().firstDayOfWeek().value  # 1 = Monday … 7 = Sunday
        self.first_weekday = first - 1  # Python's weekday(): 0 = Monday

    def first_shown(self) -> date:
        first = date(self.year, self.month, 1)
        return first - timedelta(days=(first.weekday() - self.first_weekday) % 7)

    def day_at(self, row: int, column: int) -> date:
        return self.first_shown() + timedelta(days=row * COLUMNS + column)

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - self.first_shown()).days
        if not 0 <= offset < ROWS * COLUMNS:
            return QModelIndex()
        return self.index(offset // COLUMNS, offset % COLUMNS)

    def set_page(self, year: int, month: int) -> None:
        if (year, month) != (self.year, self.month):
            self.beginResetModel()
            self.year, self.month = year, month
            self.endResetModel()

    def refresh(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(ROWS - 1, COLUMNS - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        day = self.day_at(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return str(day.day)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.owner.spoken(day)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.owner.cell_description(day)
        if role == DATE_ROLE:
            return day
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMNS:
            return None
        weekday = (self.first_weekday + section) % 7 + 1
        if role == Qt.ItemDataRole.DisplayRole:
            return QLocale().dayName(weekday, QLocale.FormatType.ShortFormat)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return QLocale().dayName(weekday, QLocale.FormatType.LongFormat)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags


class _DayDelegate(QStyledItemDelegate):
    """The day number top left, the dose bottom right, the change and stop marks, today's outline."""

    def __init__(self, owner: CalendarView) -> None:
        super().__init__(owner)
        self.owner = owner

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        day = index.data(DATE_ROLE)
        if not isinstance(day, date):
            return
        self.owner.paint_day(painter, option.rect, day)


class _DaysTable(QTableView):
    """The days: arrows by day and week, pages by month; Enter chooses the day."""

    def __init__(self, owner: CalendarView) -> None:
        super().__init__(owner)
        self.owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        day = self.owner.selected
        moves: dict[Qt.Key, date] = {
            Qt.Key.Key_Left: day - timedelta(days=1),
            Qt.Key.Key_Right: day + timedelta(days=1),
            Qt.Key.Key_Up: day - timedelta(days=7),
            Qt.Key.Key_Down: day + timedelta(days=7),
            Qt.Key.Key_PageUp: add_months(day, -1),
            Qt.Key.Key_PageDown: add_months(day, 1),
            Qt.Key.Key_Home: day.replace(day=1),
            Qt.Key.Key_End: day.replace(day=days_in_month(day.year, day.month)),
        }
        if key in moves:
            self.owner.select(moves[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.owner.clicked.emit(to_qdate(day))
        else:
            super().keyPressEvent(event)


class CalendarView(QWidget):
    clicked = Signal(QDate)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarView")
        self.setAccessibleName("Dose calendar")
        self._plan: TaperPlan | None = None
        self._stale = False
        self._changes: set[date] = set()
        self._shown_start: date | None = None
        self._today = date.today()
        self.selected = self._today

        # Made in reading order (the month bar above the days): that is the Tab order.
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("calendarPreviousMonth")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setAccessibleName("Previous month")
        self.previous_button.setToolTip("Previous month (Page Up)")
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("calendarNextMonth")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setAccessibleName("Next month")
        self.next_button.setToolTip("Next month (Page Down)")
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAutoRaise(True)
        self.previous_button.clicked.connect(lambda: self.select(add_months(self.selected, -1)))
        self.next_button.clicked.connect(lambda: self.select(add_months(self.selected, 1)))
        self.month_label = QLabel()
        self.month_label.setObjectName("calendarMonth")
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.month_label.setStyleSheet("font-weight: bold;")

        self.model = CalendarModel(self)
        self.table = _DaysTable(self)
        self.table.setObjectName("calendarDays")
        self.table.setModel(self.model)
        self.table.setItemDelegate(_DayDelegate(self))
        self.table.setTabKeyNavigation(False)  # Tab leaves the calendar; the arrows move in it
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(True)
        self.table.setCornerButtonEnabled(False)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(1)
        self.table.clicked.connect(self._cell_clicked)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.month_label, 1)
        bar.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        metrics = self.fontMetrics()
        # Room for the day and the dose in each cell, and no more: the window must fit 1280×720.
        self.setMinimumSize(metrics.horizontalAdvance("00.5") * 7 + 16, metrics.height() * 10)
        self._page_changed()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("000.5 ") * 7 + 16, metrics.height() * 16)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Focused as a whole (Ctrl+3, F6): the days take it.  Not a focus proxy, which would
        # tangle the Tab order of the month buttons with the days.
        self.table.setFocus(event.reason())

    # ----- which month and day

    def monthShown(self) -> int:
        return self.model.month

    def yearShown(self) -> int:
        return self.model.year

    def selectedDate(self) -> QDate:
        return to_qdate(self.selected)

    def setSelectedDate(self, qdate: QDate) -> None:
        self.select(to_date(qdate))

    def setCurrentPage(self, year: int, month: int) -> None:
        self.model.set_page(year, month)
        self._page_changed()

    def showToday(self) -> None:
        self.select(self._today)

    def select(self, day: date) -> None:
        """Choose ``day``, turning to its month."""
        self.selected = day
        self.setCurrentPage(day.year, day.month)
        index = self.model.index_of(day)
        self.table.setCurrentIndex(index)
        self.table.selectionModel().select(index, self.table.selectionModel().SelectionFlag.ClearAndSelect)

    def _cell_clicked(self, index: QModelIndex) -> None:
        day = index.data(DATE_ROLE)
        if isinstance(day, date):
            self.select(day)
            self.clicked.emit(to_qdate(day))

    def _page_changed(self) -> None:
        month = QLocale().standaloneMonthName(self.model.month, QLocale.FormatType.LongFormat)
        self.month_label.setText(f"{month} {self.model.year}")
        self.table.setAccessibleName(f"Dose calendar, {month} {self.model.year}")
        index = self.model.index_of(self.selected)
        if index.isValid():
            self.table.setCurrentIndex(index)

    # ----- what the calendar shows

    def set_plan(self, plan: TaperPlan | None, *, stale: bool = False) -> None:
        self._plan = plan
        self._stale = stale
        self._changes = {s.start for s in plan.steps} if plan else set()
        if plan is not None and plan.steps[0].start != self._shown_start:
            # Jump to the plan's first month when the start moves, not on every keystroke.
            self._shown_start = plan.steps[0].start
            self.select(self._shown_start)
        self.updateCells()

    def set_today(self, today: date) -> None:
        self._today = today
        self.updateCells()

    def updateCells(self) -> None:
        self.model.refresh()

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
        """The cell in short (its tooltip)."""
        if self._plan is None:
            return ""
        text = f"{day.isoformat()}: {fmt(self._plan.dose_on(day))} {self._plan.unit}"
        step = self._plan.step_on(day)
        if step is not None and step.start == day:
            text += f", step {step.number} starts"
        if day == self._today:
            text += " (today)"
        return text

    def spoken(self, day: date) -> str:
        """The cell in words, as a screen reader says it: the date and what to take that day."""
        locale = QLocale()
        when = (
            f"{locale.dayName(day.isoweekday(), QLocale.FormatType.LongFormat)} {day.day} "
            f"{locale.monthName(day.month, QLocale.FormatType.LongFormat)} {day.year}"
        )
        plan = self._plan
        if plan is None:
            return when
        if day < plan.steps[0].start:
            return f"{when}, before the plan starts"
        step = plan.step_on(day)
        unit = plan.unit
        per_dose = unit.split("/")[0]
        if step is None or step.daily_dose == 0:
            text = f"{when}, stopped: nothing to take"
        else:
            doses = [a for a in step.administrations if a.time != "continuous"]
            detail = ", ".join(f"{a.time} {fmt(a.dose)} {per_dose}" for a in doses)
            text = f"{when}, {fmt(step.daily_dose)} {unit.replace('/day', ' a day')}"
            if detail:
                text += f": {detail}"
        if step is not None and step.start == day:
            text += f"; step {step.number} starts"
        if day == self._today:
            text += "; today"
        if self._stale:
            text += "; out of date: the form has an error"
        return text

    # ----- painting

    def paint_day(self, painter: QPainter, rect: QRect, day: date) -> None:
        in_month = day.month == self.model.month
        selected = day == self.selected
        painter.save()
        if selected:
            fill(painter, rect, self.palette().highlight())
        text_colour = self.palette().highlightedText().color() if selected else self.palette().text().color()
        if not in_month:
            text_colour = QColor(palette.STALE_TEXT)
        inner = rect.adjusted(3, 1, -3, -1)
        if self.is_change_day(day) and not selected:
            tint = palette.DANGER_BACKGROUND if self.is_stop_day(day) else palette.CAUTION_BACKGROUND
            fill(painter, rect.adjusted(1, 1, -1, -1), QColor(tint))
            mark = QColor(palette.DANGER if self.is_stop_day(day) else palette.CHANGE_MARK)
            fill(painter, QRect(rect.left() + 1, rect.top() + 1, 4, rect.height() - 2), mark)
            # The tint is light on every theme: a dark theme's light text would vanish on it.
            text_colour = QColor(palette.STALE_TEXT if not in_month else palette.TEXT_ON_TINT)
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
            tinted = self.is_change_day(day)
            colour = QColor(palette.LINE) if tinted else palette.line_colour(self.palette())
            if self._stale:
                colour = QColor(palette.STALE_TEXT)
            if selected:
                colour = text_colour
            painter.setPen(colour)
            label = "stop" if self.is_stop_day(day) and dose == "0" else dose
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, label)
        if day == self._today:
            painter.setPen(QPen(palette.today_colour(self.palette()), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()
