"""Who recorded an entry, as people see it: the initials typed and the database user who saved it
(on a ward's server, each nurse's own login), in the entries table, the CSV and the PDF chart."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.entries_model import Column
from tests.gui.nurse_log.conftest import WindowFactory
from tests.gui.nurse_log.helpers import FakePrompts, click, control, line, press, settle, with_patient
from tests.nurse_log.store.pg_server import PgServer


def test_each_entry_says_which_login_saved_it(
    qtbot: QtBot, make_window: WindowFactory, prompts: FakePrompts, *, pg_server: PgServer, pg_url: str, tmp_path: Path
) -> None:
    database = pg_url.rsplit("/", 1)[1]
    role = f"jones_{database}"
    with pg_server.admin() as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN IN ROLE baclotaper_clinician")
    window = make_window(path=pg_server.url(database, user=role))
    with_patient(qtbot, window, attach=False)
    qtbot.keyClicks(line(window, "recordedByInput"), "AB")
    press(qtbot, control(window, "insomnia"), Qt.Key.Key_1)
    click(qtbot, window.form.save_button)

    model = window.entries.model
    assert model.rowCount() == 1
    assert model.index(0, Column.RECORDED_BY).data() == f"AB ({role})"

    prompts.export_path = tmp_path / "log.csv"
    window.export_csv()
    settle(qtbot, window)
    with (tmp_path / "log.csv").open(encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["recorded_by"], row["database_user"]) == ("AB", role)

    prompts.export_path = tmp_path / "chart.pdf"
    window.export_pdf()
    settle(qtbot, window)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "chart.pdf").pages)
    # The narrow column may wrap the login anywhere.
    assert re.search(r"AB\s*\(" + r"\s*".join(map(re.escape, role)) + r"\s*\)", text), text
