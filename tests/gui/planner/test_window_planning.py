"""A prescriber fills in the form and watches the plan take shape."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QListView
from pytestqt.qtbot import QtBot

from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.step_table_model import Column
from tests.gui.conftest import TODAY, choose, fill_in, find, table_texts


def combo_texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_new_window_asks_for_the_dose_without_alarm(window: MainWindow) -> None:
    assert table_texts(window, Column.DOSE) == []
    assert "No plan yet" in window.summary.title.text()
    # An empty required field says what to enter, without a red outline.
    assert not window.form.is_marked_invalid("dose")
    assert window.form.error_text("dose") == ""
    assert "more than 0, up to 500 mg/day" in find(window, QLabel, "doseMessage").text()


def test_typing_a_regimen_builds_the_plan_live(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")

    doses = table_texts(window, Column.DOSE)
    assert doses[0] == "55 mg/day"
    assert doses[-1] == "0 mg/day"
    assert table_texts(window, Column.START)[0] == "2026-12-01"
    takes = table_texts(window, Column.TAKES)[0]
    assert "morning: 2 × 10 mg tablets" in takes  # 10 mg tablets measure every step: the only strength dispensed
    assert "Cautious: 10 % every 2 weeks" in window.summary.title.text()
    # The calendar shows the dose under each day, the chart and warnings follow.
    assert window.calendar.cell_text(date(2026, 12, 1)) == "55"
    assert window.calendar.cell_text(date(2026, 12, 15)) == "50"
    assert window.calendar.is_change_day(date(2026, 12, 15))
    assert "From 60 mg/day" in window.chart.describe()
    warnings = window.warnings.texts()
    assert any("no validated baclofen taper schedule" in w for w in warnings)
    assert window.warnings_dock.windowTitle().startswith("Warnings (")


def test_each_keystroke_replans(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="5", on_therapy="2y")
    assert "From 5 to 0 mg/day" in window.summary.title.text()
    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), "0")
    assert "From 50 to 0 mg/day" in window.summary.title.text()


def test_the_pace_shows_why_it_was_chosen_and_its_source(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    pace = find(window, QComboBox, "paceCombo")
    assert pace.itemText(0) == "Default (Cautious: 10 % every 2 weeks)"
    info = find(window, QLabel, "paceInfo").text()
    assert "Why: on baclofen 2 years" in info
    assert "Source: Slow-taper convention" in info
    assert "[C: clinical convention or expert opinion]" in info

    choose(qtbot, pace, "Standard")
    assert pace.currentData() == "standard"
    assert "chosen by the prescriber" in find(window, QLabel, "paceInfo").text()
    assert table_texts(window, Column.DAYS)[0] == "7"


def test_an_invalid_dose_keeps_the_last_plan_marked_out_of_date(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    before = table_texts(window, Column.DOSE)

    qtbot.keyClicks(find(window, QLineEdit, "doseInput"), "0")  # 600 mg/day

    assert window.form.error_text("dose") == ("600 mg/day is above 500 mg/day, the most this planner accepts")
    assert window.form.is_marked_invalid("dose")
    assert table_texts(window, Column.DOSE) == before
    banner = window.summary.banner
    assert banner.isVisible()
    assert banner.text().startswith("Out of date — Current daily dose: 600 mg/day is above")
    assert window.warnings_dock.windowTitle().endswith("— out of date")
    assert window.step_table.model().index(0, Column.DOSE).data(Qt.ItemDataRole.ForegroundRole)

    qtbot.keyClick(find(window, QLineEdit, "doseInput"), Qt.Key.Key_Backspace)
    assert window.form.error_text("dose") == ""
    assert not window.form.is_marked_invalid("dose")
    assert not window.summary.banner.isVisible()


def test_text_that_is_not_a_number_is_explained(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="6o", on_therapy="2y")
    assert window.form.error_text("dose") == (
        "'6o' is not a number; enter the current daily dose: more than 0, up to 500 mg/day"
    )


def test_a_dose_the_tablets_cannot_make_names_the_step(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="62", on_therapy="2y")
    assert "62 mg/day cannot be made" in window.form.error_text("dose")
    assert "steps of 5 mg" in window.form.error_text("dose")


def test_time_on_therapy_accepts_words(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="18 months")
    assert window.document.plan is not None
    assert window.document.plan.regimen.on_therapy.words == "18 months"


def test_errors_in_later_fields_point_at_their_field(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    qtbot.keyClicks(find(window, QLineEdit, "ageInput"), "130")
    assert window.form.error_text("age") == "130 is outside 0–120 years"
    qtbot.keyClicks(find(window, QLineEdit, "ageInput"), "\b\b\b72")
    assert window.form.error_text("age") == ""
    assert any("Age 72" in w for w in window.warnings.texts())

    qtbot.keyClicks(find(window, QLineEdit, "splitInput"), "10+10+30")
    assert window.form.error_text("split") == ("10 + 10 + 30 = 50 mg, not the daily dose of 60 mg")


def test_route_switch_offers_pump_concentrations_in_mcg(qtbot: QtBot, window: MainWindow) -> None:
    route = find(window, QComboBox, "routeCombo")
    product = find(window, QComboBox, "productCombo")
    assert combo_texts(product) == [
        "Tablets",
        "1 mg/mL oral solution (5 mg/5 mL)",
        "2 mg/mL oral solution (10 mg/5 mL)",
        "5 mg/mL oral suspension (25 mg/5 mL)",
        "Granule packets (5, 10, 20 mg)",
    ]
    choose(qtbot, route, "Intrathecal")
    assert combo_texts(product) == [
        "Intrathecal 500 mcg/mL",
        "Intrathecal 1000 mcg/mL",
        "Intrathecal 2000 mcg/mL",
    ]
    assert find(window, QLabel, "doseUnit").text() == "mcg/day"
    assert not window.form.regimen.split_input.isVisibleTo(window)
    fill_in(qtbot, window, dose="400", on_therapy="5y")
    assert table_texts(window, Column.DOSE)[0] == "360 mcg/day"
    assert "mL/day at 500 mcg/mL" in table_texts(window, Column.TAKES)[0]
    assert any("specialist supervision" in w for w in window.warnings.texts())
    assert window.warnings.texts()[0].startswith("DANGER")

    choose(qtbot, route, "Oral")
    assert product.currentText() == "Tablets"
    assert find(window, QLabel, "doseUnit").text() == "mg/day"


def test_a_liquid_is_written_in_mg_with_the_ml(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, find(window, QComboBox, "productCombo"), "2 mg")
    fill_in(qtbot, window, dose="30", on_therapy="2y")
    assert "mL of 2 mg/mL solution" in table_texts(window, Column.TAKES)[0]
    assert any("calibrated oral syringe" in w for w in window.warnings.texts())


def test_unticking_every_strength_is_explained(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    for check in window.form.regimen.strength_checks.values():
        check.setChecked(False)
    assert window.form.error_text("strengths").startswith("tick at least one tablet strength")
    window.form.regimen.strength_checks[10].setChecked(True)
    assert window.form.error_text("strengths") == ""
    assert table_texts(window, Column.TAKES)[-2] == "bedtime: ½ × 10 mg tablet"


def test_moving_the_start_date_moves_the_plan(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    start = find(window, QDateEdit, "startDateInput")
    assert start.calendarPopup()
    start.setDate(QDate(2027, 1, 4))
    assert table_texts(window, Column.START)[0] == "2027-01-04"
    assert window.calendar.monthShown() == 1
    assert window.calendar.yearShown() == 2027


def test_weekdays_without_cuts_and_risk_factors(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    window.form.pace.weekday_checks[1].setChecked(True)  # no cuts on Tuesdays
    assert table_texts(window, Column.START)[0] == "2026-12-02"
    window.form.risks.pregnant_check.setChecked(True)
    window.form.risks.sedatives_check.setChecked(True)
    texts = window.warnings.texts()
    assert any(t.startswith("DANGER: Pregnancy") for t in texts)
    assert any(t.startswith("CAUTION: Sedatives or opioids") for t in texts)


def test_warnings_are_sorted_by_severity_with_source_and_tag(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="300", on_therapy="2y")
    window.form.risks.prior_check.setChecked(True)
    texts = window.warnings.texts()
    ranks = [("DANGER", "CAUTION", "INFO").index(t.split(":")[0]) for t in texts]
    assert ranks == sorted(ranks)
    assert texts[0].startswith("DANGER: 300 mg/day is above the US maximum of 80 mg/day")
    assert "Source: US/Canada labels 80 mg/day" in texts[0]
    assert "[L: label or regulator text]" in texts[0]
    view = find(window, QListView, "warningsList")
    assert view.model().rowCount() == len(texts)


def test_details_for_printing_go_into_the_regimen(qtbot: QtBot, window: MainWindow) -> None:
    fill_in(qtbot, window, dose="60", on_therapy="2y")
    qtbot.keyClicks(window.form.patient.inputs["patient_name"], "J. D.")  # type: ignore[arg-type]
    assert window.document.plan is not None
    assert window.document.plan.regimen.extra == {"patient_name": "J. D."}


def test_today_is_the_default_start(window: MainWindow) -> None:
    assert find(window, QDateEdit, "startDateInput").date() == QDate(TODAY.year, TODAY.month, TODAY.day)
