"""Argument types and the parser that reports every problem on one line, naming the option."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NoReturn

from baclotaper.common import atomic, bounds
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import NumberTextError, read_decimal

# Regimen field -> the option that sets it, so messages name what the user typed.
OPTION_FOR_FIELD = {
    "database": "--database",
    "dose": "--dose",
    "per_day": "--per-day",
    "split": "--split",
    "on_therapy": "--on-therapy",
    "start": "--start",
    "target": "--target",
    "pace": "--pace",
    "interval_days": "--interval-days",
    "step": "--step",
    "percent": "--percent",
    "above_max_step": "--above-max-step",
    "above_max_interval_days": "--above-max-interval-days",
    "due_date": "--due-date",
    "concentration_change": "--concentration-change",
    "custom": "--custom",
    "cut_order": "--cut-order",
    "avoid_weekdays": "--avoid-weekdays",
    "product": "--product",
    "concentration": "--concentration",
    "age": "--age",
    "egfr": "--egfr",
    "jurisdiction": "--jurisdiction",
    "route": "--route",
    "patient": "--patient",
    "score": "--score",
    "bp": "--bp",
    "temperature": "--temperature",
    "heart_rate": "--heart-rate",
    "respiratory_rate": "--respiratory-rate",
    "systolic": "--bp",
    "diastolic": "--bp",
    "spasticity": "--spasticity",
    "export": "--csv/--pdf",
    "observed_at": "--observed",
    "date": "--on",
    "proposal": "--proposal",
    "reservoir_ml": "--reservoir-ml",
    "last_refill": "--last-refill",
    "days": "--days",
    "output": "-o",
    "name": "--name",
    "identifier": "--identifier",
    "date_of_birth": "--dob",
    "recorded_by": "--by",
    "author": "--by",
    "notes": "--notes",
    "reason": "--reason",
    "pump_model": "--pump-model",
    "next_refill": "--next-refill",
    "generated": "--generated",
    "since": "--since",
    "until": "--until",
    "backup": "BACKUP",
    "prescriber": "--prescriber",
    "contact": "--phone",
    "pump_team_phone": "--pump-team-phone",
    "planfile": "PLANFILE",
}


def one_line(message: str, most: int = 600) -> str:
    """``message`` on one line: what cannot be printed (a line break, an escape) is shown escaped,
    and a value pasted by mistake (thousands of characters) is cut short."""
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    return shown if len(shown) <= most else shown[: most - 1] + "…"


class OneLineParser(argparse.ArgumentParser):
    """argparse, but an error is one line (no usage dump) and exits with status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")
        raise SystemExit(2)


def number(what: str, *, integer: bool = False) -> Callable[[str], float]:
    """A number as the window reads it: plain digits with at most one decimal point.

    Python's ``float`` also reads ``1e2``, ``1_0``, ``nan`` and digits of other scripts; a dose
    typed that way is refused rather than guessed, as in the window.
    """

    def parse(text: str) -> float:
        try:
            value = read_decimal(text)
        except NumberTextError:
            raise argparse.ArgumentTypeError(
                f"'{text}' is not a number ({what}); write digits with a decimal point, e.g. 7.5"
            ) from None
        if not math.isfinite(value):  # 400 nines still read as a float; more is infinity
            raise argparse.ArgumentTypeError(f"'{text}' is not a number ({what})")
        if integer and not value.is_integer():
            raise argparse.ArgumentTypeError(f"'{text}' must be a whole number ({what})")
        return value

    return parse


def whole(what: str) -> Callable[[str], int]:
    as_float = number(what, integer=True)

    def parse(text: str) -> int:
        return int(as_float(text))

    return parse


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01") from None


def _in_range(check: Callable[[], object]) -> None:
    try:
        check()
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def iso_date(text: str) -> date:
    """A plan or log date, YYYY-MM-DD, in the years the app accepts."""
    day = _parse_date(text)
    _in_range(lambda: bounds.check_day("date", day))
    return day


def birth_date(text: str) -> date:
    day = _parse_date(text)
    _in_range(lambda: bounds.check_day("date_of_birth", day, birth=True))
    return day


def text_of(kind: bounds.TextKind, *, required: bool = False) -> Callable[[str], str]:
    """Free text within its length limit (and, if ``required``, not blank)."""

    def parse(text: str) -> str:
        if required and not text.strip():
            raise argparse.ArgumentTypeError("must not be empty")
        _in_range(lambda: bounds.check_text("text", text, kind))
        return text

    return parse


def report(prog: str, field: str, message: str) -> int:
    option = OPTION_FOR_FIELD.get(field, field)
    sys.stderr.write(f"{prog}: error: {option}: {one_line(message)}\n")
    return 2


def refuse(prog: str, message: str) -> int:
    """A refusal that is not about one option (a damaged file, a busy database): one line, exit 2."""
    sys.stderr.write(f"{prog}: error: {one_line(message)}\n")
    return 2


def output_file(text: str) -> Path:
    """A file to write: new, or an ordinary file (a symlink is followed), or ``-`` for standard output.

    Checked here, before anything is built or written, so the refusal names the option.
    """
    if atomic.is_stdout(text):
        return Path(atomic.STDOUT)
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file name, or - for standard output")
    _plain_name(text)
    try:
        atomic.check_target(text)
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{text} {exc.strerror}") from None
    return Path(text)


def input_file(text: str) -> Path:
    """A file to read: a name is needed (an empty one would mean the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file name")
    _plain_name(text)
    return Path(text)


def _plain_name(text: str) -> None:
    # The system refuses a name with a NUL (and control characters are a paste gone wrong).
    if not text.isprintable():
        raise argparse.ArgumentTypeError(f"'{one_line(text)}' has characters a file name cannot have")
