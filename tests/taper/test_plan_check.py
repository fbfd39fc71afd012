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
