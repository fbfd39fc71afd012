import json
from pathlib import Path

import pytest

from tests.cli_runner import run

BASE = (
    "plan",
    "--route",
    "oral",
    "--dose",
    "60",
    "--product",
    "tablets:10,20",
    "--on-therapy",
    "2y",
    "--start",
    "2026-12-01",
)


def test_json_plan_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *BASE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["unit"] == "mg/day"
    assert doc["pace"]["name"] == "cautious"
    assert doc["pace"]["source"] and doc["pace"]["reasons"]
    first, last = doc["steps"][0], doc["steps"][-1]
    assert (first["start"], first["end"], first["daily_dose"]) == ("2026-12-01", "2026-12-14", 55)
    assert first["administrations"][1] == {
        "time": "midday",
        "dose": 15,
        "amount": "1 × 10 mg tablet + ½ × 10 mg tablet",
        "plain": "1 and a half 10 mg tablets",
    }
    assert last["end"] is None and last["daily_dose"] == 0
    assert {"code", "severity", "message", "source"} <= set(doc["warnings"][0])


def test_intrathecal_json_is_in_mcg_per_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "plan",
        "--route",
        "intrathecal",
        "--dose",
        "900",
        "--concentration",
        "500",
        "--on-therapy",
        "4y",
        "--start",
        "2026-12-01",
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0 and doc["unit"] == "mcg/day"
    assert doc["steps"][0]["administrations"][0]["amount"] == "810 mcg/day = 1.62 mL/day at 500 mcg/mL"


def test_text_and_csv_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, *BASE)
    assert code == 0 and "DRAFT for prescriber review" in out and "Step 1: 2026-12-01 to 2026-12-14: 55 mg/day" in out
    target = tmp_path / "plan.csv"
    code, out, _ = run(capsys, *BASE, "--format", "csv", "-o", str(target))
    lines = target.read_text().splitlines()
    assert code == 0 and out == ""
    assert lines[0].startswith("date,weekday,step")
    assert lines[1].startswith("2026-12-01,Tue,1,cut,55,mg/day,morning,20,")


def test_save_and_reread_gives_the_same_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    saved = tmp_path / "p.baclotaper"
    _, first, _ = run(capsys, *BASE, "--format", "json", "--save", str(saved))
    code, again, _ = run(capsys, "plan", "--from", str(saved), "--format", "json")
    assert code == 0 and again == first


BAD = [
    (("--dose", "-5"), "--dose: must be more than 0 mg/day"),
    (("--dose", "0"), "--dose: must be more than 0 mg/day"),
    (("--dose", "9000"), "--dose: 9000 mg/day is above 500 mg/day"),
    (("--dose", "abc"), "argument --dose: 'abc' is not a number"),
    (("--dose", "nan"), "argument --dose: 'nan' is not a number"),
    (("--dose", "62"), "--dose: 62 mg/day cannot be made"),
    (("--per-day", "9"), "--per-day: 9 doses a day is outside 1–6"),
    (("--per-day", "2.5"), "argument --per-day: '2.5' must be a whole number"),
    (("--on-therapy", "forever"), "--on-therapy: 'forever' is not a duration"),
    (("--start", "2026-02-30"), "argument --start: '2026-02-30' is not a date"),
    (("--route", "nasal"), "argument --route: invalid choice"),
    (("--product", "patch:5"), "--product: 'patch:5' is not a baclofen product"),
    (("--product", "solution:3mg/ml"), "--product: no 3 mg/mL oral solution"),
    (("--target", "60"), "--target: 60 mg/day must be at least 0 and below the current dose"),
    (("--pace", "turbo"), "--pace: 'turbo' is not a pace"),
    (("--interval-days", "0"), "--interval-days: 0 is outside 1–90 days"),
    (("--percent", "90"), "--percent: 90 is outside 0–50 %"),
    (("--age", "200"), "--age: 200 is outside 0–120 years"),
    (("--egfr", "-1"), "--egfr: -1 is outside 0–200"),
    (("--jurisdiction", "XX"), "--jurisdiction: 'XX' is not known"),
    (("--split", "10+10+30"), "--split: 10 + 10 + 30 = 50 mg, not the daily dose of 60 mg"),
    (("--custom", "50x7"), "--custom: '50x7' is not DOSE:DAYS"),
    (("--avoid-weekdays", "mon,tue,wed,thu,fri,sat,sun"), "--avoid-weekdays: cannot exclude every day"),
    (("--concentration", "500"), "--concentration: applies to intrathecal baclofen only"),
]


@pytest.mark.parametrize(("change", "says"), BAD, ids=[" ".join(c) for c, _ in BAD])
def test_bad_input_exits_2_with_one_line_naming_the_field(
    capsys: pytest.CaptureFixture[str], change: tuple[str, ...], says: str
) -> None:
    args = list(BASE)
    option = change[0]
    if option in args:
        i = args.index(option)
        del args[i : i + 2]
    code, out, err = run(capsys, *args, *change)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert says in err
    assert "Traceback" not in err


def test_intrathecal_bad_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "plan", "--route", "intrathecal", "--dose", "900", "--concentration", "50", "--on-therapy", "2y"
    )
    assert code == 2 and "--concentration: 50 mcg/mL is the screening (bolus) strength" in err
    code, _, err = run(capsys, "plan", "--route", "intrathecal", "--dose", "3000", "--on-therapy", "2y")
    assert code == 2 and "--dose: 3000 mcg/day is above 2000 mcg/day" in err


def test_missing_or_truncated_plan_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "plan", "--from", str(tmp_path / "none.baclotaper"))
    assert code == 2 and "no such file" in err
    half = tmp_path / "half.baclotaper"
    run(capsys, *BASE, "--save", str(half))
    half.write_text(half.read_text()[:200])
    code, _, err = run(capsys, "plan", "--from", str(half))
    assert code == 2 and "not a BacloTaper plan file" in err and len(err.splitlines()) == 1


def test_pump_details_give_a_reservoir_forecast(capsys: pytest.CaptureFixture[str]) -> None:
    pump = (
        "plan",
        "--route",
        "intrathecal",
        "--dose",
        "400",
        "--concentration",
        "500",
        "--on-therapy",
        "3y",
        "--start",
        "2026-12-01",
        "--reservoir-ml",
        "20",
        "--last-refill",
        "2026-11-20",
    )
    code, out, _ = run(capsys, *pump, "--format", "json")
    assert code == 0 and json.loads(out)["pump"]["refill_by"] == "2026-12-11"
    code, _, err = run(capsys, *pump[:-1], "2026-11-31")
    assert code == 2 and "argument --last-refill: '2026-11-31' is not a date" in err
    code, _, err = run(capsys, *pump[:-4], "--reservoir-ml", "500", "--last-refill", "2026-11-20")
    assert code == 2 and "--reservoir-ml: 500 mL is outside 0–100 mL" in err
