"""The log window and its database: saving never blocks the window, an entry that cannot be saved
stays in the form marked NOT SAVED, other workstations' entries appear, and the window says which
log it uses (chosen in Log ▸ Log database…)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from baclotaper.common.settings import LOG_DATABASE, Settings
from baclotaper.gui.nurse_log import LogWindow
from baclotaper.gui.nurse_log.store_worker import StoreWorker
from baclotaper.nurse_log.store import Store
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, line, settle, with_patient
from tests.nurse_log.store.pg_server import PgServer


def location_label(window: LogWindow) -> str:
    label = window.findChild(QLabel, "logLocation")
    assert label is not None
    return label.text()


def fill(qtbot: QtBot, window: LogWindow, temperature: str = "37.4") -> None:
    qtbot.keyClicks(line(window, "temperatureInput"), temperature)
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")


def start_saving(qtbot: QtBot, window: LogWindow) -> None:
    """Click Save and come straight back, as the nurse's next click would."""
    qtbot.mouseClick(window.form.save_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def other_program(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another program with the log open (once the window has made it)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=rw", uri=True, isolation_level=None)
    yield conn
    conn.close()


def test_a_busy_log_never_blocks_the_window_and_the_entry_stays(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, request: pytest.FixtureRequest, read_store: Store
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)
    fill(qtbot, window)
    locked: sqlite3.Connection = request.getfixturevalue("other_program")
    locked.execute("BEGIN IMMEDIATE")  # it holds the write lock
    start_saving(qtbot, window)
    # The click has returned while the save waits on its own thread: the window is still the nurse's.
    assert window.session.saving
    assert window.form.status.text() == "Saving…"
    assert not window.form.save_button.isEnabled()  # one save at a time
    qtbot.keyClicks(line(window, "heartRateInput"), "72")  # the nurse goes on typing
    settle(qtbot, window)
    title, message = prompts.errors[-1]
    assert title == "Not saved" and "busy" in message and "nothing was saved" in message
    assert window.form.status.text().startswith("NOT SAVED: this entry is not in the log yet. It is kept here.")
    assert (line(window, "temperatureInput").text(), line(window, "heartRateInput").text()) == ("37.4", "72")
    assert window.form.save_button.isEnabled()
    assert read_store.entries(1) == []

    locked.execute("ROLLBACK")
    with qtbot.waitSignal(window.entry_saved, timeout=15_000) as saved:
        start_saving(qtbot, window)
    (entry,) = read_store.entries(1)
    assert saved.args == [entry]
    assert entry.vitals == {"temperature": 37.4, "heart_rate": 72}
    assert line(window, "temperatureInput").text() == ""


def test_the_window_says_which_log_it_uses(make_window: WindowFactory, db_path: Path) -> None:
    window = make_window()
    assert location_label(window) == f"Log: {db_path}"


def test_the_log_database_is_chosen_in_settings(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, tmp_path: Path
) -> None:
    window = make_window()
    other = tmp_path / "ward" / "shared.sqlite3"
    prompts.database = "postgresql://nurse:secret@ward-db/baclotaper"
    window.choose_database()
    assert Settings().get(LOG_DATABASE) == "postgresql://nurse:secret@ward-db/baclotaper"
    # The password never shows.
    assert prompts.infos[-1][1].startswith("The log window will use postgresql://nurse@ward-db/baclotaper")
    prompts.database = "ftp://nowhere"
    window.choose_database()
    assert prompts.errors[-1][0] == "Log database not changed"
    assert Settings().get(LOG_DATABASE) == "postgresql://nurse:secret@ward-db/baclotaper"
    prompts.database = str(other)
    window.choose_database()
    # The next log window opens that log.
    opened = LogWindow(prompts=prompts)
    qtbot.addWidget(opened)
    assert location_label(opened) == f"Log: {other}"
    settle(qtbot, opened)  # opened on the log's own thread
    assert other.exists()
    opened.close()


def test_the_window_on_a_server_that_stops_keeps_the_entry(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, pg_server: PgServer, pg_url: str
) -> None:
    window = make_window(path=pg_url)  # type: ignore[arg-type]
    assert location_label(window) == f"Log: {pg_url}"
    with_patient(qtbot, window, attach=False)
    fill(qtbot, window, "39.1")
    pg_server.stop("immediate")
    try:
        start_saving(qtbot, window)
        assert window.session.saving
        settle(qtbot, window)
        assert "cannot be reached" in prompts.errors[-1][1] or "stopped answering" in prompts.errors[-1][1]
        assert "when the log server is back" in window.form.status.text()
        assert line(window, "temperatureInput").text() == "39.1"
        # Reading meanwhile fails at once and says so in the status bar, not in a dialog per read.
        errors = len(prompts.errors)
        window.range.show_last(7)
        assert len(prompts.errors) == errors
        assert "UNREACHABLE" in location_label(window)
    finally:
        pg_server.start()
    window.session.watch(100)
    qtbot.waitUntil(lambda: "UNREACHABLE" not in location_label(window), timeout=20_000)
    with qtbot.waitSignal(window.entry_saved, timeout=15_000):
        start_saving(qtbot, window)
    with Store.open(pg_url) as store:
        (entry,) = store.entries(1)
    assert entry.vitals == {"temperature": 39.1}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_entries_from_another_workstation_appear(
    qtbot: QtBot, make_window: WindowFactory, request: pytest.FixtureRequest, db_path: Path, backend: str
) -> None:
    target: Path | str = db_path if backend == "sqlite" else request.getfixturevalue("pg_url")
    window = make_window(path=target)  # type: ignore[arg-type]
    with_patient(qtbot, window, attach=False)
    window.session.watch(100)
    assert window.entries.model.rowCount() == 0
    with Store.open(target) as elsewhere:
        elsewhere.add_entry(
            patient_id=1, observed_at=datetime.now().astimezone(), recorded_by="CD", scores={}, tier="none"
        )
    qtbot.waitUntil(lambda: window.entries.model.rowCount() == 1, timeout=10_000)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_entry_added_elsewhere_before_the_window_watches_still_appears(
    qtbot: QtBot, make_window: WindowFactory, request: pytest.FixtureRequest, db_path: Path, backend: str
) -> None:
    """The window's first look must not take another workstation's new entry as the starting point."""
    target: Path | str = db_path if backend == "sqlite" else request.getfixturevalue("pg_url")
    window = make_window(path=target)  # type: ignore[arg-type]
    with_patient(qtbot, window, attach=False)
    with Store.open(target) as elsewhere:
        elsewhere.add_entry(
            patient_id=1, observed_at=datetime.now().astimezone(), recorded_by="CD", scores={}, tier="none"
        )
    window.session.watch(100)
    qtbot.waitUntil(lambda: window.entries.model.rowCount() == 1, timeout=10_000)


def test_a_server_tells_the_other_windows_at_once(
    qtbot: QtBot, make_window: WindowFactory, pg_server: PgServer, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(StoreWorker, "poll_ms", 600_000)  # no look within the test: only the server's notice
    window = make_window(path=pg_url)  # type: ignore[arg-type]
    with_patient(qtbot, window, attach=False)
    database = pg_url.rsplit("/", 1)[1]

    def listening() -> bool:
        with pg_server.admin() as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND query LIKE 'LISTEN%%'", (database,)
            ).fetchone()
        return row is not None and row[0] == 1

    qtbot.waitUntil(listening, timeout=10_000)
    assert window.entries.model.rowCount() == 0
    with Store.open(pg_url) as elsewhere:
        elsewhere.add_entry(
            patient_id=1, observed_at=datetime.now().astimezone(), recorded_by="CD", scores={}, tier="none"
        )
    qtbot.waitUntil(lambda: window.entries.model.rowCount() == 1, timeout=10_000)
