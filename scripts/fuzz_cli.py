"""Fuzz the command line in-process and print the figures: inputs tried, refused cleanly, tracebacks.

    .venv/bin/python scripts/fuzz_cli.py --examples 2000

Uses the same generated argument lists as tests/cli/test_cli_fuzz.py, in a temporary folder of its
own (with its own data folder); prints every distinct problem found (a traceback, a refusal over
several lines or naming no option) and exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import HealthCheck, given, settings

from baclotaper.common import paths
from tests.cli.fuzz import argument_lists, make_folder, problems, run, seed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=500)
    options = parser.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    found: dict[str, list[str]] = {}
    start = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="baclotaper-fuzz-") as folder:
        os.chdir(folder)
        make_folder(Path(folder))
        os.environ[paths.ENV_DATA_DIR] = str(Path(folder) / "data")
        paths.set_data_dir(Path(folder) / "data")
        seed()

        @settings(max_examples=options.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(args=argument_lists())
        def one(args: list[str]) -> None:
            paths.set_data_dir(Path(folder) / "data")
            counts["tried"] += 1
            try:
                outcome = run(args)
            except Exception as exc:
                counts["tracebacks"] += 1
                key = f"traceback {type(exc).__name__}: {traceback.format_exc().splitlines()[-3].strip()}"
                found.setdefault(key, args)
                return
            wrong = problems(args, outcome)
            if wrong:
                counts["badly refused"] += 1
                found.setdefault(wrong[0][:160], args)
            elif outcome.code == 2:
                counts["refused cleanly"] += 1
            else:
                counts["accepted"] += 1

        one()
        os.chdir(start)
    print(
        f"inputs tried {counts['tried']}, accepted {counts['accepted']}, refused cleanly {counts['refused cleanly']}, "
        f"refused badly {counts['badly refused']}, tracebacks {counts['tracebacks']}"
    )
    for problem, args in found.items():
        print(f"- {problem}\n    {args!r}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
