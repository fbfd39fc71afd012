"""A log entry as the form holds it before it is saved, and where it falls in the plan.

No Qt here: the form turns its widgets into these values, and tests can check them without widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from baclotaper.common.errors import InputError
from baclotaper.common.numbers import NumberTextError, fmt, read_decimal
from baclotaper.gui.numbers import decimal_point
from baclotaper.nurse_log.checklist import VitalSign, validate_vitals, vital_signs
from baclotaper.nurse_log.revise import observed_day, plan_position
from baclotaper.taper.plan import TaperPlan


@dataclass(frozen=True)
class EntryDraft:
    """What the nurse has filled in; ``vitals`` holds only values that passed their range check."""

    observed_at: datetime
    recorded_by: str
    scores: Mapping[str, int]
    vitals: Mapping[str, float]
    spasticity: str | None = None
    notes: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        """Nothing observed yet: no advice to give for it (a refused time is not an observation)."""
        observed = self.scores or self.vitals or any(field != "observed_at" for field in self.errors)
        return not (observed or self.spasticity is not None or self.notes.strip())


@dataclass(frozen=True)
class PlanLink:
    """Which plan revision an entry belongs to, which step (0-based) and how long after a cut."""

    plan_id: int | None = None
    revision: int | None = None
    step_index: int | None = None
    days_since_cut: int | None = None


def range_text(sign: VitalSign) -> str:
    return f"{fmt(sign.minimum)}–{fmt(sign.maximum)} {sign.unit}"


def parse_vital(sign: VitalSign, text: str) -> float | None:
    """The typed value in the user's decimal mark, ``None`` if empty, or an :class:`InputError`:
    "120,80" is refused where decimals take a point, never read as 120.8."""
    cleaned = text.strip()
    if not cleaned:
        return None
    mark = decimal_point()
    try:
        value = read_decimal(cleaned, mark)
    except NumberTextError:
        raise InputError(
            sign.id, f"{cleaned!r} is not a number with '{mark}' for decimals (allowed {range_text(sign)})"
        ) from None
    return sign.check(value)


def check_vitals(texts: Mapping[str, str]) -> tuple[dict[str, float], dict[str, str]]:
    """The valid vital signs, and a message per refused field (by vital id)."""
    values: dict[str, float] = {}
    errors: dict[str, str] = {}
    for sign in vital_signs():
        try:
            value = parse_vital(sign, texts.get(sign.id, ""))
        except InputError as error:
            errors[sign.id] = error.message
            continue
        if value is not None:
            values[sign.id] = value
    try:
        validate_vitals(values)
    except InputError as error:  # a pair that cannot be true (diastolic at or above systolic)
        errors[error.field] = error.message
        values.pop(error.field, None)
    return values, errors


def link_for(plan_id: int | None, revision: int | None, plan: TaperPlan | None, observed: datetime) -> PlanLink:
    """The entry's place in ``plan`` (the current revision) on the day it was observed."""
    if plan_id is None or plan is None:
        return PlanLink()
    position = plan_position(plan, observed_day(observed))
    return PlanLink(plan_id, revision, position.step_index, position.days_since_cut)
