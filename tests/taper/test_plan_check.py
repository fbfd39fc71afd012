"""Every plan from outside passes one check with the engine's invariants; anything else is refused
with the step and the field named, quickly (no hang on 1e300, a FIFO or a huge file)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclotaper.common.errors import PlanFileError
from baclotaper.taper import edits, planfile
from baclotaper.taper.plan import TaperPlan
from tests.factories import plan

Doc = dict[str, Any]


def _reload(p: TaperPlan) -> TaperPlan:
    return planfile.loads(json.dumps(planfile.file_dict(p)))


def _doc() -> Doc:
    # 60 mg/day from tablets 10 and 20 mg: steps of 5 mg can be made only with a 5 mg tablet.
    return json.loads(json.dumps(planfile.file_dict(plan(60, "tablets:5,10,20"))))


def _set(step: int, **values: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        doc["steps"][step - 1].update(values)

    return change


def _many_steps(doc: Doc) -> None:
    doc["steps"] = [dict(doc["steps"][0]) for _ in range(5000)]


def _intrathecal_product_under_oral(doc: Doc) -> None:
    doc["regimen"]["product"] = "intrathecal:500"


def _gap(doc: Doc) -> None:
    doc["steps"][2]["start"] = "2027-06-01"


def _long_note(doc: Doc) -> None:
    doc["steps"][1]["note"] = "x" * 5000


def _regimen_nan_type(doc: Doc) -> None:
    doc["regimen"]["daily_dose"] = "60"


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_set(3, daily_dose=5000), "step 3, 'daily_dose': 5000 mg/day is outside 0–500 mg/day"),
        (_set(2, daily_dose=1e300), "step 2, 'daily_dose'"),
        (_set(2, daily_dose=-5), "step 2, 'daily_dose'"),
        (_set(2, daily_dose=True), "step 2, 'daily_dose': is not a number"),
        (_set(3, daily_dose=52.5), "step 3, 'daily_dose': 52.5 mg/day cannot be measured"),
        (_set(4, daily_dose=59), "step 4, 'daily_dose'"),
        (_set(4, daily_dose=60), "step 4, 'daily_dose': rises from"),
        (
            _set(4, daily_dose=120, flags=["edited:dose 45 → 120 mg/day"]),
            "step 4, 'daily_dose': 120 mg/day is above today's 60 mg/day and the US maximum of 80 mg/day",
        ),
        (_set(2, days=10**300), "step 2, 'days'"),
        (_set(2, days=0), "step 2, 'days': 0 is outside"),
        (_set(2, kind="sprint"), "step 2, 'kind'"),
        (_set(2, flags=["x"] * 500), "step 2, 'flags'"),
        (_long_note, "step 2, 'note': is 5000 characters long; the most is 2000"),
        (_many_steps, "it has 5000 steps; the most a plan may have is 400"),
        (_intrathecal_product_under_oral, "'route': 'oral' does not match the product 'intrathecal:500'"),
        (_gap, "step 3, 'start': 2027-06-01 does not follow the previous step's end"),
        (_regimen_nan_type, "regimen, 'daily_dose': is not a number"),
        (_set(1, start="0999-01-01"), "step 1, 'start': 0999-01-01 is outside"),
        (lambda d: d.update(schema_version=0), "plan, 'schema_version': 0 is outside 1–1"),
        (lambda d: d.update(schema_version=True), "has no schema version"),
        (lambda d: d["regimen"].update(pregnant="no"), "regimen, 'pregnant': is not true or false"),
        (lambda d: d["regimen"].update(dialisys=True), "regimen, 'dialisys': is not a field of a BacloTaper plan"),
        (lambda d: d["options"].update(avoid_weekdays=["funday"]), "options, 'avoid_weekdays': 'funday' is not one of"),
        (lambda d: d["options"].update(cut_order=["noon"]), "options, 'cut_order': 'noon' is not one of"),
        (lambda d: d["options"].update(offered_strengths=["a"]), "options, 'offered_strengths': is not a number"),
        (lambda d: d["options"].update(concentration_change=[1, 2, 3]), "'concentration_change': must be [rate"),
        (lambda d: d["regimen"].update(indication="fun"), "regimen, 'indication': 'fun' is not one of spasticity"),
        (lambda d: d["steps"][0].update(dose=50), "step 1, 'dose': is not a field of a BacloTaper plan"),
    ],
)
def test_a_damaged_plan_is_refused_naming_the_step_and_field(damage: Callable[[Doc], None], says: str) -> None:
    doc = _doc()
    damage(doc)
    with pytest.raises(PlanFileError) as caught:
        planfile.loads(json.dumps(doc))
    assert says in str(caught.value)


def test_a_rise_is_accepted_as_a_step_back_or_a_flagged_hand_edit() -> None:
    base = plan(60, "tablets:5,10,20")
    back = edits.step_back(base, base.steps[2].start, 7, "hallucinations")
    assert _reload(back).specs == back.specs
    raised = edits.set_dose(base, 3, base.steps[2].daily_dose + 10)
    assert _reload(raised).specs == raised.specs


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    text = json.dumps(_doc()).replace('"daily_dose": 60', f'"daily_dose": {constant}', 1)
    with pytest.raises(PlanFileError, match=f"holds '{constant}', which is not a number"):
        planfile.loads(text)


def test_deep_nesting_and_huge_numbers_are_refused() -> None:
    with pytest.raises(PlanFileError, match="nested too deeply"):
        planfile.loads("[" * 200_000 + "]" * 200_000)
    with pytest.raises(PlanFileError, match="not a BacloTaper plan file"):
        planfile.loads('{"format": "baclotaper-plan", "schema_version": ' + "9" * 5000 + "}")


def test_a_200_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.baclotaper"
    with huge.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: takes no disk space
    with pytest.raises(PlanFileError, match="too large"):
        planfile.load(huge)


def test_a_fifo_and_a_folder_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.baclotaper"
    os.mkfifo(fifo)
    with pytest.raises(PlanFileError, match="not an ordinary file"):
        planfile.load(fifo)  # a blocking open would wait for a writer for ever
    with pytest.raises(PlanFileError, match="is a folder"):
        planfile.load(tmp_path)


def test_the_command_line_refuses_a_damaged_plan_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli_runner import run

    doc = _doc()
    doc["steps"][2]["daily_dose"] = 5000
    path = tmp_path / "bad.baclotaper"
    path.write_text(json.dumps(doc))
    for args in (("export", str(path), "--pdf", str(tmp_path / "x.pdf")), ("plan", "--from", str(path))):
        code, _, err = run(capsys, *args)
        assert code == 2 and len(err.splitlines()) == 1 and "step 3, 'daily_dose'" in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_good_plan_still_round_trips() -> None:
    original = edits.insert_hold(plan(60, "tablets:5,10,20", start=date(2026, 12, 1)), 1, 5)
    assert _reload(original).steps == original.steps


# ----- the same checks as the engine's own plans: cuts faster than the pace, abrupt stops


def _cut_faster(doc: Doc) -> None:
    # 55 → 20 mg/day in one cut, and on down from there: no rise, only a cut the pace never makes.
    for step in doc["steps"][1:]:
        step["daily_dose"] = min(step["daily_dose"], 20)


def _abrupt_stop(doc: Doc) -> None:
    doc["steps"] = doc["steps"][:1]
    doc["steps"][0].update(daily_dose=0, days=None, end=None)


def _custom_bypass(doc: Doc) -> None:
    # The prescriber's own steps say 60 → 55; the steps below them stop at once.
    doc["options"]["custom"] = [[55, 14], [50, 14]]
    _abrupt_stop(doc)


def _pump_abrupt_stop(doc: Doc) -> None:
    doc["steps"] = doc["steps"][:1]
    doc["steps"][0].update(daily_dose=0, days=None, end=None)


def _itb_doc() -> Doc:
    from baclotaper.taper.build import build_plan
    from baclotaper.taper.durations import Duration
    from baclotaper.taper.products import intrathecal
    from baclotaper.taper.regimen import Regimen

    regimen = Regimen(product=intrathecal(500), daily_dose=300, on_therapy=Duration.parse("2y"), start=date(2026, 1, 5))
    return json.loads(json.dumps(planfile.file_dict(build_plan(regimen))))


@pytest.mark.parametrize(
    ("doc", "damage", "says"),
    [
        (_doc, _cut_faster, "step 2, 'daily_dose': cuts 35 mg/day (from 55 to 20); the pace allows at most 5 mg/day"),
        (_doc, _abrupt_stop, "step 1, 'daily_dose': cuts 60 mg/day (from 60 to 0); the pace allows at most"),
        (_doc, _custom_bypass, "step 1, 'daily_dose': cuts 60 mg/day (from 60 to 0); the pace allows at most 5"),
        (_itb_doc, _pump_abrupt_stop, "step 1, 'daily_dose': cuts 300 mcg/day (from 300 to 0)"),
    ],
    ids=["faster-than-pace", "oral-abrupt-stop", "custom-steps-bypass", "pump-straight-to-0"],
)
def test_a_cut_the_pace_never_makes_is_refused_unless_confirmed_as_a_hand_edit(
    doc: Callable[[], Doc], damage: Callable[[Doc], None], says: str
) -> None:
    data = doc()
    damage(data)
    with pytest.raises(PlanFileError) as caught:
        planfile.loads(json.dumps(data))
    assert says in str(caught.value)
    data["steps"][0]["flags"] = ["edited:dose confirmed by the prescriber"]
    if damage is not _cut_faster:
        assert planfile.loads(json.dumps(data)).steps[0].daily_dose == 0  # confirmed: kept as written


def test_a_hand_edit_that_lowers_a_step_reopens() -> None:
    # Lowering step 3 to 30 mg/day makes step 4 (40 mg/day) a rise; the window asked the prescriber
    # to confirm it, and the saved file must open again (it was refused: the edit was lost).
    base = plan(60, "tablets:10,20")
    lowered = edits.set_dose(base, 2, 30)
    assert _reload(lowered).specs == lowered.specs
    faster = edits.set_dose(base, 1, 20)  # 55 → 20: a cut beyond the pace, confirmed
    assert _reload(faster).specs == faster.specs


def test_a_key_given_twice_is_refused() -> None:
    text = json.dumps(_doc()).replace('"daily_dose": 55,', '"daily_dose": 55, "daily_dose": 50,', 1)
    with pytest.raises(PlanFileError, match="gives 'daily_dose' twice"):
        planfile.loads(text)


def test_a_byte_order_mark_is_read_past() -> None:
    # Windows Notepad writes one; the plan after it is the plan.
    original = plan(60, "tablets:5,10,20")
    assert planfile.loads("\ufeff" + json.dumps(planfile.file_dict(original))).steps == original.steps


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += _paths(item, (*prefix, index))
    return found


_DOC = _doc()
_PLACES = [p for p in _paths(_DOC) if p]
_HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "2026-02-30", "0000-01-01", "9999-12-31", "NaN", "\u202eevil", "=1+1", "intrathecal:500"]),
    st.lists(st.integers(-5, 500), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PLACES), _HOSTILE), min_size=1, max_size=3))
def test_any_hand_edit_is_read_or_refused_in_one_line_naming_what_is_wrong(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    doc = json.loads(json.dumps(_DOC))
    for place, value in changes:
        parent = doc
        try:
            for key in place[:-1]:
                parent = parent[key]
            parent[place[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced the container
    try:
        read = planfile.loads(json.dumps(doc))
    except PlanFileError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        return
    # What is read keeps the engine's invariants: doses within the limits and never an unconfirmed rise.
    assert all(0 <= s.daily_dose <= 500 for s in read.steps)


def test_an_empty_note_flags_or_reason_written_as_null_print_nothing() -> None:
    # A null note printed as "None" on the patient's calendar; null flags were a TypeError.
    doc = _doc()
    doc["steps"][1].update(note=None, flags=None)
    doc["revision"] = {"number": 2, "created": "2026-01-01T12:00:00+00:00", "author": "AB", "reason": None}
    read = planfile.loads(json.dumps(doc))
    assert read.steps[1].note == "" and read.steps[1].flags == ()
    assert read.revision is not None and read.revision.reason == ""


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("above_max_step", "10", "options, 'above_max_step': is not a number"),
        ("above_max_interval_days", "2", "options, 'above_max_interval_days': is not a whole number"),
    ],
)
def test_the_high_dose_phase_options_are_checked(key: str, value: str, says: str) -> None:
    doc = _doc()
    doc["options"][key] = value
    with pytest.raises(PlanFileError, match=says):
        planfile.loads(json.dumps(doc))
