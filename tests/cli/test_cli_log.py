"""The nurse's log from the command line, as a home-visit nurse would use it."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from baclotaper.nurse_log.store import Store
from baclotaper.taper import planfile
from tests.cli_runner import run

START = date.today() - timedelta(days=20)


class Cli:
    """Runs ``baclotaper`` with its own data folder and returns (exit code, stdout, stderr)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
        self.capsys = capsys
        self.data_dir = data_dir

    def __call__(self, *args: str) -> tuple[int, str, str]:
        return run(self.capsys, "--data-dir", str(self.data_dir), *args)

    def store(self) -> Store:
        return Store.open(self.data_dir / "baclotaper.sqlite3")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """A patient, J. Doe (MRN1), with a 60 mg/day plan that started 20 days ago."""
    run = Cli(capsys, tmp_path / "data")
    plan_file = tmp_path / "p.baclotaper"
    run(
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
        START.isoformat(),
        "--save",
        str(plan_file),
    )
    assert run("log", "patient", "--name", "J. Doe", "--identifier", "MRN1")[0] == 0
    assert run("log", "attach", "--patient", "MRN1", "--plan", str(plan_file), "--by", "AB")[0] == 0
    return run


def _when(days_after_start: int) -> str:
    return f"{(START + timedelta(days=days_after_start)).isoformat()}T10:00"


def test_an_emergency_entry_prints_the_banner_and_is_kept(cli: Cli) -> None:
    code, out, _ = cli(
        "log",
        "add",
        "--patient",
        "MRN1",
        "--by",
        "CD",
        "--observed",
        _when(16),
        "--temperature",
        "38.9",
        "--heart-rate",
        "125",
    )
    assert code == 0
    assert "EMERGENCY: possible baclofen withdrawal. Stop the taper." in out
    assert "day 2 after the last cut" in out
    with cli.store() as store:
        (entry,) = store.entries(store.find_patients("MRN1")[0].id)
    assert entry.tier == "emergency" and entry.days_since_cut == 2 and entry.vitals["temperature"] == 38.9


def test_a_typo_is_refused_and_nothing_is_stored(cli: Cli) -> None:
    code, out, err = cli("log", "add", "--patient", "MRN1", "--by", "CD", "--temperature", "385")
    assert code == 2 and out == ""
    assert err.strip() == "baclotaper log: error: --temperature: 385 °C is outside 30–45 °C"
    assert "0 entries" in cli("log", "list", "--patient", "MRN1")[1]


def test_call_the_prescriber_then_accepting_a_hold_moves_the_plan(cli: Cli) -> None:
    _, out, _ = cli(
        "log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(15), "--score", "visual_hallucinations=1"
    )
    assert "CALL PRESCRIBER" in out and "proposal: Hold the current step 7 days" in out
    code, out, _ = cli(
        "log",
        "revise",
        "--patient",
        "MRN1",
        "--proposal",
        "hold",
        "--on",
        _when(15)[:10],
        "--by",
        "DR",
        "--reason",
        "visual hallucinations day 1",
    )
    assert code == 0 and "revision 2" in out
    with cli.store() as store:
        plan_id = store.plans(store.find_patients("MRN1")[0].id)[0].id
        first, second = store.revisions(plan_id)
    before = planfile.plan_from_dict(first.data())
    after = planfile.plan_from_dict(second.data())
    assert after.stop_date == before.stop_date + timedelta(days=7)
    assert (second.author, second.reason) == ("DR", "visual hallucinations day 1")


def test_list_and_export_respect_the_date_range(cli: Cli) -> None:
    for day in (3, 10, 17):
        cli("log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(day), "--score", "insomnia=1")
    since = (START + timedelta(days=5)).isoformat()
    code, out, _ = cli("log", "list", "--patient", "MRN1", "--since", since)
    assert code == 0 and "2 entries" in out
    target = cli.data_dir / "log.csv"
    code, out, _ = cli("log", "export", "--patient", "MRN1", "--csv", str(target), "--since", since)
    assert code == 0 and "2 entries" in out
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--patient", "nobody"), "--patient: no patient matches 'nobody'"),
        (("--patient", "MRN1", "--score", "madeup=2"), "--score: 'madeup' is not a checklist item for oral baclofen"),
        (("--patient", "MRN1", "--score", "insomnia"), "--score: 'insomnia' is not ITEM=0..3"),
        (("--patient", "MRN1", "--bp", "high"), "--bp: 'high' is not SYSTOLIC/DIASTOLIC"),
        (("--patient", "MRN1", "--spasticity", "7"), "--spasticity: '7' is not one of 0, 1, 1+, 2, 3, 4"),
        (("--patient", "MRN1", "--observed", "yesterday"), "argument --observed: 'yesterday' is not a date and time"),
    ],
)
def test_bad_log_input_names_the_option(cli: Cli, args: tuple[str, ...], says: str) -> None:
    code, out, err = cli("log", "add", "--by", "CD", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and says in err


def test_a_corrupt_database_is_refused_and_left_alone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "baclotaper.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    code, _, err = Cli(capsys, tmp_path)("log", "list", "--patient", "x")
    assert code == 2 and "baclotaper log: error:" in err and len(err.strip().splitlines()) == 1
    assert db.read_bytes() == before


def test_export_writes_the_observation_chart_pdf(cli: Cli) -> None:
    cli("log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(16), "--temperature", "38.9")
    target = cli.data_dir / "chart.pdf"
    code, out, _ = cli("log", "export", "--patient", "MRN1", "--pdf", str(target), "--paper", "Letter")
    assert code == 0 and out.strip().endswith(": 1 page")
    assert target.read_bytes().startswith(b"%PDF")
