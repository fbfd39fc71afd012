"""Advice on a log entry: the picture and tier a nurse is shown, why, the words, and what is proposed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.nurse_log.advice import Advice, Proposal, VitalRule, advise, keep_emergency, rules
from baclotaper.nurse_log.checklist import all_items, load_checklist, tier_rank, vital_signs
from baclotaper.taper.regimen import Route

HOLD = Proposal(kind="hold", days=rules().hold_days)
HOLD_UNTIL_REVIEW = Proposal(kind="hold", days=None)
STEP_BACK = Proposal(kind="step_back")
NO_MORE_BACLOFEN = "not give more baclofen"


def oral(scores: dict[str, int] | None = None, /, *, days: int | None = None, **vitals: float) -> Advice:
    return advise(scores=scores or {}, vitals=vitals, route="oral", days_since_cut=days)


def pump(scores: dict[str, int] | None = None, /, *, days: int | None = None, **vitals: float) -> Advice:
    return advise(scores=scores or {}, vitals=vitals, route="intrathecal", days_since_cut=days)


def _rule(sign: str) -> VitalRule:
    return next(r for r in rules().vital_rules if r.sign == sign)


def entry_for(sign: str) -> tuple[dict[str, int], dict[str, float]]:
    """The smallest entry showing ``sign``: an item scored mild, or a vital at the rule's threshold."""
    if sign in {item.id for item in all_items()}:
        return {sign: 1}, {}
    rule = _rule(sign)
    return {}, {rule.vital: rule.value}


# Withdrawal: tiers, thresholds and proposals ----------------------------------------------------


def test_nothing_recorded() -> None:
    advice = oral({"insomnia": 0, "seizures": 0})
    assert (advice.tier, advice.picture) == ("none", "none")
    assert advice.reasons == ()
    assert advice.proposals == ()
    assert advice.banner == "No withdrawal signs recorded in this entry."
    assert advice.total == 0


def test_monitor_items_only_propose_nothing() -> None:
    advice = oral({"insomnia": 1, "anxiety": 2}, days=2)
    assert advice.tier == "monitor"
    assert advice.proposals == ()
    assert [r.subject for r in advice.reasons] == ["anxiety", "insomnia"]
    assert "check again" in advice.banner


def test_after_a_cut_the_first_proposal_is_the_last_tolerated_dose() -> None:
    advice = oral({"visual_hallucinations": 1}, days=2)
    assert advice.tier == "call_prescriber"
    assert advice.proposals == (STEP_BACK, HOLD)
    assert HOLD.days == 7
    assert advice.reasons[0].subject == "visual_hallucinations"
    assert advice.reasons[0].text == "Visual hallucinations: mild (1)"
    assert advice.banner.startswith("Call the prescriber today")
    assert advice.banner.index("last tolerated dose") < advice.banner.index("hold")
    assert rules().proposals.tag == "L" and "French Lioresal SmPC" in rules().proposals.source


def test_before_any_cut_only_a_hold_is_proposed() -> None:
    assert oral({"visual_hallucinations": 1}).proposals == (HOLD,)
    assert oral({"seizures": 1}).proposals == (HOLD_UNTIL_REVIEW,)


def test_total_threshold_just_below_and_at() -> None:
    threshold = rules().total_call_prescriber_at
    assert threshold == 6
    below = oral({"insomnia": 3, "anxiety": 2}, days=1)  # 5, all monitor items
    at = oral({"insomnia": 3, "anxiety": 2, "tremor": 1}, days=1)  # 6
    assert below.tier == "monitor"
    assert at.tier == "call_prescriber"
    assert at.proposals == (STEP_BACK, HOLD)
    total_reason = next(r for r in at.reasons if r.subject == "total")
    assert "not a validated scale" in total_reason.text
    assert total_reason.tag == "C"


@pytest.mark.parametrize("item", load_checklist("oral").items + load_checklist("intrathecal").items, ids=str)
def test_each_item_alone_reaches_at_least_its_tier_with_its_source(item: object) -> None:
    from baclotaper.nurse_log.checklist import ChecklistItem

    assert isinstance(item, ChecklistItem)
    route = Route.ORAL if Route.ORAL in item.routes else Route.INTRATHECAL
    advice = advise(scores={item.id: 1}, vitals={}, route=route, days_since_cut=2)
    assert tier_rank(advice.tier) >= tier_rank(item.tier)
    reason = next(r for r in advice.reasons if r.subject == item.id)
    assert reason.source and reason.tag in data.TAG_MEANINGS
    assert advice.banner_source and advice.banner_tag in data.TAG_MEANINGS


@pytest.mark.parametrize("item", ["seizures", "confusion", "fever", "dark_urine", "profound_rigidity"])
def test_emergency_item_scored_mild_is_an_emergency(item: str) -> None:
    assert oral({item: 0}).tier == "none"
    advice = oral({item: 1})
    assert advice.tier == "emergency"
    assert advice.is_emergency
    assert advice.reasons[0].subject == item


def test_oral_withdrawal_emergency() -> None:
    advice = oral({"seizures": 1}, days=2)
    assert advice.picture == "withdrawal"
    assert advice.banner.startswith("EMERGENCY")
    assert "Stop the taper" in advice.banner
    assert "Restore the last tolerated dose" in advice.banner
    assert "emergency care" in advice.banner
    # Restore the last tolerated dose, then no further cut until the prescriber resumes.
    assert advice.proposals == (STEP_BACK, HOLD_UNTIL_REVIEW)


def test_intrathecal_withdrawal_emergency_is_stronger() -> None:
    advice = pump({"fever": 1, "confusion": 1})
    assert advice.tier == "emergency"
    assert "medical emergency" in advice.banner
    assert "restore intrathecal delivery" in advice.banner
    assert "Oral baclofen does not reliably replace intrathecal delivery" in advice.banner
    assert advice.banner != oral({"seizures": 1}).banner


def test_emergency_wins_over_everything_else() -> None:
    advice = oral({"insomnia": 3, "anxiety": 3, "visual_hallucinations": 3, "delirium": 1}, heart_rate=115)
    assert advice.tier == "emergency"
    assert advice.banner.startswith("EMERGENCY")
    # Every reason stays listed, most urgent first.
    assert [r.tier for r in advice.reasons] == sorted((r.tier for r in advice.reasons), key=tier_rank, reverse=True)
    subjects = {r.subject for r in advice.reasons}
    assert {"delirium", "heart_rate", "total", "insomnia", "visual_hallucinations"} <= subjects


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


@pytest.mark.parametrize("rule", rules().vital_rules, ids=lambda r: r.sign)
def test_each_vital_threshold_just_outside_and_at(rule: VitalRule) -> None:
    at = oral(**{rule.vital: rule.value})
    outside = oral(**{rule.vital: _just_outside(rule)})
    assert tier_rank(at.tier) >= tier_rank(rule.tier)
    assert tier_rank(outside.tier) < tier_rank(rule.tier)
    assert at.reasons[0].subject == rule.vital
    assert rule.source and rule.tag in data.TAG_MEANINGS
    if rule.suggests == "overdose":
        assert at.picture == "overdose"
        assert at.proposals == ()
        assert NO_MORE_BACLOFEN in at.banner.lower()


def test_red_flag_vitals_are_emergencies() -> None:
    assert oral(heart_rate=131).tier == "emergency"
    assert oral(heart_rate=40).tier == "emergency"
    assert oral(systolic=180, diastolic=100).tier == "emergency"
    assert oral(systolic=90, diastolic=60).tier == "emergency"
    assert oral(respiratory_rate=8).tier == "emergency"
    assert oral(temperature=35.0).tier == "emergency"


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


# Combinations escalate ------------------------------------------------------------------------


def test_hallucinations_and_agitation_with_fever_and_autonomic_signs_are_the_withdrawal_emergency() -> None:
    # The case: each sign alone is "call the prescriber"; together they are the emergency.
    vitals = {"temperature": 38.3, "heart_rate": 124, "systolic": 165, "diastolic": 95}
    advice = oral({"visual_hallucinations": 2, "agitation": 2}, days=2, **vitals)
    assert advice.tier == "emergency"
    assert advice.picture == "withdrawal"
    assert advice.reasons[0].subject == "mental_status_with_fever_or_autonomic"
    assert advice.reasons[0].tag == "L"
    assert advice.proposals == (STEP_BACK, HOLD_UNTIL_REVIEW)
    alone = oral({"visual_hallucinations": 2, "agitation": 2}, days=2)
    assert alone.tier == "call_prescriber"


@pytest.mark.parametrize("combination", rules().combinations, ids=lambda c: c.id)
def test_each_combination_needs_a_sign_from_every_list(combination: object) -> None:
    from baclotaper.nurse_log.advice import Combination

    assert isinstance(combination, Combination)
    assert combination.source and combination.tag in data.TAG_MEANINGS
    first, second = (sorted(group) for group in combination.each_of)
    for a in first:
        for b in second[:1] + second[-1:]:
            scores_a, vitals_a = entry_for(a)
            scores_b, vitals_b = entry_for(b)
            alone = advise(scores=scores_a, vitals=vitals_a, route="oral", days_since_cut=1)
            assert combination.id not in {r.subject for r in alone.reasons}
            both = advise(scores=scores_a | scores_b, vitals=vitals_a | vitals_b, route="oral", days_since_cut=1)
            assert combination.id in {r.subject for r in both.reasons}, (a, b)
            assert both.tier == combination.tier


# Overdose is not withdrawal ----------------------------------------------------------------------


def test_intrathecal_depressant_signs_point_to_overdose_with_the_labels_treatment() -> None:
    # Breathing 7/min, pulse 38, 85/50 and fluctuating consciousness after a pump refill.
    advice = pump({"fluctuating_consciousness": 2}, respiratory_rate=7, heart_rate=38, systolic=85, diastolic=50)
    assert advice.picture == "overdose"
    assert advice.tier == "emergency"
    assert "OVERDOSE" in advice.banner and "NOT WITHDRAWAL" in advice.banner
    assert NO_MORE_BACLOFEN in advice.banner.lower()
    assert "restore intrathecal delivery" not in advice.banner
    assert "remove the remaining solution from the pump" in advice.banner
    assert "intubate" in advice.banner and "30–40 mL" in advice.banner
    assert advice.proposals == ()
    assert advice.banner_tag == "L"


def test_oral_slow_breathing_and_drowsiness_never_restore_a_dose() -> None:
    advice = oral({"drowsiness": 2}, days=2, respiratory_rate=8)
    assert advice.picture == "overdose"
    assert advice.tier == "emergency"
    assert NO_MORE_BACLOFEN in advice.banner.lower()
    assert "Restore the last tolerated dose" not in advice.banner
    assert advice.proposals == ()


@pytest.mark.parametrize("item", [i.id for i in all_items() if i.suggests == "overdose"])
def test_each_overdose_item_is_never_answered_with_more_baclofen(item: str) -> None:
    advice = oral({item: 1}, days=1)
    assert advice.picture == "overdose"
    assert tier_rank(advice.tier) >= tier_rank("call_prescriber")
    assert NO_MORE_BACLOFEN in advice.banner.lower()
    assert advice.proposals == ()


def test_drowsiness_alone_is_a_call_not_an_emergency() -> None:
    advice = oral({"drowsiness": 1}, days=1)
    assert advice.tier == "call_prescriber"
    assert advice.banner.startswith("CALL THE PRESCRIBER TODAY: possible baclofen toxicity")


def test_mixed_picture_asks_for_emergency_assessment_and_says_both() -> None:
    advice = oral({"drowsiness": 1, "hypertonia": 2}, days=2)
    assert advice.picture == "mixed"
    assert advice.tier == "emergency"
    assert "BOTH" in advice.banner and "overdose" in advice.banner and "withdrawal" in advice.banner
    assert "EMERGENCY ASSESSMENT" in advice.banner
    assert NO_MORE_BACLOFEN in advice.banner.lower()
    assert advice.proposals == ()
    on_pump = pump({"hard_to_wake": 1, "itching_without_rash": 1})
    assert on_pump.picture == "mixed"
    assert NO_MORE_BACLOFEN in on_pump.banner.lower()


def test_mixed_needs_each_side_at_the_mixed_tier() -> None:
    assert rules().mixed_at_least == "call_prescriber"
    # Tremor is a "monitor" withdrawal sign: drowsiness still reads as toxicity.
    assert oral({"drowsiness": 1, "tremor": 1}).picture == "overdose"
    # A total made of overdose items points to nothing by itself.
    assert oral({"drowsiness": 3, "hypotonia": 3}).picture == "overdose"


def test_hallucinations_alone_are_read_as_withdrawal_without_depressant_signs() -> None:
    advice = oral({"visual_hallucinations": 2}, days=1)
    assert advice.picture == "withdrawal"
    with_slow_breathing = oral({"visual_hallucinations": 2}, days=1, respiratory_rate=8)
    assert with_slow_breathing.picture == "overdose"  # hallucinations occur in both


def test_renal_impairment_makes_toxicity_likelier() -> None:
    plain = advise(scores={"confusion": 1}, vitals={}, route="oral", days_since_cut=1)
    renal = advise(scores={"confusion": 1}, vitals={}, route="oral", days_since_cut=1, renal_impaired=True)
    assert plain.picture == "withdrawal" and STEP_BACK in plain.proposals
    assert renal.picture == "mixed"
    assert renal.proposals == ()
    assert rules().renal in renal.actions
    assert rules().renal.tag == "L"
    drowsy = advise(scores={"drowsiness": 1}, vitals={}, route="oral", renal_impaired=True)
    assert drowsy.picture == "overdose" and rules().renal in drowsy.actions


def test_a_recorded_emergency_keeps_its_picture_when_rules_weigh_it_less() -> None:
    calm = oral({"drowsiness": 1})
    kept = keep_emergency(calm, Route.ORAL)
    assert kept.tier == "emergency"
    assert "OVERDOSE" in kept.banner
    assert kept.proposals == ()
    withdrawal = keep_emergency(oral({"visual_hallucinations": 1}, days=1), Route.INTRATHECAL)
    assert "restore intrathecal delivery" in withdrawal.banner


# The pump --------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", sorted(rules().pump_early.items))
def test_pump_early_picture_is_a_same_day_pump_check_not_a_hold(item: str) -> None:
    advice = pump({item: 1}, days=2)
    assert advice.picture == "pump_check"
    assert advice.tier == "call_prescriber"
    assert "same-day pump check" in advice.banner
    assert advice.proposals == ()
    assert any(r.subject == "pump_early" and r.tag == "L" for r in advice.reasons)


def test_the_same_signs_on_oral_baclofen_are_withdrawal() -> None:
    advice = oral({"rebound_spasticity": 1}, days=2)
    assert advice.picture == "withdrawal"
    assert advice.proposals == (STEP_BACK, HOLD)


@pytest.mark.parametrize("alarm", sorted(rules().pump_alarms))
def test_pump_alarms_get_pump_actions_never_hold_or_step_back(alarm: str) -> None:
    alone = pump({alarm: 1}, days=1)
    assert alone.picture == "pump_alarm"
    assert alone.banner == rules().pump_alarms[alarm].text
    assert "pump team" in alone.banner
    assert alone.proposals == ()
    with_symptoms = pump({alarm: 1, "visual_hallucinations": 2, "insomnia": 1}, days=1)
    assert with_symptoms.proposals == ()
    assert rules().pump_alarms[alarm] in with_symptoms.actions


def test_two_tone_alarm_is_an_emergency() -> None:
    advice = pump({"pump_two_tone_alarm": 1})
    assert advice.tier == "emergency"
    assert advice.banner.startswith("EMERGENCY: two-tone pump alarm")


# Whatever is entered ---------------------------------------------------------------------------

_VITAL_RANGES = {v.id: (v.minimum, v.maximum) for v in vital_signs()}


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, dict[str, int], dict[str, float], int | None, bool]:
    route = draw(st.sampled_from(["oral", "intrathecal"]))
    items = [item.id for item in load_checklist(route).items]
    scores = draw(st.dictionaries(st.sampled_from(items), st.integers(0, 3)))
    vitals = {
        name: draw(st.floats(low, high))
        for name, (low, high) in _VITAL_RANGES.items()
        if name != "diastolic" and draw(st.booleans())
    }
    return route, scores, vitals, draw(st.none() | st.integers(0, 60)), draw(st.booleans())


@settings(max_examples=300, deadline=None)
@given(entries())
def test_advice_never_speeds_up_never_gives_more_for_overdose_and_always_explains(
    entry: tuple[str, dict[str, int], dict[str, float], int | None, bool],
) -> None:
    route, scores, vitals, days, renal = entry
    advice = advise(scores=scores, vitals=vitals, route=route, days_since_cut=days, renal_impaired=renal)
    assert {p.kind for p in advice.proposals} <= {"hold", "step_back"}
    assert advice.banner and advice.banner_source and advice.banner_tag in data.TAG_MEANINGS
    if advice.tier == "none":
        assert advice.reasons == ()
    else:
        assert tier_rank(advice.tier) >= tier_rank(max((r.tier for r in advice.reasons), key=tier_rank))
    if advice.tier == "emergency":
        assert advice.banner.startswith("EMERGENCY")
    call = tier_rank("call_prescriber")
    overdose = any(r.suggests == "overdose" and tier_rank(r.tier) >= call for r in advice.reasons)
    if overdose:
        assert advice.picture in ("overdose", "mixed")
        assert advice.proposals == ()
        assert NO_MORE_BACLOFEN in advice.banner.lower()
    device = any(r.suggests == "device" for r in advice.reasons)
    if device:
        assert advice.proposals == ()
    if advice.proposals:
        assert advice.picture == "withdrawal"
        assert advice.proposals[0] == (STEP_BACK if days is not None else advice.proposals[0])
        assert (STEP_BACK in advice.proposals) is (days is not None)
    elif advice.picture == "withdrawal" and not device:
        assert tier_rank(advice.tier) < tier_rank("call_prescriber")


# Found by the hostile audit ----------------------------------------------------------------------

HOLD_OR_STEP_BACK_WORDS = ("hold the current step", "last tolerated dose", "step back")


def proposes_hold_or_step_back(banner: str) -> bool:
    """Whether ``banner`` proposes a hold or a step back; the overdose banner's "no step back to a
    higher dose" forbids one."""
    text = banner.lower().replace("no step back", "")
    return any(words in text for words in HOLD_OR_STEP_BACK_WORDS)


@pytest.mark.parametrize("alarm", sorted(rules().pump_alarms))
@pytest.mark.parametrize("mild", ["insomnia", "hiccups", "tremor", "anxiety"])
def test_a_pump_alarm_with_a_mild_symptom_still_asks_for_the_pump_not_a_hold(alarm: str, mild: str) -> None:
    # A low-reservoir beep and a poor night read "go back to the last tolerated dose, or hold".
    alone = pump({alarm: 1}, days=1)
    advice = pump({alarm: 1, mild: 3}, days=1)
    assert advice.banner == rules().pump_alarms[alarm].text
    assert not proposes_hold_or_step_back(advice.banner)
    assert advice.proposals == ()
    assert tier_rank(advice.tier) >= tier_rank(alone.tier)


def test_a_low_reservoir_alarm_with_withdrawal_symptoms_is_a_same_day_pump_check() -> None:
    advice = pump({"pump_low_reservoir_alarm": 1, "visual_hallucinations": 2}, days=1)
    assert advice.picture == "pump_check"
    assert advice.tier == "call_prescriber"
    assert "same-day pump check" in advice.banner
    assert not proposes_hold_or_step_back(advice.banner)
    assert advice.proposals == ()
    assert rules().pump_alarms["pump_low_reservoir_alarm"] in advice.actions


@pytest.mark.parametrize(
    ("scores", "vitals"),
    [
        ({"hypotension": 1}, {}),
        ({"drowsiness": 1}, {}),
        ({"hypotonia": 2}, {}),
        ({}, {"respiratory_rate": 8}),
        ({}, {"heart_rate": 45}),
        ({}, {"temperature": 35.0}),
    ],
)
def test_a_two_tone_alarm_with_depressant_signs_is_both_not_an_overdose(
    scores: dict[str, int], vitals: dict[str, float]
) -> None:
    # The drug is not flowing (withdrawal follows) yet the signs read as overdose: the advice told
    # staff to "remove the remaining solution from the pump". Both are possible: assessment decides.
    advice = pump({"pump_two_tone_alarm": 1, **scores}, **vitals)
    assert advice.picture == "mixed"
    assert advice.tier == "emergency"
    assert advice.banner.startswith("EMERGENCY ASSESSMENT NOW")
    assert "BOTH" in advice.banner
    assert "remove the remaining solution" not in advice.banner
    assert advice.proposals == ()
    assert rules().pump_alarms["pump_two_tone_alarm"] in advice.actions


def _near_thresholds(vital: str) -> list[float]:
    """Every threshold of ``vital`` in advice.toml, and one unit (of its entry precision) either side."""
    sign = next(v for v in vital_signs() if v.id == vital)
    step = 10.0**-sign.decimals
    values = {
        round(r.value + k * step, sign.decimals) for r in rules().vital_rules if r.vital == vital for k in (-1, 0, 1)
    }
    return sorted(v for v in values | {sign.minimum, sign.maximum} if sign.minimum <= v <= sign.maximum)


@st.composite
def vitals_near_thresholds(draw: st.DrawFn) -> dict[str, float]:
    vitals: dict[str, float] = {}
    for sign in vital_signs():
        if sign.id == "diastolic" or not draw(st.booleans()):
            continue
        anywhere = st.floats(sign.minimum, sign.maximum).map(lambda v, d=sign.decimals: round(v, d))
        vitals[sign.id] = draw(st.sampled_from(_near_thresholds(sign.id)) | anywhere)
    if "systolic" in vitals and draw(st.booleans()):
        low, _high = _VITAL_RANGES["diastolic"]
        if vitals["systolic"] - 1 >= low:
            vitals["diastolic"] = draw(
                st.sampled_from(_near_thresholds("diastolic")).filter(lambda d: d < vitals["systolic"]) | st.just(low)
            )
    return vitals


@st.composite
def entry_and_more(draw: st.DrawFn) -> tuple[str, dict[str, int], dict[str, int], dict[str, float], int | None, bool]:
    """An entry, and the same entry with more (or more severe) symptoms scored (and more vital signs)."""
    route = draw(st.sampled_from(["oral", "intrathecal"]))
    checklist = load_checklist(route).items
    # Half the draws from the signs the pictures turn on: overdose, both, and the pump items.
    turning = [item.id for item in checklist if item.suggests != "withdrawal"]
    items = st.sampled_from([item.id for item in checklist]) | st.sampled_from(turning)
    scores = draw(st.dictionaries(items, st.integers(0, 3), max_size=6))
    added = draw(st.dictionaries(items, st.integers(1, 3), max_size=4))
    more = {k: max(scores.get(k, 0), added.get(k, 0)) for k in scores.keys() | added.keys()}
    return (
        route,
        scores,
        more,
        draw(vitals_near_thresholds()),
        draw(st.none() | st.integers(0, 30)),
        draw(st.booleans()),
    )


GENERATED_ENTRIES = 500


@settings(max_examples=GENERATED_ENTRIES, deadline=None)
@given(entry_and_more())
def test_more_symptoms_never_lower_the_tier_and_order_never_changes_the_advice(
    case: tuple[str, dict[str, int], dict[str, int], dict[str, float], int | None, bool],
) -> None:
    route, scores, more, vitals, days, renal = case
    # Fewer: some of the symptoms, and only the vital signs taken first (a blood pressure as a pair).
    taken_first = {k: v for i, (k, v) in enumerate(sorted(vitals.items())) if i % 2 == 0 or k == "diastolic"}
    if "diastolic" in taken_first and "systolic" not in taken_first:
        del taken_first["diastolic"]
    fewer = advise(scores=scores, vitals=taken_first, route=route, days_since_cut=days, renal_impaired=renal)
    advice = advise(scores=more, vitals=vitals, route=route, days_since_cut=days, renal_impaired=renal)
    # The tier never goes down, and "no more baclofen" is never taken back, because more was logged.
    assert tier_rank(advice.tier) >= tier_rank(fewer.tier)
    if NO_MORE_BACLOFEN in fewer.banner.lower():
        assert NO_MORE_BACLOFEN in advice.banner.lower()
    for shown in (fewer, advice):
        # An emergency sign always shows the emergency, in its first words.
        if any(r.tier == "emergency" for r in shown.reasons):
            assert shown.tier == "emergency" and shown.banner.startswith("EMERGENCY")
        # Neither a hold nor a step back beside an overdose sign or a pump problem, in words or buttons.
        if any(r.suggests in ("overdose", "device") for r in shown.reasons):
            assert shown.proposals == ()
        if any(r.suggests == "device" for r in shown.reasons):
            assert not proposes_hold_or_step_back(shown.banner)
    # The order things were entered in changes nothing.
    reordered = advise(
        scores=dict(reversed(list(more.items()))),
        vitals=dict(reversed(list(vitals.items()))),
        route=route,
        days_since_cut=days,
        renal_impaired=renal,
    )
    assert (reordered.tier, reordered.picture, reordered.banner, reordered.proposals, reordered.actions) == (
        advice.tier,
        advice.picture,
        advice.banner,
        advice.proposals,
        advice.actions,
    )
    assert sorted(r.text for r in reordered.reasons) == sorted(r.text for r in advice.reasons)


REFILL = "pump_refill_or_rate_increase"


@pytest.mark.parametrize("sign", ["confusion", "visual_hallucinations", "agitation", "seizures", "delirium"])
def test_after_a_pump_refill_confusion_hallucinations_or_seizures_may_be_overdose(sign: str) -> None:
    # A refill (or a rate increase, a restart) could not be recorded: confusion the day after one read
    # "possible intrathecal withdrawal... restore intrathecal delivery", i.e. give more.
    assert pump({sign: 2}, days=2).picture == "withdrawal"
    advice = pump({sign: 2, REFILL: 1}, days=2)
    assert advice.picture == "mixed"
    assert advice.tier == "emergency"
    assert advice.banner.startswith("EMERGENCY ASSESSMENT NOW")
    assert "restore intrathecal delivery" not in advice.banner
    assert NO_MORE_BACLOFEN in advice.banner.lower()
    assert advice.proposals == ()
    assert rules().pump_alarms[REFILL] in advice.actions


def test_a_refill_alone_says_what_to_watch_for_and_changes_nothing() -> None:
    advice = pump({REFILL: 1}, days=2)
    assert advice.picture == "pump_alarm"
    assert advice.tier == "monitor"
    assert advice.banner == rules().pump_alarms[REFILL].text
    assert "drowsiness" in advice.banner and "slow breathing" in advice.banner
    assert advice.proposals == ()
    item = next(i for i in all_items() if i.id == REFILL)
    assert item.routes == (Route.INTRATHECAL,) and item.tag == "L" and "refill" in item.source


def test_after_a_refill_depressant_signs_get_the_labels_overdose_treatment() -> None:
    advice = pump({REFILL: 1, "drowsiness": 2}, respiratory_rate=8)
    assert advice.picture == "overdose"
    assert "remove the remaining solution from the pump" in advice.banner
    assert advice.proposals == ()


def test_after_a_refill_withdrawal_signs_still_ask_for_the_pump() -> None:
    early = pump({REFILL: 1, "rebound_spasticity": 2}, days=2)
    assert early.picture == "pump_check" and early.proposals == ()
    fever = pump({REFILL: 1, "fever": 1}, days=2)
    assert fever.tier == "emergency" and "restore intrathecal delivery" in fever.banner
    assert fever.proposals == ()


CATHETER = "pump_catheter_problem"


def test_a_catheter_problem_is_a_pump_emergency_never_a_hold() -> None:
    # A kinked, broken or disconnected catheter could not be recorded at all.
    alone = pump({CATHETER: 1}, days=2)
    assert alone.picture == "pump_alarm" and alone.tier == "emergency"
    assert alone.banner == rules().pump_alarms[CATHETER].text
    assert alone.banner.startswith("EMERGENCY") and "pump team" in alone.banner
    assert alone.proposals == ()
    # Delivery has stopped: with depressant signs both are possible, as with the two-tone alarm.
    drowsy = pump({CATHETER: 1, "drowsiness": 2})
    assert drowsy.picture == "mixed" and drowsy.proposals == ()
    assert CATHETER in rules().delivery_stopped
    assert "catheter" in next(i for i in all_items() if i.id == CATHETER).source.lower()


@pytest.mark.parametrize(
    ("scores", "days"), [({"visual_hallucinations": 1}, 1), ({"insomnia": 1}, 1), ({"anxiety": 2}, None)]
)
def test_a_recorded_emergency_read_again_offers_the_emergency_proposals(
    scores: dict[str, int], days: int | None
) -> None:
    # Kept as an emergency, the banner says "Stop the taper", yet the buttons offered the call-today
    # "Hold the current step 7 days", or nothing at all for a sign weighed "monitor" today.
    kept = keep_emergency(oral(scores, days=days), Route.ORAL)
    assert kept.banner.startswith("EMERGENCY") and "Stop the taper" in kept.banner
    assert kept.proposals == ((STEP_BACK, HOLD_UNTIL_REVIEW) if days is not None else (HOLD_UNTIL_REVIEW,))
    assert kept.proposals == oral({"seizures": 1}, days=days).proposals


@pytest.mark.parametrize("context", ["renal", "refill"])
@pytest.mark.parametrize("depressant", ["drowsiness", "hypotonia", "hypotension"])
def test_a_depressant_sign_added_to_a_both_possible_picture_keeps_the_emergency(context: str, depressant: str) -> None:
    # Hallucinations with renal impairment (or after a pump refill) are an emergency assessment;
    # adding drowsiness made it "call the prescriber today": more signs, a lower tier.
    scores = {"auditory_hallucinations": 3} | ({REFILL: 1} if context == "refill" else {})
    before = advise(scores=scores, vitals={}, route="intrathecal", days_since_cut=2, renal_impaired=context == "renal")
    after = advise(
        scores=scores | {depressant: 2},
        vitals={},
        route="intrathecal",
        days_since_cut=2,
        renal_impaired=context == "renal",
    )
    assert before.tier == "emergency"
    assert after.tier == "emergency"
    assert after.banner.startswith("EMERGENCY")
    assert after.picture in ("overdose", "mixed")
    assert NO_MORE_BACLOFEN in after.banner.lower()
    assert after.proposals == ()


@st.composite
def turning_signs(draw: st.DrawFn) -> tuple[str, dict[str, int], str, bool, int | None]:
    """Signs of overdose, of both, or pump items only (no vital signs), one more such sign, and renal impairment."""
    route = draw(st.sampled_from(["oral", "intrathecal"]))
    turning = sorted(item.id for item in load_checklist(route).items if item.suggests != "withdrawal")
    scores = draw(st.dictionaries(st.sampled_from(turning), st.integers(1, 3), max_size=3))
    return route, scores, draw(st.sampled_from(turning)), draw(st.booleans()), draw(st.none() | st.integers(0, 5))


@settings(max_examples=1000, deadline=None)
@given(turning_signs())
def test_one_more_sign_of_overdose_or_of_both_never_lowers_the_tier(
    case: tuple[str, dict[str, int], str, bool, int | None],
) -> None:
    route, scores, extra, renal, days = case
    before = advise(scores=scores, vitals={}, route=route, days_since_cut=days, renal_impaired=renal)
    more = scores | {extra: max(scores.get(extra, 0), 2)}
    after = advise(scores=more, vitals={}, route=route, days_since_cut=days, renal_impaired=renal)
    assert tier_rank(after.tier) >= tier_rank(before.tier), (before.picture, after.picture)


def test_a_pump_alarm_beside_drowsiness_is_answered_as_toxicity_with_no_step_back() -> None:
    # Found by the property above: the overdose banner's "no step back to a higher dose" is not a proposal.
    advice = advise(scores={"drowsiness": 1, "pump_low_reservoir_alarm": 1}, vitals={}, route="intrathecal")
    assert NO_MORE_BACLOFEN in advice.banner.lower()
    assert advice.proposals == ()
    assert not proposes_hold_or_step_back(advice.banner)
