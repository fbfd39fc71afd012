"""Hands a benchmark's headline figures to ``bench/run_all.py``.

Each script still prints its own report; when run_all starts it, ``BACLOTAPER_BENCH_FIGURES`` names a
file where :func:`record` appends one JSON line per figure, so the table never parses prose.
"""

from __future__ import annotations

import json
import os

FIGURES_ENV = "BACLOTAPER_BENCH_FIGURES"


def record(key: str, value: float, **details: float | str) -> None:
    """Note ``key = value`` (with optional details) for run_all; nothing when run on its own."""
    path = os.environ.get(FIGURES_ENV)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"key": key, "value": value, **details}) + "\n")
