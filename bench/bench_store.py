"""Store benchmark: the time to save one log entry durably, and to load a 50 000-entry timeline.

    .venv/bin/python bench/bench_store.py [--dir FOLDER] [--saves 200] [--entries 50000]

``--dir`` puts the database on the disk to measure (the default is a temporary folder, often RAM).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.records import VITAL_COLUMNS
from baclotaper.nurse_log.store.times import to_db


def _median_ms(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _bulk_fill(db: Path, patient_id: int, count: int, start: datetime) -> None:
    """Insert ``count`` entries in one transaction: fast set-up, not what is being measured."""
    rng = random.Random(1)
    columns = ["patient_id", "observed_at", "recorded_at", "recorded_by", "scores", *VITAL_COLUMNS, "tier", "total"]
    rows = []
    for i in range(count):
        when = to_db(start + timedelta(hours=4 * i))
        scores = {"insomnia": rng.randint(0, 3), "anxiety": rng.randint(0, 3), "tremor": rng.randint(0, 3)}
        vitals = [
            round(rng.uniform(36.0, 38.0), 1),
            rng.randint(55, 110),
            rng.randint(100, 150),
            rng.randint(60, 90),
            rng.randint(12, 20),
        ]
        rows.append((patient_id, when, when, "NB", json.dumps(scores), *vitals, "monitor", sum(scores.values())))
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.executemany(
                f"INSERT INTO log_entries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                rows,
            )
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="folder for the database (default: a temporary folder)")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        db = Path(folder) / "bench.sqlite3"
        with Store.open(db) as store:
            patient = store.add_patient(name="Bench")
            others = [store.add_patient(name=f"Other {i}") for i in range(3)]
            now = datetime.now(UTC)

            def save() -> None:
                store.add_entry(
                    patient_id=patient.id,
                    observed_at=datetime.now(UTC),
                    recorded_by="NB",
                    scores={"insomnia": 1, "anxiety": 2},
                    vitals={"temperature": 37.1, "heart_rate": 88},
                    tier="monitor",
                )

            save_ms = _median_ms(args.saves, save)

            start = now - timedelta(hours=4 * args.entries)
            _bulk_fill(db, patient.id, args.entries - args.saves, start)
            for other in others:  # other patients' entries share the table and the index
                _bulk_fill(db, other.id, args.entries // 5, start)

            first_ms = _median_ms(1, lambda: store.timeline(patient.id))
            timeline_ms = _median_ms(5, lambda: store.timeline(patient.id))
            points = len(store.timeline(patient.id))
            month = now.date() - timedelta(days=30)
            month_ms = _median_ms(5, lambda: store.entries(patient.id, since=month))

    print(f"sqlite {sqlite3.sqlite_version}, database in {args.dir or tempfile.gettempdir()}")
    print(f"save one entry (durable commit), median of {args.saves}: {save_ms:.2f} ms")
    print(f"timeline of {points} entries: first {first_ms:.0f} ms, median of 5: {timeline_ms:.0f} ms")
    print(f"entries of the last 30 days (full records), median of 5: {month_ms:.1f} ms")


if __name__ == "__main__":
    main()
