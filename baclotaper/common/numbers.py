"""Small helpers for doses on a measurable grid (multiples of a product's smallest step)."""

from __future__ import annotations

import math

# Doses are floats on a grid of a few decimals; compare with a tolerance far below any real step.
EPS = 1e-9


def fmt(value: float) -> str:
    """``7.5`` -> ``"7.5"``, ``10.0`` -> ``"10"``, ``0.125`` -> ``"0.125"``."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def snap_up(value: float, quantum: float) -> float:
    """The smallest multiple of ``quantum`` at or above ``value``."""
    return round(math.ceil(value / quantum - EPS) * quantum, 6)


def snap_down(value: float, quantum: float) -> float:
    """The largest multiple of ``quantum`` at or below ``value``."""
    return round(math.floor(value / quantum + EPS) * quantum, 6)


def is_multiple(value: float, quantum: float) -> bool:
    return abs(value / quantum - round(value / quantum)) < 1e-6


def quanta(value: float, quantum: float) -> int:
    return round(value / quantum)


class NumberTextError(ValueError):
    """Text that is not a plain decimal number; ``ambiguous`` when it looks like one written with
    another separator (``1,000``, ``600,5`` where decimals take a point)."""

    def __init__(self, text: str, *, ambiguous: bool) -> None:
        super().__init__(text)
        self.ambiguous = ambiguous


def read_decimal(text: str, decimal_point: str = ".") -> float:
    """A number as a person types it: digits with at most one ``decimal_point`` (the user's own).

    Thousands separators, the other decimal mark, exponents (``1e3``), ``inf`` and ``nan`` are
    refused rather than guessed: ``1,000`` read as 1 stopped a pump plan on its first day.
    """
    stripped = text.strip()
    body = stripped[1:] if stripped.startswith("-") else stripped
    whole, _, decimals = body.partition(decimal_point)
    if (
        (whole or decimals)
        and (not whole or (whole.isascii() and whole.isdigit()))
        and (not decimals or (decimals.isascii() and decimals.isdigit()))
    ):
        return float(f"{'-' if stripped.startswith('-') else ''}{whole or '0'}.{decimals or '0'}")
    separators = {".", ",", "'", " ", "\u00a0", "\u202f"}
    digits_and_marks = bool(body) and all(c.isdigit() or c in separators for c in body)
    raise NumberTextError(stripped, ambiguous=digits_and_marks and any(c.isdigit() for c in body))
