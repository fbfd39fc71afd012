"""How long building a plan takes (the window re-plans on every keystroke: the aim is < 5 ms).

Run: .venv/bin/python bench/bench_plan.py
Prints the median and 95th percentile over many builds, after a warm-up, for the heaviest
realistic regimens: 300 mg/day oral (tablets and 1 mg/mL solution, the finest grid) and
900 mcg/day intrathecal.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from figures import record

from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.products import parse_product
from baclotaper.taper.regimen import Indication, Regimen

AIM_MS = 5.0
RUNS = 300


def regimens() -> dict[str, Regimen]:
    start = date(2026, 12, 1)
    return {
        "300 mg/day oral, tablets 10/20 mg": Regimen(
            product=parse_product("tablets:10,20"),
            daily_dose=300,
            on_therapy=Duration.parse("2y"),
            start=start,
            per_day=4,
            indication=Indication.ALCOHOL,
        ),
        "300 mg/day oral, 1 mg/mL solution": Regimen(
            product=parse_product("solution:1mg/ml"),
            daily_dose=300,
            on_therapy=Duration.parse("2y"),
            start=start,
            per_day=4,
            indication=Indication.ALCOHOL,
        ),
        "900 mcg/day intrathecal, 500 mcg/mL": Regimen(
            product=parse_product("intrathecal:500"),
            daily_dose=900,
            on_therapy=Duration.parse("6y"),
            start=start,
        ),
    }


def measure(regimen: Regimen, runs: int = RUNS) -> tuple[float, float, int]:
    build_plan(regimen)  # warm-up: resources parsed, product tables cached, as in the running app
    times = []
    steps = 0
    for i in range(runs):
        # A new dose each time (as when typing), so per-dose caches do not flatter the figure.
        changed = Regimen(**{**regimen.__dict__, "daily_dose": regimen.daily_dose - (i % 4) * regimen.product.quantum})
        t0 = time.perf_counter()
        plan = build_plan(changed)
        times.append((time.perf_counter() - t0) * 1000)
        steps = len(plan.steps)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)], steps


def main() -> None:
    print(f"build_plan, median of {RUNS} runs (aim < {AIM_MS} ms)")
    worst = 0.0
    for name, regimen in regimens().items():
        median, p95, steps = measure(regimen)
        worst = max(worst, median)
        print(f"  {name:<38} median {median:6.2f} ms   p95 {p95:6.2f} ms   {steps} steps")
    print(f"worst median {worst:.2f} ms: {'within' if worst < AIM_MS else 'OVER'} the {AIM_MS} ms aim")
    record("plan_ms", worst)


if __name__ == "__main__":
    main()
