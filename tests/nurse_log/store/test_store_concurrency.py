"""Several processes on one database, and a process killed mid-write: nothing saved is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from baclotaper.nurse_log.store import Store

REPO = Path(__file__).resolve().parents[2]

# A child process: opens the store, says "ready", waits for "go", then saves entries and prints
# each id only after its transaction has committed.
WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from baclotaper.nurse_log.store import Store

db, patient_id, name, count = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with Store.open(db) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    i = 0
    while count < 0 or i < count:
        entry = store.add_entry(
            patient_id=patient_id,
            observed_at=datetime.now(UTC),
            recorded_by=name,
            scores={"insomnia": i % 4},
            vitals={"heart_rate": 60 + i % 100},
            tier="monitor",
            notes=f"{name}-{i}",
        )
        print(entry.id, flush=True)
        i += 1
"""


def start_writer(db: Path, patient_id: int, name: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(patient_id), name, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def new_patient(db: Path) -> int:
    with Store.open(db) as store:
        return store.add_patient(name="X.Y.").id


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    patient_id = new_patient(db)
    writers = [start_writer(db, patient_id, name, 200) for name in ("AA", "BB")]
    for proc in writers:  # both are open and waiting: release them together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    reported: list[int] = []
    for proc in writers:
        out, _ = proc.communicate()
        assert proc.returncode == 0
        reported += [int(line) for line in out.split()]
    with Store.open(db) as store:
        notes = sorted(e.notes for e in store.entries(patient_id))
        ids = {e.id for e in store.entries(patient_id)}
    assert len(notes) == 400
    assert notes == sorted([f"AA-{i}" for i in range(200)] + [f"BB-{i}" for i in range(200)])
    assert ids == set(reported)


def test_a_process_killed_mid_write_loses_no_committed_entry(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    patient_id = new_patient(db)
    with start_writer(db, patient_id, "KK", -1) as proc:  # writes until killed
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        committed = [int(proc.stdout.readline()) for _ in range(50)]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # Ids it printed before the kill were committed too (printed only after COMMIT).
        committed += [int(line) for line in proc.stdout.read().split()]
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with Store.open(db) as store:
        saved = {e.id for e in store.entries(patient_id)}
        # The store still works after the crash.
        store.add_entry(
            patient_id=patient_id,
            observed_at=store.entry(committed[0]).observed_at,
            recorded_by="NB",
            scores={},
            tier="none",
        )
    assert set(committed) <= saved
    assert len(committed) >= 50
