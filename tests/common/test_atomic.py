"""Writing files: only an ordinary file (or a new one) is replaced; folders, pipes and devices are
refused with a clear message; a symlink is followed; ``-`` is standard output.

Every path here is under the test's own temporary folder: a FIFO, a folder and links made for the
test, never a real system path.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from baclotaper.common import atomic
from tests.cli_runner import run

PLAN = ("plan", "--route", "oral", "--dose", "30", "--on-therapy", "6m", "--start", "2026-12-01")


def test_a_new_file_and_an_ordinary_file_are_written_private(tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    atomic.write_text(new, "one")
    assert new.read_text() == "one"
    new.chmod(0o644)
    atomic.write_text(new, "two")
    assert new.read_text() == "two" and stat.S_IMODE(new.stat().st_mode) == 0o600  # patient data
    assert [p.name for p in tmp_path.iterdir()] == ["new.txt"]  # no temporary file left behind


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real, link = tmp_path / "real.txt", tmp_path / "link.txt"
    real.write_text("old")
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "made-through-link.txt")
    atomic.write_text(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "made-through-link.txt").read_text() == "made"


def test_a_folder_a_fifo_and_a_folder_name_are_refused_untouched(tmp_path: Path) -> None:
    folder, fifo = tmp_path / "dir", tmp_path / "fifo"
    folder.mkdir()
    os.mkfifo(fifo)
    with pytest.raises(atomic.NotAFileError, match="is a folder; give a file name"):
        atomic.write_text(folder, "x")
    with pytest.raises(atomic.NotAFileError, match="not an ordinary file"):
        atomic.write_text(fifo, "x")  # would hang if it were opened for writing
    with pytest.raises(atomic.NotAFileError, match="folder name"):
        atomic.write_text(f"{tmp_path}/newdir/", "x")
    link_to_fifo = tmp_path / "to-fifo"
    link_to_fifo.symlink_to(fifo)
    with pytest.raises(atomic.NotAFileError, match="not an ordinary file"):
        atomic.write_text(link_to_fifo, "x")
    assert folder.is_dir() and stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "fifo", "to-fifo"]


def test_a_character_device_is_refused_without_writing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A device cannot be made without root: pretend the path is one (stat says so), write nothing.
    target = tmp_path / "null"
    target.write_text("untouched")
    real_stat = os.stat

    def device_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(path)) == target:
            fields = list(result)
            fields[0] = stat.S_IFCHR | 0o666
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(os, "stat", device_stat)
    with pytest.raises(atomic.NotAFileError, match="device, pipe or socket"):
        atomic.write_text(target, "x")
    monkeypatch.undo()
    assert target.read_text() == "untouched"


@pytest.mark.parametrize("option", ["-o", "--save", "--pdf", "--ics", "--csv"])
def test_the_command_line_refuses_a_fifo_or_folder_naming_the_option(
    option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo, folder = tmp_path / "fifo", tmp_path / "dir"
    os.mkfifo(fifo)
    folder.mkdir()
    for target, reason in ((fifo, "not an ordinary file"), (folder, "is a folder"), (f"{tmp_path}/new/", "folder")):
        code, _, err = run(capsys, *PLAN, "-o", str(tmp_path / "plan.txt"), option, str(target))
        assert code == 2
        assert len(err.splitlines()) == 1 and f"argument {option}" in err and reason in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "fifo"]  # nothing written at all


def test_the_log_export_refuses_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "log", "export", "--patient", "x", "--csv", str(tmp_path))
    assert code == 2 and "argument --csv" in err and "is a folder" in err


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, *PLAN, "-o", "-")
    assert code == 0 and out.startswith("BacloTaper plan")
    code, out, _ = run(capsys, *PLAN, "-o", str(tmp_path / "p.txt"), "--save", "-")
    assert code == 0 and '"format": "baclotaper-plan"' in out


def test_two_outputs_on_standard_output_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *PLAN, "--csv", "-")
    assert code == 2 and err.startswith("baclotaper plan: error: --csv: standard output already carries")
    code, _, err = run(capsys, *PLAN, "-o", "-", "--save", "-")
    assert code == 2 and err.startswith("baclotaper plan: error: --save: only one output")


def test_export_sends_the_csv_to_standard_output_and_reports_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    saved = tmp_path / "p.baclotaper"
    assert run(capsys, *PLAN, "--save", str(saved))[0] == 0
    code, out, err = run(capsys, "export", str(saved), "--csv", "-")
    assert (
        code == 0 and out.lstrip("\ufeff").startswith("date,weekday,step") and err.startswith("Wrote standard output")
    )
