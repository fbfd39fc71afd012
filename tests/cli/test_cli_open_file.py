"""``baclotaper FILE.baclotaper`` opens the plan in the window (the desktop entry's ``%f``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from baclotaper.cli import main as cli_main
from baclotaper.taper import planfile
from tests.factories import plan


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], Path | None]]:
    calls: list[tuple[list[str], Path | None]] = []

    def fake_start(argv: list[str], _options: dict[str, str], plan_file: Path | None = None) -> int:
        calls.append((list(argv), plan_file))
        return 0

    monkeypatch.setattr(cli_main, "_start_window", fake_start)
    return calls


def test_a_plan_file_on_the_command_line_opens_in_the_window(
    tmp_path: Path, started: list[tuple[list[str], Path | None]]
) -> None:
    path = tmp_path / f"taper{planfile.SUFFIX}"
    planfile.save(plan(60), path)
    assert cli_main.main(["--data-dir", str(tmp_path / "data"), str(path)]) == 0
    assert started == [(["--data-dir", str(tmp_path / "data")], path)]


def test_a_missing_plan_file_is_one_line_and_exit_2(
    tmp_path: Path, started: list[tuple[list[str], Path | None]], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / f"gone{planfile.SUFFIX}"
    assert cli_main.main([str(missing)]) == 2
    err = capsys.readouterr().err
    assert err == f"baclotaper: error: {missing}: no such plan file (or a command: plan, export, log)\n"
    assert started == []


def test_commands_still_win_over_file_names(
    tmp_path: Path, started: list[tuple[list[str], Path | None]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli_main.main(["plan", "--route", "oral", "--dose", "60", "--on-therapy", "2y", "--start", "2026-12-01"]) == 0
    )
    assert "60" in capsys.readouterr().out
    assert started == []
