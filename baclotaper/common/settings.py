"""The user's preferences, declared once with their types and defaults.

Settings live in one JSON file in :func:`baclotaper.common.paths.config_dir`, written atomically.  Each
setting is declared below exactly once; a value that is missing, of the wrong type or not among the
allowed choices falls back to its default, so a damaged file never stops the app from starting.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from baclotaper.common import atomic, paths
from baclotaper.common.errors import InputError

T = TypeVar("T")

FILE_NAME = "settings.json"
SCHEMA_VERSION = 1
PAPER_SIZES = ("A4", "Letter")
MAX_RECENT_FILES = 8
_MAX_PATH = 4096  # PATH_MAX on Linux
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_paper(value: object) -> bool:
    return value in PAPER_SIZES


def _is_product(value: object) -> bool:
    from baclotaper.taper.products import parse_product

    if not isinstance(value, str):
        return False
    try:
        parse_product(value)
    except InputError:
        return False
    return True


def _is_jurisdiction(value: object) -> bool:
    from baclotaper.taper.regimen import jurisdictions

    return isinstance(value, str) and value in jurisdictions()


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: its key in the file, its default and what a valid value is."""

    key: str
    default: T
    valid: Callable[[object], bool]
    doc: str


# ----- every setting, declared once

PAPER: Setting[str] = Setting("paper", "A4", _is_paper, "Paper size for printing and PDF")
DEFAULT_PRODUCT: Setting[str] = Setting(
    "default_product",
    "tablets:5,10,15,20",
    _is_product,
    "Product a new plan starts with, as a product spec (tablets:10,20, solution:1mg/ml, ...)",
)
JURISDICTION: Setting[str] = Setting(
    "jurisdiction", "US", _is_jurisdiction, "Maximum-dose rules a new plan starts with"
)
RECENT_FILES: Setting[list[str]] = Setting(
    "recent_files", [], _is_str_list, "Plan files opened or saved lately, newest first"
)
WINDOW_GEOMETRY: Setting[str] = Setting(
    "window_geometry", "", _is_str, "Main window geometry (Qt saveGeometry, base64)"
)
WINDOW_STATE: Setting[str] = Setting("window_state", "", _is_str, "Docks and toolbars (Qt saveState, base64)")
LOG_DATABASE: Setting[str] = Setting(
    "log_database",
    "",
    _is_str,
    "The nurse's log: empty for the file in the data folder, a file path, or a ward's server "
    "(postgresql://user@host/database; the password in ~/.pgpass, not here)",
)

ALL: tuple[Setting[Any], ...] = (
    PAPER,
    DEFAULT_PRODUCT,
    JURISDICTION,
    RECENT_FILES,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    LOG_DATABASE,
)


def settings_path() -> Path:
    return paths.config_dir() / FILE_NAME


class Settings:
    """The settings file, read once; every change is written straight away."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else settings_path()
        self.problem: str | None = None  # why the file could not be used, for the status bar
        self._values: dict[str, Any] = {}
        self._damaged = False  # the file is there but unusable: set it aside before saving
        self._keep_file = False  # the file cannot be read at all: never write over it
        self._read()

    def _read(self) -> None:
        try:
            # utf-8-sig: a byte order mark, as some Windows editors write, is not part of the JSON.
            text = self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return
        except UnicodeDecodeError:
            self._unusable("is not text")
            return
        except OSError as exc:
            # Unreadable (permissions): left alone, and not overwritten by a save either.
            self.problem = f"settings file {self.path} cannot be read ({exc.strerror or exc}); using defaults"
            self._keep_file = True
            return
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):  # bad JSON, nested too deeply, a number of 5000 digits
            self._unusable("is damaged")
            return
        values = doc.get("values") if isinstance(doc, dict) else None
        if not isinstance(values, dict):
            self._unusable("is not a settings file")
            return
        self._values = values

    def _unusable(self, why: str) -> None:
        # The file may hold what the user set (the log's server, recent files): the first save
        # moves it aside instead of writing over it.
        self._damaged = True
        self.problem = f"settings file {self.path} {why}; using defaults (it is kept when settings are saved)"

    def _set_aside(self) -> None:
        kept = self.path.with_name(f"{self.path.stem}-unreadable-{datetime.now():%Y%m%d-%H%M%S}{self.path.suffix}")
        with contextlib.suppress(FileNotFoundError):  # gone since it was read: nothing to keep
            os.replace(self.path, kept)
        self._damaged = False
        self.problem = f"settings file {self.path} could not be used; it was kept as {kept.name}"

    def get(self, setting: Setting[T]) -> T:
        value = self._values.get(setting.key, setting.default)
        if not setting.valid(value):
            return _copy(setting.default)
        return cast(T, _copy(value))

    def set(self, setting: Setting[T], value: T) -> None:
        if not setting.valid(value):
            raise ValueError(f"{value!r} is not a valid value for the setting '{setting.key}'")
        self._values[setting.key] = _copy(value)
        self.save()

    def save(self) -> None:
        if self._keep_file:
            return
        if self._damaged:
            self._set_aside()
        known = {s.key: self.get(s) for s in ALL}
        # Keys this version does not know (a newer BacloTaper's) are kept as they were.
        others = {k: v for k, v in self._values.items() if k not in known}
        doc = {"schema_version": SCHEMA_VERSION, "values": known | others}
        atomic.write_text(self.path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    # ----- typed shortcuts for the settings other modules read

    @property
    def paper(self) -> str:
        return self.get(PAPER)

    @property
    def default_product(self) -> str:
        return self.get(DEFAULT_PRODUCT)

    @property
    def jurisdiction(self) -> str:
        return self.get(JURISDICTION)

    @property
    def recent_files(self) -> list[str]:
        # A hand-edited file may list thousands of paths, or text that is no path: the menu shows
        # the first few that could be file names.
        usable = [p for p in self.get(RECENT_FILES) if 0 < len(p) <= _MAX_PATH and not _CONTROL.search(p)]
        return usable[:MAX_RECENT_FILES]

    def add_recent_file(self, path: Path) -> None:
        text = str(Path(path).resolve())
        recent = [text, *(p for p in self.recent_files if p != text)]
        self.set(RECENT_FILES, recent[:MAX_RECENT_FILES])

    def remove_recent_file(self, path: str) -> None:
        self.set(RECENT_FILES, [p for p in self.recent_files if p != path])


def _copy(value: T) -> T:
    # Lists are handed out as copies so a caller cannot change the stored value by accident.
    return cast(T, list(value)) if isinstance(value, list) else value
