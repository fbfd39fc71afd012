"""Shared by every test: Qt without a display, and a fresh data folder for each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: no display is needed or used.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from baclotaper.common import paths


@pytest.fixture(autouse=True)
def fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Database, settings and recovery files go to a folder of this test's own."""
    folder = tmp_path / "baclotaper-data"
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(folder))
    paths.set_data_dir(folder)
    try:
        yield folder
    finally:
        paths.set_data_dir(None)
