"""``baclotaper log``: the nurse's symptom log without a display.

baclotaper log patient --name "J. Doe" --identifier MRN123
baclotaper log attach --patient MRN123 --plan plan.baclotaper --by AB
baclotaper log add --patient MRN123 --by AB --score visual_hallucinations=2 --temperature 38.6
baclotaper log list --patient MRN123 --since 2026-12-01
baclotaper log export --patient MRN123 --csv log.csv --until 2026-12-31
baclotaper log plan --patient MRN123 --save current.baclotaper --pdf current.pdf
baclotaper log backup            (restore FILE, migrate --to postgresql://nurse@ward-db/baclotaper)

The log is the file in the data folder unless --database URL or BACLOTAPER_DATABASE_URL says
otherwise (a ward's PostgreSQL server: see the README).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from typing import Any

from baclotaper.cli.args import (
    OneLineParser,
    birth_date,
    input_file,
    iso_date,
    number,
    output_file,
    text_of,
    whole,
)
from baclotaper.cli.export import add_output_options, one_stdout, reports_to, wants_output, write_outputs
from baclotaper.common import bounds
from baclotaper.common.bounds import TextKind
from baclotaper.common.errors import InputError
from baclotaper.nurse_log.advice import Proposal, advise
from baclotaper.nurse_log.checklist import load_checklist
from baclotaper.nurse_log.entry_advice import entry_advice
from baclotaper.nurse_log.revise import apply_proposal, describe, observed_day, plan_position
from baclotaper.nurse_log.revision_plan import revision_plan, stored_document
from baclotaper.nurse_log.store import LogEntry, Patient, Store, StoreError
from baclotaper.nurse_log.store.export_csv import export_log_csv
from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import Route


def register(subparsers: argparse._SubParsersAction[OneLineParser]) -> None:
    log = subparsers.add_parser("log", help="the nurse's symptom log", description=__doc__.split("\n\n")[0])
    sub = log.add_subparsers(dest="log_command", metavar="ACTION", required=True, parser_class=OneLineParser)

    p = sub.add_parser("patient", help="add a patient")
    p.add_argument("--name", required=True, type=text_of(TextKind.NAME, required=True), help="name or initials")
    p.add_argument("--identifier", default="", type=text_of(TextKind.IDENTIFIER), help="hospital or clinic identifier")
    p.add_argument("--dob", type=birth_date, help="date of birth, YYYY-MM-DD")
    p.set_defaults(func=_patient)

    p = sub.add_parser("attach", help="attach a plan file to a patient (its first revision)")
    _patient_arg(p)
    p.add_argument("--plan", type=input_file, required=True, metavar="FILE", help=".baclotaper plan file")
    p.add_argument("--by", required=True, type=_initials, help="your initials")
    p.set_defaults(func=_attach)

    p = sub.add_parser("add", help="record a checklist entry and print the advice")
    _patient_arg(p)
    p.add_argument("--by", required=True, type=_initials, help="your initials")
    p.add_argument("--observed", type=_when, help="when observed, YYYY-MM-DDTHH:MM (default now)")
    p.add_argument(
        "--route", choices=["oral", "intrathecal"], help="when no plan is attached (default oral); a plan's own decides"
    )
    p.add_argument("--score", action="append", default=[], metavar="ITEM=0..3", help="a symptom and its severity")
    p.add_argument("--temperature", type=number("°C"))
    p.add_argument("--heart-rate", type=number("beats/min"))
    p.add_argument("--bp", help="blood pressure SYSTOLIC/DIASTOLIC, e.g. 135/85")
    p.add_argument("--respiratory-rate", type=number("breaths/min"))
    p.add_argument("--spasticity", help="Modified Ashworth: 0, 1, 1+, 2, 3, 4")
    p.add_argument("--notes", default="", type=text_of(TextKind.NOTE), help="free text")
    p.set_defaults(func=_add)

    p = sub.add_parser("revise", help="accept a hold or a step back: a new revision of the patient's plan")
    _patient_arg(p)
    p.add_argument("--proposal", choices=["hold", "step_back"], required=True)
    p.add_argument("--days", type=whole("days"), help="how long (default from the advice rules)")
    p.add_argument("--on", type=iso_date, help="from this day (default today)")
    p.add_argument("--by", required=True, type=_initials, help="your initials")
    p.add_argument(
        "--reason",
        required=True,
        type=text_of(TextKind.SHORT, required=True),
        help="why, e.g. 'visual hallucinations day 2 after the cut'",
    )
    p.add_argument("--entry", type=whole("entry"), help="the entry whose advice this accepts (accepted once)")
    p.set_defaults(func=_revise)

    p = sub.add_parser(
        "plan", help="the patient's current plan revision (or --revision N) as a plan file, PDF, calendar or CSV"
    )
    _patient_arg(p)
    p.add_argument("--revision", type=whole("revision"), help="which revision (default the current one)")
    p.add_argument("--save", type=output_file, metavar="FILE", help="write it as a .baclotaper plan file")
    add_output_options(p)
    p.set_defaults(func=_plan, parser=p)

    p = sub.add_parser("list", help="list a patient's entries")
    _patient_arg(p)
    _range_args(p)
    p.set_defaults(func=_list)

    p = sub.add_parser("export", help="export a patient's log")
    _patient_arg(p)
    _range_args(p)
    p.add_argument("--csv", type=output_file, metavar="FILE", help="the entries as a spreadsheet (- : standard output)")
    p.add_argument("--pdf", type=output_file, metavar="FILE", help="observation chart (- : standard output)")
    p.add_argument("--paper", choices=["A4", "Letter"], default="A4")
    p.set_defaults(func=_export)

    p = sub.add_parser("backup", help="a checked copy of the log, kept in backups/ beside it")
    p.add_argument("--to", type=input_file, metavar="FILE", help="write the copy here instead (a new file)")
    p.add_argument("--list", action="store_true", help="list the backups kept")
    p.set_defaults(func=_backup)

    p = sub.add_parser("restore", help="replace the log with a backup (what it held is backed up first)")
    p.add_argument("backup", type=input_file, metavar="BACKUP", help="a backup file (baclotaper log backup --list)")
    p.set_defaults(func=_restore)

    p = sub.add_parser("migrate", help="copy the whole log to another (a ward's server) and check the copy")
    p.add_argument("--to", required=True, metavar="URL", help="postgresql://user@host/database or sqlite:///path")
    p.set_defaults(func=_migrate)

    p = sub.add_parser("upgrade", help="bring the log to this release's schema (a ward's server: once, by its owner)")
    p.set_defaults(func=_upgrade)

    p = sub.add_parser("items", help="the checklist items for a route (ids for --score)")
    p.add_argument("--route", choices=["oral", "intrathecal"], default="oral")
    p.set_defaults(func=_items)


def _patient_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--patient", required=True, type=text_of(TextKind.NAME, required=True), help="identifier, name, or #id"
    )


def _range_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=iso_date, help="first day, YYYY-MM-DD")
    p.add_argument("--until", type=iso_date, help="last day, YYYY-MM-DD")


_initials = text_of(TextKind.INITIALS, required=True)


def _when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date and time; write YYYY-MM-DDTHH:MM") from None
    try:
        bounds.check_moment("observed", value)
        return value if value.tzinfo else value.astimezone()
    except (InputError, OverflowError, OSError):
        first, last = bounds.care_years()
        raise argparse.ArgumentTypeError(f"'{text}' is outside {first}–{last}") from None


def _find(store: Store, text: str) -> Patient:
    if text.startswith("#") and text[1:].isdigit():
        try:
            return store.patient(int(text[1:]))
        except StoreError:
            raise InputError("patient", f"no patient {text}") from None
    matches = store.find_patients(text)
    exact = [p for p in matches if text.casefold() in (p.identifier.casefold(), p.name.casefold())]
    if len(exact) == 1:
        return exact[0]
    if not matches:
        raise InputError("patient", f"no patient matches '{text}'; add one with: baclotaper log patient --name …")
    names = ", ".join(f"#{p.id} {p.name} {p.identifier}".strip() for p in matches[:5])
    raise InputError("patient", f"'{text}' matches {len(matches)} patients ({names}); use the identifier or #id")


def _current_plan(store: Store, patient: Patient) -> tuple[int, int, TaperPlan] | None:
    plans = store.plans(patient.id)
    if not plans:
        return None
    latest = plans[-1]
    revision = store.latest_revision(latest.id)
    if revision is None:
        return None
    return latest.id, revision.number, planfile.plan_from_dict(revision.data())


def _patient(args: argparse.Namespace) -> int:
    with Store.open() as store:
        p = store.add_patient(name=args.name, identifier=args.identifier, date_of_birth=args.dob)
    print(f"patient #{p.id}: {p.name} {p.identifier}".rstrip())
    return 0


def _attach(args: argparse.Namespace) -> int:
    plan = planfile.load(args.plan)
    with Store.open() as store:
        patient = _find(store, args.patient)
        stored = store.add_plan(patient_id=patient.id, title=args.plan.stem[: bounds.text_limit(TextKind.SHORT)])
        store.add_revision(plan_id=stored.id, document=stored_document(plan), author=args.by, reason="attached")
    print(f"plan #{stored.id} attached to {patient.name}: {len(plan.steps)} steps, revision 1")
    return 0


def _scores(pairs: list[str]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for pair in pairs:
        item, sep, value = pair.partition("=")
        if not sep or not value.strip().isdigit():
            raise InputError("score", f"'{pair}' is not ITEM=0..3, e.g. visual_hallucinations=2")
        item = item.strip()
        if item in scores:  # the later one would silently replace the earlier (a seizure scored 0)
            raise InputError("score", f"'{item}' is scored twice ({item}={scores[item]}, {item}={int(value)})")
        scores[item] = int(value)
    return scores


def _vitals(args: argparse.Namespace) -> dict[str, float | None]:
    vitals: dict[str, float | None] = {
        "temperature": args.temperature,
        "heart_rate": args.heart_rate,
        "respiratory_rate": args.respiratory_rate,
    }
    if args.bp:
        systolic, sep, diastolic = args.bp.partition("/")
        try:
            vitals["systolic"], vitals["diastolic"] = float(systolic), float(diastolic)
        except ValueError:
            raise InputError("bp", f"'{args.bp}' is not SYSTOLIC/DIASTOLIC, e.g. 135/85") from None
        if not sep:
            raise InputError("bp", f"'{args.bp}' is not SYSTOLIC/DIASTOLIC, e.g. 135/85")
    return {k: v for k, v in vitals.items() if v is not None}


def _entry_route(patient: Patient, plan: TaperPlan | None, chosen: str | None) -> Route:
    """The plan's route; without a plan the one asked for, else oral."""
    if plan is None:
        return Route(chosen or Route.ORAL.value)
    if chosen is not None and chosen != plan.regimen.route.value:
        raise InputError("route", f"{patient.name}'s plan is for {plan.regimen.route.value} baclofen")
    return plan.regimen.route


def _add(args: argparse.Namespace) -> int:
    observed = args.observed or datetime.now().astimezone()
    with Store.open() as store:
        patient = _find(store, args.patient)
        current = _current_plan(store, patient)
        route = _entry_route(patient, current[2] if current else None, args.route)
        scores = _scores(args.score)
        known = {item.id for item in load_checklist(route).items}
        for item_id in scores:
            if item_id not in known:
                raise InputError(
                    "score",
                    f"'{item_id}' is not a checklist item for {route} baclofen; "
                    f"'baclotaper log items --route {route}' lists them",
                )
        vitals = _vitals(args)
        position = plan_position(current[2], observed_day(observed)) if current else None
        advice = advise(
            scores=scores,
            vitals=vitals,
            route=route,
            days_since_cut=position.days_since_cut if position else None,
            renal_impaired=current[2].regimen.renal_impaired if current else False,
        )
        link: dict[str, Any] = {}
        if current and position:
            link = {
                "plan_id": current[0],
                "revision": current[1],
                "step_index": position.step_index,
                "days_since_cut": position.days_since_cut,
            }
        entry = store.add_entry(
            patient_id=patient.id,
            observed_at=observed,
            recorded_by=args.by,
            scores=scores,
            tier=advice.tier,
            vitals=vitals,
            spasticity=args.spasticity,
            notes=args.notes,
            **link,
        )
    print(f"entry #{entry.id} saved for {patient.name}: checklist total {advice.total} (not a validated scale)")
    if current is None and args.route is None:
        print("no plan attached: advice for oral baclofen (--route intrathecal for a pump)")
    if position and position.step_number:
        since = "" if position.days_since_cut is None else f", day {position.days_since_cut} after the last cut"
        print(f"plan step {position.step_number}{since}")
    if advice.onset_note:
        print(advice.onset_note)
    if advice.tier != "none":
        label = advice.tier.upper().replace("_", " ")
        print(advice.banner if advice.banner.upper().startswith(label) else f"{label}: {advice.banner}")
        for reason in advice.reasons:
            print(f"  - {reason.text} ({reason.source} [{reason.tag}])")
        for action in advice.actions:
            print(f"  * {action.text} ({action.source} [{action.tag}])")
        for proposal in advice.proposals:
            print(f"  proposal: {describe(proposal)}")
    return 0


def _check_proposed(entry: LogEntry, plan: TaperPlan, proposal: Proposal) -> None:
    """An entry's answer is what its advice proposed: never a hold or a step back for an overdose,
    a mixed picture or a pump problem (a revision without ``--entry`` is the prescriber's own)."""
    advice = entry_advice(entry, plan.regimen.route, renal_impaired=plan.regimen.renal_impaired)
    if proposal.kind not in {p.kind for p in advice.proposals}:
        raise InputError(
            "proposal",
            f"the advice of entry {entry.id} ({advice.tier.replace('_', ' ')}) proposed no "
            f"{proposal.kind.replace('_', ' ')}; without --entry a revision is the prescriber's own decision",
        )


def _revise(args: argparse.Namespace) -> int:
    with Store.open() as store:
        patient = _find(store, args.patient)
        current = _current_plan(store, patient)
        if current is None:
            raise InputError("patient", f"{patient.name} has no plan; attach one with: baclotaper log attach")
        plan_id, _number, plan = current
        proposal = Proposal(kind=args.proposal, days=args.days)
        answered = store.entry(args.entry) if args.entry is not None else None
        if answered is not None and answered.patient_id == patient.id:  # another's: the store refuses it
            _check_proposed(answered, plan, proposal)
        revised = apply_proposal(plan, proposal, on=args.on or date.today(), reason=args.reason)
        revision = store.add_revision(
            plan_id=plan_id,
            document=stored_document(revised),
            author=args.by,
            reason=args.reason,
            answers_entry=args.entry,
            proposal=args.proposal if args.entry is not None else None,
        )
    print(f"plan #{plan_id} revision {revision.number}: {describe(proposal)}")
    print(f"target now reached {revised.stop_date.isoformat()} (was {plan.stop_date.isoformat()})")
    return 0


def _plan(args: argparse.Namespace) -> int:
    if args.save is None and not wants_output(args):
        args.parser.error("say what to write: --save FILE, --pdf FILE, --ics FILE or --csv FILE")
    with Store.open() as store:
        patient = _find(store, args.patient)
        plans = store.plans(patient.id)
        if not plans:
            raise InputError("patient", f"{patient.name} has no plan; attach one with: baclotaper log attach")
        plan = revision_plan(store, plans[-1].id, args.revision)
    note = plan.revision
    assert note is not None  # revision_plan always sets it
    print(
        f"plan #{plans[-1].id} revision {note.number} of {patient.name}, saved "
        f"{note.created.astimezone():%Y-%m-%d %H:%M} by {note.author}: {note.reason}"
    )
    if note.superseded:
        print(f"OUT OF DATE: revision {note.latest} replaces it: do not dose from this copy")
    for line in note.changes:
        print(f"  {line}")
    if args.save is not None:
        planfile.save(plan, args.save)
        print(f"Wrote {args.save}")
    write_outputs(plan, args, sys.stdout)
    return 0


def _entry_line(e: LogEntry) -> str:
    vitals = ", ".join(f"{k} {v:g}" for k, v in e.vitals.items())
    scored = ", ".join(f"{k}={v}" for k, v in e.scores.items() if v)
    state = f" [superseded by #{e.superseded_by}]" if e.superseded_by else ""
    fix = f" (corrects #{e.supersedes})" if e.supersedes else ""
    day = f" day {e.days_since_cut} after cut" if e.days_since_cut is not None else ""
    return (
        f"#{e.id} {e.observed_at.astimezone():%Y-%m-%d %H:%M} by {e.recorded_by}{day}: {e.tier}, total {e.total}"
        f"{'; ' + scored if scored else ''}{'; ' + vitals if vitals else ''}{fix}{state}"
    )


def _list(args: argparse.Namespace) -> int:
    with Store.open() as store:
        patient = _find(store, args.patient)
        entries = store.entries(patient.id, since=args.since, until=args.until)
    print(f"{patient.name} {patient.identifier}: {len(entries)} entries".replace("  ", " "))
    for e in entries:
        print(_entry_line(e))
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.csv is None and args.pdf is None:
        raise InputError("export", "say --csv FILE and/or --pdf FILE")
    one_stdout(args, {"csv": "--csv", "pdf": "--pdf"})
    report = reports_to(args, ("csv", "pdf"))
    with Store.open() as store:
        patient = _find(store, args.patient)
        if args.csv is not None:
            count = export_log_csv(
                store=store, patient_id=patient.id, path=args.csv, since=args.since, until=args.until
            )
            report.write(f"{args.csv}: {count} entries\n")
        if args.pdf is not None:
            from baclotaper.exports.log_pdf import export_log_pdf

            pages = export_log_pdf(
                store=store, patient_id=patient.id, path=args.pdf, since=args.since, until=args.until, paper=args.paper
            )
            report.write(f"{args.pdf}: {pages} page{'' if pages == 1 else 's'}\n")
    return 0


def _items(args: argparse.Namespace) -> int:
    checklist = load_checklist(args.route)
    for item in checklist.items:
        sys.stdout.write(f"{item.id:<32} {item.tier:<16} {item.clinician}\n")
    return 0


def _counted(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('patients', 0)} patients, {counts.get('plan_revisions', 0)} plan revisions, "
        f"{counts.get('log_entries', 0)} log entries"
    )


def _backup(args: argparse.Namespace) -> int:
    with Store.open() as store:
        if args.list:
            kept = store.backups()
            print(f"{len(kept)} backups of {store.where}")
            for item in kept:
                print(f"{item.made.astimezone():%Y-%m-%d %H:%M}  {item.kind:<15} {item.path}")
            return 0
        if args.to is not None and (args.to.exists() or args.to.is_symlink()):
            raise InputError("--to", f"{args.to} already exists: a backup is written to a new file")
        if args.to is not None and not args.to.absolute().parent.is_dir():
            raise InputError("--to", f"{args.to.parent} is not a folder: a backup goes into one that exists")
        path = store.backup(args.to)
        counts = store.counts()
    print(f"{path}: checked copy of {store.where} ({_counted(counts)})")
    return 0


def _restore(args: argparse.Namespace) -> int:
    if not args.backup.is_file():
        raise InputError("backup", f"{args.backup} is not a file")
    with Store.open() as store:
        kept, counts = store.restore(args.backup)
        where = store.where
    print(f"{where} restored from {args.backup} ({_counted(counts)}); the log as it was is kept in {kept}")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from baclotaper.nurse_log.store.migrations import latest_version

    with Store.open() as store:  # opening the log brings it to the current schema
        counts = store.counts()
        where = store.where
    print(f"{where} is at schema {latest_version()}, this release's ({_counted(counts)})")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from baclotaper.nurse_log.store.backend import public
    from baclotaper.nurse_log.store.copy import copy_log
    from baclotaper.nurse_log.store.location import chosen

    with Store.open() as source:
        if public(chosen(args.to)) == source.where:
            raise InputError("--to", "is the log being copied; name another")
        with Store.open(args.to) as target:
            counts = copy_log(source.backend, target.backend)
            where = target.where
    print(f"copied {source.where} to {where} and checked every row ({_counted(counts)})")
    print(f"use it with: --database {where} (or set BACLOTAPER_DATABASE_URL, or Settings in the log window)")
    return 0
