"""A long history in the log window: the table lists the newest entries of the chosen days and says
how many there are; the timeline draws every one."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log import snapshot
from baclotaper.gui.nurse_log.entries_model import Column
from baclotaper.nurse_log.store import Store
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import aware, choose_row


def test_the_table_lists_the_newest_entries_and_the_chart_draws_them_all(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "TABLE_ROWS", 3)
    with Store.open(db_path) as store:
        patient = store.add_patient(name="L.H.")
        for days_ago in range(5):  # entry 1 is today's, entry 5 four days old
            store.add_entry(
                patient_id=patient.id,
                observed_at=aware(date.today() - timedelta(days=days_ago), hour=0),
                recorded_by="NB",
                scores={"insomnia": 1},
                tier="monitor",
            )
    window = make_window()
    choose_row(qtbot, window, 0)
    model = window.entries.model
    assert [model.index(row, Column.ID).data() for row in range(model.rowCount())] == ["1", "2", "3"]
    assert window.entries.count.text().startswith("The newest 3 of 5 entries from")
    assert "choose fewer days to list older ones" in window.entries.count.text()
    assert window.timeline.data.count == 5
    assert window.timeline.accessibleDescription().startswith("5 entries from")
