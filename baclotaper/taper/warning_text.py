"""A plan warning from its template in ``resources/warnings.toml``, and step lists in words."""

from __future__ import annotations

from typing import Any

from baclotaper.common import data
from baclotaper.taper.plan import PlanWarning


def make(code: str, *, steps: tuple[int, ...] = (), **values: Any) -> PlanWarning:
    entry = data.load("warnings")[code]
    return PlanWarning(
        code=code,
        severity=str(entry["severity"]),
        message=str(entry["message"]).format(**values),
        source=str(entry["source"]),
        tag=str(entry["tag"]),
        steps=steps,
    )


def step_list(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``"1–3, 7"``."""
    parts: list[str] = []
    run: list[int] = []
    for n in [*numbers, None]:
        if run and (n is None or n != run[-1] + 1):
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run = []
        if n is not None:
            run.append(n)
    return ", ".join(parts)
