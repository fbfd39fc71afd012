"""How long the nurse's log takes to open the timeline of a patient with 50 000 entries.

    .venv/bin/python bench/bench_timeline.py [--entries 50000] [--runs 5] [--dir FOLDER] [--postgres]

Measured offscreen: loading the patient's timeline from the store, preparing it for drawing, and
the first paint (``QWidget.grab`` paints the whole widget once).  The aim is under 200 ms.  The
window shows the last 30 days by default and reads only the days shown; the whole history ("All
dates") and opening the patient in the full window (timeline, entries table, advice) are reported too.
``--postgres``: the log on a throwaway local PostgreSQL server (a ward's setup) instead of SQLite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# Before Qt loads: the bench needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import record
from PySide6.QtWidgets import QApplication

from baclotaper.gui.nurse_log import LogWindow
from baclotaper.gui.nurse_log.timeline_data import CHARTED_VITALS, TimelineData
from baclotaper.gui.nurse_log.timeline_view import TimelineView
from baclotaper.nurse_log.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_target import bulk_fill, log_target

AIM_MS = 200.0


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
    parser.add_argument("--postgres", action="store_true", help="a local PostgreSQL server instead of SQLite")
    args = parser.parse_args()
    app = QApplication([])

    with log_target(args.postgres, args.dir) as db:
        with Store.open(db) as store:
            patient = store.add_patient(name="Bench", identifier="B-1")
            bulk_fill(store, patient.id, args.entries, datetime.now(UTC) - timedelta(hours=4 * args.entries))
            where = store.where

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

        def idle() -> None:
            # The window reads on the store's thread: wait for the snapshot to be shown.
            while window.session.busy:
                app.processEvents()
                time.sleep(0.001)

        idle()

        def open_patient() -> None:
            window.session.select_patient(None)
            idle()
            window.session.select_patient(patient.id)
            idle()
            window.grab()

        opened = timed(args.runs, open_patient)

        def all_dates() -> float:
            # The nurse clicks "All dates": the whole history read on the store's thread (the
            # table's newest entries, every entry on the chart), then shown and painted.
            window.range.show_last(30)
            idle()
            window.grab()
            start = time.perf_counter()
            window.range.show_last(None)
            idle()
            window.grab()
            return (time.perf_counter() - start) * 1000

        clicks = [all_dates() for _ in range(args.runs)]
        whole_window = clicks[0], statistics.median(clicks)
        window.close()
    app.processEvents()

    print(f"{where}: {args.entries} entries, median of {args.runs} runs (first run in brackets), offscreen:")
    print(f"  timeline, last 30 days (the window's default): {month[1]:.0f} ms ({month[0]:.0f})")
    print(f"  timeline, whole history (All dates):           {whole[1]:.0f} ms ({whole[0]:.0f})")
    print(f"    of which store.timeline() of everything: {load[1]:.0f} ms; a repaint alone: {paint[1]:.1f} ms")
    print(f"  log window opening the patient (30 days: timeline, table, advice): {opened[1]:.0f} ms ({opened[0]:.0f})")
    clicked = f"{whole_window[1]:.0f} ms ({whole_window[0]:.0f})"
    print(f"  log window, clicking All dates (table's newest rows, every entry charted): {clicked}")
    for name, (_, median) in (("last 30 days", month), ("whole history", whole)):
        print(f"  aim under {AIM_MS:.0f} ms, {name}: {'met' if median <= AIM_MS else 'NOT met'}")
    record("timeline_ms", month[1], entries=args.entries)
    record("timeline_whole_ms", whole[1], entries=args.entries)
    record("log_window_all_dates_ms", whole_window[1], entries=args.entries)


if __name__ == "__main__":
    main()
