"""The "Intrathecal pump" section: pump model, reservoir volume and the refill dates.

Shown for intrathecal plans only.  The dates are date fields with a calendar, so a date written
another way (20/01/2027) is refused where it is typed; the volume follows the user's decimal mark.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.sections.date_field import OptionalDate
from baclotaper.gui.planner.sections.rows import Section, line_edit, set_message, set_text

PUMP_DETAILS = ("pump_model", "reservoir_ml", "last_refill", "next_refill")


class PumpSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Intrathecal pump (optional)", parent)
        self.model_input = line_edit("detail_pump_model", "e.g. SynchroMed II")
        self.model_input.textEdited.connect(lambda _t: self._changed("detail:pump_model"))
        self.add_row("detail:pump_model", "Pump &model:", self.model_input)

        self.reservoir_input = line_edit("detail_reservoir_ml", "e.g. 20")
        self.reservoir_input.textEdited.connect(lambda _t: self._changed("detail:reservoir_ml"))
        self.add_row("detail:reservoir_ml", "&Reservoir volume:", self.reservoir_input, trailing=QLabel("mL"))

        self.last_refill = OptionalDate("detail_last_refill", "Last refill")
        self.last_refill.changed.connect(lambda: self._date_changed("detail:last_refill"))
        self.add_row(
            "detail:last_refill",
            "&Last refill:",
            self.last_refill,
            focus=[self.last_refill.edit, self.last_refill.given],
        )

        self.next_refill = OptionalDate("detail_next_refill", "Next refill booked")
        self.next_refill.changed.connect(lambda: self._date_changed("detail:next_refill"))
        self.add_row(
            "detail:next_refill",
            "Ne&xt refill booked:",
            self.next_refill,
            focus=[self.next_refill.edit, self.next_refill.given],
        )

    def _date_changed(self, key: str) -> None:
        if self.rows[key].hint:
            self.rows[key].hint = ""  # a date was picked: the file's unreadable one is gone
            set_message(self.rows[key], None)
        self._changed(key)

    def _texts(self) -> dict[str, str]:
        return {
            "pump_model": self.model_input.text().strip(),
            "reservoir_ml": self.reservoir_input.text().strip(),
            "last_refill": self.last_refill.text(),
            "next_refill": self.next_refill.text(),
        }

    def read(self, state: FormState) -> FormState:
        others = [(key, text) for key, text in state.details if key not in PUMP_DETAILS]
        mine = [(key, text) for key, text in self._texts().items() if text]
        return replace(state, details=tuple(sorted(others + mine)))

    def load(self, state: FormState) -> None:
        self._loading = True
        try:
            set_text(self.model_input, state.detail("pump_model"))
            set_text(self.reservoir_input, state.detail("reservoir_ml"))
            self.last_refill.set_text(state.detail("last_refill"))
            self.next_refill.set_text(state.detail("next_refill"))
            for key, field, name in (
                ("detail:last_refill", self.last_refill, "last refill"),
                ("detail:next_refill", self.next_refill, "next refill"),
            ):
                field.suggest(state.start)
                row = self.rows[key]
                # A date from an older file that cannot be read is kept, and said, until replaced.
                row.hint = (
                    f"'{field.raw}' from the file is not a date; pick the {name} in the calendar" if field.raw else ""
                )
                set_message(row, None)
        finally:
            self._loading = False

    @property
    def inputs(self) -> dict[str, QLineEdit | OptionalDate]:
        return {
            "pump_model": self.model_input,
            "reservoir_ml": self.reservoir_input,
            "last_refill": self.last_refill,
            "next_refill": self.next_refill,
        }
