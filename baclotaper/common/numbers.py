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
