"""What makes a patient's withdrawal riskier, and how much each factor weighs on the pace.

Every risk factor the regimen carries is listed here with the words the plan prints.  A factor
either counts towards a slower pace (``weight`` > 0) or says why it does not (``why_not``), so no
box the prescriber ticks is silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from baclotaper.common import data
from baclotaper.common.numbers import fmt
from baclotaper.taper.regimen import Regimen, Route, limit


@dataclass(frozen=True)
class RiskFactor:
    """One thing about the patient that may slow the pace, in words, with how much it counts."""

    key: str
    words: str  # "age 78 (≥ 65)"
    weight: int  # how much it counts towards a slower pace; 0 = does not change the pace
    why_not: str = ""  # with weight 0: why the pace stays as it is

    @property
    def reason(self) -> str:
        return f"{self.words}: {self.why_not}" if self.weight == 0 else self.words


def pace_setting(key: str) -> data.Sourced:
    """A sourced number from ``resources/paces.toml`` ``[risk]``."""
    return data.sourced(data.load("paces")["risk"][key])


def risk_factors(regimen: Regimen) -> list[RiskFactor]:
    """The regimen's risk factors, in the order the plan prints them."""
    r = regimen
    out: list[RiskFactor] = []
    oral = r.route is Route.ORAL
    long_months = limit("risk", "long_therapy_months").value
    # Everyone with a pump has been on it long; for intrathecal only the boxed-warning groups count.
    if oral and r.on_therapy.months >= long_months:
        out.append(RiskFactor("long_therapy", f"on baclofen {r.on_therapy.words} (≥ {fmt(long_months)} months)", 1))
    if oral and r.daily_dose >= limit("risk", "high_dose_mg").value:
        out.append(
            RiskFactor("high_dose", f"{fmt(r.daily_dose)} mg/day (≥ {fmt(limit('risk', 'high_dose_mg').value)})", 1)
        )
    older = limit("risk", "older_adult_age").value
    if r.age is not None and r.age >= older:
        out.append(RiskFactor("older_adult", f"age {r.age} (≥ {fmt(older)})", 1))
    if r.is_child:
        out.append(RiskFactor("child", f"age {r.age} (child under {fmt(limit('risk', 'child_age').value)})", 1))
    if r.dialysis:
        out.append(RiskFactor("renal", "on dialysis", 1))
    elif r.renal_impaired:
        out.append(RiskFactor("renal", f"eGFR {fmt(r.egfr or 0)} (< {fmt(limit('risk', 'renal_egfr').value)})", 1))
    if r.prior_withdrawal:
        weight = int(pace_setting("earlier_withdrawal_weight").value)
        out.append(RiskFactor("prior_withdrawal", f"earlier withdrawal (counts {weight})", weight))
    if r.spinal_injury_t6:
        out.append(RiskFactor("spinal_injury_t6", "spinal cord injury at T6 or above (boxed-warning group)", 1))
    if r.communication_difficulty:
        out.append(RiskFactor("communication_difficulty", "communication difficulties (boxed-warning group)", 1))
    if r.pregnant:
        out.append(RiskFactor("pregnancy", "pregnancy", 1))
    if r.sedatives:
        out.append(
            RiskFactor(
                "sedatives",
                "sedatives or opioids",
                0,
                "pace unchanged (they add sedation, not withdrawal risk); see the warning",
            )
        )
    return out


def risk_score(factors: list[RiskFactor]) -> int:
    return sum(f.weight for f in factors)


def score_reason(factors: list[RiskFactor]) -> str:
    """How the factors add up, so a reader sees why one more factor did or did not slow the pace."""
    score = risk_score(factors)
    very = int(pace_setting("very_cautious_score").value)
    counted = [f for f in factors if f.weight]
    if not counted:
        return "no risk factor that changes the pace"
    if score >= very:
        return f"risk score {score} (≥ {very}: the very cautious pace)"
    return f"risk score {score} (the very cautious pace starts at {very})"
