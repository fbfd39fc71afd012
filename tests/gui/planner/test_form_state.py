"""The form's raw text to the core's inputs, and back: no Qt needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclotaper.common.errors import InputError
from baclotaper.gui.planner.form_state import FormState, normalise_duration, product_choices
from baclotaper.gui.planner.regimen_form import ROW_FOR_FIELD
from baclotaper.taper import edits
from baclotaper.taper.build import build_plan
from baclotaper.taper.regimen import Route
from tests.factories import START, plan

BASE = FormState(dose="60", on_therapy="2y", start=START)


def error_of(form: FormState) -> InputError:
    with pytest.raises(InputError) as caught:
        build_plan(*form.to_inputs())
    return caught.value


def test_a_complete_form_makes_the_cli_plan() -> None:
    regimen, options = BASE.to_inputs()
    assert build_plan(regimen, options).specs == plan(60, "tablets:5,10,15,20").specs


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18m", "18m"), ("18 months", "18m"), (" 2 Years ", "2y"), ("6 wk", "6w"), ("x", "x")],
)
def test_time_on_therapy_words(text: str, expected: str) -> None:
    assert normalise_duration(text) == expected


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"dose": ""}, "dose", "enter the current daily dose: more than 0, up to 500 mg/day"),
        ({"dose": "abc"}, "dose", "'abc' is not a number; enter the current daily dose"),
        ({"dose": "nan"}, "dose", "'nan' is not a number"),
        ({"dose": "0"}, "dose", "must be more than 0 mg/day (up to 500 mg/day)"),
        ({"on_therapy": ""}, "on_therapy", "enter the time on baclofen: a whole number and d, w, m or y"),
        ({"on_therapy": "2"}, "on_therapy", "'2' is not a duration"),
        ({"target": "60"}, "target", "must be at least 0 and below the current dose"),
        ({"split": "10+10"}, "split", "has 2 doses but 3 doses a day were given"),
        ({"split": "10+x+10"}, "split", "is not doses joined by +"),
        ({"age": "70.5"}, "age", "'70.5' is not a whole number; enter age in whole years"),
        ({"egfr": "300"}, "egfr", "300 is outside 0–200 mL/min/1.73 m²"),
        ({"interval_days": "0"}, "interval_days", "0 is outside 1–90 days"),
        ({"step": "5", "percent": "10"}, "percent", "give either a step or a percent"),
        ({"percent": "80"}, "percent", "80 is outside 0–50 %"),
        ({"cut_order": "lunch"}, "cut_order", "'lunch' is not one of today's doses"),
        ({"avoid_weekdays": frozenset(range(7))}, "avoid_weekdays", "cannot exclude every day"),
        ({"strengths": ()}, "strengths", "tick at least one tablet strength"),
    ],
)
def test_errors_name_their_field(change: dict[str, object], field: str, message: str) -> None:
    error = error_of(replace(BASE, **change))  # type: ignore[arg-type]
    assert error.field == field
    assert message in error.message
    assert field in ROW_FOR_FIELD


def test_decimal_commas_are_read_where_the_locale_writes_them() -> None:
    form = replace(BASE, product="solution:1", dose="7,5", on_therapy="1y", decimal_point=",")
    assert form.to_inputs()[0].daily_dose == 7.5
    assert replace(form, split="2,5+2,5+2,5", per_day=3).to_inputs()[0].split == (2.5, 2.5, 2.5)


@pytest.mark.parametrize(
    ("text", "mark", "ambiguous"),
    [
        ("1,000", ".", True),  # read as 1 mcg/day, the pump plan stopped on day 1
        ("600,5", ".", True),
        ("1.000", ",", True),
        ("1 000", ",", True),
        ("1e3", ".", False),
        ("inf", ".", False),
        ("60 mg", ".", False),
    ],
)
def test_numbers_that_are_not_plain_in_the_locale_are_refused(text: str, mark: str, ambiguous: bool) -> None:
    form = replace(BASE, dose=text, decimal_point=mark)
    with pytest.raises(InputError) as caught:
        form.to_inputs()
    assert caught.value.field == "dose"
    assert caught.value.message.startswith(f"'{text}' is {'ambiguous' if ambiguous else 'not a number'}")
    assert "up to" in caught.value.message  # and says what to enter


def test_a_plan_opened_in_a_comma_locale_shows_commas() -> None:
    plan = build_plan(*replace(BASE, product="solution:1", dose="7.5", on_therapy="1y").to_inputs())
    state = FormState.from_plan(plan, decimal_point=",")
    assert state.dose == "7,5"
    assert state.to_inputs()[0].daily_dose == 7.5


@pytest.mark.parametrize(
    "spec",
    [
        "tablets:10,20",
        "tablets:5,10+split",
        "solution:1mg/ml",
        "suspension:5mg/ml",
        "granules:5,10,20",
        "intrathecal:1000",
    ],
)
def test_a_plan_comes_back_to_the_same_form(spec: str) -> None:
    dose = 400 if spec.startswith("intrathecal") else 60
    original = plan(
        dose,
        spec,
        age=70,
        egfr=45.0,
        sedatives=True,
        extra={"patient_name": "A. B."},
    )
    edited = edits.set_days(original, 0, 21)
    form = FormState.from_plan(edited)
    again = build_plan(*form.to_inputs())
    # A pump has one "administration"; the form says so whatever the factory's default.
    assert again.regimen == replace(original.regimen, per_day=again.regimen.per_day)
    assert again.regimen.extra == {"patient_name": "A. B."}
    assert again.specs == original.specs


def test_the_product_lists_follow_the_route() -> None:
    assert [c.key for c in product_choices(Route.INTRATHECAL)] == [
        "intrathecal:500",
        "intrathecal:1000",
        "intrathecal:2000",
    ]
    assert [c.key for c in product_choices(Route.ORAL)] == [
        "tablets",
        "solution:1",
        "solution:2",
        "suspension:5",
        "granules",
    ]


def test_new_forms_use_the_default_product_or_fall_back() -> None:
    form = FormState.new(product_spec="granules:5,10,20", jurisdiction="UK", today=START)
    assert (form.product, form.jurisdiction, form.start) == ("granules", "UK", START)
    broken = FormState.new(product_spec="pills", jurisdiction="US", today=date(2027, 1, 1))
    assert broken.product == "tablets"


numbers = st.one_of(
    st.integers(-10, 2500).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=6),
    st.sampled_from(["", "0", "7.5", "1e309", "-0", "5,5", " 60 "]),
)


forms = st.builds(
    FormState,
    product=st.sampled_from([c.key for r in Route for c in product_choices(r)]),
    strengths=st.lists(st.sampled_from([5.0, 10.0, 15.0, 20.0, 25.0]), unique=True).map(tuple),
    dose=numbers,
    per_day=st.integers(1, 6),
    split=st.one_of(st.just(""), st.text(alphabet="0123456789+. ", max_size=12)),
    on_therapy=st.one_of(st.sampled_from(["2y", "18m", "3 weeks", "0d", ""]), st.text(max_size=5)),
    start=st.just(START),
    target=numbers,
    interval_days=st.one_of(st.just(""), numbers),
    step=st.one_of(st.just(""), numbers),
    percent=st.one_of(st.just(""), numbers),
    age=st.one_of(st.just(""), numbers),
    egfr=st.one_of(st.just(""), numbers),
    avoid_weekdays=st.frozensets(st.integers(0, 6)),
)


@settings(max_examples=300, deadline=None)
@given(form=forms)
def test_any_typing_makes_a_plan_or_names_a_field(form: FormState) -> None:
    try:
        result = build_plan(*form.to_inputs())
    except InputError as exc:
        assert exc.field in ROW_FOR_FIELD or exc.field in {"step", "steps"}, exc
        assert exc.message
    else:
        assert result.steps
