"""The withdrawal checklist: what a nurse sees on the form and what it refuses."""

from __future__ import annotations

import re

import pytest

from baclotaper.common import data
from baclotaper.common.errors import InputError
from baclotaper.nurse_log.checklist import (
    all_items,
    checklist_total,
    load_checklist,
    validate_scores,
    validate_spasticity,
    validate_vitals,
    vital_signs,
)

INTRATHECAL_ONLY = {"itching_without_rash", "priapism", "pump_two_tone_alarm", "pump_low_reservoir_alarm"}
RED_FLAGS = {
    "fever",
    "confusion",
    "delirium",
    "disorientation",
    "fluctuating_consciousness",
    "seizures",
    "profound_rigidity",
    "dark_urine",
    "blood_pressure_swings",
    "autonomic_dysreflexia",
    "pump_two_tone_alarm",
}


def test_every_item_is_complete_and_sourced() -> None:
    for item in all_items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", item.id), item.id
        assert item.clinician and item.plain, item.id
        assert item.group in ("mental_status", "neuromuscular", "autonomic_general"), item.id
        assert item.tier in ("monitor", "call_prescriber", "emergency"), item.id
        assert item.source, item.id
        assert item.tag in data.TAG_MEANINGS, item.id
        assert set(item.routes) in ({"oral", "intrathecal"}, {"intrathecal"}), item.id


def test_ids_are_unique() -> None:
    ids = [item.id for item in all_items()]
    assert len(ids) == len(set(ids))


def test_documented_symptoms_are_all_there() -> None:
    ids = {item.id for item in all_items()}
    # One per symptom named in clinical facts section 3 (a sample from each group).
    for expected in (
        "visual_hallucinations",
        "auditory_hallucinations",
        "tactile_hallucinations",
        "insomnia",
        "depersonalisation",
        "rebound_spasticity",
        "myoclonus",
        "exaggerated_startle",
        "tachycardia",
        "goosebumps",
        "hiccups",
        "paraesthesia",
        "hypotension",
    ):
        assert expected in ids


def test_red_flags_are_emergencies() -> None:
    tiers = {item.id: item.tier for item in all_items()}
    for item_id in RED_FLAGS:
        assert tiers[item_id] == "emergency", item_id


@pytest.mark.parametrize(
    ("item_id", "tier"),
    [
        ("insomnia", "monitor"),
        ("anxiety", "monitor"),
        ("itching", "monitor"),
        ("visual_hallucinations", "call_prescriber"),
        ("rebound_spasticity", "call_prescriber"),
        ("tachycardia", "call_prescriber"),
    ],
)
def test_conventional_tiers_say_so(item_id: str, tier: str) -> None:
    item = next(i for i in all_items() if i.id == item_id)
    assert item.tier == tier
    assert "[C]" in item.note


def test_intrathecal_only_items_are_absent_from_the_oral_list() -> None:
    oral = {item.id for item in load_checklist("oral").items}
    intrathecal = {item.id for item in load_checklist("intrathecal").items}
    assert not oral & INTRATHECAL_ONLY
    assert intrathecal >= INTRATHECAL_ONLY
    assert oral < intrathecal


def test_checklist_is_loaded_once() -> None:
    assert load_checklist("oral") is load_checklist("oral")


def test_unknown_route_is_refused() -> None:
    with pytest.raises(InputError, match=r"route: 'rectal' is not one of oral, intrathecal"):
        load_checklist("rectal")


def test_groups_have_labels_and_items() -> None:
    checklist = load_checklist("intrathecal")
    assert [g.id for g in checklist.groups] == ["mental_status", "neuromuscular", "autonomic_general"]
    for group in checklist.groups:
        assert group.clinician and group.plain
        assert checklist.in_group(group.id)


def test_scales_and_statement() -> None:
    checklist = load_checklist("oral")
    assert [(s.value, s.label) for s in checklist.severity] == [
        (0, "absent"),
        (1, "mild"),
        (2, "moderate"),
        (3, "severe"),
    ]
    assert checklist.spasticity.levels == ("0", "1", "1+", "2", "3", "4")
    assert len(checklist.spasticity.descriptions) == 6
    assert "NOT a validated scale" in checklist.statement
    assert checklist.statement_plain


def test_vital_signs_have_units_and_ranges() -> None:
    units = {v.id: v.unit for v in vital_signs()}
    assert units == {
        "temperature": "°C",
        "heart_rate": "/min",
        "systolic": "mmHg",
        "diastolic": "mmHg",
        "respiratory_rate": "/min",
    }
    for vital in vital_signs():
        assert vital.minimum < vital.maximum
        assert vital.source and vital.tag in data.TAG_MEANINGS


def test_temperature_typo_is_refused_with_field_and_range() -> None:
    with pytest.raises(InputError) as caught:
        validate_vitals({"temperature": 385})
    assert str(caught.value) == "temperature: 385 °C is outside 30–45 °C"
    assert caught.value.field == "temperature"


@pytest.mark.parametrize(
    ("vital", "bad", "message"),
    [
        ("heart_rate", 1200, "heart_rate: 1200 /min is outside 20–250 /min"),
        ("systolic", 12, "systolic: 12 mmHg is outside 50–280 mmHg"),
        ("respiratory_rate", 0, "respiratory_rate: 0 /min is outside 4–60 /min"),
        ("temperature", 29.9, "temperature: 29.9 °C is outside 30–45 °C"),
        ("temperature", float("nan"), "temperature: nan °C is outside 30–45 °C"),
    ],
)
def test_out_of_range_vitals_are_refused(vital: str, bad: float, message: str) -> None:
    with pytest.raises(InputError) as caught:
        validate_vitals({vital: bad})
    assert str(caught.value) == message


def test_range_edges_are_accepted_and_missing_vitals_skipped() -> None:
    assert validate_vitals({"temperature": 30, "heart_rate": 250, "systolic": None}) == {
        "temperature": 30.0,
        "heart_rate": 250.0,
    }


def test_diastolic_must_be_below_systolic() -> None:
    with pytest.raises(InputError, match=r"diastolic: 120 mmHg must be below the systolic 110 mmHg"):
        validate_vitals({"systolic": 110, "diastolic": 120})


def test_unknown_vital_and_text_are_refused() -> None:
    with pytest.raises(InputError, match=r"^pulse: is not a vital sign"):
        validate_vitals({"pulse": 80})
    with pytest.raises(InputError, match=r"^temperature: '38' is not a number"):
        validate_vitals({"temperature": "38"})  # type: ignore[dict-item]


def test_scores_must_be_on_the_scale_and_for_the_route() -> None:
    assert validate_scores({"insomnia": 2}, "oral") == {"insomnia": 2}
    with pytest.raises(InputError, match=r"^insomnia: score 4 is not one of 0, 1, 2, 3"):
        validate_scores({"insomnia": 4}, "oral")
    with pytest.raises(InputError, match=r"^priapism: is not a checklist item for oral baclofen"):
        validate_scores({"priapism": 1}, "oral")
    assert validate_scores({"priapism": 1}, None) == {"priapism": 1}
    with pytest.raises(InputError, match=r"^sneezing: is not a checklist item"):
        validate_scores({"sneezing": 1}, None)


def test_spasticity_levels() -> None:
    assert validate_spasticity("1+") == "1+"
    assert validate_spasticity(None) is None
    with pytest.raises(InputError, match=r"^spasticity: '5' is not one of 0, 1, 1\+, 2, 3, 4"):
        validate_spasticity("5")


def test_total_is_the_sum_of_scores() -> None:
    assert checklist_total({}) == 0
    assert checklist_total({"insomnia": 2, "anxiety": 1, "tremor": 0, "seizures": 3}) == 6


def test_pump_items_are_not_symptoms_and_not_added_to_the_total() -> None:
    # The paper form says "alarms not counted"; the window added them, so a poor night, some anxiety
    # and a refill made a total of 6 on screen ("call the prescriber") and 5 on paper.
    scores = {"insomnia": 3, "anxiety": 2, "pump_refill_or_rate_increase": 1, "pump_low_reservoir_alarm": 2}
    assert checklist_total(scores) == 5
    assert checklist_total({"pump_two_tone_alarm": 1, "pump_catheter_problem": 1}) == 0
