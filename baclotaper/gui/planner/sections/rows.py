"""What every section of the regimen form is made of: labelled rows with a message line under the field.

A :class:`Section` is a group box that lays its rows out on a grid, reports what the user changed
(:attr:`Section.edited` with the field's name, never while it is being loaded) and shows a hint or
an error under a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from baclotaper.gui import palette
from baclotaper.gui.planner.form_state import FormState

# What each field is for, shown on hover (and read by screen readers as the field's help).
FIELD_TIPS = {
    "route": "Oral tablets or liquid, or an intrathecal pump",
    "product": "The product the patient takes now; the plan's steps are measurable with it",
    "strengths": "The tablet strengths the patient has or can get; tick all that may be used",
    "dose": "The total daily dose taken now (mg/day oral, mcg/day pump)",
    "per_day": "How many doses a day the patient takes now",
    "split": "How the daily dose is split now, morning first (e.g. 10+10+20); empty for even doses",
    "on_therapy": "How long the patient has taken baclofen: 18m, 2y, 6w (longer means a slower pace)",
    "start": "The day of the first cut; pick it in the calendar",
    "target": "The dose to reach; 0 stops baclofen (always in steps, never abruptly)",
    "pace": "How fast to cut; the default is chosen from the regimen and the risk factors",
    "interval_days": "Days between two cuts; empty keeps the pace's own",
    "step": "How much to take off at each cut: a fixed amount or a percent of the current dose",
    "cut_order": "Which of the day's doses gives way first (e.g. midday, morning, bedtime)",
    "avoid_weekdays": "Weekdays on which no cut should fall (e.g. when no one can watch the patient)",
    "age": "Age in years: older patients get a slower pace",
    "egfr": "Kidney function (eGFR): baclofen builds up when it is low; tick dialysis if on it",
    "history": "Earlier withdrawal, pregnancy and sedatives or opioids each argue for a slower pace",
    "indication": "Why baclofen was prescribed: some paces are for alcohol use disorder only",
    "due_date": "With a pregnancy: the plan says whether the taper ends before this date",
    "jurisdiction": "Whose maximum daily dose applies (the label of that country)",
    "detail:pump_model": "The pump's make and model, printed on the emergency card",
    "detail:reservoir_ml": "The reservoir's volume in mL: with the last refill it forecasts the alarm date",
    "detail:last_refill": "The day of the last refill; pick it in the calendar",
    "detail:next_refill": "The refill booked next; the plan warns when it comes after the low-volume alarm",
    "detail:patient_name": "Printed on every page; initials are enough",
    "detail:patient_id": "The hospital or practice number, printed on every page",
    "detail:date_of_birth": "Printed with the name to tell patients apart",
    "detail:prescriber": "Who prescribes the plan; printed for the signature",
    "detail:contact": "Where the patient or a nurse calls with a problem",
    "detail:notes": "Anything else for the printed plan",
}


class MessageLine(QLabel):
    """One line under a field for its hint or error, always there, so that a message appearing or
    growing while the user types never pushes the fields below (clicks landed on the wrong field).
    A message longer than the line ends in "…"; the whole of it is the tooltip and the field's
    accessible description, and the summary above the plan repeats an error in full."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing())
        self.setToolTip(text)

    def show_text(self, text: str) -> None:
        if self.text() != text:
            self.setText(text)
            self.setToolTip(text)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)


@dataclass(eq=False)  # one row of widgets is itself, never equal to another
class FieldRow:
    """One labelled row of the form: its label, field, message line and the widget holding them."""

    key: str
    label: QLabel
    editor: QWidget  # the widget that gets the red outline
    message: MessageLine
    container: QWidget
    hint: str = ""  # shown under the field when there is no error


class Section(QGroupBox):
    """One group of the form; subclasses build their rows and read and load their fields."""

    edited = Signal(str)  # the field the user changed

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.rows: dict[str, FieldRow] = {}
        self.tab_chain: list[QWidget] = []
        self._loading = False
        # A grid rather than a QFormLayout: QFormLayout does not grow a row when a wrapped
        # message under a field gets longer (the pace's reasons), and the text was clipped.
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(4)

    # ----- what a section does

    def read(self, state: FormState) -> FormState:
        """``state`` with this section's fields as they are on screen."""
        raise NotImplementedError

    def load(self, state: FormState) -> None:
        """Show this section's part of ``state`` without reporting it as an edit."""
        raise NotImplementedError

    def _changed(self, field: str) -> None:
        if not self._loading:
            self.edited.emit(field)

    # ----- building

    def add_row(
        self,
        key: str,
        label_text: str,
        editor: QWidget,
        *,
        focus: list[QWidget] | None = None,
        trailing: QWidget | None = None,
        hint: str = "",
    ) -> FieldRow:
        """A labelled row: the editor (with a unit or extra widgets beside it) and a message."""
        label = QLabel(label_text)
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        if trailing is not None:
            line.addWidget(trailing)
        box.addLayout(line)
        message = MessageLine(hint)
        set_role(message, "hint")
        message.setObjectName(f"{key}Message")
        box.addWidget(message)
        focusables = focus or [editor]
        label.setBuddy(focusables[0])
        tip = (
            FIELD_TIPS.get(key)
            or editor.toolTip()
            or ("Printed on the plan (optional)" if key.startswith("detail:") else plain(label_text))
        )
        label.setToolTip(tip)
        for widget in (editor, *focusables):
            if not widget.toolTip():
                widget.setToolTip(tip)
        for widget in focusables:
            # A check box or button is named by its own text ("On dialysis"), never by the row's label.
            own_text = isinstance(widget, QAbstractButton) and widget.text()
            if not widget.accessibleName() and not own_text:
                widget.setAccessibleName(plain(label_text))
        self.tab_chain += focusables
        row_number = self.grid.rowCount()
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 4, 0, 0)
        self.grid.addWidget(label, row_number, 0)
        self.grid.addWidget(container, row_number, 1)
        row = FieldRow(key, label, editor, message, container, hint)
        self.rows[key] = row
        return row

    def set_row_visible(self, key: str, visible: bool) -> None:
        row = self.rows[key]
        row.label.setVisible(visible)
        row.container.setVisible(visible)


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(False)
    # The red outline of an error must not make the field taller and nudge the row.
    edit.setFixedHeight(edit.sizeHint().height())
    return edit


def plain(label: str) -> str:
    return label.replace("&", "").rstrip(":")


def select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)


def set_role(label: QLabel, role: str) -> None:
    """Colour a message as an error (red) or a hint (the placeholder grey)."""
    label.setProperty("role", role)
    colours = label.palette()
    colour = QColor(palette.ERROR) if role == "error" else colours.color(QPalette.ColorRole.PlaceholderText)
    colours.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(colours)


def invalid_style(name: str) -> str:
    # Set on the one widget with the error: a style sheet on the whole form would re-polish every
    # field on each keystroke and slow the window's start.
    return f"#{name} {{ border: 2px solid {palette.ERROR}; border-radius: 3px; }}"


def set_message(row: FieldRow, text: str | None) -> None:
    """Show ``text`` under ``row`` as an error (None: its hint), outlining the field in red."""
    empty = isinstance(row.editor, QLineEdit) and not row.editor.text().strip()
    invalid = text is not None and not empty
    if text is None:
        shown, role = row.hint, "hint"
    elif empty:
        # An empty required field is told what to enter, without the alarm of a red outline.
        shown, role = text[0].upper() + text[1:], "hint"
    else:
        shown, role = text, "error"
    row.message.show_text(shown)
    # Re-polishing is the slow part of a keystroke: only when the look really changes.
    if row.message.property("role") != role:
        set_role(row.message, role)
    if bool(row.editor.property("invalid")) != invalid:
        row.editor.setProperty("invalid", invalid)
        name = row.editor.objectName() or f"{row.key}Field"
        row.editor.setObjectName(name)
        row.editor.setStyleSheet(invalid_style(name) if invalid else "")
    if row.editor.accessibleDescription() != (text or ""):
        row.editor.setAccessibleDescription(text or "")
