"""Advice on a log entry: the tier a nurse is shown, why, the banner, and what is proposed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.nurse_log.advice import Advice, Proposal, VitalRule, advise, rules
from baclotaper.nurse_log.checklist import load_checklist, tier_rank, vital_signs

HOLD = Proposal(kind="hold", days=rules().hold_days)
STEP_BACK = Proposal(kind="step_back")


def oral(scores: dict[str, int] | None = None, /, **vitals: float) -> Advice:
    return advise(scores=scores or {}, vitals=vitals, route="oral")


def test_nothing_recorded() -> None:
    advice = oral({"insomnia": 0, "seizures": 0})
    assert advice.tier == "none"
    assert advice.reasons == ()
    assert advice.proposals == ()
    assert advice.banner == "No withdrawal signs recorded in this entry."
    assert advice.total == 0


def test_monitor_items_only_propose_nothing() -> None:
    advice = oral({"insomnia": 1, "anxiety": 2})
    assert advice.tier == "monitor"
    assert advice.proposals == ()
    assert [r.subject for r in advice.reasons] == ["anxiety", "insomnia"]
    assert "check again" in advice.banner


def test_call_prescriber_item_proposes_hold_then_step_back() -> None:
    advice = oral({"visual_hallucinations": 1})
    assert advice.tier == "call_prescriber"
    assert advice.proposals == (HOLD, STEP_BACK)
    assert HOLD.days == 7
    assert advice.reasons[0].subject == "visual_hallucinations"
    assert advice.reasons[0].text == "Visual hallucinations: mild (1)"
    assert "Call the prescriber" in advice.banner


def test_total_threshold_just_below_and_at() -> None:
    threshold = rules().total_call_prescriber_at
    assert threshold == 6
    below = oral({"insomnia": 3, "anxiety": 2})  # 5, all monitor items
    at = oral({"insomnia": 3, "anxiety": 2, "tremor": 1})  # 6
    assert below.tier == "monitor"
    assert at.tier == "call_prescriber"
    assert at.proposals == (HOLD, STEP_BACK)
    total_reason = next(r for r in at.reasons if r.subject == "total")
    assert "not a validated scale" in total_reason.text
    assert total_reason.tag == "C"


@pytest.mark.parametrize("item", ["seizures", "confusion", "fever", "dark_urine", "profound_rigidity"])
def test_emergency_item_scored_mild_is_an_emergency(item: str) -> None:
    assert oral({item: 0}).tier == "none"
    advice = oral({item: 1})
    assert advice.tier == "emergency"
    assert advice.is_emergency
    assert advice.reasons[0].subject == item


def test_oral_emergency_banner() -> None:
    advice = oral({"seizures": 1})
    assert advice.banner.startswith("EMERGENCY")
    assert "Stop the taper" in advice.banner
    assert "Restore the last tolerated dose" in advice.banner
    assert "emergency care" in advice.banner
    # Restore the last tolerated dose, then no further cut until the prescriber resumes.
    assert advice.proposals == (STEP_BACK, Proposal(kind="hold", days=None))


def test_intrathecal_emergency_banner_is_stronger() -> None:
    advice = advise(scores={"pump_two_tone_alarm": 1}, vitals={}, route="intrathecal")
    assert advice.tier == "emergency"
    assert "medical emergency" in advice.banner
    assert "restore intrathecal delivery" in advice.banner
    assert "Oral baclofen does not reliably replace intrathecal delivery" in advice.banner
    assert advice.banner != oral({"seizures": 1}).banner


def test_emergency_wins_over_everything_else() -> None:
    advice = oral(
        {"insomnia": 3, "anxiety": 3, "visual_hallucinations": 3, "delirium": 1},
        heart_rate=115,
    )
    assert advice.tier == "emergency"
    assert advice.banner.startswith("EMERGENCY")
    assert advice.reasons[0].subject == "delirium"
    # Every reason stays listed, most urgent first.
    assert [r.tier for r in advice.reasons] == sorted((r.tier for r in advice.reasons), key=tier_rank, reverse=True)
    assert {"heart_rate", "total", "insomnia", "visual_hallucinations"} <= {r.subject for r in advice.reasons}


def test_fever_threshold() -> None:
    assert oral(temperature=37.9).tier == "none"
    assert oral(temperature=38.0).tier == "call_prescriber"
    just_below = oral(temperature=38.4)
    at = oral(temperature=38.5)
    assert just_below.tier == "call_prescriber"
    assert at.tier == "emergency"
    assert at.reasons[0].subject == "temperature"
    assert at.reasons[0].text == "Temperature 38.5 °C (≥ 38.5 °C): fever"
    # One reason per vital: the most urgent rule it meets.
    assert len(at.reasons) == 1


def _just_outside(rule: VitalRule) -> float:
    step = 10.0 ** -next(v.decimals for v in vital_signs() if v.id == rule.vital)
    return rule.value - step if rule.at_least else rule.value + step


@pytest.mark.parametrize("rule", rules().vital_rules, ids=lambda r: f"{r.vital}-{r.tier}-{r.value:g}")
def test_each_vital_threshold_just_outside_and_at(rule: VitalRule) -> None:
    at = oral(**{rule.vital: rule.value})
    outside = oral(**{rule.vital: _just_outside(rule)})
    assert at.tier == rule.tier or tier_rank(at.tier) > tier_rank(rule.tier)
    assert tier_rank(outside.tier) < tier_rank(rule.tier)
    assert at.reasons[0].subject == rule.vital


def test_red_flag_vitals_are_emergencies() -> None:
    assert oral(heart_rate=131).tier == "emergency"
    assert oral(heart_rate=40).tier == "emergency"
    assert oral(systolic=180, diastolic=100).tier == "emergency"
    assert oral(systolic=90, diastolic=60).tier == "emergency"


def test_vital_rules_are_sourced_and_tagged_as_convention() -> None:
    for rule in rules().vital_rules:
        assert rule.source
        assert rule.tag == "C"
    assert rules().total_source and rules().total_tag in data.TAG_MEANINGS


@pytest.mark.parametrize(("days", "marked"), [(None, False), (0, False), (1, True), (3, True), (4, False)])
def test_onset_window_after_a_cut(days: int | None, marked: bool) -> None:
    advice = advise(scores={"insomnia": 1}, vitals={}, route="oral", days_since_cut=days)
    assert advice.in_onset_window is marked
    assert bool(advice.onset_note) is marked
    if marked:
        assert f"{days} day(s) after the last cut" in advice.onset_note
        assert "12–72 h" in advice.onset_note


def test_bad_input_is_refused_before_advising() -> None:
    with pytest.raises(InputError, match=r"^temperature: 385 °C is outside 30–45 °C"):
        oral(temperature=385)
    with pytest.raises(InputError, match=r"^pump_two_tone_alarm: is not a checklist item for oral"):
        oral({"pump_two_tone_alarm": 1})


_VITAL_RANGES = {v.id: (v.minimum, v.maximum) for v in vital_signs()}


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, dict[str, int], dict[str, float]]:
    route = draw(st.sampled_from(["oral", "intrathecal"]))
    items = [item.id for item in load_checklist(route).items]
    scores = draw(st.dictionaries(st.sampled_from(items), st.integers(0, 3)))
    vitals = {
        name: draw(st.floats(low, high))
        for name, (low, high) in _VITAL_RANGES.items()
        if name != "diastolic" and draw(st.booleans())
    }
    return route, scores, vitals


@settings(max_examples=300, deadline=None)
@given(entries())
def test_advice_never_speeds_up_and_always_explains(entry: tuple[str, dict[str, int], dict[str, float]]) -> None:
    route, scores, vitals = entry
    advice = advise(scores=scores, vitals=vitals, route=route)
    assert {p.kind for p in advice.proposals} <= {"hold", "step_back"}
    assert advice.banner
    if advice.tier == "none":
        assert advice.reasons == ()
    else:
        assert advice.tier == max((r.tier for r in advice.reasons), key=tier_rank)
    if advice.tier == "emergency":
        assert advice.banner.startswith("EMERGENCY")
    if tier_rank(advice.tier) >= tier_rank("call_prescriber"):
        assert STEP_BACK in advice.proposals
    else:
        assert advice.proposals == ()
