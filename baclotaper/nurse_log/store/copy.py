"""Copy a whole log to another (``baclotaper log migrate --to URL``): ids, history and all, in one
transaction on the target, then read both back and compare every row before saying it is done.

The target must be empty: a copy never merges into a log that already has patients.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from baclotaper.nurse_log.store.backend import Backend
from baclotaper.nurse_log.store.errors import StoreError
from baclotaper.nurse_log.store.records import VITAL_COLUMNS

# Every stored column (not observed_s, which each backend computes from observed_at); save keys too,
# so a workstation retrying a save on the copy finds what it saved on the original.
COLUMNS: dict[str, tuple[str, ...]] = {
    "patients": ("id", "name", "identifier", "date_of_birth", "created", "save_key"),
    "plans": ("id", "patient_id", "title", "created"),
    "plan_revisions": (
        "id", "plan_id", "number", "document", "author", "created", "reason", "restored_from",
        "answers_entry", "proposal", "db_user", "save_key",
    ),
    "log_entries": (
        "id", "patient_id", "plan_id", "revision", "step_index", "days_since_cut", "observed_at", "recorded_at",
        "recorded_by", "scores", *VITAL_COLUMNS, "spasticity", "notes", "tier", "total", "supersedes", "db_user",
        "save_key",
    ),
    "emergency_acknowledgements": ("id", "entry_id", "clinician", "acknowledged_at", "note", "save_key"),
}  # fmt: skip
TABLES = tuple(COLUMNS)
Row = tuple[Any, ...]
_BATCH = 2_000


def _rows(db: Backend, table: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in db.execute(f"SELECT {', '.join(COLUMNS[table])} FROM {table} ORDER BY id")]


def _in_order(
    revisions: list[tuple[Any, ...]], entries: list[tuple[Any, ...]]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Revisions and entries refer to each other (an entry names its plan revision; a revision the
    entry whose advice it accepted): interleave them so each comes after what it refers to."""
    rev_columns, entry_columns = COLUMNS["plan_revisions"], COLUMNS["log_entries"]
    answers_at, plan_at, number_at = (rev_columns.index(c) for c in ("answers_entry", "plan_id", "number"))
    e_plan_at, e_rev_at = entry_columns.index("plan_id"), entry_columns.index("revision")
    done_entries: set[int] = set()
    done_revisions: set[tuple[int, int]] = set()
    r = e = 0
    while r < len(revisions) or e < len(entries):
        progressed = False
        while r < len(revisions) and (revisions[r][answers_at] is None or revisions[r][answers_at] in done_entries):
            done_revisions.add((revisions[r][plan_at], revisions[r][number_at]))
            yield "plan_revisions", revisions[r]
            r, progressed = r + 1, True
        while e < len(entries) and (
            entries[e][e_rev_at] is None or (entries[e][e_plan_at], entries[e][e_rev_at]) in done_revisions
        ):
            done_entries.add(entries[e][0])
            yield "log_entries", entries[e]
            e, progressed = e + 1, True
        if not progressed:
            raise StoreError("the log's revisions and entries refer to each other in a loop; nothing was copied")


def _insert(target: Backend, table: str, rows: list[tuple[Any, ...]]) -> None:
    columns = COLUMNS[table]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for start in range(0, len(rows), _BATCH):
        target.execute_many(sql, rows[start : start + _BATCH])


def copy_log(source: Backend, target: Backend) -> dict[str, int]:
    """Copy ``source`` into the empty ``target``; returns the rows copied per table, once verified."""
    for table in TABLES:
        if target.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
            raise StoreError(f"{target.where} already holds a log ({table} is not empty); nothing was copied")
    # Under the source's write lock: nobody adds an entry that would be left behind mid-copy.
    with source.write("reading the log to copy"):
        data = {table: _rows(source, table) for table in TABLES}
        with target.write(f"copying the log to {target.where}"):
            _insert(target, "patients", data["patients"])
            _insert(target, "plans", data["plans"])
            batch: list[tuple[Any, ...]] = []
            table_of_batch = ""
            for table, row in _in_order(data["plan_revisions"], data["log_entries"]):
                if table != table_of_batch and batch:
                    _insert(target, table_of_batch, batch)
                    batch = []
                table_of_batch = table
                batch.append(row)
            if batch:
                _insert(target, table_of_batch, batch)
            _insert(target, "emergency_acknowledgements", data["emergency_acknowledgements"])
            reset = getattr(target, "reset_ids", None)
            if reset is not None:
                reset(TABLES)
    # Read back and compare, row by row and value by value.
    for table in TABLES:
        copied = _rows(target, table)
        if copied != data[table]:
            different = sum(1 for a, b in zip(copied, data[table], strict=False) if a != b)
            raise StoreError(
                f"the copy of {table} on {target.where} does not match ({len(copied)} rows copied, "
                f"{len(data[table])} in the log, {different} different); do not use it"
            )
    return {table: len(rows) for table, rows in data.items()}
