"""Numbers as this user writes them: the decimal mark comes from the locale (``QLocale``).

Typed numbers are read by :func:`baclotaper.common.numbers.read_decimal`, which refuses thousands
separators, the other decimal mark and exponents instead of guessing.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

from baclotaper.common.numbers import fmt


def decimal_point() -> str:
    """The decimal mark of the default locale ("." in English, "," in French)."""
    mark = QLocale().decimalPoint()
    return mark if mark in {".", ","} else "."


def show(value: float) -> str:
    """``value`` as the user would type it: ``7.5`` in English, ``7,5`` in French."""
    return fmt(value).replace(".", decimal_point())
