"""Argument types and the parser that reports every problem on one line, naming the option."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from datetime import date
from typing import NoReturn

# Regimen field -> the option that sets it, so messages name what the user typed.
OPTION_FOR_FIELD = {
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
    "reservoir_ml": "--reservoir-ml",
    "last_refill": "--last-refill",
    "days": "--days",
}


class OneLineParser(argparse.ArgumentParser):
    """argparse, but an error is one line (no usage dump) and exits with status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


def number(what: str, *, integer: bool = False) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number ({what})") from None
        if not math.isfinite(value):
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


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01") from None


def report(prog: str, field: str, message: str) -> int:
    option = OPTION_FOR_FIELD.get(field, field)
    sys.stderr.write(f"{prog}: error: {option}: {message}\n")
    return 2
