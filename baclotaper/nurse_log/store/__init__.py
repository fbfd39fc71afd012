"""Local SQLite storage: patients, plan revisions and the nurse's symptom log (no Qt here)."""

from baclotaper.nurse_log.store.errors import StoreError
from baclotaper.nurse_log.store.migrations import MIGRATIONS, Migration, latest_version
from baclotaper.nurse_log.store.records import Acknowledgement, LogEntry, Patient, Plan, Revision, Timeline
from baclotaper.nurse_log.store.repository import Store

SCHEMA_VERSION = latest_version(MIGRATIONS)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Acknowledgement",
    "LogEntry",
    "Migration",
    "Patient",
    "Plan",
    "Revision",
    "Store",
    "StoreError",
    "Timeline",
]
