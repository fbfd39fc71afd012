"""The emergency banner with entries out of order and a clinician's acknowledgement; a proposal
accepted once and still shown as done after a restart; the observation time refused at the field;
and a revision that reaches paper."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.dialogs import SignOff
from baclotaper.gui.nurse_log.entry_form import to_qt
from baclotaper.gui.nurse_log.vitals_box import object_name
from baclotaper.nurse_log.advice import Proposal, rules
from baclotaper.nurse_log.store import Store
from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import plan_from_dict
from baclotaper.taper.sequence import StepKind
from tests.cli_runner import run
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, choose_row, click, control, line, press, settle, with_patient


def proposal_button(window: object, kind: str) -> QPushButton:
    found = window.findChild(QPushButton, f"proposal_{kind}")  # type: ignore[attr-defined]
    assert found is not None, kind
    return found


def observe_at(window: object, moment: datetime) -> None:
    window.form.observed.setDateTime(to_qt(moment))  # type: ignore[attr-defined]


def save(qtbot: QtBot, window: object, item: str, key: Qt.Key = Qt.Key.Key_1, at: datetime | None = None) -> None:
    if at is not None:
        observe_at(window, at)
    press(qtbot, control(window, item), key)  # type: ignore[arg-type]
    click(qtbot, window.form.save_button)  # type: ignore[attr-defined]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# The banner ----------------------------------------------------------------------------------


def test_an_emergency_typed_for_the_minute_of_the_previous_entry_keeps_its_banner(
    qtbot: QtBot, make_window: WindowFactory, read_store: Store
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    minute = window.clock().replace(second=0, microsecond=0) - timedelta(minutes=3)
    # The previous entry kept seconds the form never showed (08:57:42 shown as 08:57).
    read_store.add_entry(
        patient_id=1, observed_at=minute + timedelta(seconds=42), recorded_by="AB", scores={}, tier="none"
    )
    save(qtbot, window, "confusion", at=minute)
    emergency, routine = read_store.entries(1)  # by observation time: the emergency sorts first
    assert (emergency.id, emergency.tier, routine.id) == (2, "emergency", 1)
    assert emergency.observed_at < routine.observed_at

    assert window.banner.isVisible()
    assert window.banner.text.text() == rules().banners["emergency_oral"]
    assert f"Emergency entry #{emergency.id}" in window.banner.details.text()
    # The table shows them in observation order too, newest first.
    assert window.entries.model.entry(0).id == routine.id

    # A back-dated entry, written after the emergency but observed before it, does not clear it.
    save(qtbot, window, "insomnia", at=minute - timedelta(hours=2))
    assert window.banner.isVisible()
    # A later observation does.
    save(qtbot, window, "insomnia", at=minute + timedelta(minutes=2))
    assert not window.banner.isVisible()


def test_a_named_clinician_clears_the_banner_and_is_remembered(
    qtbot: QtBot, make_window: WindowFactory, read_store: Store, prompts: FakePrompts
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "seizures"), Qt.Key.Key_1)
    # A draft's emergency cannot be acknowledged: it is not in the log yet.
    assert window.banner.isVisible() and not window.banner.acknowledge.isVisible()
    click(qtbot, window.form.save_button)
    assert window.banner.acknowledge.isVisible()

    prompts.acknowledgement = None  # the dialog was cancelled
    click(qtbot, window.banner.acknowledge)
    assert window.banner.isVisible()
    assert read_store.acknowledgement(1) is None

    prompts.acknowledgement = SignOff("Dr Kahn", "assessed; obs 4-hourly")
    click(qtbot, window.banner.acknowledge)
    assert not window.banner.isVisible()
    ack = read_store.acknowledgement(1)
    assert ack is not None and (ack.clinician, ack.note) == ("Dr Kahn", "assessed; obs 4-hourly")
    assert "Emergency entry #1" in prompts.acknowledgements[-1]
    assert "acknowledged by Dr Kahn" in window.advice.note.text()


# A proposal accepted once ------------------------------------------------------------------


def test_an_accepted_proposal_is_shown_as_done_after_a_restart(
    qtbot: QtBot, make_window: WindowFactory, oral_plan: TaperPlan, read_store: Store, prompts: FakePrompts
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "agitation"), Qt.Key.Key_2)
    click(qtbot, proposal_button(window, "hold"))
    assert len(read_store.revisions(1)) == 2
    window.close()

    restarted = make_window()
    choose_row(qtbot, restarted, 0)
    note = restarted.advice.note.text()
    assert re.search(r"Done: a hold accepted as revision 2 by NB on \d{4}-\d\d-\d\d", note), note
    assert restarted.advice.proposal_buttons
    assert not any(button.isEnabled() for button in restarted.advice.proposal_buttons)
    # Not even a second way in: the store refuses a second, back-to-back hold for the entry.
    refused: list[str] = []
    restarted.session.accept_proposal(
        Proposal("hold", 7),
        on=date.today(),
        author="NB",
        reason="x",
        entry_id=1,
        done=lambda _revision: None,
        failed=lambda message, _unreachable: refused.append(message),
    )
    settle(qtbot, restarted)
    assert refused and "already accepted as revision 2 by NB" in refused[0]
    assert len(read_store.revisions(1)) == 2


# The observation time ----------------------------------------------------------------------


def test_a_future_time_or_an_implausible_year_is_refused_at_the_field(
    qtbot: QtBot, make_window: WindowFactory, read_store: Store
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    form = window.form
    assert form.observed.dateTime().time().second() == 0  # no hidden seconds
    assert not form.observed_error.isVisible()

    observe_at(window, window.clock() + timedelta(days=1))
    assert form.observed_error.isVisible()
    assert "is in the future: enter a time up to now" in form.observed_error.text()
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    click(qtbot, form.save_button)
    assert read_store.entries(1) == []
    assert "Not saved" in form.status.text()

    observe_at(window, datetime(1999, 5, 1, 9, 0).astimezone())
    assert "check the year (allowed from 2000" in form.observed_error.text()
    click(qtbot, form.save_button)
    assert read_store.entries(1) == []

    observe_at(window, window.clock() - timedelta(hours=1))
    assert not form.observed_error.isVisible()
    click(qtbot, form.save_button)
    assert len(read_store.entries(1)) == 1


# A revision reaches paper ------------------------------------------------------------------


def test_entry_hold_accepted_revision_printed_and_new_dates_read_back(
    qtbot: QtBot,
    make_window: WindowFactory,
    *,
    oral_plan: TaperPlan,
    read_store: Store,
    prompts: FakePrompts,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = make_window(oral_plan)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "visual_hallucinations"), Qt.Key.Key_1)
    click(qtbot, proposal_button(window, "hold"))
    revised = plan_from_dict(read_store.revisions(1)[-1].data())
    hold = next(s for s in revised.steps if s.kind is StepKind.HOLD)
    assert hold.end is not None

    prompts.export_path = tmp_path / "current"
    assert window.plan_panel.print_button.isEnabled()
    click(qtbot, window.plan_panel.print_button)
    assert prompts.exports[-1] == ("Print the current plan revision (PDF)", "MRN-1-plan-revision-2.pdf")
    assert "Revision 2 of the plan" in prompts.infos[-1][1]
    text = pdf_text(tmp_path / "current.pdf")
    assert "Plan revision: revision 2" in text and "by NB" in text
    assert "visual hallucinations" in text.lower()
    # The new dates, read back from the paper: the hold and the later target date.
    found = re.search(r"From (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d) \((\d+) days\): hold", text)
    assert found is not None, text
    assert (date.fromisoformat(found[1]), date.fromisoformat(found[2])) == (hold.start, hold.end)
    moved = re.search(r"Later steps move (\d+) days later: 0 mg/day from (\d{4}-\d\d-\d\d) \(was (\S+)\)", text)
    assert moved is not None, text
    assert int(moved[1]) == rules().hold_days
    assert date.fromisoformat(moved[2]) == revised.stop_date == oral_plan.stop_date + timedelta(days=rules().hold_days)
    assert "This is a changed plan: revision 2" in text  # the patient's page says so too

    # The same revision as a plan file the planner and 'baclotaper export' open; a calendar; a CSV.
    prompts.export_path = tmp_path / "current.baclotaper"
    window.export_revision("plan")
    settle(qtbot, window)  # written on the log's own thread
    saved = planfile.load(tmp_path / "current.baclotaper")
    assert saved.revision is not None and (saved.revision.number, saved.revision.author) == (2, "NB")
    assert saved.steps == revised.steps
    code, out, _ = run(capsys, "export", str(tmp_path / "current.baclotaper"), "--pdf", str(tmp_path / "again.pdf"))
    assert code == 0, out
    assert "revision 2" in pdf_text(tmp_path / "again.pdf")
    for kind, suffix in (("ics", ".ics"), ("csv", ".csv")):
        prompts.export_path = tmp_path / f"current{suffix}"
        window.export_revision(kind)
        settle(qtbot, window)
        assert str(tmp_path / f"current{suffix}") in prompts.infos[-1][1]
    assert revised.stop_date.strftime("%Y%m%d") in (tmp_path / "current.ics").read_text(encoding="utf-8")
    assert revised.stop_date.isoformat() in (tmp_path / "current.csv").read_text(encoding="utf-8-sig")


def test_overdose_signs_on_a_pump_say_no_more_baclofen_in_large_print(
    qtbot: QtBot, make_window: WindowFactory, intrathecal_plan: TaperPlan
) -> None:
    window = make_window(intrathecal_plan)
    with_patient(qtbot, window)
    for name, value in (("respiratory_rate", "7"), ("heart_rate", "38"), ("systolic", "85"), ("diastolic", "50")):
        qtbot.keyClicks(line(window, object_name(name)), value)
    press(qtbot, control(window, "fluctuating_consciousness"), Qt.Key.Key_2)
    headline = window.banner.headline.text()
    assert "OVERDOSE, NOT WITHDRAWAL" in headline and "Do NOT give more baclofen" in headline
    assert "remove the remaining solution from the pump" in window.banner.text.text()
    assert "restore intrathecal delivery" not in window.banner.text.text()
    assert window.advice.proposal_buttons == []
