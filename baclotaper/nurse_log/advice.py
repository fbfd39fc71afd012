"""What a nurse's log entry means: a picture, a tier, its reasons, the words and the proposals.

Rules and texts come from ``resources/advice.toml``; item tiers and what each sign points to from
``resources/checklist.toml``.  Overdose is not withdrawal (clinical facts section 5): depressant signs
(slow breathing, slow pulse, low blood pressure, a patient hard to wake) are never answered with more
baclofen, and where both are possible the advice asks for an emergency assessment.  The only plan
changes it proposes are holding the current step or stepping back to the last tolerated dose, and
only for withdrawal: speeding up is the prescriber's decision alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from baclotaper.common.numbers import fmt
from baclotaper.nurse_log.advice_rules import Combination, OnsetWindow, Rules, Text, VitalRule, rules
from baclotaper.nurse_log.checklist import (
    Suggests,
    Tier,
    checklist_total,
    load_checklist,
    tier_rank,
    validate_scores,
    validate_vitals,
    vital_signs,
)
from baclotaper.taper.regimen import Route

__all__ = [
    "Advice",
    "Combination",
    "OnsetWindow",
    "Picture",
    "Proposal",
    "Reason",
    "Rules",
    "Text",
    "VitalRule",
    "advise",
    "keep_emergency",
    "rules",
]

ProposalKind = Literal["hold", "step_back"]
# What the signs together point to; the words and the proposals follow it.
Picture = Literal["none", "withdrawal", "overdose", "mixed", "pump_check", "pump_alarm"]


@dataclass(frozen=True)
class Reason:
    """Why the advice reached a tier; ``subject`` is the item id, vital id, rule id or ``"total"``."""

    tier: Tier
    subject: str
    text: str
    source: str
    tag: str
    suggests: Suggests = "withdrawal"
    sign: str = ""


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
    picture: Picture = "none"
    # Further things to do (a pump alarm's actions, the renal note), each with its source.
    actions: tuple[Text, ...] = ()
    banner_source: str = ""
    banner_tag: str = ""
    headline: str = ""  # the banner's few words in large print ("" = the banner)
    after_cut: bool = False  # the entry came after a cut of the plan (a step back is possible)

    @property
    def is_emergency(self) -> bool:
        return self.tier == "emergency"


def _item_reasons(scores: Mapping[str, int], route: Route) -> list[Reason]:
    checklist = load_checklist(route)
    labels = {s.value: s.label for s in checklist.severity}
    return [
        Reason(
            tier=item.tier,
            subject=item.id,
            text=f"{item.clinician}: {labels[scores[item.id]]} ({scores[item.id]})",
            source=item.source,
            tag=item.tag,
            suggests=item.suggests,
            sign=item.id,
        )
        for item in checklist.items
        if scores.get(item.id, 0) >= 1
    ]


def _vital_reasons(vitals: Mapping[str, float], r: Rules) -> list[Reason]:
    signs = {v.id: v for v in vital_signs()}
    reasons = []
    for vital_id, value in vitals.items():
        sign = signs[vital_id]
        # Several rules can match one value (38.6 °C is >= 38.0 and >= 38.5): keep the most urgent.
        matched = [rule for rule in r.vital_rules if rule.vital == vital_id and rule.triggered_by(value)]
        if not matched:
            continue
        rule = max(matched, key=lambda m: tier_rank(m.tier))
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
                suggests=rule.suggests,
                sign=rule.sign,
            )
        )
    return reasons


def _total_reason(total: int, r: Rules) -> Reason | None:
    if total < r.total_call_prescriber_at:
        return None
    return Reason(
        tier="call_prescriber",
        subject="total",
        text=f"Checklist total {total} (≥ {r.total_call_prescriber_at}); a checklist total, not a validated scale",
        source=r.total_source,
        tag=r.total_tag,
        # A sum of boxes points to nothing in particular.
        suggests="both",
    )


def _combination_reasons(reasons: Iterable[Reason], r: Rules) -> list[Reason]:
    signs = frozenset(reason.sign for reason in reasons)
    return [
        Reason(
            tier=c.tier,
            subject=c.id,
            text=f"Together: {c.name}",
            source=c.source,
            tag=c.tag,
            sign=c.id,
        )
        for c in r.combinations
        if c.fires(signs)
    ]


def _onset(route: Route, days_since_cut: int | None, r: Rules) -> tuple[bool, str]:
    window = r.onset[route]
    if days_since_cut is None or not window.first_day <= days_since_cut <= window.last_day:
        return False, ""
    note = r.onset_note.format(
        days=days_since_cut,
        first=window.first_day,
        last=window.last_day,
        window=f"{window.source} [{window.tag}]",
    )
    return True, note


def _at_least(reasons: Iterable[Reason], suggests: Suggests, tier: Tier) -> bool:
    return any(reason.suggests == suggests and tier_rank(reason.tier) >= tier_rank(tier) for reason in reasons)


def _toxicity_likelier(reasons: list[Reason], renal_impaired: bool, r: Rules) -> bool:
    """Renal impairment, or a pump refill or rate increase just before: overdose as likely as withdrawal."""
    return renal_impaired or any(x.subject in r.overdose_context for x in reasons)


def _either(reasons: list[Reason], r: Rules) -> bool:
    """A sign of both overdose and withdrawal (confusion, hallucinations, seizures) at the mixed tier."""
    return _at_least([x for x in reasons if x.subject != "total" and x.suggests != "device"], "both", r.mixed_at_least)


def _picture(reasons: list[Reason], route: Route, renal_impaired: bool, r: Rules) -> Picture:
    """Overdose and withdrawal signs together (each at the mixed tier or above) are "mixed"; with
    renal impairment, or just after a pump refill, any overdose sign counts, and confusion,
    hallucinations or seizures may be toxicity.  A pump alarm that means delivery has stopped counts
    as withdrawal here.  A pump alarm keeps its own words beside mild symptoms, and asks for a
    same-day pump check beside withdrawal symptoms."""
    toxicity_likelier = _toxicity_likelier(reasons, renal_impaired, r)
    floor: Tier = "monitor" if toxicity_likelier else r.mixed_at_least
    overdose = _at_least(reasons, "overdose", floor)
    stopped = any(x.subject in r.delivery_stopped for x in reasons)
    withdrawal = stopped or _at_least(reasons, "withdrawal", r.mixed_at_least)
    symptoms = [x for x in reasons if x.subject != "total" and x.suggests != "device"]
    if overdose and withdrawal:
        return "mixed"
    if overdose:
        return "overdose"
    if toxicity_likelier and _either(reasons, r):
        return "mixed"
    scored = {x.sign for x in reasons}
    urgent = any(x.tier == "emergency" for x in reasons)
    if route is Route.INTRATHECAL and scored & r.pump_early.items and not urgent:
        return "pump_check"
    if any(x.suggests == "device" for x in reasons):
        if not any(tier_rank(x.tier) >= tier_rank(r.mixed_at_least) for x in symptoms):
            return "pump_alarm"
        if not urgent:
            return "pump_check"
    return "withdrawal" if reasons else "none"


def _tier(picture: Picture, reasons: list[Reason], renal_impaired: bool, r: Rules) -> Tier:
    top: Tier = max((x.tier for x in reasons), key=tier_rank, default="none")
    floors: dict[Picture, Tier] = {"mixed": "emergency", "overdose": "call_prescriber", "pump_check": r.pump_early.tier}
    floor = floors.get(picture, "none")
    # Confusion or hallucinations where toxicity is likelier are an emergency assessment on their
    # own ("mixed"): a depressant sign added makes them overdose, never less urgent.
    if picture == "overdose" and _toxicity_likelier(reasons, renal_impaired, r) and _either(reasons, r):
        floor = "emergency"
    return max(top, floor, key=tier_rank)


def _banner(picture: Picture, tier: Tier, route: Route, reasons: list[Reason], r: Rules) -> Text:
    texts = r.banner_texts
    if picture == "mixed":
        return texts[f"mixed_{route.value}"]
    if picture == "overdose":
        return texts[f"overdose_emergency_{route.value}" if tier == "emergency" else "overdose_call"]
    if picture == "pump_check":
        return r.pump_early.advice
    if picture == "pump_alarm":
        alarm = max((x for x in reasons if x.subject in r.pump_alarms), key=lambda x: tier_rank(x.tier))
        return r.pump_alarms[alarm.subject]
    if tier == "emergency":
        return texts[f"emergency_{route.value}"]
    return texts[tier]


def _proposals(picture: Picture, tier: Tier, reasons: list[Reason], after_cut: bool, r: Rules) -> tuple[Proposal, ...]:
    # Overdose: more baclofen is wrong; a pump problem: the pump needs fixing, not the taper.
    if picture != "withdrawal" or any(x.suggests == "device" for x in reasons):
        return ()
    if tier == "emergency":
        hold = Proposal(kind="hold", days=None)  # no further cut until the prescriber resumes
    elif tier == "call_prescriber":
        hold = Proposal(kind="hold", days=r.hold_days)
    else:
        return ()
    # After a cut the dose that caused the symptoms is not held first: the last tolerated dose is.
    return (Proposal(kind="step_back"), hold) if after_cut else (hold,)


def _actions(picture: Picture, reasons: list[Reason], renal_impaired: bool, r: Rules) -> tuple[Text, ...]:
    actions = [r.pump_alarms[x.subject] for x in reasons if x.subject in r.pump_alarms and picture != "pump_alarm"]
    if renal_impaired and picture in ("overdose", "mixed"):
        actions.append(r.renal)
    return tuple(actions)


def advise(
    *,
    scores: Mapping[str, int],
    vitals: Mapping[str, float | None],
    route: Route | str,
    days_since_cut: int | None = None,
    renal_impaired: bool = False,
) -> Advice:
    """The advice for one entry.  Scores and vitals are checked first (:class:`InputError`).

    ``days_since_cut``: days since the plan's last cut (``None``: no cut yet);
    ``renal_impaired``: the plan's eGFR is below the renal threshold, or the patient is on dialysis.
    """
    r = rules()
    checked_route = load_checklist(route).route
    checked_scores = validate_scores(scores, checked_route)
    checked_vitals = validate_vitals(vitals)
    total = checklist_total(checked_scores)

    reasons = _item_reasons(checked_scores, checked_route) + _vital_reasons(checked_vitals, r)
    reasons += _combination_reasons(reasons, r)
    total_reason = _total_reason(total, r)
    if total_reason is not None:
        reasons.append(total_reason)
    picture = _picture(reasons, checked_route, renal_impaired, r)
    if picture == "pump_check":
        p = r.pump_early.advice
        reasons.append(Reason(r.pump_early.tier, "pump_early", "Early intrathecal withdrawal picture", p.source, p.tag))
    # Most urgent first; the sort is stable so items keep the checklist's order within a tier.
    reasons.sort(key=lambda x: -tier_rank(x.tier))
    tier = _tier(picture, reasons, renal_impaired, r)
    banner = _banner(picture, tier, checked_route, reasons, r)
    in_window, onset_note = _onset(checked_route, days_since_cut, r)
    return Advice(
        tier=tier,
        reasons=tuple(reasons),
        banner=banner.text,
        proposals=_proposals(picture, tier, reasons, days_since_cut is not None, r),
        total=total,
        in_onset_window=in_window,
        onset_note=onset_note,
        picture=picture,
        actions=_actions(picture, reasons, renal_impaired, r),
        banner_source=banner.source,
        banner_tag=banner.tag,
        headline=banner.headline,
        after_cut=days_since_cut is not None,
    )


def keep_emergency(advice: Advice, route: Route) -> Advice:
    """``advice`` as an emergency: an entry recorded as one is never played down afterwards
    (today's rules may weigh it less).  An overdose or mixed picture keeps its own words."""
    if advice.is_emergency:
        return advice
    key = {"overdose": "overdose_emergency", "mixed": "mixed"}.get(advice.picture, "emergency")
    r = rules()
    text = r.banner_texts[f"{key}_{route.value}"]
    # An emergency's own proposals: no further cut until the prescriber resumes (withdrawal only).
    proposals = _proposals(advice.picture, "emergency", list(advice.reasons), advice.after_cut, r)
    return replace(
        advice,
        tier="emergency",
        banner=text.text,
        banner_source=text.source,
        banner_tag=text.tag,
        headline=text.headline,
        proposals=proposals,
    )
