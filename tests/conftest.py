"""Shared by every test: Qt without a display, and a fresh data folder for each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Before anything imports Qt: no display is needed or used.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from baclotaper.common import paths
from baclotaper.nurse_log.store import location

# The property tests draw the same examples at every run, so a commit passes or fails the same way
# every time, in CI too.  HYPOTHESIS_PROFILE=explore draws new examples at each run, to hunt for
# faults (a failure it finds is replayed from .hypothesis/ until fixed).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# pg_server, pg_url and target: started only by the tests that use them.
pytest_plugins = ["tests.nurse_log.store.pg_fixtures"]


@pytest.fixture(autouse=True)
def fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Database, settings and recovery files go to a folder of this test's own."""
    folder = tmp_path / "baclotaper-data"
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(folder))
    # The log is the data folder's file unless a test says otherwise (--database lasts one run).
    monkeypatch.delenv(location.ENV_DATABASE_URL, raising=False)
    paths.set_data_dir(folder)
    try:
        yield folder
    finally:
        paths.set_data_dir(None)
        location.set_override(None)
