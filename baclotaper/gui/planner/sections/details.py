"""The "Patient and prescriber" section: free-text details printed with the plan, kept in
``FormState.details`` under the keys of ``DETAIL_FIELDS`` (the pump's have their own section)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.sections.pump import PUMP_DETAILS
from baclotaper.gui.planner.sections.rows import Section, set_text
from baclotaper.taper.regimen import DETAIL_FIELDS, DETAIL_TEXT


class DetailsSection(Section):
    """Rows for some of the detail keys; ``read`` keeps the other sections' details."""

    def __init__(self, title: str, keys: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.keys = keys
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key in keys:
            editor: QLineEdit | QPlainTextEdit
            if key == "notes":
                editor = QPlainTextEdit()
                editor.setTabChangesFocus(True)
                editor.setFixedHeight(editor.fontMetrics().height() * 4)
                editor.textChanged.connect(lambda key=key: self._changed(f"detail:{key}"))
            else:
                editor = QLineEdit()
                editor.setMaxLength(text_limit(DETAIL_TEXT.get(key, TextKind.SHORT)))
                editor.textEdited.connect(lambda _t, key=key: self._changed(f"detail:{key}"))
            editor.setObjectName(f"detail_{key}")
            self.inputs[key] = editor
            self.add_row(f"detail:{key}", f"{DETAIL_FIELDS[key]}:", editor)

    def read(self, state: FormState) -> FormState:
        others = [(key, text) for key, text in state.details if key not in self.keys]
        mine = [
            (key, text)
            for key, editor in self.inputs.items()
            if (text := (editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()).strip())
        ]
        return replace(state, details=tuple(sorted(others + mine)))

    def load(self, state: FormState) -> None:
        self._loading = True
        try:
            for key, editor in self.inputs.items():
                value = state.detail(key)
                if isinstance(editor, QPlainTextEdit):
                    if editor.toPlainText() != value:
                        editor.setPlainText(value)
                else:
                    set_text(editor, value)
        finally:
            self._loading = False


def patient_section() -> DetailsSection:
    keys = tuple(key for key in DETAIL_FIELDS if key not in PUMP_DETAILS)
    return DetailsSection("Patient and prescriber (optional, for printing)", keys)
