"""One name for one taper, shared by every file that other programs import (calendar, FHIR).

The name comes from the plan's identity (patient, product, starting dose and first day), never from
its steps, so a re-exported, edited plan updates what an earlier import made instead of adding copies.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time

from baclotaper.taper.plan import TaperPlan

UID_DOMAIN = "baclotaper.invalid"  # a domain that can never clash with a real one (RFC 2606)


def series_id(plan: TaperPlan) -> str:
    """A stable name for this taper: the same patient, product, starting dose and first day."""
    r = plan.regimen
    who = r.extra.get("patient_id", "").strip() or r.extra.get("patient_name", "").strip()
    key = "|".join((who, r.route.value, r.product.spec, f"{r.daily_dose:g}", r.start.isoformat()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def generated_at(generated: date | datetime | None) -> datetime:
    """The moment a file says it was made: ``generated`` (a day is its midnight UTC), or now."""
    if generated is None:
        return datetime.now(UTC).replace(microsecond=0)
    if isinstance(generated, datetime):
        return generated.astimezone(UTC) if generated.tzinfo else generated.replace(tzinfo=UTC)
    return datetime.combine(generated, time(0, 0), tzinfo=UTC)
