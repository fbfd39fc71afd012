import json
from pathlib import Path

import pytest

from baclotaper.common.errors import PlanFileError
from baclotaper.taper import edits, planfile
from tests.factories import START, plan


def test_a_saved_plan_reopens_with_its_hand_edits(tmp_path: Path) -> None:
    original = edits.insert_hold(plan(extra={"patient_name": "J. Doe & <b>"}), 1, 5)
    path = tmp_path / f"jd{planfile.SUFFIX}"
    planfile.save(original, path)
    reopened = planfile.load(path)
    assert reopened.steps == original.steps
    assert reopened.regimen.extra["patient_name"] == "J. Doe & <b>"
    assert reopened.warnings == original.warnings


def test_the_file_has_a_schema_version_and_the_plan_json(tmp_path: Path) -> None:
    path = tmp_path / "p.baclotaper"
    planfile.save(plan(), path)
    doc = json.loads(path.read_text())
    assert doc["format"] == "baclotaper-plan"
    assert doc["schema_version"] == planfile.SCHEMA_VERSION
    assert doc["unit"] == "mg/day"
    assert doc["steps"][0]["start"] == START.isoformat()
    assert doc["steps"][-1]["end"] is None


def test_saving_leaves_no_temporary_files(tmp_path: Path) -> None:
    planfile.save(plan(), tmp_path / "p.baclotaper")
    planfile.save(plan(dose=40), tmp_path / "p.baclotaper")
    assert [p.name for p in tmp_path.iterdir()] == ["p.baclotaper"]


def _saved(tmp_path: Path) -> str:
    path = tmp_path / "p.baclotaper"
    planfile.save(plan(), path)
    return path.read_text()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda t: t[: len(t) // 2], "not JSON"),
        (lambda t: "", "not JSON"),
        (lambda t: '{"hello": 1}', "not a BacloTaper plan file"),
        (lambda t: t.replace('"schema_version": 1', '"schema_version": 99'), "newer BacloTaper (schema 99"),
        (lambda t: t.replace('"steps"', '"stops"'), "'steps' is missing"),
        (lambda t: t.replace('"daily_dose": 60', '"daily_dose": -60'), "dose"),
        (lambda t: t.replace('"product": "tablets:10"', '"product": "tablets:7"'), "tablet strength 7 mg"),
    ],
)
def test_damaged_or_foreign_files_are_refused_clearly(tmp_path: Path, damage, says: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.baclotaper"
    path.write_text(damage(_saved(tmp_path)))
    with pytest.raises(PlanFileError, match=None) as info:
        planfile.load(path)
    assert says in str(info.value)


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.baclotaper"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PlanFileError, match="not a BacloTaper plan file"):
        planfile.load(path)
