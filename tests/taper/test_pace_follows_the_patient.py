"""The pace follows the patient and the prescriber's words: clinical cases from issue 9."""

from __future__ import annotations

import pytest

from baclotaper.common.errors import InputError
from baclotaper.taper.paces import PaceChanges, choose_pace, default_pace
from baclotaper.taper.plan import PlanOptions
from tests.factories import codes, plan, regimen


def test_a_70_year_old_with_spasticity_above_the_us_maximum_is_not_given_the_alcohol_fast_phase() -> None:
    p = plan(dose=120, on_therapy="10y", age=70, prior_withdrawal=True, indication="spasticity", per_day=4)
    assert p.pace.key == "very_cautious"
    assert len(p.pace.phases) == 1
    assert all(s.days is not None and s.days >= 28 for s in p.steps[:-1])
    assert p.steps[0].daily_dose >= 108  # 10 % of 120, not 120 → 110 in two days
    reasons = "; ".join(p.pace.reasons)
    assert "above the US maximum of 80 mg/day" in reasons
    assert "ANSM 2017 fast phase" in reasons and "alcohol use disorder, not spasticity" in reasons
    assert "earlier withdrawal" in reasons and "age 70" in reasons


def test_alcohol_use_disorder_with_an_earlier_withdrawal_does_not_get_the_fast_phase() -> None:
    pace = default_pace(regimen(dose=200, on_therapy="1y", indication="alcohol", prior_withdrawal=True))
    assert pace.key == "very_cautious"
    assert any("not used with earlier withdrawal" in r for r in pace.reasons)


def test_a_teenager_with_alcohol_use_disorder_does_not_get_the_adult_protocol() -> None:
    pace = default_pace(regimen(dose=120, on_therapy="1y", indication="alcohol", age=16))
    assert pace.key != "high_dose"
    assert any("for adults" in r for r in pace.reasons)


def test_alcohol_use_disorder_without_other_risk_gets_the_ansm_fast_phase_with_its_reason() -> None:
    pace = default_pace(regimen(dose=200, on_therapy="1y", indication="alcohol", age=45))
    assert pace.key == "high_dose"
    assert pace.phases[0].step == 10 and pace.phases[0].interval_days == 2
    assert any("ANSM 2017 fast phase" in r for r in pace.reasons)


def test_the_french_maximum_cites_the_source_for_the_indication() -> None:
    alcohol = regimen(dose=100, on_therapy="1y", indication="alcohol", jurisdiction="FR")
    spasticity = regimen(dose=100, on_therapy="1y", indication="spasticity", jurisdiction="FR")
    assert alcohol.max_dose.value == 80 and "ANSM" in alcohol.max_dose.source
    assert "alcohol" in alcohol.max_dose.source
    assert "Lioresal SmPC" in spasticity.max_dose.source and "hospital" in spasticity.max_dose.source
    assert "ABOVE_MAX_DOSE" in codes(plan(dose=100, on_therapy="1y", indication="alcohol", jurisdiction="FR"))
    assert "ABOVE_MAX_DOSE" not in codes(plan(dose=100, on_therapy="1y", jurisdiction="FR"))


def test_ansm_15_mg_every_2_days_is_expressible_on_the_phase_above_the_maximum() -> None:
    changes = PaceChanges(pace="high_dose", above_max_step=15)
    p = plan(dose=300, on_therapy="1y", indication="alcohol", per_day=4, options=PlanOptions(pace=changes))
    fast = [s for s in p.steps if s.daily_dose >= 80]
    assert [s.daily_dose for s in fast[:3]] == [285, 270, 255]
    assert all(s.days == 2 for s in fast[:-1])
    assert "step 15 mg/day above the maximum" in p.pace.changes


def test_step_and_interval_change_only_the_phase_below_the_maximum_and_say_so() -> None:
    changes = PaceChanges(pace="high_dose", step=5, interval_days=21)
    pace = choose_pace(regimen(dose=300, on_therapy="1y", indication="alcohol"), changes)
    fast, slow = pace.phases
    assert (fast.step, fast.interval_days) == (10, 2)  # the ANSM phase is untouched
    assert (slow.step, slow.interval_days) == (5, 21)
    assert "every 21 days below the maximum" in pace.changes


def test_interval_days_no_longer_turns_the_14_day_phase_into_3_day_cuts() -> None:
    options = PlanOptions(PaceChanges(interval_days=3))
    p = plan(dose=300, on_therapy="1y", indication="alcohol", per_day=4, options=options)
    fast = [s for s in p.steps if s.daily_dose > 80]
    assert all(s.days == 2 for s in fast)
    below = [s for s in p.steps[:-1] if s.daily_dose < 80]
    assert all(s.days is not None and s.days >= 3 for s in below)


def test_a_fast_phase_option_on_a_pace_without_one_is_refused_by_name() -> None:
    with pytest.raises(InputError) as err:
        choose_pace(regimen(dose=60), PaceChanges(above_max_step=10))
    assert err.value.field == "above_max_step"


def test_an_earlier_withdrawal_on_top_of_other_risk_factors_slows_the_plan() -> None:
    without = plan(dose=40, on_therapy="2y", age=70)
    with_history = plan(dose=40, on_therapy="2y", age=70, prior_withdrawal=True)
    assert with_history.total_days > without.total_days
    assert with_history.pace.key == "very_cautious" and without.pace.key == "cautious"


def test_a_second_risk_factor_that_does_not_change_the_pace_is_explained() -> None:
    pace = default_pace(regimen(dose=40, on_therapy="2y", age=70))
    assert "age 70 (≥ 65)" in pace.reasons
    assert any("very cautious pace starts at 3" in r for r in pace.reasons)


def test_sedatives_are_named_with_why_the_pace_did_not_change_never_no_risk_factor() -> None:
    pace = default_pace(regimen(dose=40, on_therapy="6m", sedatives=True))
    assert pace.key == "standard"
    assert any(r.startswith("sedatives or opioids: pace unchanged") for r in pace.reasons)
    assert "no risk factor" not in pace.reasons


def test_boxed_warning_groups_slow_a_pump_wean() -> None:
    plain = default_pace(regimen(dose=300, product="intrathecal:500", on_therapy="5y"))
    t6 = default_pace(regimen(dose=300, product="intrathecal:500", on_therapy="5y", spinal_injury_t6=True))
    both = default_pace(
        regimen(
            dose=300,
            product="intrathecal:500",
            on_therapy="5y",
            spinal_injury_t6=True,
            communication_difficulty=True,
            age=70,
        )
    )
    assert (plain.key, t6.key, both.key) == ("itb_gradual", "itb_cautious", "itb_very_cautious")
    assert any("T6" in r for r in t6.reasons)


def test_the_short_therapy_note_is_not_shown_at_high_doses() -> None:
    assert "SHORT_THERAPY" not in codes(plan(dose=200, on_therapy="240d", per_day=4))
    assert "SHORT_THERAPY" not in codes(plan(dose=200, on_therapy="6w", per_day=4))
    note = next(w for w in plan(dose=15, product="tablets:5,10", on_therapy="3w").warnings if w.code == "SHORT_THERAPY")
    assert "15 mg/day" in note.message


def test_the_label_pace_says_how_far_apart_its_steps_are_and_keeps_that() -> None:
    p = plan(dose=15, product="tablets:5,10", on_therapy="3w")
    assert p.pace.key == "label"
    described = p.pace.phases[0].describe("mg")
    assert "at least 3 days apart" in described and "every 3 days" not in described
    assert all(s.days is not None and s.days >= 3 for s in p.steps[:-1])
