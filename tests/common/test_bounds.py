"""Dates are range-checked and text lengths bounded before anything is written."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from baclotaper.common.bounds import TextKind, check_text
from baclotaper.common.errors import InputError
from baclotaper.nurse_log.store import Store
from tests.cli_runner import run
from tests.factories import regimen

PLAN = ("plan", "--route", "oral", "--dose", "30", "--on-therapy", "6m")


@pytest.mark.parametrize("start", ["9999-12-31", "0999-01-01", "1899-06-01", "2101-01-01"])
def test_an_impossible_start_date_is_refused_naming_the_option(start: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *PLAN, "--start", start)
    assert code == 2 and not out
    assert err.startswith("baclotaper plan: error: argument --start:") and "is outside 2000-01-01 to 2100-12-31" in err
    assert len(err.splitlines()) == 1


def test_the_engine_refuses_a_start_it_cannot_lay_out() -> None:
    with pytest.raises(InputError) as caught:
        regimen(start=date(9999, 12, 31)).validate()
    assert caught.value.field == "start"


@pytest.mark.parametrize("option", ["--last-refill", "--next-refill", "--generated"])
def test_other_dates_on_the_command_line_are_range_checked(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *PLAN, "--start", "2026-12-01", option, "9999-12-31")
    assert code == 2 and f"argument {option}" in err and "is outside" in err


def test_an_observation_in_year_999_is_refused_and_the_log_stays_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "log", "patient", "--name", "J. Doe", "--identifier", "MRN1")[0] == 0
    code, _, err = run(capsys, "log", "add", "--patient", "MRN1", "--by", "AB", "--observed", "0999-01-01T10:00")
    assert code == 2 and "argument --observed" in err and "outside" in err
    store = Store.open()
    patient = store.find_patients("MRN1")[0]
    with pytest.raises(InputError) as caught:
        store.add_entry(
            patient_id=patient.id,
            observed_at=datetime(999, 1, 1, 10, tzinfo=UTC),
            recorded_by="AB",
            scores={},
            tier="none",
        )
    assert caught.value.field == "observed_at"
    store.close()
    code, out, _ = run(capsys, "log", "list", "--patient", "MRN1")
    assert code == 0 and "0 entries" in out


def test_a_date_of_birth_is_range_checked(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "log", "patient", "--name", "J. Doe", "--dob", "0999-01-01")
    assert code == 2 and "argument --dob" in err and "1900-01-01" in err


@pytest.mark.parametrize(
    ("args", "option", "most"),
    [
        (("log", "patient", "--name", "N" * 201), "--name", 200),
        (("log", "patient", "--name", "J", "--identifier", "I" * 65), "--identifier", 64),
        (("log", "add", "--patient", "J", "--by", "B" * 41), "--by", 40),
        (("log", "add", "--patient", "J", "--by", "AB", "--notes", "n" * 2001), "--notes", 2000),
        (("plan", "--pump-model", "p" * 201), "--pump-model", 200),
    ],
)
def test_text_longer_than_makes_sense_is_refused_at_entry(
    args: tuple[str, ...], option: str, most: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and f"argument {option}" in err and f"the most is {most}" in err


def test_the_store_refuses_long_text_and_control_characters_naming_the_field(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "log.sqlite3")
    patient = store.add_patient(name="J. Doe")
    now = datetime.now(UTC) - timedelta(hours=1)
    for field, kw in (
        ("notes", {"notes": "x" * 2001}),
        ("recorded_by", {"recorded_by": "A\x00B"}),
    ):
        with pytest.raises(InputError) as caught:
            store.add_entry(
                **{"patient_id": patient.id, "observed_at": now, "recorded_by": "AB", "scores": {}, "tier": "none"} | kw  # type: ignore[arg-type]
            )
        assert caught.value.field == field
    assert store.entries(patient.id) == []
    with pytest.raises(InputError) as caught:
        store.add_patient(name="n" * 201)
    assert caught.value.field == "name"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        # "Ann <U+202E>gm 05" shows as "Ann 50 mg" in a calendar or a viewer that applies the override.
        (("log", "patient", "--name", "Ann \u202egm 05\u202c"), "--name"),
        (("log", "add", "--patient", "J", "--by", "AB", "--notes", "take \u2067gm 05\u2069 now"), "--notes"),
        (("log", "add", "--patient", "J", "--by", "AB", "--notes", "one\u2028two"), "--notes"),
        (("plan", "--pump-model", "Synchro\u202dMed"), "--pump-model"),
    ],
)
def test_direction_overrides_and_line_separators_are_refused_at_entry(
    args: tuple[str, ...], option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path), *args)
    assert code == 2 and f"argument {option}" in err and "type plain text" in err
    assert len(err.strip().splitlines()) == 1


def test_marks_joiners_and_line_breaks_in_notes_are_plain_text() -> None:
    # A Persian name needs the zero-width non-joiner; a note may span lines.
    assert check_text("name", "Ma\u200cryam \u200fA", TextKind.NAME) == "Ma\u200cryam \u200fA"
    assert check_text("notes", "one\ntwo\tthree", TextKind.NOTE) == "one\ntwo\tthree"
    with pytest.raises(InputError, match="name: contains a control character"):
        check_text("name", "one\ntwo", TextKind.NAME)
