"""The nurse's log from the command line, as a home-visit nurse would use it."""

import os
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

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
    assert err.strip() == "baclotaper log add: error: --temperature: 385 °C is outside 30–45 °C"
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
    assert code == 2 and "baclotaper log list: error:" in err and len(err.strip().splitlines()) == 1
    assert db.read_bytes() == before


def test_export_writes_the_observation_chart_pdf(cli: Cli) -> None:
    cli("log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(16), "--temperature", "38.9")
    target = cli.data_dir / "chart.pdf"
    code, out, _ = cli("log", "export", "--patient", "MRN1", "--pdf", str(target), "--paper", "Letter")
    assert code == 0 and out.strip().endswith(": 1 page")
    assert target.read_bytes().startswith(b"%PDF")


def test_overdose_signs_are_not_answered_with_more_baclofen(cli: Cli) -> None:
    code, out, _ = cli(
        "log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(15),
        "--score", "drowsiness=2", "--respiratory-rate", "8",
    )  # fmt: skip
    assert code == 0
    assert "POSSIBLE BACLOFEN OVERDOSE OR TOXICITY, NOT WITHDRAWAL" in out
    assert "Do NOT give more baclofen" in out
    assert "Restore the last tolerated dose" not in out
    assert "proposal:" not in out


def test_renal_impairment_from_the_plan_makes_confusion_a_mixed_picture(cli: Cli, tmp_path: Path) -> None:
    plan_file = tmp_path / "renal.baclotaper"
    cli(
        "plan", "--route", "oral", "--dose", "30", "--product", "tablets:10", "--on-therapy", "2y",
        "--start", START.isoformat(), "--egfr", "35", "--save", str(plan_file),
    )  # fmt: skip
    cli("log", "patient", "--name", "K. Lee", "--identifier", "MRN2")
    cli("log", "attach", "--patient", "MRN2", "--plan", str(plan_file), "--by", "AB")
    _, out, _ = cli("log", "add", "--patient", "MRN2", "--by", "CD", "--observed", _when(15), "--score", "confusion=1")
    assert "EMERGENCY ASSESSMENT NOW: signs of BOTH" in out
    assert "* Renal impairment: baclofen is cleared by the kidneys" in out
    assert "proposal:" not in out


def test_log_plan_writes_the_current_revision_for_paper_and_the_planner(cli: Cli, tmp_path: Path) -> None:
    cli("log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(15), "--score", "visual_hallucinations=1")
    revise = ("log", "revise", "--patient", "MRN1", "--proposal", "hold", "--on", _when(15)[:10], "--by", "DR")
    code, out, _ = cli(*revise, "--reason", "hallucinations day 1", "--entry", "1")
    assert code == 0 and "revision 2" in out
    # Accepted once: a second hold for the same entry is refused and nothing is saved.
    code, _, err = cli(*revise, "--reason", "again", "--entry", "1")
    assert code == 2 and "the advice of entry 1 was already accepted as revision 2 by DR" in err
    code, _, err = cli("log", "plan", "--patient", "MRN1")
    assert code == 2 and "say what to write: --save FILE" in err

    saved, printed = tmp_path / "current.baclotaper", tmp_path / "current.pdf"
    code, out, _ = cli("log", "plan", "--patient", "MRN1", "--save", str(saved), "--pdf", str(printed))
    assert code == 0, out
    assert "revision 2 of J. Doe" in out and "by DR: hallucinations day 1" in out
    assert "hold at 50 mg/day: no cut" in out
    plan = planfile.load(saved)
    assert plan.revision is not None
    assert (plan.revision.number, plan.revision.author, plan.revision.reason) == (2, "DR", "hallucinations day 1")
    with cli.store() as store:
        (stored,) = store.plans(1)
        assert planfile.plan_from_dict(store.revisions(stored.id)[-1].data()).steps == plan.steps
    text = "\n".join(page.extract_text() for page in PdfReader(printed).pages)
    assert "Plan revision: revision 2" in text and "Later steps move 7 days later" in text
    # The planner's own commands open it.
    code, out, _ = cli("export", str(saved), "--ics", str(tmp_path / "current.ics"))
    assert code == 0, out

    first = tmp_path / "first.baclotaper"
    code, out, _ = cli("log", "plan", "--patient", "MRN1", "--revision", "1", "--save", str(first))
    assert code == 0 and "The first revision" in out
    code, _, err = cli("log", "plan", "--patient", "MRN1", "--revision", "5", "--save", str(tmp_path / "x.baclotaper"))
    assert code == 2 and "revision: 5 is not a revision of this plan (1–2)" in err
    assert not (tmp_path / "x.baclotaper").exists()


@pytest.fixture
def clock_zone_utc() -> Iterator[None]:
    """The machine's local time zone is UTC for the test (the plan's days are local days)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.usefixtures("clock_zone_utc")
def test_the_same_moment_written_in_any_time_zone_gets_the_same_advice(cli: Cli) -> None:
    # 23:30 UTC the evening before the second cut: "+01:00" read it as the cut's own day (step 2, day 0)
    # and proposed a step back; "-08:00" and "+00:00" as step 1, day 13 with only a hold.
    eve, cut = START + timedelta(days=13), START + timedelta(days=14)
    printed = []
    for observed in (f"{eve}T23:30+00:00", f"{cut}T00:30+01:00", f"{eve}T15:30-08:00", f"{cut}T10:30+11:00"):
        add = ("log", "add", "--patient", "MRN1", "--by", "CD", "--observed", observed)
        code, out, _ = cli(*add, "--score", "visual_hallucinations=2")
        assert code == 0
        printed.append(out.split("\n", 1)[1])  # after "entry #N saved"
    assert "plan step 1, day 13 after the last cut" in printed[0]
    assert printed[1:] == printed[:1] * 3
    with cli.store() as store:
        entries = store.entries(store.find_patients("MRN1")[0].id)
    assert {(e.step_index, e.days_since_cut) for e in entries} == {(0, 13)}


def test_a_symptom_scored_twice_is_refused_not_overwritten(cli: Cli) -> None:
    # "--score seizures=3 --score seizures=0" saved an entry with no seizure, tier "none".
    code, out, err = cli(
        "log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(16),
        "--score", "seizures=3", "--score", "seizures=0",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip() == "baclotaper log add: error: --score: 'seizures' is scored twice (seizures=3, seizures=0)"
    assert "0 entries" in cli("log", "list", "--patient", "MRN1")[1]


def test_without_a_plan_a_pump_patient_gets_the_pump_checklist_and_advice(cli: Cli) -> None:
    # Without an attached plan every entry was weighed as oral baclofen: a pump patient's seizure read
    # "Restore the last tolerated dose", and "itching without a rash" could not be entered at all.
    cli("log", "patient", "--name", "P. Pump", "--identifier", "MRN3")
    add = ("log", "add", "--patient", "MRN3", "--by", "CD")
    code, out, _ = cli(*add, "--score", "insomnia=1")
    assert code == 0 and "no plan attached: advice for oral baclofen (--route intrathecal for a pump)" in out
    code, out, _ = cli(*add, "--route", "intrathecal", "--score", "seizures=1")
    assert code == 0 and "EMERGENCY: possible intrathecal baclofen withdrawal" in out
    assert "restore intrathecal delivery" in out and "no plan attached" not in out
    code, out, _ = cli(*add, "--route", "intrathecal", "--score", "itching_without_rash=1")
    assert code == 0 and "same-day pump check" in out
    # With a plan, the plan's route decides: another one is refused, nothing saved.
    code, out, err = cli("log", "add", "--patient", "MRN1", "--by", "CD", "--route", "intrathecal")
    assert code == 2 and out == ""
    assert err.strip() == "baclotaper log add: error: --route: J. Doe's plan is for oral baclofen"
    assert "0 entries" in cli("log", "list", "--patient", "MRN1")[1]


def test_a_step_back_is_never_accepted_as_the_answer_to_an_overdose_entry(cli: Cli) -> None:
    # "revise --proposal step_back --entry 1" recorded a higher dose as the answer to slow breathing.
    add = ("log", "add", "--patient", "MRN1", "--by", "CD", "--observed", _when(15))
    assert cli(*add, "--score", "drowsiness=2", "--respiratory-rate", "8")[0] == 0
    revise = ("log", "revise", "--patient", "MRN1", "--on", _when(15)[:10], "--by", "DR", "--reason", "drowsy")
    for proposal in ("step_back", "hold"):
        code, out, err = cli(*revise, "--proposal", proposal, "--entry", "1")
        assert code == 2 and out == ""
        assert err.strip() == (
            f"baclotaper log add: error: --proposal: the advice of entry 1 (emergency) proposed no "
            f"{proposal.replace('_', ' ')}; without --entry a revision is the prescriber's own decision"
        ).replace("log add", "log revise")
    with cli.store() as store:
        assert len(store.revisions(store.plans(store.find_patients("MRN1")[0].id)[0].id)) == 1
    # A withdrawal entry's own proposal is accepted as its answer.
    assert cli(*add, "--score", "visual_hallucinations=2")[0] == 0
    code, out, _ = cli(*revise, "--proposal", "step_back", "--entry", "2")
    assert code == 0 and "revision 2" in out
