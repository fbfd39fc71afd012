"""A database that cannot be used is reported, never changed, and the window stays usable."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from baclotaper.nurse_log.advice import advise
from baclotaper.nurse_log.store import Store, StoreError
from baclotaper.nurse_log.store.migrations import APPLICATION_ID
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, click, line, with_patient


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_corrupt_database_is_reported_and_left_unchanged(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, db_path: Path
) -> None:
    db_path.write_bytes(b"not a database at all, just some bytes\n" * 40)
    before = digest(db_path)
    window = make_window()

    ((title, message),) = prompts.errors
    assert "cannot be opened" in title
    assert str(db_path) in message and "not a BacloTaper database" in message
    assert "left exactly as it was" in message
    assert not window.form.save_button.isEnabled()
    assert not window.patients.isEnabled()
    assert "Read-only" in window.patient_header.text()
    # Read-only but useful: the checklist still gives its advice.
    qtbot.keyClicks(line(window, "temperatureInput"), "39")
    assert window.banner.isVisible()
    assert window.banner.text.text() == advise(scores={}, vitals={"temperature": 39}, route="oral").banner
    window.save_entry()
    assert window.close()
    assert digest(db_path) == before
    assert not list(db_path.parent.glob(f"{db_path.name}-*"))  # no -wal or -shm left beside it


def test_a_database_from_a_newer_version_is_refused(
    make_window: WindowFactory, prompts: FakePrompts, db_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    before = digest(db_path)
    window = make_window()
    ((_, message),) = prompts.errors
    assert "newer BacloTaper" in message
    assert not window.menu_actions.csv.isEnabled()
    window.close()
    assert digest(db_path) == before


def test_a_failed_save_is_reported_and_the_entry_kept(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    with_patient(qtbot, window, attach=False)

    def locked(_self: Store, **_kwargs: object) -> None:
        raise StoreError("saving the log entry: database is locked; nothing was saved")

    # Every store: the window saves through a connection of its own, on its own thread.
    monkeypatch.setattr(Store, "add_entry", locked)
    qtbot.keyClicks(line(window, "temperatureInput"), "37.2")
    qtbot.keyClicks(line(window, "recordedByInput"), "NB")
    click(qtbot, window.form.save_button)
    assert prompts.errors[-1] == ("Not saved", "saving the log entry: database is locked; nothing was saved")
    assert line(window, "temperatureInput").text() == "37.2"
