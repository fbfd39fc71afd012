"""Numbers typed on the command line the way the window reads them: digits with one decimal point.

NaN in a split, an exponent, an underscore or digits from another script were read by Python's
``float`` (``1_0`` as 10, ``١٠`` as 10, ``nan+nan+nan`` as a split that crashed the planner): each
is now refused on one line naming the option, exit 2, never a traceback.
"""

from __future__ import annotations

import pytest

from tests.cli_runner import run

BASE = ("plan", "--route", "oral", "--on-therapy", "2y", "--start", "2026-12-01")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--dose", "30", "--split", "nan+nan+nan"), "--split"),
        (("--dose", "30", "--split", "inf+5+5"), "--split"),
        (("--dose", "30", "--split", "1e309+0+0"), "--split"),
        (("--dose", "30", "--split", "١٠+10+10"), "--split"),
        (("--dose", "١٠", "--per-day", "1"), "--dose"),
        (("--dose", "1_0", "--per-day", "1"), "--dose"),
        (("--dose", "1e2"), "--dose"),
        (("--dose", "1e309"), "--dose"),
        (("--dose", "0x10"), "--dose"),
        (("--dose", "NaN"), "--dose"),
        (("--dose", "-inf"), "--dose"),
        (("--dose", ""), "--dose"),
        (("--dose", "-30"), "--dose"),
        (("--dose", "9" * 40), "--dose"),
        (("--dose", "30", "--target", "nan"), "--target"),
        (("--dose", "30", "--age", "1e1"), "--age"),
        (("--dose", "30", "--per-day", "٣"), "--per-day"),
        (("--dose", "30", "--custom", "٢٠:7"), "--custom"),
        (("--dose", "30", "--custom", "20:٧"), "--custom"),
        (("--dose", "30", "--custom", "20:1e1"), "--custom"),
        (("--dose", "30", "--custom", "nan:7"), "--custom"),
        (("--dose", "30", "--step", "1_0"), "--step"),
        (("--dose", "30", "--percent", "1e1"), "--percent"),
    ],
)
def test_a_number_not_written_in_plain_digits_is_refused_naming_the_option(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], option: str
) -> None:
    code, out, err = run(capsys, *BASE, *args)
    assert code == 2 and not out
    assert err.count("\n") == 1 and "Traceback" not in err
    said = err.split("error: ", 1)[1]
    assert said.startswith((f"{option}: ", f"argument {option}: "))


def test_a_far_future_plan_is_refused_naming_the_interval_not_saved_unreadable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """1106 mcg/day, 1 % every 90 days from 2027: about 300 steps, past 2100, the last year a plan
    file may hold. It used to print and save, then refuse to reopen."""
    code, out, err = run(
        capsys,
        *("plan", "--route", "intrathecal", "--dose", "1106", "--concentration", "500", "--on-therapy", "3y"),
        *("--percent", "1", "--interval-days", "90", "--start", "2027-08-30"),
    )
    assert code == 2 and not out
    assert err.startswith("baclotaper plan: error: --interval-days: ") and err.count("\n") == 1
    assert "2100-12-31" in err
