"""Zero tracebacks: any command line ends with exit 0, or exit 2 and one line naming the option."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.cli.fuzz import argument_lists, make_folder, problems, run, seed


@pytest.fixture
def fuzz_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "fuzz"
    folder.mkdir()
    make_folder(folder)
    monkeypatch.chdir(folder)  # relative output names land here, never anywhere else
    seed()
    return folder


@settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,  # the same command lines on every run; scripts/fuzz_cli.py explores further
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=argument_lists())
def test_any_command_line_exits_0_or_2_with_one_line_naming_the_option(args: list[str], fuzz_folder: Path) -> None:
    outcome = run(args)
    assert problems(args, outcome) == [], args


def test_the_fuzz_folder_is_left_as_made_apart_from_new_files(fuzz_folder: Path) -> None:
    for args in (["plan", "-o", "fifo"], ["plan", "--pdf", "outdir"], ["log", "export", "--csv", "fifo"]):
        assert run(args).code == 2
    assert (fuzz_folder / "fifo").is_fifo() and (fuzz_folder / "outdir").is_dir()
    assert (fuzz_folder / "target.txt").read_text() == "keep"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["plan", "--route", "oral", "--dose", "nan", "--on-therapy", "2y"], "--dose"),
        (["plan", "--route", "oral", "--dose", "60", "--on-therapy", "2y", "--start", "9999-12-31"], "--start"),
        (["plan", "--route", "oral", "--product", "intrathecal:500", "--dose", "6", "--on-therapy", "2y"], "--product"),
        (["log", "patient", "--name", " "], "--name"),
        (["log", "add", "--patient", "x", "--by", " "], "--by"),
        (["log", "add", "--patient", "x", "--by", "AB", "--observed", "0999-01-01T10:00"], "--observed"),
        (["log", "backup", "--to", "\x00"], "--to"),
        (["plan", "--from", "\x00"], "--from"),
    ],
)
def test_known_bad_inputs_name_their_option(args: list[str], names: str, fuzz_folder: Path) -> None:
    outcome = run(args)
    assert outcome.code == 2 and names in outcome.err and problems(args, outcome) == []
