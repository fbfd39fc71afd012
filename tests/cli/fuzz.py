"""Generated command lines for the zero-traceback test and the fuzzing script.

Every option comes from the real parser (a new option is fuzzed without touching this file); values
mix plausible and hostile text: numbers out of range, NaN, 1e300, impossible dates, very long and
control-character text, and paths to a folder, a FIFO and a symlink made in the test's own folder.
No generated value contains a path separator, so nothing is ever written outside that folder.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from baclotaper.cli.args import one_line
from baclotaper.cli.main import main, make_parser


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]  # e.g. ("log", "add")
    options: tuple[tuple[str, bool], ...]  # option string, takes a value
    positionals: int


def commands() -> list[Command]:
    found: list[Command] = []

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if subs:
            for name, sub in subs[0].choices.items():
                walk(sub, (*words, name))
            return
        options = tuple(
            (a.option_strings[-1], a.nargs != 0)
            for a in parser._actions
            if a.option_strings and not isinstance(a, argparse._HelpAction | argparse._VersionAction)
        )
        positionals = sum(1 for a in parser._actions if not a.option_strings)
        found.append(Command(words, options, positionals))

    walk(make_parser(), ())
    return found


# Names the fuzz run makes in its folder: a folder, a FIFO, a symlink to a file, a plan file.
PATH_NAMES = ("outdir", "fifo", "link.txt", "plan.baclotaper", "new.pdf", "-")

PLAUSIBLE = (
    "0", "1", "3", "5", "10", "30", "60", "90", "400", "500", "2000", "-1", "0.5", "7.3",
    "2026-12-01", "2027-01-15", "2026-12-01T10:00", "oral", "intrathecal", "tablets:5,10",
    "intrathecal:500", "solution:1mg/ml", "granules:5,10,20", "18m", "2y", "6w", "10d", "US", "UK",
    "standard", "cautious", "label", "10+10+10", "50:7,40:7", "fri,sat", "morning,midday",
    "insomnia=2", "visual_hallucinations=3", "135/85", "1+", "A4", "Letter", "patient", "all",
    "AB", "MRN1", "#1", "hold", "step_back", "J. Doe",
)  # fmt: skip
HOSTILE = (
    "", " ", "nan", "NaN", "inf", "-inf", "1e300", "-1e300", "1e-300", "9" * 400, "0x10", "1,5",
    "9999-12-31", "0999-01-01", "0001-01-01", "2026-02-30", "2026-12-01T25:00", "2026-13-01",
    "x" * 5000, "é" * 300, "a\x00b", "a\x1bb", "\u202e", "--", "-", "=", ":", ",", "+", "a=b=c",
    "tablets:", "tablets:0", "tablets:-5", "intrathecal:0", "intrathecal:1e300", "solution:0mg/ml",
    "9999999:1", "10:0", "10:-1", "1:99999999", "x/y", "1/0", "nan/nan",
)  # fmt: skip
_FREE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\"), max_size=30)


def values() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(PLAUSIBLE), st.sampled_from(HOSTILE), st.sampled_from(PATH_NAMES), _FREE)


# Command lines that work as they are: the fuzz adds options to them, so it reaches the code
# behind the parser (building, checking and writing) and not only argparse's refusals.
STARTS: tuple[tuple[str, ...], ...] = (
    ("plan", "--route", "oral", "--dose", "60", "--on-therapy", "2y", "--start", "2026-12-01"),
    ("plan", "--route", "intrathecal", "--dose", "300", "--on-therapy", "3y", "--start", "2026-12-01"),
    ("export", "plan.baclotaper"),
    ("log", "add", "--patient", "MRN1", "--by", "AB", "--observed", "2026-01-05T10:00"),
    ("log", "list", "--patient", "MRN1"),
    ("log", "export", "--patient", "MRN1"),
    ("log", "revise", "--patient", "MRN1", "--by", "AB", "--proposal", "hold", "--reason", "why"),
    ("log", "plan", "--patient", "MRN1"),
    ("log", "patient", "--name", "J. Doe"),
)


def seed() -> None:
    """A patient MRN1 with the saved plan attached, for the ``log`` command lines to work on."""
    run(["log", "patient", "--name", "J. Doe", "--identifier", "MRN1"])
    run(["log", "attach", "--patient", "MRN1", "--plan", "plan.baclotaper", "--by", "AB"])


@st.composite
def argument_lists(draw: st.DrawFn) -> list[str]:
    if draw(st.booleans()):
        start = draw(st.sampled_from(STARTS))
        command = next(c for c in commands() if c.words == start[: len(c.words)])
        args = list(start)
        command = Command(command.words, command.options, 0)
    else:
        command = draw(st.sampled_from(commands()))
        args = list(command.words)
    chosen = draw(st.lists(st.sampled_from(command.options), max_size=5)) if command.options else []
    for option, takes_value in chosen:
        args.append(option)
        if takes_value and draw(st.booleans() | st.just(True)):
            args.append(draw(values()))
    for _ in range(command.positionals):
        args.append(draw(st.sampled_from(PATH_NAMES) | values()))
    if draw(st.integers(0, 9)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(values()))  # a stray word anywhere
    if args[0] == "--data-dir" or not args:
        args.insert(0, "plan")
    return args


def make_folder(folder: Path) -> None:
    """The names in ``PATH_NAMES``: a folder, a FIFO, a symlink to a file and a saved plan."""
    from baclotaper.taper import planfile
    from tests.factories import plan

    (folder / "outdir").mkdir()
    os.mkfifo(folder / "fifo")
    (folder / "target.txt").write_text("keep")
    (folder / "link.txt").symlink_to(folder / "target.txt")
    planfile.save(plan(), folder / "plan.baclotaper")


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


@contextlib.contextmanager
def _captured() -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    # Text streams over bytes, as a terminal's are: "-" writes a PDF's bytes to stdout's buffer.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace")
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = old


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8", errors="replace")


def run(args: list[str]) -> Outcome:
    """Run the command line in-process; any exception other than an exit escapes to the caller."""
    with _captured() as (out, err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return Outcome(code, _text(out), _text(err))


# A refusal names what the user typed: an option (--dose, -o) or a positional's metavar.
_NAMES_OPTION = re.compile(
    r"^baclotaper[\w ]*: error: .*(--[a-z][a-z-]*|-o\b|PLANFILE|BACKUP|COMMAND|ACTION|unrecognized arguments)"
)
INTERNAL_FIELDS = ("name:", "recorded_by:", "observed_at", "date_of_birth", "daily_dose:", "per_day:", "author:")


def _names_a_value(args: list[str], line: str) -> bool:
    """A refusal about a file (damaged, a folder) may start with the name the user gave instead."""
    said = line.split(": error: ", 1)[-1]
    return any(said.startswith(one_line(value)) for value in args if value.strip() and not value.startswith("-"))


def problems(args: list[str], outcome: Outcome) -> list[str]:
    """What is wrong with how the command line answered ``args`` (empty when all is well)."""
    found = []
    if outcome.code not in (0, 2):
        found.append(f"exit {outcome.code}")
    if outcome.code == 2:
        lines = outcome.err.splitlines()
        if len(lines) != 1:
            found.append(f"{len(lines)} lines on stderr: {outcome.err[:300]!r}")
        elif not _NAMES_OPTION.search(lines[0]) and not _names_a_value(args, lines[0]):
            found.append(f"refusal names no option: {lines[0][:300]!r}")
        elif any(f" {field}" in lines[0].split("error:", 1)[1][:40] for field in INTERNAL_FIELDS):
            found.append(f"refusal names an internal field: {lines[0][:300]!r}")
    return found
