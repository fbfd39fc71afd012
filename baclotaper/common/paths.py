"""Where BacloTaper keeps its files: the one place that knows.

Defaults come from platformdirs.  ``--data-dir`` on the command line or the ``BACLOTAPER_DATA_DIR``
environment variable put everything (database, settings, recovery files) under one folder instead,
which is what the tests do.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "BacloTaper"
APP_AUTHOR = "BacloTaper"
APP_ID = "org.baclotaper.BacloTaper"
# A saved plan's file name ends so (the desktop's MIME type matches it too).
PLAN_SUFFIX = ".baclotaper"
ENV_DATA_DIR = "BACLOTAPER_DATA_DIR"

_override: Path | None = None


def set_data_dir(path: Path | None) -> None:
    """Put every file of the app under ``path`` (``None`` returns to the environment/platform)."""
    global _override  # noqa: PLW0603 - one process-wide override, like the env variable
    _override = Path(path) if path is not None else None


def _base() -> Path | None:
    if _override is not None:
        return _override
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir() -> Path:
    """Patient data: the database lives here."""
    base = _base()
    return _ensure(base if base else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)))


def config_dir() -> Path:
    base = _base()
    return _ensure(base / "config" if base else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)))


def state_dir() -> Path:
    """Recovery files for unsaved work."""
    base = _base()
    return _ensure(base / "state" if base else Path(platformdirs.user_state_dir(APP_NAME, APP_AUTHOR)))


def database_path() -> Path:
    return data_dir() / "baclotaper.sqlite3"
