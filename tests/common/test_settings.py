"""Settings: declared once, typed, written atomically, and never fatal when damaged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baclotaper.common import paths
from baclotaper.common.settings import (
    ALL,
    DEFAULT_PRODUCT,
    JURISDICTION,
    MAX_RECENT_FILES,
    PAPER,
    RECENT_FILES,
    WINDOW_GEOMETRY,
    Settings,
    settings_path,
)


def test_defaults_without_a_file() -> None:
    settings = Settings()
    assert settings.problem is None
    assert settings.paper == "A4"
    assert settings.default_product == "tablets:5,10,15,20"
    assert settings.jurisdiction == "US"
    assert settings.recent_files == []
    assert not settings_path().exists()  # reading never writes


def test_the_file_lives_in_the_config_folder(fresh_data_dir: Path) -> None:
    assert settings_path() == paths.config_dir() / "settings.json"
    assert settings_path().is_relative_to(fresh_data_dir)


def test_every_setting_is_declared_once_with_a_valid_default() -> None:
    keys = [s.key for s in ALL]
    assert len(keys) == len(set(keys))
    assert all(s.valid(s.default) for s in ALL)
    assert all(s.doc for s in ALL)


def test_values_round_trip_through_the_file() -> None:
    first = Settings()
    first.set(PAPER, "Letter")
    first.set(DEFAULT_PRODUCT, "solution:1mg/ml")
    first.set(JURISDICTION, "UK")
    first.set(WINDOW_GEOMETRY, "AdnQywAD")
    again = Settings()
    assert (again.paper, again.default_product, again.jurisdiction) == (
        "Letter",
        "solution:1mg/ml",
        "UK",
    )
    assert again.get(WINDOW_GEOMETRY) == "AdnQywAD"
    doc = json.loads(settings_path().read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1
    assert set(doc["values"]) == {s.key for s in ALL}


def test_writes_are_atomic_and_leave_no_temporary_files() -> None:
    settings = Settings()
    for size in ("Letter", "A4", "Letter"):
        settings.set(PAPER, size)
    assert [p.name for p in settings_path().parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize(
    ("setting", "value"),
    [(PAPER, "A3"), (JURISDICTION, "XX"), (DEFAULT_PRODUCT, "pills:5"), (RECENT_FILES, [1, 2])],
)
def test_invalid_values_are_refused(setting: object, value: object) -> None:
    with pytest.raises(ValueError, match="not a valid value"):
        Settings().set(setting, value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '{"values": 3}',
        "\x00\x01",
    ],
)
def test_a_damaged_file_gives_defaults(text: str) -> None:
    settings_path().write_text(text, encoding="utf-8")
    settings = Settings()
    assert settings.paper == "A4"
    assert settings.problem is not None
    settings.set(PAPER, "Letter")  # and it can be repaired by using the app
    assert Settings().paper == "Letter"
    assert Settings().problem is None


def test_an_unreadable_file_gives_defaults() -> None:
    settings_path().write_bytes(b"\xff\xfe\xfa")
    settings = Settings()
    assert settings.jurisdiction == "US"
    assert "is not text" in (settings.problem or "")


def test_wrong_types_fall_back_one_setting_at_a_time() -> None:
    settings_path().write_text(
        json.dumps({"values": {"paper": 4, "jurisdiction": "UK", "recent_files": "x", "other": 1}}),
        encoding="utf-8",
    )
    settings = Settings()
    assert settings.paper == "A4"
    assert settings.jurisdiction == "UK"
    assert settings.recent_files == []
    assert settings.problem is None


def test_recent_files_newest_first_without_duplicates(tmp_path: Path) -> None:
    settings = Settings()
    files = [tmp_path / f"p{i}.baclotaper" for i in range(MAX_RECENT_FILES + 2)]
    for path in files:
        settings.add_recent_file(path)
    settings.add_recent_file(files[3])
    recent = Settings().recent_files
    assert len(recent) == MAX_RECENT_FILES
    assert recent[0] == str(files[3].resolve())
    assert recent[1] == str(files[-1].resolve())
    assert len(set(recent)) == len(recent)
    settings.remove_recent_file(recent[0])
    assert str(files[3].resolve()) not in Settings().recent_files


def test_handed_out_lists_are_copies() -> None:
    settings = Settings()
    settings.recent_files.append("sneaky")
    assert settings.recent_files == []


def test_an_explicit_path_is_used(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "s.json"
    settings = Settings(path)
    settings.set(PAPER, "Letter")
    assert Settings(path).paper == "Letter"
    assert not settings_path().exists()


@pytest.mark.parametrize(
    "text",
    [
        '{"values": ' + "[" * 100_000 + "]" * 100_000 + "}",  # nested too deeply for Python's parser
        '{"values": {"paper": ' + "9" * 5000 + "}}",  # an integer Python refuses to read
    ],
    ids=["deep", "huge-number"],
)
def test_a_file_python_cannot_parse_never_stops_the_app(text: str) -> None:
    settings_path().write_text(text, encoding="utf-8")
    settings = Settings()  # was a RecursionError / ValueError traceback at start-up
    assert settings.paper == "A4"
    assert "is damaged" in (settings.problem or "")


def test_a_damaged_file_is_kept_not_overwritten_by_the_first_save() -> None:
    # One stray comma, and the next change of paper size wrote defaults over the log's server name.
    damaged = '{"values": {"log_database": "postgresql://ward@db/log", "paper": "Letter",}}'
    settings_path().write_text(damaged, encoding="utf-8")
    settings = Settings()
    settings.set(PAPER, "A4")
    kept = list(settings_path().parent.glob("settings-unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == damaged
    assert kept[0].name in (settings.problem or "")
    assert Settings().paper == "A4" and Settings().problem is None


def test_a_byte_order_mark_is_read_past() -> None:
    settings_path().write_text('\ufeff{"values": {"paper": "Letter"}}', encoding="utf-8")
    settings = Settings()
    assert settings.problem is None and settings.paper == "Letter"


def test_a_newer_versions_settings_survive_a_save_by_this_one() -> None:
    newer = {"schema_version": 2, "values": {"paper": "Letter", "colour_scheme": "dark"}}
    settings_path().write_text(json.dumps(newer), encoding="utf-8")
    Settings().set(JURISDICTION, "UK")
    values = json.loads(settings_path().read_text(encoding="utf-8"))["values"]
    assert values["colour_scheme"] == "dark" and values["jurisdiction"] == "UK" and values["paper"] == "Letter"


def test_a_hand_edited_recent_list_shows_only_the_first_few_usable_paths() -> None:
    listed = ["", "/tmp/a\x00b.baclotaper", "x" * 5000] + [f"/plans/p{n}.baclotaper" for n in range(100_000)]
    settings_path().write_text(json.dumps({"values": {"recent_files": listed}}), encoding="utf-8")
    recent = Settings().recent_files
    assert recent == [f"/plans/p{n}.baclotaper" for n in range(MAX_RECENT_FILES)]
