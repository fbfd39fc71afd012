"""Exports of the log for the chosen dates: CSV through a stubbed dialog, the PDF when it exists."""

from __future__ import annotations

import csv
import re
import sys
import types
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.date_range import to_qdate
from baclotaper.nurse_log.store import Store
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, aware, choose_row, settle

TODAY = date.today()
DAYS_AGO = (20, 6, 2, 0)


@pytest.fixture
def logged(db_path: Path) -> None:
    """A patient with entries 20, 6, 2 and 0 days ago, written as another nurse's window would."""
    with Store.open(db_path) as store:
        patient = store.add_patient(name="C.D.", identifier="MRN-9")
        for days in DAYS_AGO:
            store.add_entry(
                patient_id=patient.id,
                observed_at=aware(TODAY - timedelta(days=days), hour=0),  # midnight: never in the future
                recorded_by="NB",
                scores={"insomnia": 1},
                tier="monitor",
            )


def open_patient(qtbot: QtBot, window: Any) -> None:
    choose_row(qtbot, window, 0)
    assert window.session.patient is not None


def test_csv_export_respects_the_date_range(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, tmp_path: Path, logged: None
) -> None:
    window = make_window()
    open_patient(qtbot, window)
    window.range.since.setDate(to_qdate(TODAY - timedelta(days=6)))
    window.range.until.setDate(to_qdate(TODAY - timedelta(days=1)))
    settle(qtbot, window)
    assert window.entries.model.rowCount() == 2
    prompts.export_path = tmp_path / "ward-log"
    window.menu_actions.csv.trigger()
    settle(qtbot, window)  # written on the log's own thread

    written = tmp_path / "ward-log.csv"
    with written.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2
    assert {row["patient_identifier"] for row in rows} == {"MRN-9"}
    (_title, suggested) = prompts.exports[-1]
    assert suggested == f"MRN-9-log-{TODAY - timedelta(days=6)}-to-{TODAY - timedelta(days=1)}.csv"
    assert prompts.infos[-1][1].startswith("2 entries")

    window.range.show_last(None)
    prompts.export_path = tmp_path / "all.csv"
    window.menu_actions.csv.trigger()
    settle(qtbot, window)
    with (tmp_path / "all.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(DAYS_AGO)


def test_cancelling_the_file_dialog_writes_nothing(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, tmp_path: Path, logged: None
) -> None:
    window = make_window()
    open_patient(qtbot, window)
    prompts.export_path = None
    window.export_csv()
    settle(qtbot, window)
    assert not list(tmp_path.glob("*.csv"))
    assert not prompts.infos


def test_the_pdf_chart_says_clearly_when_it_is_missing(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch, logged: None
) -> None:
    monkeypatch.setitem(sys.modules, "baclotaper.exports.log_pdf", None)  # as if not installed
    window = make_window()
    open_patient(qtbot, window)
    window.menu_actions.pdf.trigger()
    (title, message), *_ = prompts.infos
    assert "not available" in title
    assert "CSV" in message
    assert not prompts.exports and not prompts.errors


def test_the_pdf_chart_is_exported_when_the_module_exists(
    qtbot: QtBot,
    make_window: WindowFactory,
    *,
    prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    logged: None,
) -> None:
    calls: list[dict[str, Any]] = []

    def export_log_pdf(**kwargs: Any) -> int:
        calls.append(kwargs)
        return 4  # pages

    module = types.ModuleType("baclotaper.exports.log_pdf")
    module.export_log_pdf = export_log_pdf  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "baclotaper.exports.log_pdf", module)
    window = make_window()
    open_patient(qtbot, window)
    window.range.show_last(7)
    prompts.export_path = tmp_path / "chart"
    window.menu_actions.pdf.trigger()
    settle(qtbot, window)
    (call,) = calls
    assert call["path"] == tmp_path / "chart.pdf"
    assert (call["since"], call["until"], call["paper"]) == (TODAY - timedelta(days=6), TODAY, "A4")
    assert call["patient_id"] == 1 and isinstance(call["store"], Store)
    assert "4 pages" in prompts.infos[-1][1]


def test_the_real_observation_chart_is_written(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, tmp_path: Path, logged: None
) -> None:
    window = make_window()
    open_patient(qtbot, window)
    prompts.export_path = tmp_path / "chart.pdf"
    window.export_pdf()
    settle(qtbot, window)
    assert re.search(r"\(.*, \d+ pages?\) written to", prompts.infos[-1][1]), prompts.infos
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
