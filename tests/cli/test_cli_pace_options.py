"""The engine-facing options of ``baclotaper plan``, as a prescriber types them."""

from __future__ import annotations

import json

import pytest

from tests.cli_runner import run

START = ("--start", "2026-12-01", "--format", "json")


def _plan(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, "plan", *args, *START)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_ansm_15_mg_every_2_days_then_the_slow_phase_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _plan(
        capsys,
        *("--route", "oral", "--dose", "200", "--on-therapy", "1y", "--indication", "alcohol", "--per-day", "4"),
        *("--pace", "high_dose", "--above-max-step", "15", "--interval-days", "21"),
    )
    doses = [s["daily_dose"] for s in doc["steps"]]
    assert doses[:3] == [185, 170, 155]
    below = [s for s in doc["steps"][:-1] if s["daily_dose"] < 80]
    assert below and all(s["days"] >= 21 for s in below)
    assert "every 21 days below the maximum" in doc["pace"]["changes"]


def test_boxed_warning_groups_and_a_due_date_reach_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _plan(
        capsys,
        *("--route", "intrathecal", "--dose", "300", "--concentration", "500", "--on-therapy", "4y"),
        *("--spinal-injury-t6", "--communication-difficulty"),
    )
    assert doc["regimen"]["spinal_injury_t6"] and doc["regimen"]["communication_difficulty"]
    high = next(w for w in doc["warnings"] if w["code"] == "INTRATHECAL_HIGH_RISK")
    assert "T6" in high["message"] and "communication" in high["message"]
    oral = _plan(capsys, "--route", "oral", "--dose", "20", "--on-therapy", "1y", "--due-date", "2027-04-01")
    assert oral["regimen"]["pregnant"] and oral["regimen"]["due_date"] == "2027-04-01"
    assert any(w["code"] == "PREGNANCY_DUE" for w in oral["warnings"])


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--route", "oral", "--dose", "60", "--on-therapy", "2y", "--above-max-step", "10"), "--above-max-step"),
        (("--route", "oral", "--dose", "60", "--on-therapy", "2y", "--due-date", "2025-01-01"), "--due-date"),
    ],
)
def test_a_misplaced_engine_option_gets_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], option: str
) -> None:
    code, out, err = run(capsys, "plan", *args, "--start", "2026-12-01")
    assert code == 2 and not out
    assert err.startswith(f"baclotaper plan: error: {option}: ") and err.count("\n") == 1
