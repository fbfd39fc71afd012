"""The database schema as an ordered list of migrations; ``PRAGMA user_version`` is the version.

To change the schema, append a ``Migration(version=N + 1, ...)``: never edit one that has shipped.
Each migration runs in its own write transaction, so a failed one leaves the previous version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from baclotaper.nurse_log.store.errors import StoreError
from baclotaper.nurse_log.store.transaction import write_transaction

# "BTAP": marks the file as BacloTaper's, so another program's SQLite file is never migrated.
APPLICATION_ID = 0x42544150


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


def _immutable(table: str, what: str) -> tuple[str, str]:
    # The audit trail: rows are only ever added. A correction is a new row pointing at the old one.
    return (
        f"""CREATE TRIGGER {table}_never_updated BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are never changed: add a new one instead'); END""",
        f"""CREATE TRIGGER {table}_never_deleted BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are never deleted: add a new one instead'); END""",
    )


_V1 = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (name <> ''),          -- name or initials
        identifier TEXT NOT NULL DEFAULT '',            -- e.g. hospital number
        date_of_birth TEXT,                             -- ISO date
        created TEXT NOT NULL                           -- UTC, see store/times.py
    )""",
    """CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        title TEXT NOT NULL,
        created TEXT NOT NULL
    )""",
    "CREATE INDEX plans_by_patient ON plans (patient_id)",
    """CREATE TABLE plan_revisions (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans (id),
        number INTEGER NOT NULL CHECK (number >= 1),
        document TEXT NOT NULL CHECK (json_valid(document)),
        author TEXT NOT NULL CHECK (author <> ''),
        created TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        restored_from INTEGER,                          -- the revision number copied, if any
        UNIQUE (plan_id, number)
    )""",
    *_immutable("plan_revisions", "plan revisions"),
    """CREATE TABLE log_entries (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        plan_id INTEGER REFERENCES plans (id),
        revision INTEGER CHECK (revision IS NULL OR plan_id IS NOT NULL),
        step_index INTEGER CHECK (step_index >= 0),
        days_since_cut INTEGER CHECK (days_since_cut >= 0),
        observed_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL CHECK (recorded_by <> ''),
        scores TEXT NOT NULL CHECK (json_valid(scores)),
        temperature REAL,
        heart_rate REAL,
        systolic REAL,
        diastolic REAL,
        respiratory_rate REAL,
        spasticity TEXT,
        notes TEXT NOT NULL DEFAULT '',
        tier TEXT NOT NULL CHECK (tier IN ('none', 'monitor', 'call_prescriber', 'emergency')),
        total INTEGER NOT NULL CHECK (total >= 0),
        supersedes INTEGER UNIQUE REFERENCES log_entries (id),
        FOREIGN KEY (plan_id, revision) REFERENCES plan_revisions (plan_id, number)
    )""",
    # The timeline and date-range queries read one patient's entries in time order.
    "CREATE INDEX log_entries_by_patient_time ON log_entries (patient_id, observed_at)",
    """CREATE TRIGGER log_entries_same_patient BEFORE INSERT ON log_entries
    WHEN (NEW.plan_id IS NOT NULL
          AND (SELECT patient_id FROM plans WHERE id = NEW.plan_id) IS NOT NEW.patient_id)
      OR (NEW.supersedes IS NOT NULL
          AND (SELECT patient_id FROM log_entries WHERE id = NEW.supersedes)
              IS NOT NEW.patient_id)
    BEGIN SELECT RAISE(ABORT, 'a log entry, its plan and the entry it corrects must be the same patient''s'); END""",
    *_immutable("log_entries", "log entries"),
)

_V2 = (
    # The chart plots epoch seconds. A virtual column computes them from observed_at (no stored row
    # changes, so the audit trail's no-update rule holds), and the index below keeps them computed.
    """ALTER TABLE log_entries ADD COLUMN observed_s REAL
       GENERATED ALWAYS AS (round((julianday(observed_at) - 2440587.5) * 86400.0, 3)) VIRTUAL""",
    # The timeline reads every entry of a patient in time order with the charted values; an index
    # holding them spares SQLite a visit to each (wide) row of a 50 000-entry history.
    """CREATE INDEX log_entries_timeline ON log_entries
       (patient_id, observed_at, id, observed_s, total, tier, temperature, heart_rate)""",
)

_V3 = (
    # A named clinician's acknowledgement of an emergency entry: it clears the emergency banner
    # (as does a later entry recorded after it). One per entry, never changed.
    """CREATE TABLE emergency_acknowledgements (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL UNIQUE REFERENCES log_entries (id),
        clinician TEXT NOT NULL CHECK (clinician <> ''),
        acknowledged_at TEXT NOT NULL,                  -- UTC, see store/times.py
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TRIGGER emergency_acknowledgements_of_emergencies BEFORE INSERT ON emergency_acknowledgements
    WHEN (SELECT tier FROM log_entries WHERE id = NEW.entry_id) IS NOT 'emergency'
    BEGIN SELECT RAISE(ABORT, 'only an emergency entry is acknowledged'); END""",
    *_immutable("emergency_acknowledgements", "acknowledgements"),
    # The log entry a revision answers (a hold or step back accepted from its advice) and which
    # proposal it was: a proposal is accepted once, and shown as done after a restart.
    "ALTER TABLE plan_revisions ADD COLUMN answers_entry INTEGER REFERENCES log_entries (id)",
    """ALTER TABLE plan_revisions ADD COLUMN proposal TEXT
       CHECK (proposal IS NULL OR proposal IN ('hold', 'step_back'))""",
    """CREATE UNIQUE INDEX plan_revisions_one_per_entry ON plan_revisions (answers_entry)
       WHERE answers_entry IS NOT NULL""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "Patients, plans, plan revisions and the symptom log", _V1),
    Migration(2, "Index for the timeline chart", _V2),
    Migration(3, "Emergency acknowledgements; the entry a plan revision answers", _V3),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return migrations[-1].version if migrations else 0


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def newer_schema_error(where: object, found: int, latest: int) -> StoreError:
    return StoreError(
        f"{where}: the database is from a newer BacloTaper (schema {found}; this version reads up "
        f"to {latest}); it was not changed"
    )


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the schema to the last of ``migrations``; returns the version reached."""
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise ValueError(f"migrations must be numbered 1, 2, 3...: got {migration.version}")
    latest = latest_version(migrations)
    for migration in migrations:
        if user_version(conn) >= migration.version:
            continue
        with write_transaction(conn):
            # Read again under the write lock: another process may have migrated meanwhile.
            current = user_version(conn)
            if current > latest:
                raise newer_schema_error("database", current, latest)
            if current >= migration.version:
                continue
            try:
                for statement in migration.statements:
                    conn.execute(statement)
            except sqlite3.Error as error:
                raise StoreError(
                    f"upgrading the database to schema {migration.version} failed ({error}); "
                    f"it was left at schema {current}"
                ) from error
            conn.execute(f"PRAGMA user_version = {migration.version}")
    current = user_version(conn)
    if current > latest:
        raise newer_schema_error("database", current, latest)
    return current
