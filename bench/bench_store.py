"""Store benchmark: the time to save one log entry durably, to load a 50 000-entry timeline, and
(SQLite) to open the log, integrity check included, and back it up.

    .venv/bin/python bench/bench_store.py [--dir FOLDER] [--saves 200] [--entries 50000] [--postgres]

``--dir`` puts the database on the disk to measure (the default is a temporary folder, often RAM).
``--postgres`` measures a ward's server instead: a throwaway PostgreSQL on this machine (from the
Debian package, as in the tests), reached over TCP on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import record

from baclotaper.nurse_log.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_target import bulk_fill, log_target


def _median_ms(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="folder for the database (default: a temporary folder)")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--postgres", action="store_true", help="a local PostgreSQL server instead of SQLite")
    args = parser.parse_args()

    with log_target(args.postgres, args.dir) as db:
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
            bulk_fill(store, patient.id, args.entries - args.saves, start)
            for other in others:  # other patients' entries share the table and the index
                bulk_fill(store, other.id, args.entries // 5, start)

            first_ms = _median_ms(1, lambda: store.timeline(patient.id))
            timeline_ms = _median_ms(5, lambda: store.timeline(patient.id))
            points = len(store.timeline(patient.id))
            month = now.date() - timedelta(days=30)
            month_ms = _median_ms(5, lambda: store.entries(patient.id, since=month))
            where = store.where
        if isinstance(db, Path):
            # Opening checks every page (PRAGMA quick_check) before anything is written.
            open_ms = _median_ms(5, lambda: Store.open(db).close())
            conn = sqlite3.connect(db)
            check_ms = _median_ms(5, lambda: conn.execute("PRAGMA quick_check").fetchall())
            full_ms = _median_ms(3, lambda: conn.execute("PRAGMA integrity_check").fetchall())
            conn.close()
            size_mb = db.stat().st_size / 1e6
            with Store.open(db) as store:
                backup_ms = _median_ms(3, lambda: store.backup(db.with_name(f"copy-{time.perf_counter_ns()}.sqlite3")))

    if isinstance(db, Path):
        print(f"sqlite {sqlite3.sqlite_version}, database in {args.dir or tempfile.gettempdir()}")
    else:
        print(f"postgresql, {where} (a local server, TCP)")
    print(f"save one entry (durable commit), median of {args.saves}: {save_ms:.2f} ms")
    record("entry_save_ms", save_ms)
    print(f"timeline of {points} entries: first {first_ms:.0f} ms, median of 5: {timeline_ms:.0f} ms")
    print(f"entries of the last 30 days (full records), median of 5: {month_ms:.1f} ms")
    if isinstance(db, Path):
        print(
            f"opening the {size_mb:.0f} MB log ({args.entries + 3 * (args.entries // 5)} entries), median of 5: "
            f"{open_ms:.0f} ms, of which quick_check {check_ms:.0f} ms (a full integrity_check: {full_ms:.0f} ms)"
        )
        print(f"a checked backup of it (copy, integrity_check, counts), median of 3: {backup_ms:.0f} ms")


if __name__ == "__main__":
    main()
