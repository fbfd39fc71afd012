"""Kidneys, pregnancy and children: clinical cases from issue 9."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from baclotaper.common.errors import InputError
from baclotaper.taper import edits, planfile
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions, TaperPlan
from tests.factories import START, codes, plan


def _warning(p: TaperPlan, code: str) -> str:
    return next(w.message for w in p.warnings if w.code == code)


def test_moderate_kidney_impairment_suggests_half_the_dose_with_its_source_without_applying_it() -> None:
    p = plan(dose=60, on_therapy="2y", egfr=40)
    message = _warning(p, "RENAL")
    assert "about 30 mg/day instead of 60" in message and "Vlavonou 2014" in message
    assert "not applied" in message
    assert "can look like withdrawal" in message
    assert p.regimen.daily_dose == 60 and p.steps[0].daily_dose == 55  # the plan itself is unchanged


def test_severe_kidney_impairment_suggests_two_thirds_less() -> None:
    message = _warning(plan(dose=30, product="solution:1mg/ml", on_therapy="2y", egfr=20), "RENAL")
    assert "about 9.5 mg/day instead of 30" in message and "severe" in message


def test_dialysis_suggests_about_5_mg_a_day_from_the_canadian_monograph() -> None:
    message = _warning(plan(dose=30, on_therapy="2y", dialysis=True), "RENAL")
    assert "about 5 mg/day in dialysis" in message and "pms-Baclofen" in message


def test_a_pump_patient_with_poor_kidneys_gets_no_oral_dose_suggestion() -> None:
    message = _warning(plan(dose=300, product="intrathecal:500", on_therapy="2y", egfr=20), "RENAL")
    assert "Suggested" not in message and "can look like withdrawal" in message


def test_a_taper_that_ends_before_the_expected_delivery_says_so_with_both_dates() -> None:
    p = plan(dose=20, product="tablets:10,20", on_therapy="8m", pregnant=True, due_date=date(2027, 9, 1))
    message = _warning(p, "PREGNANCY_DUE")
    assert p.stop_date < date(2027, 9, 1)
    assert "2027-09-01" in message and p.stop_date.isoformat() in message and "days before it" in message
    assert "PREGNANCY" not in codes(p)


def test_a_taper_still_running_at_delivery_names_the_dose_that_day_and_never_speeds_up() -> None:
    due = date(2027, 2, 1)
    p = plan(dose=60, on_therapy="2y", pregnant=True, due_date=due)
    message = _warning(p, "PREGNANCY_DUE")
    assert f"{p.dose_on(due):g} mg/day on 2027-02-01" in message
    assert p.stop_date.isoformat() in message and "watch the baby from birth" in message
    assert p.pace.key in {"cautious", "very_cautious"}  # not made faster by itself


@pytest.mark.parametrize("due", [date(2026, 10, 1), date(2028, 6, 1)])
def test_an_impossible_delivery_date_is_refused_by_name(due: date) -> None:
    with pytest.raises(InputError) as err:
        plan(dose=30, on_therapy="1y", pregnant=True, due_date=due)
    assert err.value.field == "due_date"


def test_a_delivery_date_just_before_the_start_keeps_the_neonatal_warning() -> None:
    # As after a step back recorded in the first step: the revised plan starts on its own day.
    p = plan(dose=30, on_therapy="1y", pregnant=True, due_date=date(2026, 11, 28))
    message = next(w.message for w in p.warnings if w.code == "PREGNANCY_DUE")
    assert "before the plan's first change" in message and "dose then was 30 mg/day" in message
    assert "neonatal team" in message


def test_a_step_back_in_the_first_step_after_the_expected_delivery_reopens_as_saved() -> None:
    # Found by the revisions property: the step back moved the plan's start past the due date, and
    # the saved plan was refused on reopening ("must be from the plan's start").
    options = PlanOptions(avoid_weekdays=frozenset({1, 2}))  # the start, 1 December 2026, is a Tuesday
    p = plan(dose=10, on_therapy="1y", options=options, per_day=1, pregnant=True, due_date=START)
    assert p.steps[0].start > START  # the first cut moved off the avoided days
    revised = edits.step_back(p, p.steps[0].start, 1, "hallucinations")
    reopened = planfile.loads(json.dumps(planfile.file_dict(revised)))
    assert [(s.start, s.daily_dose) for s in reopened.steps] == [(s.start, s.daily_dose) for s in revised.steps]


def test_a_delivery_date_without_pregnancy_is_refused() -> None:
    with pytest.raises(InputError) as err:
        plan(dose=30, on_therapy="1y", due_date=date(2027, 3, 1))
    assert err.value.field == "due_date"


def test_an_oral_plan_for_a_child_carries_the_paediatric_label_caution_and_is_cautious() -> None:
    p = plan(dose=15, product="tablets:5,10", on_therapy="6m", age=8)
    assert "not established" in _warning(p, "CHILD_ORAL") and "liquid" in _warning(p, "CHILD_ORAL")
    assert p.pace.key == "cautious"
    liquid = plan(dose=15, product="solution:1mg/ml", on_therapy="6m", age=8)
    assert "liquid" not in _warning(liquid, "CHILD_ORAL")


def test_new_regimen_fields_and_phase_options_survive_the_plan_file(tmp_path: Path) -> None:
    options = PlanOptions(pace=PaceChanges(pace="high_dose", above_max_step=15, above_max_interval_days=3))
    original = plan(
        dose=200,
        on_therapy="1y",
        indication="alcohol",
        per_day=4,
        pregnant=True,
        due_date=date(2027, 5, 1),
        spinal_injury_t6=True,
        communication_difficulty=True,
        options=options,
    )
    path = tmp_path / "p.baclotaper"
    planfile.save(original, path)
    reopened = planfile.load(path)
    assert reopened.regimen == original.regimen
    assert reopened.options == original.options
    assert reopened.steps == original.steps
    assert reopened.warnings == original.warnings
