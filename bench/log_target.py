"""Where a store bench puts its log: a SQLite file in a temporary folder, or (``--postgres``) a
database on a throwaway local PostgreSQL server started like the tests' one."""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from baclotaper.nurse_log.store import Store
from baclotaper.nurse_log.store.records import VITAL_COLUMNS
from baclotaper.nurse_log.store.times import to_db

TIERS = ("none", "monitor", "call_prescriber", "emergency")


@contextmanager
def log_target(postgres: bool, folder: Path | None) -> Iterator[Path | str]:
    if not postgres:
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            yield Path(tmp) / "bench.sqlite3"
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.nurse_log.store.pg_server import running_server

    # Durable like a real server (fsync on): a save is measured to the disk, as on the ward.
    with running_server(durable=True) as server:
        yield server.url(server.new_database())


def bulk_fill(store: Store, patient_id: int, count: int, start: datetime) -> None:
    """``count`` entries every 4 hours from ``start``, in one transaction (set-up, not measured)."""
    rng = random.Random(1)
    columns = ["patient_id", "observed_at", "recorded_at", "recorded_by", "scores", *VITAL_COLUMNS, "tier", "total"]
    rows = []
    for i in range(count):
        when = to_db(start + timedelta(hours=4 * i))
        scores = {"insomnia": rng.randint(0, 3), "anxiety": rng.randint(0, 3), "tremor": rng.randint(0, 3)}
        vitals = [round(rng.uniform(36.0, 38.0), 1), rng.randint(55, 110), rng.randint(100, 150), rng.randint(60, 90)]
        vitals.append(rng.randint(12, 20))
        tier = TIERS[min(3, sum(scores.values()) // 3)]
        rows.append((patient_id, when, when, "NB", json.dumps(scores), *vitals, tier, sum(scores.values())))
    marks = ", ".join("?" * len(columns))
    with store.backend.write("filling the bench log"):
        store.backend.execute_many(f"INSERT INTO log_entries ({', '.join(columns)}) VALUES ({marks})", rows)
    if store.backend.kind == "postgresql":
        # A ward's server vacuums and analyses a table this changed within a minute (autovacuum);
        # without it the planner guesses 150 rows and every read visits the table's rows.
        store.backend.execute("VACUUM ANALYZE log_entries")
