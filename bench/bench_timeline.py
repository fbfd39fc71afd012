"""How long the nurse's log takes to open the timeline of a patient with 50 000 entries.

    .venv/bin/python bench/bench_timeline.py [--entries 50000] [--runs 5] [--dir FOLDER]

Measured offscreen: loading the patient's timeline from the store, preparing it for drawing, and
the first paint (``QWidget.grab`` paints the whole widget once).  The aim is under 200 ms.  The
window shows the last 30 days by default and reads only the days shown; the whole history ("All
dates") and opening the patient in the full window (timeline, entries table, advice) are reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# Before Qt loads: the bench needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from baclotaper.gui.nurse_log import LogWindow
from baclotaper.gui.nurse_log.timeline_data import CHARTED_VITALS, TimelineData
from baclotaper.gui.nurse_log.timeline_view import TimelineView
from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.records import VITAL_COLUMNS
from baclotaper.nurse_log.store.times import to_db

AIM_MS = 200.0

TIERS = ("none", "monitor", "call_prescriber", "emergency")


def fill(db: Path, patient_id: int, count: int) -> None:
    """``count`` entries every 4 hours up to now, in one transaction (set-up, not measured)."""
    rng = random.Random(1)
    start = datetime.now(UTC) - timedelta(hours=4 * count)
    columns = ["patient_id", "observed_at", "recorded_at", "recorded_by", "scores", *VITAL_COLUMNS, "tier", "total"]
    rows = []
    for i in range(count):
        when = to_db(start + timedelta(hours=4 * i))
        scores = {"insomnia": rng.randint(0, 3), "anxiety": rng.randint(0, 3), "tremor": rng.randint(0, 3)}
        vitals = [round(rng.uniform(36.0, 38.0), 1), rng.randint(55, 110), rng.randint(100, 150), rng.randint(60, 90)]
        vitals.append(rng.randint(12, 20))
        tier = TIERS[min(3, sum(scores.values()) // 3)]
        rows.append((patient_id, when, when, "NB", json.dumps(scores), *vitals, tier, sum(scores.values())))
    conn = sqlite3.connect(db)
    try:
        with conn:
            marks = ", ".join("?" * len(columns))
            conn.executemany(f"INSERT INTO log_entries ({', '.join(columns)}) VALUES ({marks})", rows)
    finally:
        conn.close()


def timed(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """(first, median of the runs) in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="folder for the database (default: a temporary folder)")
    args = parser.parse_args()
    app = QApplication([])

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        db = Path(folder) / "bench.sqlite3"
        with Store.open(db) as store:
            patient = store.add_patient(name="Bench", identifier="B-1")
            fill(db, patient.id, args.entries)

            view = TimelineView()
            view.resize(640, 380)

            def open_timeline(since: date | None) -> None:
                # What the window does: the chosen days from the store, prepared, then painted.
                data = TimelineData.from_timeline(
                    store.timeline(patient.id, since=since, until=date.today(), vitals=CHARTED_VITALS)
                )
                view.set_data(data, None)
                view.set_dates(since, date.today())
                view.grab()  # the first paint

            month = timed(args.runs, lambda: open_timeline(date.today() - timedelta(days=29)))
            whole = timed(args.runs, lambda: open_timeline(None))
            load = timed(args.runs, lambda: store.timeline(patient.id, vitals=CHARTED_VITALS))
            paint = timed(args.runs, view.grab)

        window = LogWindow(db)
        window.resize(1280, 720)
        window.show()

        def open_patient() -> None:
            window.session.select_patient(None)
            window.session.select_patient(patient.id)
            window.grab()

        opened = timed(args.runs, open_patient)
        window.close()
    app.processEvents()

    print(f"{args.entries} entries, median of {args.runs} runs (first run in brackets), offscreen:")
    print(f"  timeline, last 30 days (the window's default): {month[1]:.0f} ms ({month[0]:.0f})")
    print(f"  timeline, whole history (All dates):           {whole[1]:.0f} ms ({whole[0]:.0f})")
    print(f"    of which store.timeline() of everything: {load[1]:.0f} ms; a repaint alone: {paint[1]:.1f} ms")
    print(f"  log window opening the patient (30 days: timeline, table, advice): {opened[1]:.0f} ms ({opened[0]:.0f})")
    for name, (_, median) in (("last 30 days", month), ("whole history", whole)):
        print(f"  aim under {AIM_MS:.0f} ms, {name}: {'met' if median <= AIM_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
