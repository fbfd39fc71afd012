"""Local SQLite storage: patients, plan revisions and the nurse's symptom log (no Qt here)."""

from baclotaper.store.errors import StoreError
from baclotaper.store.migrations import MIGRATIONS, Migration, latest_version
from baclotaper.store.records import LogEntry, Patient, Plan, Revision, Timeline
from baclotaper.store.repository import Store

SCHEMA_VERSION = latest_version(MIGRATIONS)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "LogEntry",
    "Migration",
    "Patient",
    "Plan",
    "Revision",
    "Store",
    "StoreError",
    "Timeline",
]
