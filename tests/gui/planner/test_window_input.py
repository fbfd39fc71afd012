"""Numbers typed as the user's locale writes them; anything ambiguous is refused at the field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.step_table_model import Column
from tests.gui.conftest import choose, fill_in, find, table_texts


@pytest.fixture
def french() -> Iterator[None]:
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(old)


def pump(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window.form.regimen.route_combo, "Intrathecal")


def test_english_refuses_a_thousands_comma_instead_of_reading_one(qtbot: QtBot, window: MainWindow) -> None:
    pump(qtbot, window)
    fill_in(qtbot, window, dose="1,000", on_therapy="2y")
    assert window.form.is_marked_invalid("dose")
    assert window.form.error_text("dose").startswith("'1,000' is ambiguous: write digits with '.' for decimals")
    assert window.document.stale or window.document.plan is None  # no plan from a guessed number
    assert table_texts(window, Column.DOSE) == []


@pytest.mark.parametrize(("typed", "says"), [("600,5", "is ambiguous"), ("1e3", "is not a number")])
def test_english_refuses_a_comma_decimal_and_exponents(qtbot: QtBot, window: MainWindow, typed: str, says: str) -> None:
    pump(qtbot, window)
    fill_in(qtbot, window, dose=typed, on_therapy="2y")
    assert window.form.error_text("dose").startswith(f"'{typed}' {says}")
    assert window.document.plan is None


def solution(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window.form.regimen.product_combo, "1 mg/mL oral solution")


def test_english_reads_a_point_decimal(qtbot: QtBot, window: MainWindow) -> None:
    solution(qtbot, window)
    fill_in(qtbot, window, dose="7.5", on_therapy="2y")
    assert window.form.error_text("dose") == ""
    assert window.document.plan is not None
    assert window.document.plan.regimen.daily_dose == 7.5


def test_french_reads_a_comma_decimal_and_refuses_a_point(qtbot: QtBot, french: None, make_window: Any) -> None:
    window: MainWindow = make_window()
    solution(qtbot, window)
    fill_in(qtbot, window, dose="7,5", on_therapy="2y")
    assert window.form.error_text("dose") == ""
    assert window.document.plan is not None
    assert window.document.plan.regimen.daily_dose == 7.5

    dose = find(window, QLineEdit, "doseInput")
    dose.clear()
    qtbot.keyClicks(dose, "1.000")
    assert window.form.error_text("dose").startswith("'1.000' is ambiguous: write digits with ',' for decimals")


def test_french_step_table_edits_take_commas(qtbot: QtBot, french: None, make_window: Any) -> None:
    window: MainWindow = make_window()
    solution(qtbot, window)
    fill_in(qtbot, window, dose="30", on_therapy="2y")
    model = window.step_table.model()
    index = model.index(0, Column.DOSE)
    model.setData(index, "27,5")  # a bigger cut after it: confirmed once the editor has closed
    qtbot.waitUntil(lambda: window.document.plan is not None and window.document.plan.steps[0].daily_dose == 27.5)
    assert model.index(0, Column.DOSE).data(0x2) == "27,5"  # EditRole: typed back with a comma
    model.setData(index, "27.5")
    assert "is not a number of mg/day (digits, ',' for decimals" in window.summary.notice.text()
