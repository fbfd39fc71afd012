"""A stored revision as a plan to print: which one, when, by whom, why and what changed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from baclotaper.common.errors import InputError, PlanFileError
from baclotaper.nurse_log.advice import Proposal, rules
from baclotaper.nurse_log.revise import apply_proposal
from baclotaper.nurse_log.revision_plan import revision_plan, stored_document
from baclotaper.nurse_log.store import Store
from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan
from tests.factories import plan as make_plan

NOW = datetime(2026, 12, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "db.sqlite3", clock=lambda: NOW) as opened:
        yield opened


def attached(store: Store, plan: TaperPlan) -> int:
    patient = store.add_patient(name="J. Doe")
    record = store.add_plan(patient_id=patient.id, title="taper")
    store.add_revision(plan_id=record.id, document=stored_document(plan), author="PR", reason="attached")
    return record.id


def test_a_hold_says_what_changed_for_the_patient(store: Store) -> None:
    plan = make_plan()
    plan_id = attached(store, plan)
    on = plan.steps[1].start + timedelta(days=2)
    held = apply_proposal(plan, Proposal("hold", 7), on=on, reason="agitation")
    store.add_revision(plan_id=plan_id, document=stored_document(held), author="NB", reason="agitation day 2")

    current = revision_plan(store, plan_id)
    note = current.revision
    assert note is not None
    assert (note.number, note.created, note.author, note.reason) == (2, NOW, "NB", "agitation day 2")
    days = rules().hold_days
    # No further cut for the hold's length: it starts when the next cut was due.
    due = plan.steps[2].start
    end = due + timedelta(days=days - 1)
    assert note.changes[0] == f"From {due.isoformat()} to {end.isoformat()} ({days} days): hold at 50 mg/day: no cut"
    assert note.changes[-1] == (
        f"Later steps move {days} days later: 0 mg/day from {held.stop_date.isoformat()} "
        f"(was {plan.stop_date.isoformat()})."
    )
    assert current.steps == held.steps


def test_a_step_back_that_cannot_cut_smaller_says_so(store: Store) -> None:
    plan = make_plan(dose=20, product="tablets:10")
    plan_id = attached(store, plan)
    on = plan.steps[1].start + timedelta(days=1)
    back = apply_proposal(plan, Proposal("step_back"), on=on, reason="rebound spasticity")
    store.add_revision(plan_id=plan_id, document=stored_document(back), author="NB", reason="rebound spasticity")
    note = revision_plan(store, plan_id).revision
    assert note is not None
    assert any("back to 15 mg/day, the last tolerated dose" in line for line in note.changes)
    assert any("10 mg/day again (over a longer interval)" in line for line in note.changes)


def test_first_restored_and_unknown_revisions(store: Store) -> None:
    plan = make_plan()
    plan_id = attached(store, plan)
    first = revision_plan(store, plan_id).revision
    assert first is not None and first.changes == ("The first revision: the plan as attached to the log.",)
    store.restore_revision(plan_id=plan_id, number=1, author="PR")
    restored = revision_plan(store, plan_id).revision
    assert restored is not None and restored.changes == ("Revision 1 made current again (a copy of it).",)
    # The same note, now known to be out of date: revision 2 replaces it.
    assert revision_plan(store, plan_id, 1).revision == replace(first, latest=2)
    with pytest.raises(InputError, match=r"^revision: 7 is not a revision of this plan \(1–2\)"):
        revision_plan(store, plan_id, 7)


def test_the_plan_file_keeps_the_revision_and_the_store_does_not_duplicate_it(store: Store, tmp_path: Path) -> None:
    plan_id = attached(store, make_plan())
    current = revision_plan(store, plan_id)
    path = tmp_path / "current.baclotaper"
    planfile.save(current, path)
    again = planfile.load(path)
    assert again.revision == current.revision
    assert again.steps == current.steps
    # What the store keeps has no copy of its own columns.
    assert "revision" not in stored_document(again)
    # A plan with no revision writes no revision key: the same plan, the same JSON.
    assert "revision" not in planfile.plan_to_dict(make_plan())


@pytest.mark.parametrize(
    "revision",
    [
        "two",
        {"number": 0, "created": "2026-12-20T09:30:00+00:00", "author": "NB"},
        {"number": 2, "created": "2026-12-20T09:30:00", "author": "NB"},
        {"number": 2, "author": "NB"},
    ],
)
def test_a_damaged_revision_in_a_plan_file_is_refused(tmp_path: Path, revision: object) -> None:
    doc = planfile.file_dict(make_plan()) | {"revision": revision}
    path = tmp_path / "damaged.baclotaper"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(PlanFileError, match="revision"):
        planfile.load(path)


def test_an_earlier_revision_knows_it_is_out_of_date_and_keeps_it_in_its_file(store: Store, tmp_path: Path) -> None:
    # `log plan --revision 1` after revision 2 was saved printed paper that looked current.
    plan = make_plan()
    plan_id = attached(store, plan)
    held = apply_proposal(plan, Proposal("hold", 7), on=plan.steps[1].start, reason="agitation")
    store.add_revision(plan_id=plan_id, document=stored_document(held), author="NB", reason="agitation")
    first = revision_plan(store, plan_id, 1)
    assert first.revision is not None and (first.revision.number, first.revision.latest) == (1, 2)
    current = revision_plan(store, plan_id)
    assert current.revision is not None and current.revision.latest == 2
    planfile.save(first, tmp_path / "r1.baclotaper")
    again = planfile.load(tmp_path / "r1.baclotaper").revision
    assert again is not None and (again.number, again.latest) == (1, 2)
