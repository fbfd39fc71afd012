"""Time on therapy such as ``10d``, ``6w``, ``18m`` or ``3y``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from baclotaper.common.errors import InputError

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

_UNITS = {"d": "day", "w": "week", "m": "month", "y": "year"}
_PATTERN = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.IGNORECASE)
# Days in an average month, for comparing durations written in different units.
_DAYS_PER_MONTH = 365.25 / 12
_MAX_YEARS = 80


@dataclass(frozen=True)
class Duration:
    """How long the patient has taken baclofen, as typed: ``amount`` of ``unit`` (18 m, 2 y)."""

    amount: int
    unit: str  # one of d, w, m, y

    @classmethod
    def parse(cls, text: str, field: str = "on_therapy") -> Duration:
        match = _PATTERN.match(text or "")
        if not match:
            raise InputError(
                field,
                f"'{text}' is not a duration; write a whole number and d, w, m or y (10d, 6w, 18m, 3y)",
            )
        duration = cls(int(match.group(1)), match.group(2).lower())
        if duration.amount <= 0:
            raise InputError(field, "must be at least 1 day")
        if duration.months > _MAX_YEARS * 12:
            raise InputError(field, f"'{text}' is longer than {_MAX_YEARS} years")
        return duration

    @property
    def delta(self) -> relativedelta:
        # dateutil is imported on first use: the window's form parses durations long before any
        # date arithmetic, and the import is a few milliseconds of start-up.
        from dateutil.relativedelta import relativedelta

        return {
            "d": relativedelta(days=self.amount),
            "w": relativedelta(weeks=self.amount),
            "m": relativedelta(months=self.amount),
            "y": relativedelta(years=self.amount),
        }[self.unit]

    @property
    def days(self) -> float:
        return {"d": 1.0, "w": 7.0, "m": _DAYS_PER_MONTH, "y": 365.25}[self.unit] * self.amount

    @property
    def months(self) -> float:
        return self.days / _DAYS_PER_MONTH

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    @property
    def words(self) -> str:
        name = _UNITS[self.unit]
        return f"{self.amount} {name}{'' if self.amount == 1 else 's'}"
