"""The calendar file: one all-day event per dose change, stable UIDs, optional reminders."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from baclotaper.exports.ics import export_ics
from baclotaper.taper import edits
from baclotaper.taper.build import build_plan
from baclotaper.taper.plan import TaperPlan
from tests.exports.conftest import GENERATED


def _read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _events(path: Path) -> list[Any]:
    return list(_read(path).walk("VEVENT"))


def test_one_all_day_event_per_dose_change(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    count = export_ics(plan=oral_plan, path=path, generated=GENERATED)
    events = _events(path)
    assert count == len(events) == len(oral_plan.steps)
    for event, step in zip(events, oral_plan.steps, strict=True):
        start = event.decoded("dtstart")
        assert start == step.start and not isinstance(start, datetime)  # all-day
        assert event.decoded("dtend") == step.start + timedelta(days=1)
        assert event.decoded("dtstamp") == datetime(2026, 11, 21, tzinfo=UTC)
    first = str(events[0]["summary"])
    assert first == (
        "Reduce baclofen to 55 mg/day: morning: 1 whole 20 mg tablet; midday: 1 whole 15 mg tablet; "
        "bedtime: 1 whole 20 mg tablet"
    )
    assert str(events[-1]["summary"]).startswith("Stop baclofen")
    assert "Do not stop baclofen suddenly" in str(events[0]["description"])
    calendar = _read(path)
    assert str(calendar["version"]) == "2.0" and "BacloTaper" in str(calendar["prodid"])


def test_holds_and_step_backs_are_worded_as_such(revised_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    export_ics(plan=revised_plan, path=path, generated=GENERATED)
    summaries = [str(e["summary"]) for e in _events(path)]
    assert summaries[2].startswith("Stay at 50 mg/day: ")
    assert summaries[5].startswith("Step back to 45 mg/day: ")
    descriptions = [str(e["description"]) for e in _events(path)]
    assert "Note: hold 7 days: dizzy <b>&</b> tired" in descriptions[2]


def test_uids_are_stable_so_a_reimport_updates_the_events(oral_plan: TaperPlan, tmp_path: Path) -> None:
    first, again, edited = tmp_path / "1.ics", tmp_path / "2.ics", tmp_path / "3.ics"
    export_ics(plan=oral_plan, path=first, generated=GENERATED)
    export_ics(plan=oral_plan, path=again, generated=GENERATED)
    assert first.read_bytes() == again.read_bytes()
    changed = edits.set_days(oral_plan, 0, 21)
    export_ics(plan=changed, path=edited, generated=date(2026, 11, 22))
    uids = [str(e["uid"]) for e in _events(first)]
    assert len(set(uids)) == len(uids)
    assert [str(e["uid"]) for e in _events(edited)] == uids  # same steps, same UIDs, new dates
    assert _events(edited)[1].decoded("dtstart") != _events(first)[1].decoded("dtstart")


def test_reminders_add_daily_events_with_an_alarm(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    count = export_ics(plan=oral_plan, path=path, reminders=True, generated=GENERATED)
    events = _events(path)
    changes = [e for e in events if "-step-" in str(e["uid"])]
    daily = [e for e in events if "-daily-" in str(e["uid"])]
    taking = [s for s in oral_plan.steps if s.administrations]
    assert count == len(events) == len(changes) + len(daily) and len(daily) == len(taking)
    for event, step in zip(daily, taking, strict=True):
        assert event["rrule"]["FREQ"] == ["DAILY"]
        assert event["rrule"]["COUNT"] == [step.days]
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1 and alarms[0].decoded("trigger") == timedelta(hours=8)
    assert all(len(list(e.walk("VALARM"))) == 1 for e in changes)


def test_intrathecal_plans_get_no_daily_reminders(itb_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    # The change days (clinic visits) and the booked refill; no daily dose events.
    assert export_ics(plan=itb_plan, path=path, reminders=True, generated=GENERATED) == len(itb_plan.steps) + 1
    summaries = [str(event["summary"]) for event in _events(path)]
    assert summaries[0].startswith("Pump clinic visit: Pump rate down to 360 mcg/day")
    assert "Booked pump refill appointment" in summaries
    assert not any("Baclofen today" in summary for summary in summaries)


def test_pump_refills_and_alarms_are_calendar_events(itb_plan: TaperPlan, tmp_path: Path) -> None:
    regimen = replace(itb_plan.regimen, extra={**itb_plan.regimen.extra, "last_refill": "2026-11-20"})
    plan = build_plan(regimen, itb_plan.options)
    path = tmp_path / "plan.ics"
    export_ics(plan=plan, path=path, generated=GENERATED)
    events = {(str(e["summary"]).split(" (")[0], e.decoded("dtstart")) for e in _events(path)}
    assert ("Pump refill due", date(2026, 12, 11)) in events
    assert ("Pump low-reservoir alarm expected about today", date(2026, 12, 14)) in events
    refills = sorted(day for summary, day in events if summary == "Pump refill due")
    assert len(refills) >= 2 and all(b > a for a, b in itertools.pairwise(refills))
    assert not any("\xa0" in str(e["summary"]) + str(e["description"]) for e in _events(path))


def test_without_a_date_the_stamp_is_now(oral_plan: TaperPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    before = datetime.now(UTC).replace(microsecond=0)
    export_ics(plan=oral_plan, path=path)
    stamp = _events(path)[0].decoded("dtstamp")
    assert stamp >= before and stamp.tzinfo is not None


def test_a_note_cannot_break_out_of_its_event_and_long_lines_are_folded(oral_plan: TaperPlan, tmp_path: Path) -> None:
    # A note typed (or hand-edited into a plan file) with line breaks, commas, semicolons, a
    # backslash and calendar keywords stays text inside its own event's description.
    note = "dizzy, tired; see GP\nEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:Stop baclofen\\n " + "é" * 80
    noted = edits.insert_hold(oral_plan, 0, 7, note=note)
    path = tmp_path / "plan.ics"
    count = export_ics(plan=noted, path=path, generated=GENERATED)
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # RFC 5545 3.1: folded at 75 octets
    assert lines.count(b"BEGIN:VEVENT") == lines.count(b"END:VEVENT") == count == len(noted.steps)
    assert b"\\, tired\\; see GP\\nEND:VEVENT" in raw.replace(b"\r\n ", b"")
    descriptions = [str(e["description"]).replace("\r\n", "\n") for e in _events(path)]
    assert sum(f"Note: {note}".replace("\r\n", "\n") in d for d in descriptions) == 1
