"""Starting the window reads its own options without the subcommands' parser (start-up time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from baclotaper.cli import main as cli_main
from tests.cli_runner import run


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], {}),
        (["--data-dir", "/tmp/x"], {"--data-dir": "/tmp/x"}),
        (
            ["--data-dir=/tmp/x", "--database", "sqlite:///l.db"],
            {"--data-dir": "/tmp/x", "--database": "sqlite:///l.db"},
        ),
        (["plan"], None),
        (["--version"], None),
        (["--help"], None),
        (["--data-dir"], None),
        (["--data-dir", "--version"], None),
        (["--data-dir", "a", "--data-dir", "b"], None),
        (["--data-dir", "a", "export"], None),
    ],
)
def test_only_the_windows_own_options_take_the_short_way(args: list[str], options: dict[str, str] | None) -> None:
    assert cli_main.window_options(args) == options


def test_every_subcommand_module_is_on_the_parser() -> None:
    folder = Path(cli_main.__file__).parent
    assert set(cli_main.COMMANDS) == {p.stem for p in folder.glob("*.py")} - {"__init__", "args", "main"}


def test_the_full_parser_still_answers_what_the_short_way_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("BacloTaper ")
    code, _, err = run(capsys, "--data-dir")
    assert code == 2 and "--data-dir" in err and len(err.splitlines()) == 1


def test_the_window_starts_without_the_subcommands_the_store_or_the_exporters(tmp_path: Path) -> None:
    """A fresh process, as a user starts it: the real window, offscreen, quits after its first paint."""
    # The modules loaded when the window reports its paint (the work after it, such as loading the
    # engine, is still done before main() returns).
    script = f"""
import json, linecache, sys
from baclotaper.cli.main import main
from baclotaper.common import paths
at_paint, sources_read = [], []
write = sys.stdout.write
def noting(text):
    if text.startswith("first-paint"):
        at_paint.extend(sys.modules)
        sources_read.extend(linecache.cache)
    return write(text)
sys.stdout.write = noting
code = main(["--data-dir", {str(tmp_path)!r}])
print(json.dumps({{"code": code, "data": str(paths.data_dir()), "modules": at_paint, "read": sources_read}}))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BACLOTAPER_EXIT_AFTER_FIRST_PAINT="1")
    env.pop("BACLOTAPER_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120, env=env
    )
    assert done.stdout.startswith("first-paint ")  # the window painted
    result = json.loads(done.stdout.splitlines()[-1])
    loaded = result["modules"]
    assert result["code"] == 0 and Path(result["data"]) == tmp_path
    for heavy in ("baclotaper.cli.plan", "baclotaper.cli.log", "baclotaper.cli.export", "baclotaper.cli.args",
                  "baclotaper.nurse_log.store", "baclotaper.exports.pdf", "reportlab", "icalendar", "sqlite3",
                  "PySide6.QtPdf", "PySide6.QtPrintSupport"):  # fmt: skip
        assert heavy not in loaded, f"{heavy} is imported before the window's first paint"
    # The form's core modules come in before PySide6, which would otherwise read the source of each.
    for core in cli_main.WINDOW_CORE:
        assert loaded.index(core) < loaded.index("PySide6"), core
    # PySide6 reads the source of a module it cannot tell apart (its __feature__ check): the
    # window's modules, the form's core and the standard library loaded before PySide6 are told.
    read = [Path(p) for p in result["read"]]
    assert not [p for p in read if "baclotaper" in p.parts and p.name != "__init__.py"], read
    assert not [p for p in read if p.name in ("typing.py", "dataclasses.py", "datetime.py", "zipfile.py")], read
    # The engine that builds plans is not needed for a new window's empty form: it comes after.
    for engine in ("baclotaper.taper.build", "baclotaper.taper.plan", "baclotaper.taper.edits", "dateutil"):
        assert engine not in loaded, f"{engine} is imported before the window's first paint"
