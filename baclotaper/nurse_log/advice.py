"""What a nurse's log entry means for the taper: a tier, its reasons, a banner and proposals.

Rules and texts come from ``resources/advice.toml``; item tiers from ``resources/checklist.toml``.
The advice only ever proposes holding the current step or stepping back to the last tolerated
dose: speeding up is the prescriber's decision alone.  Applying a proposal to a plan is the plan
engine's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from baclotaper.common import data
from baclotaper.common.numbers import fmt
from baclotaper.nurse_log.checklist import (
    Tier,
    as_tier,
    checklist_total,
    load_checklist,
    tier_rank,
    validate_scores,
    validate_vitals,
    vital_signs,
)
from baclotaper.taper.regimen import Route

ProposalKind = Literal["hold", "step_back"]


@dataclass(frozen=True)
class Reason:
    """Why the advice reached a tier; ``subject`` is the item id, vital id or ``"total"``."""

    tier: Tier
    subject: str
    text: str
    source: str
    tag: str


@dataclass(frozen=True)
class Proposal:
    """A change to the plan for the prescriber to accept.

    ``hold``: no further cut for ``days`` days (``None``: until the prescriber resumes the taper).
    ``step_back``: return to the last tolerated dose or pump rate.
    """

    kind: ProposalKind
    days: int | None = None


@dataclass(frozen=True)
class Advice:
    tier: Tier
    reasons: tuple[Reason, ...]
    banner: str
    proposals: tuple[Proposal, ...]
    total: int
    in_onset_window: bool
    onset_note: str = ""

    @property
    def is_emergency(self) -> bool:
        return self.tier == "emergency"


@dataclass(frozen=True)
class VitalRule:
    vital: str
    at_least: bool
    value: float
    tier: Tier
    reason: str
    source: str
    tag: str

    def triggered_by(self, value: float) -> bool:
        return value >= self.value if self.at_least else value <= self.value


@dataclass(frozen=True)
class OnsetWindow:
    first_day: int
    last_day: int
    source: str
    tag: str


@dataclass(frozen=True)
class Rules:
    total_call_prescriber_at: int
    total_source: str
    total_tag: str
    hold_days: int
    onset: Mapping[Route, OnsetWindow]
    vital_rules: tuple[VitalRule, ...]
    banners: Mapping[str, str]
    onset_note: str


def _vital_rule(raw: Mapping[str, Any], known_vitals: frozenset[str]) -> VitalRule:
    when = str(raw["when"])
    if when not in ("at_least", "at_most"):
        raise ValueError(f"advice.toml: 'when' must be at_least or at_most, not {when!r}")
    vital = str(raw["vital"])
    if vital not in known_vitals:
        raise ValueError(f"advice.toml: unknown vital sign {vital!r}")
    return VitalRule(
        vital=vital,
        at_least=when == "at_least",
        value=float(raw["value"]),
        tier=as_tier(str(raw["tier"])),
        reason=str(raw["reason"]),
        source=str(raw["source"]),
        tag=str(raw["tag"]),
    )


@cache
def rules() -> Rules:
    """The advice rules, parsed once per process."""
    raw = data.load("advice")
    known_vitals = frozenset(v.id for v in vital_signs())
    banners = raw["banners"]
    return Rules(
        total_call_prescriber_at=int(raw["total"]["call_prescriber_at"]),
        total_source=str(raw["total"]["source"]),
        total_tag=str(raw["total"]["tag"]),
        hold_days=int(raw["hold"]["days"]),
        onset={
            Route(route): OnsetWindow(
                first_day=int(w["first_day"]),
                last_day=int(w["last_day"]),
                source=str(w["source"]),
                tag=str(w["tag"]),
            )
            for route, w in raw["onset"].items()
        },
        vital_rules=tuple(_vital_rule(r, known_vitals) for r in raw["vital_rules"]),
        banners={
            "emergency_oral": str(banners["emergency"]["oral"]["text"]),
            "emergency_intrathecal": str(banners["emergency"]["intrathecal"]["text"]),
            "call_prescriber": str(banners["call_prescriber"]["text"]),
            "monitor": str(banners["monitor"]["text"]),
            "none": str(banners["none"]["text"]),
        },
        onset_note=str(raw["onset_note"]["text"]),
    )


def _item_reasons(scores: Mapping[str, int], route: Route) -> list[Reason]:
    checklist = load_checklist(route)
    labels = {s.value: s.label for s in checklist.severity}
    reasons = []
    for item in checklist.items:
        score = scores.get(item.id, 0)
        if score < 1:
            continue
        reasons.append(
            Reason(
                tier=item.tier,
                subject=item.id,
                text=f"{item.clinician}: {labels[score]} ({score})",
                source=item.source,
                tag=item.tag,
            )
        )
    return reasons


def _vital_reasons(vitals: Mapping[str, float]) -> list[Reason]:
    signs = {v.id: v for v in vital_signs()}
    reasons = []
    for vital_id, value in vitals.items():
        sign = signs[vital_id]
        # Several rules can match one value (38.6 °C is >= 38.0 and >= 38.5): keep the most urgent.
        matched = [r for r in rules().vital_rules if r.vital == vital_id and r.triggered_by(value)]
        if not matched:
            continue
        rule = max(matched, key=lambda r: tier_rank(r.tier))
        sign_text = "≥" if rule.at_least else "≤"
        reasons.append(
            Reason(
                tier=rule.tier,
                subject=vital_id,
                text=(
                    f"{sign.label} {fmt(value)} {sign.unit} ({sign_text} {fmt(rule.value)} {sign.unit}): {rule.reason}"
                ),
                source=rule.source,
                tag=rule.tag,
            )
        )
    return reasons


def _total_reason(total: int) -> Reason | None:
    r = rules()
    if total < r.total_call_prescriber_at:
        return None
    return Reason(
        tier="call_prescriber",
        subject="total",
        text=(f"Checklist total {total} (≥ {r.total_call_prescriber_at}); a checklist total, not a validated scale"),
        source=r.total_source,
        tag=r.total_tag,
    )


def _onset(route: Route, days_since_cut: int | None) -> tuple[bool, str]:
    window = rules().onset[route]
    if days_since_cut is None or not window.first_day <= days_since_cut <= window.last_day:
        return False, ""
    note = rules().onset_note.format(
        days=days_since_cut,
        first=window.first_day,
        last=window.last_day,
        window=f"{window.source} [{window.tag}]",
    )
    return True, note


def _banner(tier: Tier, route: Route) -> str:
    banners = rules().banners
    if tier == "emergency":
        return banners[f"emergency_{route.value}"]
    return banners[tier]


def _proposals(tier: Tier) -> tuple[Proposal, ...]:
    if tier == "emergency":
        # Restore the last tolerated dose first, then no further cut until the prescriber says so.
        return (Proposal(kind="step_back"), Proposal(kind="hold", days=None))
    if tier == "call_prescriber":
        return (Proposal(kind="hold", days=rules().hold_days), Proposal(kind="step_back"))
    return ()


def advise(
    *,
    scores: Mapping[str, int],
    vitals: Mapping[str, float | None],
    route: Route | str,
    days_since_cut: int | None = None,
) -> Advice:
    """The advice for one entry.  Scores and vitals are checked first (:class:`InputError`)."""
    checked_route = load_checklist(route).route
    checked_scores = validate_scores(scores, checked_route)
    checked_vitals = validate_vitals(vitals)
    total = checklist_total(checked_scores)

    reasons = _item_reasons(checked_scores, checked_route) + _vital_reasons(checked_vitals)
    total_reason = _total_reason(total)
    if total_reason is not None:
        reasons.append(total_reason)
    # Most urgent first; the sort is stable so items keep the checklist's order within a tier.
    reasons.sort(key=lambda r: -tier_rank(r.tier))
    tier: Tier = reasons[0].tier if reasons else "none"

    in_window, onset_note = _onset(checked_route, days_since_cut)
    return Advice(
        tier=tier,
        reasons=tuple(reasons),
        banner=_banner(tier, checked_route),
        proposals=_proposals(tier),
        total=total,
        in_onset_window=in_window,
        onset_note=onset_note,
    )
