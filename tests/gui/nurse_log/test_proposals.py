"""Call-the-prescriber advice offers a hold or a step back; accepting one revises the plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QPushButton
from pytestqt.qtbot import QtBot

from baclotaper.common.bounds import TextKind, text_limit
from baclotaper.gui.nurse_log.plan_steps_model import Column as StepColumn
from baclotaper.nurse_log.advice import Proposal, advise, rules
from baclotaper.nurse_log.revise import describe
from baclotaper.nurse_log.store import Store
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import plan_from_dict
from baclotaper.taper.sequence import StepKind
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, aware, click, control, line, press, settle, with_patient


def proposal_button(window: object, kind: str) -> QPushButton:
    found = window.findChild(QPushButton, f"proposal_{kind}")  # type: ignore[attr-defined]
    assert found is not None, kind
    return found


def test_accepting_hold_saves_a_revision_and_moves_the_later_steps(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store, prompts: FakePrompts
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "visual_hallucinations"), Qt.Key.Key_1)
    advice = advise(scores={"visual_hallucinations": 1}, vitals={}, route="oral", days_since_cut=2)
    assert advice.tier == "call_prescriber"
    assert not window.banner.isVisible()
    hold = next(p for p in advice.proposals if p.kind == "hold")
    button = proposal_button(window, "hold")
    assert describe(hold) in button.text()
    assert button.isEnabled()

    click(qtbot, button)

    attach, (title, question, reason) = prompts.sign_offs
    assert attach[2] == "attached"
    assert title == describe(hold)
    assert "never speeds up" in question
    assert "visual hallucinations" in reason.lower()
    # The entry was saved first: the revision says which entry's advice it accepted.
    (entry,) = read_store.entries(1)
    assert (entry.revision, entry.tier) == (1, "call_prescriber")
    _first, second = read_store.revisions(1)
    assert (second.number, second.author, second.reason) == (2, "NB", reason)
    assert (second.answers_entry, second.proposal) == (entry.id, "hold")
    revised = plan_from_dict(second.data())
    today = date.today()
    assert revised.stop_date == oral_plan.stop_date + timedelta(days=rules().hold_days)
    current = next(i for i, s in enumerate(oral_plan.steps) if s.covers(today))
    assert revised.steps[current + 1].kind is StepKind.HOLD
    for old, new in zip(oral_plan.steps[current + 1 :], revised.steps[current + 2 :], strict=True):
        assert new.start == old.start + timedelta(days=rules().hold_days)
        assert new.daily_dose == old.daily_dose

    # What the window shows follows the store.
    steps = window.plan_panel.steps_model
    assert steps.rowCount() == len(revised.steps)
    assert steps.index(current + 1, StepColumn.KIND).data() == "hold"
    assert steps.index(len(revised.steps) - 1, StepColumn.START).data() == revised.stop_date.isoformat()
    assert window.plan_panel.revisions_model.rowCount() == 2
    assert "current revision 2" in window.plan_panel.heading.text()
    assert window.tabs.currentWidget() is window.plan_panel
    # Accepted once: the buttons stay off for this entry, and say what was done.
    assert not proposal_button(window, "hold").isEnabled()
    assert not proposal_button(window, "step_back").isEnabled()
    assert "accepted as revision 2 by NB" in window.advice.note.text()

    # An entry saved now belongs to revision 2.
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    click(qtbot, window.form.save_button)
    assert read_store.entries(1)[-1].revision == 2


def test_stepping_back_never_speeds_the_plan_up(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "rebound_spasticity"), Qt.Key.Key_2)
    # After a cut the first proposal is the last tolerated dose.
    assert window.advice.proposal_buttons[0] is proposal_button(window, "step_back")
    click(qtbot, proposal_button(window, "step_back"))
    revised = plan_from_dict(read_store.revisions(1)[-1].data())
    assert revised.stop_date > oral_plan.stop_date
    step = revised.step_on(date.today())
    assert step is not None and step.kind is StepKind.STEP_BACK
    assert step.daily_dose > oral_plan.steps[1].daily_dose


def test_there_is_no_way_to_speed_up(qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    press(qtbot, control(window, "seizures"), Qt.Key.Key_3)
    texts = [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [a.text() for a in window.findChildren(QAction)]
    assert texts
    for word in ("speed", "faster", "skip", "shorten"):
        assert not [t for t in texts if word in t.lower()], word
    kinds = {b.property("proposal").kind for b in window.advice.proposal_buttons}
    assert kinds <= {"hold", "step_back"}


def test_without_a_plan_the_proposals_cannot_be_accepted(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    press(qtbot, control(window, "agitation"), Qt.Key.Key_2)
    assert window.advice.proposal_buttons
    assert not any(b.isEnabled() for b in window.advice.proposal_buttons)
    assert "Attach a plan" in window.advice.note.text()


def test_declining_to_sign_changes_nothing(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store, prompts: FakePrompts
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    prompts.sign_off = None
    press(qtbot, control(window, "agitation"), Qt.Key.Key_2)
    click(qtbot, proposal_button(window, "hold"))
    assert len(read_store.revisions(1)) == 1
    assert proposal_button(window, "hold").isEnabled()


def test_a_revision_can_be_viewed_and_restored(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store, prompts: FakePrompts
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    entry = read_store.add_entry(
        patient_id=1,
        observed_at=aware(date.today(), 0),
        recorded_by="NB",
        scores={"agitation": 2},
        tier="call_prescriber",
    )
    window.session.accept_proposal(
        Proposal("hold", 7),
        on=date.today(),
        author="NB",
        reason="agitation",
        entry_id=entry.id,
        done=lambda _revision: None,
        failed=lambda message, _unreachable: pytest.fail(message),
    )
    settle(qtbot, window)
    panel = window.plan_panel
    assert panel.steps_model.rowCount() == len(oral_plan.steps) + 1

    panel.revisions.selectRow(0)
    click(qtbot, panel.view_button)
    assert panel.steps_model.rowCount() == len(oral_plan.steps)
    assert "not the current one" in panel.heading.text()
    assert panel.revisions_model.index(0, 0).data() == "1 (shown)"

    prompts.sign_off = None  # declined: nothing restored
    click(qtbot, panel.restore_button)
    assert len(read_store.revisions(1)) == 2

    from baclotaper.gui.nurse_log.dialogs import SignOff

    prompts.sign_off = SignOff("PR", "hold not needed after review")
    click(qtbot, panel.restore_button)
    latest = read_store.revisions(1)[-1]
    assert (latest.number, latest.restored_from, latest.author) == (3, 1, "PR")
    assert latest.reason == "hold not needed after review"
    assert plan_from_dict(latest.data()).steps == oral_plan.steps
    assert "current revision 3" in panel.heading.text()
    assert panel.steps_model.rowCount() == len(oral_plan.steps)


def test_the_suggested_reason_fits_the_store_however_long_the_advice(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store, prompts: FakePrompts
) -> None:
    """An emergency with several signs makes long advice; the reason offered at sign-off must still
    be one the store keeps, or accepting the hold would fail with a length error."""
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    # The documented withdrawal emergency: confusion with fever and a fast pulse, after a cut.
    press(qtbot, control(window, "confusion"), Qt.Key.Key_2)
    press(qtbot, control(window, "rebound_spasticity"), Qt.Key.Key_2)
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    qtbot.keyClicks(line(window, "temperatureInput"), "38.9")
    qtbot.keyClicks(line(window, "heartRateInput"), "118")
    click(qtbot, proposal_button(window, "hold"))

    _attach, (_title, _question, reason) = prompts.sign_offs
    assert 0 < len(reason) <= text_limit(TextKind.SHORT)
    revisions = read_store.revisions(1)
    assert len(revisions) == 2
    assert revisions[-1].reason == reason
