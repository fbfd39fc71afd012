"""What the store hands back: plain frozen records, no SQL, no Qt."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from baclotaper.nurse_log.checklist import Tier

# The vital-sign columns of log_entries, in order; they match the ids in checklist.toml (a test
# checks it, so a new vital sign in the data needs a migration here).
VITAL_COLUMNS: tuple[str, ...] = (
    "temperature",
    "heart_rate",
    "systolic",
    "diastolic",
    "respiratory_rate",
)


@dataclass(frozen=True)
class Patient:
    id: int
    name: str
    identifier: str
    date_of_birth: date | None
    created: datetime


@dataclass(frozen=True)
class Plan:
    id: int
    patient_id: int
    title: str
    created: datetime


@dataclass(frozen=True)
class Revision:
    """One saved version of a plan; never changed. ``document`` is the plan as JSON text."""

    id: int
    plan_id: int
    number: int
    document: str
    author: str
    created: datetime
    reason: str
    restored_from: int | None
    # The log entry whose advice this revision accepted, and which proposal ("hold", "step_back").
    answers_entry: int | None = None
    proposal: str | None = None
    # Who saved it as the database knows them (login here, role on a server); "" before schema 4.
    db_user: str = ""

    def data(self) -> Any:
        return json.loads(self.document)


@dataclass(frozen=True)
class Acknowledgement:
    """A named clinician has seen an emergency entry: its banner is cleared. Never changed."""

    id: int
    entry_id: int
    clinician: str
    acknowledged_at: datetime
    note: str


@dataclass(frozen=True)
class LogEntry:
    """One observation by a nurse; never changed. A correction is a new entry (``supersedes``)."""

    id: int
    patient_id: int
    plan_id: int | None
    revision: int | None
    step_index: int | None
    days_since_cut: int | None
    observed_at: datetime
    recorded_at: datetime
    recorded_by: str
    scores: Mapping[str, int]
    vitals: Mapping[str, float]
    spasticity: str | None
    notes: str
    tier: Tier
    total: int
    supersedes: int | None
    superseded_by: int | None
    # Who saved it as the database knows them (login here, role on a server); "" before schema 4.
    db_user: str = ""

    @property
    def is_current(self) -> bool:
        """False once a correction replaces this entry (it stays in the log, marked)."""
        return self.superseded_by is None

    @property
    def author(self) -> str:
        """Who recorded it, as people read it: the initials typed, and the database user who saved
        it when that says more ("NB (nurse_jones)"); the initials alone when they are the same."""
        user = self.db_user.strip()
        if not user or user.casefold() == self.recorded_by.strip().casefold():
            return self.recorded_by
        return f"{self.recorded_by} ({user})"


@dataclass(frozen=True)
class Timeline:
    """A patient's current (uncorrected) entries as columns, ready to plot, in time order."""

    entry_ids: tuple[int, ...]
    seconds: tuple[float, ...]  # observed at, in seconds since 1970 UTC: what a chart plots
    totals: tuple[int, ...]
    tiers: tuple[Tier, ...]
    vitals: Mapping[str, tuple[float | None, ...]]

    def __len__(self) -> int:
        return len(self.entry_ids)

    @property
    def observed_at(self) -> tuple[datetime, ...]:
        return tuple(datetime.fromtimestamp(s, UTC) for s in self.seconds)
