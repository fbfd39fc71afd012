"""A save the log stored but whose answer was lost (the connection dropped after the COMMIT) says
NOT SAVED; the retry from the kept form must not record the observation a second time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.dialogs import SignOff
from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.errors import StoreUnreachableError
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, click, control, line, press, with_patient

LOST = "saving the log entry: the log server did not answer (connection lost); nothing was saved"


def answer_lost_once(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The store's ``name`` really saves (on the real database), then the caller hears that the
    server could not be reached, as when the answer to the COMMIT never arrives. Once."""
    real: Callable[..., Any] = getattr(Store, name)
    lost: list[int] = []

    def saved_then_lost(self: Store, *args: Any, **kwargs: Any) -> Any:
        result = real(self, *args, **kwargs)
        if not lost:
            lost.append(result.id)
            raise StoreUnreachableError(LOST)
        return result

    monkeypatch.setattr(Store, name, saved_then_lost)
    return lost


def test_a_retry_after_a_lost_answer_shows_the_entry_once(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch, read_store: Store
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    patient = window.session.patient
    assert patient is not None
    lost = answer_lost_once(monkeypatch, "add_entry")
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_2)
    qtbot.keyClicks(line(window, "temperatureInput"), "38.6")
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")

    click(qtbot, window.form.save_button)
    # The log has it, but the window was told it could not be reached: the form keeps it.
    assert len(lost) == 1
    assert [e.id for e in read_store.entries(patient.id)] == lost
    assert window.form.status.text().startswith("NOT SAVED: this entry is not in the log yet. It is kept here.")
    assert prompts.errors[-1] == ("Not saved", LOST)
    assert line(window, "temperatureInput").text() == "38.6"

    click(qtbot, window.form.save_button)  # the nurse tries again, the server back
    (entry,) = read_store.entries(patient.id)
    assert entry.id == lost[0]
    assert entry.vitals == {"temperature": 38.6} and entry.scores["insomnia"] == 2
    assert window.entries.model.rowCount() == 1
    assert window.statusBar().currentMessage().startswith(f"Saved entry #{entry.id}:")
    assert line(window, "temperatureInput").text() == ""  # cleared, as after any save
    assert not window.form.status.text().startswith("NOT SAVED")

    # The next entry is another draft: another key, another row.
    qtbot.keyClicks(line(window, "temperatureInput"), "38.6")
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    assert len(read_store.entries(patient.id)) == 2
    assert window.entries.model.rowCount() == 2


def test_a_new_patient_retried_after_a_lost_answer_is_one_patient(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch, read_store: Store
) -> None:
    window = make_window()
    lost = answer_lost_once(monkeypatch, "add_patient")
    click(qtbot, window.patients.new_button)
    assert prompts.errors[-1][0] == "Patient not added" and "NOT SAVED" in prompts.errors[-1][1]
    click(qtbot, window.patients.new_button)  # offered again filled in, and saved
    assert [p.id for p in read_store.find_patients()] == lost
    assert window.session.patient is not None and window.session.patient.id == lost[0]
    assert window.patients.model.rowCount() == 1
    assert window.kept.summary() == ""


def test_a_correction_retried_after_a_lost_answer_is_one_correction(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch, read_store: Store
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    (original,) = read_store.entries(1)
    window.entries.table.selectRow(0)
    click(qtbot, window.entries.correct_button)
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_2)
    lost = answer_lost_once(monkeypatch, "correct_entry")
    prompts.sign_off = SignOff("NB", "re-assessed awake")
    click(qtbot, window.form.save_button)
    assert window.form.status.text().startswith("NOT SAVED")

    # The retry offers the reason given before (it is part of what was saved), and finds the correction.
    prompts.sign_off = SignOff("NB", "")  # the nurse accepts what the dialog shows
    click(qtbot, window.form.save_button)
    assert prompts.sign_offs[-1][2] == "re-assessed awake"
    old, new = read_store.entries(1)
    assert (old.id, old.superseded_by, new.id) == (original.id, lost[0], lost[0])
    assert window.entries.model.rowCount() == 2
    assert window.statusBar().currentMessage().startswith(f"Saved correction #{new.id} of entry #{original.id}")


def test_a_hold_accepted_whose_answer_was_lost_is_shown_done(
    qtbot: QtBot,
    make_window: WindowFactory,
    oral_plan: TaperPlan,
    *,
    prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
    read_store: Store,
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "visual_hallucinations"), Qt.Key.Key_1)
    click(qtbot, window.form.save_button)
    lost = answer_lost_once(monkeypatch, "add_revision")
    hold = window.findChild(QPushButton, "proposal_hold")
    assert hold is not None and hold.isEnabled()
    click(qtbot, hold)
    assert prompts.errors[-1][0] == "Plan not revised"
    # The log holds the revision: the window, read again, shows it done and nothing waiting.
    assert [r.id for r in read_store.revisions(1)][1:] == lost
    assert not hold.isEnabled()
    assert window.kept.summary() == ""
    assert window.session.answer_to(read_store.entries(1)[0].id) is not None


def test_an_acknowledgement_whose_answer_was_lost_is_shown_done(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch, read_store: Store
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "seizures"), Qt.Key.Key_1)
    click(qtbot, window.form.save_button)
    assert window.banner.acknowledge.isVisible()
    lost = answer_lost_once(monkeypatch, "acknowledge_emergency")
    click(qtbot, window.banner.acknowledge)
    assert prompts.errors[-1][0] == "Not acknowledged"
    (entry,) = read_store.entries(1)
    ack = read_store.acknowledgement(entry.id)
    assert ack is not None and ack.id == lost[0]
    assert not window.banner.isVisible()  # cleared by what the log holds
    assert window.kept.summary() == ""
