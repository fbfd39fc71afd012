"""Several processes (workstations) on one log, a process killed mid-write, two clinicians accepting
advice at once, a server stopped during a save: nothing saved is lost, nothing is half-written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from baclotaper.nurse_log.store import Store

REPO = Path(__file__).resolve().parents[2]

# A child process: opens the store, says "ready", waits for "go", then saves entries and prints
# each id only after its transaction has committed.
WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from baclotaper.nurse_log.store import Store

db, patient_id, name, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
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


def start(script: str, *args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def start_writer(db: Path | str, patient_id: int, name: str, count: int) -> subprocess.Popen[str]:
    return start(WRITER, db, patient_id, name, count)


def release(procs: list[subprocess.Popen[str]]) -> list[str]:
    """Let processes that are open and waiting go at once; their output, in order."""
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        outputs.append(out)
    return outputs


def new_patient(db: Path | str) -> int:
    with Store.open(db) as store:
        return store.add_patient(name="X.Y.").id


def test_three_processes_writing_at_once_lose_nothing(target: Path | str) -> None:
    db = target
    patient_id = new_patient(db)
    count = 60
    writers = [start_writer(db, patient_id, name, count) for name in ("AA", "BB", "CC")]
    reported = [int(line) for out in release(writers) for line in out.split()]
    with Store.open(db) as store:
        notes = sorted(e.notes for e in store.entries(patient_id))
        ids = {e.id for e in store.entries(patient_id)}
    assert notes == sorted(f"{name}-{i}" for name in ("AA", "BB", "CC") for i in range(count))
    assert ids == set(reported)


# A clinician's workstation: accepts the advice of entry argv[3] as a hold on plan argv[2], having
# looked at revision 1; prints the new revision or what it was told.
ACCEPTER = """
import sys
from baclotaper.nurse_log.store import Store, StoreError

db, plan_id, entry_id, author = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with Store.open(db) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        revision = store.add_revision(
            plan_id=plan_id, document={"by": author}, author=author, reason=f"hold by {author}",
            answers_entry=entry_id, proposal="hold", based_on=1,
        )
        print(f"saved {revision.number}", flush=True)
    except StoreError as error:
        print(f"refused: {error}", flush=True)
"""


@pytest.mark.parametrize("same_entry", [True, False])
def test_two_clinicians_accepting_at_once_make_one_revision(target: Path | str, same_entry: bool) -> None:
    with Store.open(target) as store:
        patient = store.add_patient(name="R.S.")
        plan = store.add_plan(patient_id=patient.id, title="Plan")
        store.add_revision(plan_id=plan.id, document={"by": "start"}, author="Dr Start")
        entries = [
            store.add_entry(
                patient_id=patient.id, observed_at=datetime.now(UTC), recorded_by="NB",
                scores={"visual_hallucinations": 2}, tier="call_prescriber",
            ).id
            for _ in range(2)
        ]  # fmt: skip
    which = [entries[0], entries[0]] if same_entry else entries
    outputs = release(
        [start(ACCEPTER, target, plan.id, entry, author) for entry, author in zip(which, ["DrA", "DrB"], strict=True)]
    )
    saved = [out for out in outputs if out.startswith("saved")]
    refused = [out for out in outputs if out.startswith("refused")]
    assert (saved, len(refused)) == (["saved 2\n"], 1)
    with Store.open(target) as store:
        revisions = store.revisions(plan.id)
    assert [r.number for r in revisions] == [1, 2]
    winner = revisions[-1].author
    # The other is told who accepted what (as a revision, or as this entry's answer).
    assert winner in refused[0]
    assert "revision 2" in refused[0]
    assert "nothing was saved" in refused[0]


def test_a_process_killed_mid_write_loses_no_committed_entry(tmp_path: Path) -> None:
    # SQLite's own crash safety (on a server the client's death is the server's business; a
    # server stopped mid-save is tested below).
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
