"""The database schema as an ordered list of migrations, one list for both backends.

Each migration has its SQLite statements and their PostgreSQL equivalent: the same version number
means the same tables, columns and rules on either. SQLite keeps the version in ``PRAGMA
user_version``; PostgreSQL in the ``baclotaper_schema`` table (see postgres_backend.py).

To change the schema, append a ``Migration(version=N + 1, ...)``: never edit one that has shipped.
Each migration runs in its own write transaction, so a failed one leaves the previous version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from baclotaper.nurse_log.store.backend import Backend
from baclotaper.nurse_log.store.sqlite_backend import SqliteBackend, newer_schema_error

# "BTAP": marks the file as BacloTaper's, so another program's SQLite file is never migrated.
APPLICATION_ID = 0x42544150


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]  # SQLite
    postgres: tuple[str, ...] = ()

    def for_backend(self, kind: str) -> tuple[str, ...]:
        return self.postgres if kind == "postgresql" else self.statements


def _immutable(table: str, what: str) -> tuple[str, str]:
    # The audit trail: rows are only ever added. A correction is a new row pointing at the old one.
    return (
        f"""CREATE TRIGGER {table}_never_updated BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are never changed: add a new one instead'); END""",
        f"""CREATE TRIGGER {table}_never_deleted BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are never deleted: add a new one instead'); END""",
    )


def _pg_immutable(table: str, what: str) -> tuple[str, str]:
    return (
        f"""CREATE TRIGGER {table}_never_changed BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION baclotaper_refuse('{what}')""",
        f"""CREATE TRIGGER {table}_never_truncated BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION baclotaper_refuse('{what}')""",
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

# PostgreSQL: the same tables. Times stay fixed-width UTC text (store/times.py) so that both
# backends sort, compare and copy them identically; ``casefold`` and ``instr`` exist on both.
_PG_V1 = (
    "CREATE FUNCTION casefold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(t) $$",
    "CREATE FUNCTION instr(h text, n text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " AS $$ SELECT strpos(h, n) $$",
    """CREATE FUNCTION baclotaper_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% are never changed or deleted: add a new one instead', TG_ARGV[0]
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    """CREATE TABLE patients (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name text NOT NULL CHECK (name <> ''),
        identifier text NOT NULL DEFAULT '',
        date_of_birth text,
        created text NOT NULL
    )""",
    """CREATE TABLE plans (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        patient_id bigint NOT NULL REFERENCES patients (id),
        title text NOT NULL,
        created text NOT NULL
    )""",
    "CREATE INDEX plans_by_patient ON plans (patient_id)",
    """CREATE TABLE plan_revisions (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        plan_id bigint NOT NULL REFERENCES plans (id),
        number integer NOT NULL CHECK (number >= 1),
        document text NOT NULL CHECK (document::jsonb IS NOT NULL),
        author text NOT NULL CHECK (author <> ''),
        created text NOT NULL,
        reason text NOT NULL DEFAULT '',
        restored_from integer,
        UNIQUE (plan_id, number)
    )""",
    *_pg_immutable("plan_revisions", "plan revisions"),
    """CREATE TABLE log_entries (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        patient_id bigint NOT NULL REFERENCES patients (id),
        plan_id bigint REFERENCES plans (id),
        revision integer CHECK (revision IS NULL OR plan_id IS NOT NULL),
        step_index integer CHECK (step_index >= 0),
        days_since_cut integer CHECK (days_since_cut >= 0),
        observed_at text NOT NULL,
        recorded_at text NOT NULL,
        recorded_by text NOT NULL CHECK (recorded_by <> ''),
        scores text NOT NULL CHECK (scores::jsonb IS NOT NULL),
        temperature double precision,
        heart_rate double precision,
        systolic double precision,
        diastolic double precision,
        respiratory_rate double precision,
        spasticity text,
        notes text NOT NULL DEFAULT '',
        tier text NOT NULL CHECK (tier IN ('none', 'monitor', 'call_prescriber', 'emergency')),
        total integer NOT NULL CHECK (total >= 0),
        supersedes bigint UNIQUE REFERENCES log_entries (id),
        FOREIGN KEY (plan_id, revision) REFERENCES plan_revisions (plan_id, number)
    )""",
    "CREATE INDEX log_entries_by_patient_time ON log_entries (patient_id, observed_at)",
    """CREATE FUNCTION log_entries_same_patient() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (NEW.plan_id IS NOT NULL
            AND (SELECT patient_id FROM plans WHERE id = NEW.plan_id) IS DISTINCT FROM NEW.patient_id)
        OR (NEW.supersedes IS NOT NULL
            AND (SELECT patient_id FROM log_entries WHERE id = NEW.supersedes) IS DISTINCT FROM NEW.patient_id)
        THEN
            RAISE EXCEPTION 'a log entry, its plan and the entry it corrects must be the same patient''s';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER log_entries_same_patient BEFORE INSERT ON log_entries
       FOR EACH ROW EXECUTE FUNCTION log_entries_same_patient()""",
    *_pg_immutable("log_entries", "log entries"),
)

_PG_V2 = (
    # A stored column filled by the server on insert (PostgreSQL cannot parse text to a time in a
    # generated column); rows are never updated, so it stays right.
    "ALTER TABLE log_entries ADD COLUMN observed_s double precision",
    """CREATE FUNCTION log_entries_observed_s() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.observed_s := round(extract(epoch FROM NEW.observed_at::timestamptz)::numeric, 3);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER log_entries_observed_s BEFORE INSERT ON log_entries
       FOR EACH ROW EXECUTE FUNCTION log_entries_observed_s()""",
    """CREATE INDEX log_entries_timeline ON log_entries (patient_id, observed_at, id)
       INCLUDE (observed_s, total, tier, temperature, heart_rate)""",
)

_PG_V3 = (
    """CREATE TABLE emergency_acknowledgements (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        entry_id bigint NOT NULL UNIQUE REFERENCES log_entries (id),
        clinician text NOT NULL CHECK (clinician <> ''),
        acknowledged_at text NOT NULL,
        note text NOT NULL DEFAULT ''
    )""",
    """CREATE FUNCTION emergency_acknowledgements_of_emergencies() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT tier FROM log_entries WHERE id = NEW.entry_id) IS DISTINCT FROM 'emergency' THEN
            RAISE EXCEPTION 'only an emergency entry is acknowledged';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER emergency_acknowledgements_of_emergencies BEFORE INSERT ON emergency_acknowledgements
       FOR EACH ROW EXECUTE FUNCTION emergency_acknowledgements_of_emergencies()""",
    *_pg_immutable("emergency_acknowledgements", "acknowledgements"),
    "ALTER TABLE plan_revisions ADD COLUMN answers_entry bigint REFERENCES log_entries (id)",
    """ALTER TABLE plan_revisions ADD COLUMN proposal text
       CHECK (proposal IS NULL OR proposal IN ('hold', 'step_back'))""",
    """CREATE UNIQUE INDEX plan_revisions_one_per_entry ON plan_revisions (answers_entry)
       WHERE answers_entry IS NOT NULL""",
)

# Every unique key of the history tables at schema 4, as the condition that finds the row an insert
# would collide with. (Schema 5 adds the save keys: _UNIQUE_KEYS below.)
_UNIQUE_KEYS_V4: dict[str, tuple[str, ...]] = {
    "patients": ("id = NEW.id",),
    "plans": ("id = NEW.id",),
    "plan_revisions": (
        "id = NEW.id",
        "plan_id = NEW.plan_id AND number = NEW.number",
        "answers_entry = NEW.answers_entry",
    ),
    "log_entries": ("id = NEW.id", "supersedes = NEW.supersedes"),
    "emergency_acknowledgements": ("id = NEW.id", "entry_id = NEW.entry_id"),
}


# The tables whose rows the window saves again after a lost answer (schema 5): each row keeps the
# key its draft was saved with, so a retry finds the row instead of adding it twice.
SAVE_KEY_TABLES = ("patients", "plan_revisions", "log_entries", "emergency_acknowledgements")

# Every unique key of the history tables, as the condition that finds the row an insert would
# collide with. (A test lists the unique indexes of the database and checks each is here.)
_UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    table: (*keys, *(("save_key = NEW.save_key",) if table in SAVE_KEY_TABLES else ()))
    for table, keys in _UNIQUE_KEYS_V4.items()
}


def _never_replaced(table: str, keys: dict[str, tuple[str, ...]] = _UNIQUE_KEYS_V4) -> str:
    # INSERT OR REPLACE / REPLACE INTO delete the row in the way without firing DELETE triggers
    # (unless a connection turns recursive_triggers on): refuse any insert that collides instead.
    found = " OR ".join(f"EXISTS (SELECT 1 FROM {table} WHERE {key})" for key in keys[table])
    return f"""CREATE TRIGGER {table}_never_replaced BEFORE INSERT ON {table} WHEN {found}
    BEGIN SELECT RAISE(ABORT, 'history is never replaced: {table} keeps every row as it was saved'); END"""


_V4 = (
    # Patients and plans are history too: nothing in BacloTaper edits or removes them.
    *_immutable("patients", "patients"),
    *_immutable("plans", "plans"),
    *(_never_replaced(table) for table in _UNIQUE_KEYS_V4),
    # Who saved it, as the database knows them (login name here, role on a server), beside the
    # initials the nurse typed.
    "ALTER TABLE log_entries ADD COLUMN db_user TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE plan_revisions ADD COLUMN db_user TEXT NOT NULL DEFAULT ''",
)

_PG_V4 = (
    *_pg_immutable("patients", "patients"),
    *_pg_immutable("plans", "plans"),
    # ON CONFLICT DO UPDATE is an UPDATE: the triggers above refuse it; nothing more is needed.
    "ALTER TABLE log_entries ADD COLUMN db_user text NOT NULL DEFAULT session_user",
    "ALTER TABLE plan_revisions ADD COLUMN db_user text NOT NULL DEFAULT session_user",
    # The server says who saved it: a clinician cannot write another role's name. Only the tables'
    # owner (who copies a local log to the server: log migrate) keeps the names it brings.
    """CREATE FUNCTION baclotaper_db_user() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
            NEW.db_user := session_user;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER log_entries_db_user BEFORE INSERT ON log_entries
       FOR EACH ROW EXECUTE FUNCTION baclotaper_db_user()""",
    """CREATE TRIGGER plan_revisions_db_user BEFORE INSERT ON plan_revisions
       FOR EACH ROW EXECUTE FUNCTION baclotaper_db_user()""",
)


def _save_keys(column_type: str) -> tuple[str, ...]:
    # The key a client made for the draft it saves (uuid4 text); NULL for rows saved before
    # schema 5 and for copies of them. Unique among the rows that have one.
    return tuple(
        statement
        for table in SAVE_KEY_TABLES
        for statement in (
            f"ALTER TABLE {table} ADD COLUMN save_key {column_type}",
            f"CREATE UNIQUE INDEX {table}_by_save_key ON {table} (save_key) WHERE save_key IS NOT NULL",
        )
    )


_V5 = (
    *_save_keys("TEXT CHECK (save_key IS NULL OR save_key <> '')"),
    # The no-replacing triggers must know the new unique key too.
    *(f"DROP TRIGGER {table}_never_replaced" for table in SAVE_KEY_TABLES),
    *(_never_replaced(table, _UNIQUE_KEYS) for table in SAVE_KEY_TABLES),
)

_PG_V5 = (
    # Added columns only: the append-only triggers and the clinicians' grants (table-wide) hold.
    *_save_keys("text CHECK (save_key IS NULL OR save_key <> '')"),
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "Patients, plans, plan revisions and the symptom log", _V1, _PG_V1),
    Migration(2, "Index for the timeline chart", _V2, _PG_V2),
    Migration(3, "Emergency acknowledgements; the entry a plan revision answers", _V3, _PG_V3),
    Migration(4, "History closed: no replacing rows, patients and plans unchangeable; database user", _V4, _PG_V4),
    Migration(5, "Save keys: a save retried after a lost answer finds its row instead of adding it again", _V5, _PG_V5),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return migrations[-1].version if migrations else 0


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(target: Backend | sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the schema to the last of ``migrations``; returns the version reached."""
    backend = SqliteBackend(target, "database") if isinstance(target, sqlite3.Connection) else target
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise ValueError(f"migrations must be numbered 1, 2, 3...: got {migration.version}")
    latest = latest_version(migrations)
    for migration in migrations:
        if backend.schema_version() >= migration.version:
            continue
        backend.apply_migration(migration.version, migration.description, migration.for_backend(backend.kind), latest)
    current = backend.schema_version()
    if current > latest:
        raise newer_schema_error("database", current, latest)
    return current
