"""The taper as an iCalendar file: an all-day event on each day the dose changes.

Every event's UID is derived from the plan's identity (patient, product, starting dose and date)
and the step number, never from the step's content, so importing an edited plan again updates the
same events instead of adding copies.  With ``reminders``, each change also gets an alarm the
morning before, and each oral step a daily all-day event with an alarm at 08:00 to take the doses.
A pump plan's change days are clinic visits, and its refill days, booked refill and forecast
low-reservoir alarms are events too (``exports.pump_dates``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from baclotaper.common import atomic
from baclotaper.exports.pdf.wording import (
    NBSP,
    day_dose,
    revision_label,
    revision_line,
    short_date,
    step_action,
    time_label,
    what_to_take,
)
from baclotaper.exports.pump_dates import VISIT, PumpDate, pump_dates
from baclotaper.exports.series import UID_DOMAIN, generated_at, series_id
from baclotaper.taper.plan import Step, TaperPlan
from baclotaper.taper.regimen import Route

PRODUCT_ID = "-//BacloTaper//Baclofen taper plan//EN"
# Alarm times, relative to the all-day event's midnight: a change is announced at 08:00 the day
# before (time to get the new tablets ready), the day's doses at 08:00 the same day.
CHANGE_ALARM = timedelta(hours=-16)
DAILY_ALARM = timedelta(hours=8)
SAFETY = (
    "Do not stop baclofen suddenly. If you feel unwell after a change, call your prescriber before "
    "the next change. This plan was drafted with decision support: follow your prescriber's instructions."
)


def _description(plan: TaperPlan, step: Step) -> str:
    until = f"to {short_date(step.end)} ({step.days} days)" if step.end else "onwards"
    lines = [f"Step {step.number} of {len(plan.steps)}: from {short_date(step.start)} {until}."]
    lines += [f"{time_label(a.time)}: {a.plain}" for a in step.administrations]
    if not step.administrations:
        lines.append("No more baclofen.")
    if step.note:
        lines.append(f"Note: {step.note}")
    lines += ["", SAFETY]
    return "\n".join(lines)


def _event(plan: TaperPlan, uid: str, stamp: datetime, day: date, *, summary: str, description: str) -> Event:
    # Every event says which revision it comes from: an imported calendar outlives the paper.
    if plan.revision is not None:
        summary = f"{summary} ({revision_label(plan)})"
    description = f"{revision_line(plan)}.\n{description}"
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    # The printed wording keeps numbers and units together with no-break spaces; calendars want plain ones.
    event.add("summary", summary.replace(NBSP, " "))
    event.add("description", description.replace(NBSP, " "))
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    event.add("categories", ["Baclofen taper"])
    return event


def _alarm(trigger: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def _change_event(plan: TaperPlan, step: Step, stamp: datetime, reminders: bool) -> Event:
    summary = f"{step_action(plan, step)}: {what_to_take(step)}"
    if plan.regimen.route is Route.INTRATHECAL:
        summary = f"Pump clinic visit: {summary}"
    event = _event(
        plan,
        f"{series_id(plan)}-step-{step.number}@{UID_DOMAIN}",
        stamp,
        step.start,
        summary=summary,
        description=_description(plan, step),
    )
    if reminders:
        event.add_component(_alarm(CHANGE_ALARM, f"Tomorrow: {summary}"))
    return event


def _daily_event(plan: TaperPlan, step: Step, stamp: datetime) -> Event:
    summary = f"Baclofen today, {day_dose(plan, step.daily_dose)}: {what_to_take(step)}"
    event = _event(
        plan,
        f"{series_id(plan)}-daily-{step.number}@{UID_DOMAIN}",
        stamp,
        step.start,
        summary=summary,
        description=_description(plan, step),
    )
    rule: dict[str, object] = {"freq": "daily"}
    if step.days is not None:
        rule["count"] = step.days
    event.add("rrule", rule)
    event.add_component(_alarm(DAILY_ALARM, summary))
    return event


def _pump_event(plan: TaperPlan, item: PumpDate, stamp: datetime, reminders: bool) -> Event:
    lines = [item.summary]
    if item.forecast is not None:
        lines.append(item.forecast.describe())
    lines += ["", SAFETY]
    event = _event(
        plan,
        f"{series_id(plan)}-pump-{item.kind}-{item.day.isoformat()}@{UID_DOMAIN}",
        stamp,
        item.day,
        summary=item.summary,
        description="\n".join(lines),
    )
    if reminders:
        event.add_component(_alarm(CHANGE_ALARM, f"Tomorrow: {item.summary}"))
    return event


def plan_calendar(plan: TaperPlan, *, reminders: bool = False, generated: date | datetime | None = None) -> Calendar:
    stamp = generated_at(generated)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Baclofen taper plan")
    calendar.add("x-wr-caldesc", revision_line(plan))
    for step in plan.steps:
        calendar.add_component(_change_event(plan, step, stamp, reminders))
    for item in pump_dates(plan):
        if item.kind != VISIT:  # visits are the change events above
            calendar.add_component(_pump_event(plan, item, stamp, reminders))
    # A pump needs no daily doses: intrathecal plans only get the change days and pump dates.
    if reminders and plan.regimen.route is Route.ORAL:
        for step in plan.steps:
            if step.administrations:
                calendar.add_component(_daily_event(plan, step, stamp))
    return calendar


def export_ics(
    *,
    plan: TaperPlan,
    path: Path,
    reminders: bool = False,
    generated: date | datetime | None = None,
) -> int:
    """Write the plan's calendar to ``path`` atomically; return the number of events.

    ``generated`` fixes the DTSTAMP (midnight UTC of that day), so the same plan and day give the
    same file; without it the stamp is now.
    """
    calendar = plan_calendar(plan, reminders=reminders, generated=generated)
    atomic.write_bytes(Path(path), calendar.to_ical())
    return len(calendar.walk("VEVENT"))
