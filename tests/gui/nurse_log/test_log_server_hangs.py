"""The log window on a ward server that hangs: it never waits on it, says so, and loses nothing.

The server is paused (SIGSTOP on every one of its processes), as a hung machine is: connections
stay open, the kernel acknowledges what is sent, nothing answers and no server timeout fires.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log import LogWindow
from baclotaper.gui.nurse_log.dialogs import NewPatient, SignOff
from baclotaper.gui.nurse_log.store_worker import StoreWorker
from baclotaper.nurse_log.store import Store
from baclotaper.taper.plan import TaperPlan
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, click, control, line, press, settle, with_patient
from tests.nurse_log.store.pg_server import PgServer


@dataclass
class Ticks:
    count: int = 0


@pytest.fixture
def ticks(qtbot: QtBot) -> Iterator[Ticks]:
    """A timer on the GUI thread: it ticks only while the event loop runs."""
    seen = Ticks()
    timer = QTimer()
    timer.timeout.connect(lambda: setattr(seen, "count", seen.count + 1))
    timer.start(10)
    yield seen
    timer.stop()


@pytest.fixture
def ward_url(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    # Shorter waits than a ward's, the same behaviour: libpq's shortest connect timeout, and a
    # job limit that breaks off a statement the paused server never answers.
    monkeypatch.setattr(StoreWorker, "job_limit_s", 3.0)
    return f"{pg_url}?connect_timeout=2"


def button(window: LogWindow, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def label(window: LogWindow, name: str) -> str:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found.text()


def keeps_running(qtbot: QtBot, window: LogWindow, ticks: Ticks, field: QWidget | None = None) -> None:
    """While the job waits on the paused server, the window takes input and its timers run."""
    assert window.session.busy
    assert label(window, "logBusy")
    before = ticks.count
    typed = field or window.form.notes
    qtbot.keyClicks(typed, "typed meanwhile")
    qtbot.waitUntil(lambda: ticks.count >= before + 3)
    text = typed.text() if isinstance(typed, QLineEdit) else typed.toPlainText()  # type: ignore[attr-defined]
    assert text == "typed meanwhile"
    assert window.session.busy  # still waiting on the server all along
    typed.clear()  # type: ignore[attr-defined]


def test_a_hung_server_never_freezes_the_window_and_what_was_typed_is_saved_later(
    qtbot: QtBot,
    make_window: WindowFactory,
    *,
    prompts: FakePrompts,
    pg_server: PgServer,
    ward_url: str,
    oral_plan: TaperPlan,
    ticks: Ticks,
) -> None:
    window = make_window(oral_plan, path=ward_url)
    with_patient(qtbot, window)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    press(qtbot, control(window, "seizures"), Qt.Key.Key_1)  # an emergency of withdrawal: hold proposed
    click(qtbot, window.form.save_button)
    assert window.banner.acknowledge.isVisible()

    second_prompts = FakePrompts()
    with pg_server.paused():
        # A new patient.
        prompts.new_patient = NewPatient("C.D.", "MRN-2", None)
        qtbot.mouseClick(window.patients.new_button, Qt.MouseButton.LeftButton)
        # The form waits for the new patient (what is typed there belongs to one patient).
        assert not window.form.isEnabled()
        keeps_running(qtbot, window, ticks, window.patients.search)
        settle(qtbot, window)
        title, message = prompts.errors[-1]
        assert title == "Patient not added"
        assert "NOT SAVED: new patient C.D." in message and "when the log server is back" in message
        assert "new patient C.D." in label(window, "unsavedNote")
        assert window.form.isEnabled()

        # A hold accepted for the emergency entry.
        qtbot.mouseClick(button(window, "proposal_hold"), Qt.MouseButton.LeftButton)
        keeps_running(qtbot, window, ticks)
        settle(qtbot, window)
        assert prompts.errors[-1][0] == "Plan not revised" and "NOT SAVED" in prompts.errors[-1][1]

        # The emergency acknowledged.
        qtbot.mouseClick(window.banner.acknowledge, Qt.MouseButton.LeftButton)
        keeps_running(qtbot, window, ticks)
        settle(qtbot, window)
        assert prompts.errors[-1][0] == "Not acknowledged" and "NOT SAVED" in prompts.errors[-1][1]
        assert window.banner.isVisible()  # nothing cleared it
        assert "UNREACHABLE" in label(window, "logLocation")

        # Another window opened on the hung server: it is up at once and says what is wrong.
        other = LogWindow(ward_url, prompts=second_prompts)
        qtbot.addWidget(other)
        other.show()
        keeps_running(qtbot, other, ticks)
        qtbot.waitUntil(lambda: "UNREACHABLE" in label(other, "logLocation"), timeout=15_000)
        assert second_prompts.errors == []  # said in the status bar, not a dialog per read
        assert window.session.patient is not None and window.session.patient.name == "A.B."

    # The server answers again: each dialog comes back filled with what was typed, and saves.
    prompts.errors.clear()
    click(qtbot, window.banner.acknowledge)
    assert prompts.kept[-1] == SignOff("Dr Kahn", "seen; observe 4-hourly")
    assert not window.banner.isVisible()
    click(qtbot, button(window, "proposal_hold"))
    kept_sign_off = prompts.kept[-1]
    assert isinstance(kept_sign_off, SignOff) and kept_sign_off.initials == "NB"
    click(qtbot, window.patients.new_button)
    assert prompts.kept[-1] == NewPatient("C.D.", "MRN-2", None)
    assert prompts.errors == []
    assert window.session.patient is not None and window.session.patient.name == "C.D."
    assert label(window, "unsavedNote") == ""
    with Store.open(ward_url) as store:
        assert [p.name for p in store.find_patients()] == ["A.B.", "C.D."]
        revisions = store.revisions(1)
        # One of each, however many tries: nothing was half-written meanwhile.
        assert [(r.number, r.answers_entry, r.proposal) for r in revisions] == [(1, None, None), (2, 1, "hold")]
        ack = store.acknowledgement(1)
        assert ack is not None and ack.clinician == "Dr Kahn"
    qtbot.waitUntil(lambda: "UNREACHABLE" not in label(other, "logLocation"), timeout=20_000)
    other.close()


def test_two_clinicians_accepting_at_once_make_one_revision_and_the_second_hears_who(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, pg_url: str, oral_plan: TaperPlan
) -> None:
    first = make_window(oral_plan, path=pg_url)
    with_patient(qtbot, first)
    qtbot.keyClicks(line(first, "recordedByInput"), "NB")
    press(qtbot, control(first, "agitation"), Qt.Key.Key_2)
    click(qtbot, first.form.save_button)
    second_prompts = FakePrompts(sign_off=SignOff("Dr Lee", "agitation on the ward round"))
    second = LogWindow(pg_url, prompts=second_prompts)
    qtbot.addWidget(second)
    second.show()
    settle(qtbot, second)
    second.session.worker.stop_watching()  # neither looks nor notices: it has not seen the other's revision
    second.patients.select_row(0)
    settle(qtbot, second)
    assert button(second, "proposal_hold").isEnabled()

    prompts.sign_off = SignOff("Dr Kahn", "agitation after the cut")
    click(qtbot, button(first, "proposal_hold"))
    click(qtbot, button(second, "proposal_hold"))

    title, message = second_prompts.errors[-1]
    assert title == "Plan not revised"
    assert "already accepted as revision 2 by Dr Kahn" in message
    with Store.open(pg_url) as store:
        assert [(r.number, r.author) for r in store.revisions(1)] == [(1, "NB"), (2, "Dr Kahn")]
    # The second window now shows the revision that was saved, and offers no second accept.
    assert second.session.revision is not None and second.session.revision.author == "Dr Kahn"
    assert not button(second, "proposal_hold").isEnabled()
