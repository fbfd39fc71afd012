import pytest

from baclotaper.common.errors import InputError
from baclotaper.taper.paces import PaceChanges, choose_pace, default_pace
from tests.factories import regimen


def test_long_therapy_gets_the_cautious_pace_with_its_reasons() -> None:
    pace = default_pace(regimen(dose=40, on_therapy="3y"))
    assert pace.key == "cautious"
    assert "on baclofen 3 years (≥ 12 months)" in pace.reasons


def test_kidneys_and_age_are_named_as_reasons() -> None:
    pace = default_pace(regimen(dose=30, on_therapy="4m", egfr=40, age=70))
    assert pace.key == "cautious"
    assert "eGFR 40 (< 60)" in pace.reasons
    assert "age 70 (≥ 65)" in pace.reasons


def test_short_low_dose_therapy_gets_the_label_pace() -> None:
    pace = default_pace(regimen(dose=15, on_therapy="3w"))
    assert pace.key == "label"
    assert pace.tag == "L"
    assert any("3 weeks" in r for r in pace.reasons)


def test_usual_therapy_gets_the_standard_pace() -> None:
    assert default_pace(regimen(dose=40, on_therapy="6m")).key == "standard"


def test_doses_above_the_maximum_come_down_fast_to_it_then_slowly() -> None:
    pace = default_pace(regimen(dose=200, on_therapy="1y", indication="alcohol"))
    assert pace.key == "high_dose"
    assert pace.phases[0].down_to == 80
    assert pace.phases[0].interval_days == 2
    assert pace.phases[1].percent == 10  # then cautious: on baclofen a year at a high dose
    assert "200 mg/day is above the US maximum of 80 mg/day" in pace.reasons


def test_maximum_follows_the_jurisdiction() -> None:
    uk = default_pace(regimen(dose=90, on_therapy="6m", jurisdiction="UK", indication="alcohol"))
    assert uk.key != "high_dose"  # 90 mg/day is within the UK's 100 mg/day
    us = default_pace(regimen(dose=90, on_therapy="6m", jurisdiction="US", indication="alcohol"))
    assert us.key == "high_dose"


def test_intrathecal_defaults() -> None:
    assert default_pace(regimen(dose=400, product="intrathecal:500", on_therapy="5y")).key == "itb_gradual"
    child = default_pace(regimen(dose=200, product="intrathecal:500", on_therapy="2y", age=8))
    assert child.key == "itb_cautious"
    assert "age 8 (child under 12)" in child.reasons


def test_prescriber_can_choose_any_preset_for_the_route() -> None:
    pace = choose_pace(regimen(dose=40, on_therapy="6m"), PaceChanges(pace="cautious"))
    assert pace.key == "cautious"
    assert pace.chosen_by == "prescriber"


def test_intrathecal_presets_are_not_offered_for_tablets() -> None:
    with pytest.raises(InputError, match="'itb_gradual' is for intrathecal baclofen"):
        choose_pace(regimen(), PaceChanges(pace="itb_gradual"))


def test_overrides_are_recorded_in_words() -> None:
    pace = choose_pace(regimen(), PaceChanges(interval_days=21, step=5))
    assert pace.changes == ("step 5 mg/day", "every 21 days")
    assert pace.main.interval_days == 21


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (PaceChanges(interval_days=0), "interval_days"),
        (PaceChanges(interval_days=400), "interval_days"),
        (PaceChanges(step=0), "step"),
        (PaceChanges(step=60), "step"),
        (PaceChanges(percent=80), "percent"),
        (PaceChanges(step=5, percent=10), "percent"),
        (PaceChanges(pace="turbo"), "pace"),
    ],
)
def test_bad_pace_changes_name_the_field(changes: PaceChanges, field: str) -> None:
    with pytest.raises(InputError) as info:
        choose_pace(regimen(), changes)
    assert info.value.field == field
