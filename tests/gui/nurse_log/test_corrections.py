"""Corrections add a new entry that supersedes the old one; both stay in the log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.dialogs import SignOff
from baclotaper.gui.nurse_log.entries_model import Column
from baclotaper.nurse_log.store import Store
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, aware, choose_row, click, control, line, press, with_patient


def test_a_correction_keeps_both_entries_visible(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store, prompts: FakePrompts
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    qtbot.keyClicks(line(window, "heartRateInput"), "88")
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    (original,) = read_store.entries(1)

    table = window.entries.table
    table.selectRow(0)
    assert window.entries.correct_button.isEnabled()
    click(qtbot, window.entries.correct_button)
    assert control(window, "insomnia").score() == 1
    assert line(window, "heartRateInput").text() == "88"
    assert f"Correcting entry #{original.id}" in window.form.status.text()

    press(qtbot, control(window, "insomnia"), Qt.Key.Key_2)
    line(window, "recordedByInput").clear()
    qtbot.keyClicks(line(window, "recordedByInput"), "JK")
    # Without a reason the correction is not saved, and the form keeps what was typed.
    prompts.sign_off = None
    click(qtbot, window.form.save_button)
    assert len(read_store.entries(1)) == 1
    assert "needs its reason" in window.form.status.text()
    assert control(window, "insomnia").score() == 2
    prompts.sign_off = SignOff("JK", "insomnia re-assessed with the patient awake")
    click(qtbot, window.form.save_button)

    old, new = read_store.entries(1)
    assert new.notes == f"Correction of entry #{original.id}: insomnia re-assessed with the patient awake"
    title, question, _reason = prompts.sign_offs[-1]
    assert title == f"Correct entry #{original.id}" and "why" in question.lower()
    assert (old.id, old.superseded_by, old.scores["insomnia"]) == (original.id, new.id, 1)
    assert (new.supersedes, new.scores["insomnia"], new.recorded_by) == (original.id, 2, "JK")
    assert new.observed_at == original.observed_at
    assert (new.plan_id, new.revision, new.step_index, new.days_since_cut) == (1, 1, 1, 2)

    model = window.entries.model
    assert model.rowCount() == 2
    rows = {model.index(r, Column.ID).data(): r for r in range(2)}
    old_row, new_row = rows[str(old.id)], rows[str(new.id)]
    assert model.index(old_row, Column.STATUS).data() == f"superseded by #{new.id}"
    assert model.index(old_row, Column.TOTAL).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(new_row, Column.STATUS).data() == f"current; corrects #{old.id}"
    assert model.index(new_row, Column.TOTAL).data(Qt.ItemDataRole.FontRole) is None
    for row in (old_row, new_row):
        assert model.index(row, Column.RECORDED).data()
    # The initials, and the login that saved them (this computer's user, for a file).
    assert model.index(new_row, Column.RECORDED_BY).data() == f"JK ({new.db_user})"

    # The superseded entry cannot be corrected again; the timeline only draws the current one.
    table.selectRow(old_row)
    assert not window.entries.correct_button.isEnabled()
    window.start_correction(old)
    assert prompts.infos and "already corrected" in prompts.infos[-1][0].lower()
    assert window.timeline.data.count == 1


def test_cancelling_a_correction_leaves_the_log_alone(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    press(qtbot, control(window, "nausea"), Qt.Key.Key_1)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    window.entries.table.selectRow(0)
    click(qtbot, window.entries.correct_button)
    assert window.form.cancel_correction.isVisible()
    click(qtbot, window.form.cancel_correction)
    assert control(window, "nausea").score() is None
    assert window.form.status.text() == ""
    assert len(read_store.entries(1)) == 1


def test_an_entry_from_another_checklist_is_not_corrected_here(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, prompts: FakePrompts, read_store: Store
) -> None:
    with Store.open(db_path) as store:
        patient = store.add_patient(name="P.Q.")
        store.add_entry(
            patient_id=patient.id,
            observed_at=aware(date.today(), hour=0),
            recorded_by="NB",
            scores={"pump_two_tone_alarm": 1, "nausea": 1},
            tier="emergency",
        )
    window = make_window()  # no plan: the oral checklist, which has no pump items
    choose_row(qtbot, window, 0)
    window.entries.table.selectRow(0)
    window.entries.request_correction()
    assert "pump_two_tone_alarm" in prompts.infos[-1][1]
    assert not window.form.cancel_correction.isVisible()
    assert len(read_store.entries(patient.id)) == 1
