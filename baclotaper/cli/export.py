"""``baclotaper export``: the printable PDF, the calendar file, the CSV and the FHIR bundle of a saved plan.

The same output options are offered by ``baclotaper plan``; both use :func:`add_output_options`
and :func:`write_outputs` from here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TextIO

from baclotaper.cli.args import OneLineParser, input_file, iso_date, output_file
from baclotaper.common.atomic import is_stdout
from baclotaper.common.errors import InputError
from baclotaper.exports.print_options import PACKETS, PAPER_NAMES, SECTIONS, check_paper, check_reader, check_sections
from baclotaper.taper import planfile
from baclotaper.taper.plan import TaperPlan


def _checked(check: Callable[[str], object]) -> Callable[[str], object]:
    """An argparse type from a checker that raises :class:`InputError`: one line naming the option."""

    def parse(text: str) -> object:
        try:
            return check(text)
        except InputError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None

    return parse


def _sections(text: str) -> tuple[str, ...]:
    return check_sections([part for part in text.split(",") if part.strip()])


# Option -> the plan detail it fills (kept in the plan file, printed on the patient's pages).
CONTACT_OPTIONS: dict[str, str] = {
    "prescriber": "prescriber",
    "phone": "contact",
    "pump_team_phone": "pump_team_phone",
}
CONTACT_MAX_CHARS = 80


def _contact(option: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = " ".join(text.split())
        if len(value) > CONTACT_MAX_CHARS:
            raise argparse.ArgumentTypeError(f"at most {CONTACT_MAX_CHARS} characters ({option})")
        if not value.isprintable():
            raise argparse.ArgumentTypeError(f"'{text}' has characters that cannot be printed ({option})")
        return value

    return parse


def add_contact_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("whom the patient calls (printed on every patient page and the card)")
    group.add_argument("--prescriber", type=_contact("name"), metavar="NAME", help="prescriber's or clinic's name")
    group.add_argument("--phone", type=_contact("phone"), metavar="PHONE", help="prescriber's or clinic's phone")
    group.add_argument(
        "--pump-team-phone", type=_contact("phone"), metavar="PHONE", help="intrathecal pump team's phone"
    )


def with_contacts(plan: TaperPlan, args: argparse.Namespace) -> TaperPlan:
    """``plan`` with the contacts given on the command line in its details (kept when saved)."""
    given = {key: getattr(args, option) for option, key in CONTACT_OPTIONS.items() if getattr(args, option, None)}
    if not given:
        return plan
    extra = {**plan.regimen.extra, **given}
    return replace(plan, regimen=replace(plan.regimen, extra=extra))


def add_output_options(parser: argparse.ArgumentParser) -> None:
    add_contact_options(parser)
    group = parser.add_argument_group("files for print, calendar, spreadsheet and the health record")
    group.add_argument("--pdf", type=output_file, metavar="FILE", help="write the printable plan (PDF)")
    group.add_argument("--ics", type=output_file, metavar="FILE", help="write the dose changes as a calendar file")
    group.add_argument("--csv", type=output_file, metavar="FILE", help="write the day-by-day schedule (CSV)")
    group.add_argument(
        "--fhir",
        type=output_file,
        metavar="FILE",
        help="write the plan for the health record: a FHIR R4 bundle (JSON) of draft medication requests",
    )
    group.add_argument(
        "--for",
        dest="reader",
        type=_checked(check_reader),
        metavar="READER",
        help=f"PDF packet for one reader: {'|'.join(PACKETS)} (default all)",
    )
    group.add_argument(
        "--sections",
        type=_checked(_sections),
        metavar="LIST",
        help=f"PDF sections, comma-separated, instead of a packet: {','.join(SECTIONS)}",
    )
    group.add_argument(
        "--paper",
        type=_checked(check_paper),
        default="A4",
        help=f"PDF paper size: {' or '.join(PAPER_NAMES)} (default A4)",
    )
    group.add_argument("--large-print", action="store_true", help="PDF in large print")
    group.add_argument("--reminders", action="store_true", help="calendar: daily dose reminders and alarms")
    group.add_argument(
        "--generated",
        type=iso_date,
        metavar="DATE",
        help="date printed on the PDF and stamped in the calendar and FHIR bundle, YYYY-MM-DD (default today)",
    )


def one_stdout(args: argparse.Namespace, options: dict[str, str]) -> None:
    """Refuse two outputs sent to standard output (``-``): they would be mixed in one stream.

    ``options`` maps an args attribute to the option that sets it.
    """
    to_stdout = [option for name, option in options.items() if is_stdout(getattr(args, name, None) or "")]
    if len(to_stdout) > 1:
        raise InputError(to_stdout[1], f"only one output can go to standard output (-); {to_stdout[0]} already does")


def reports_to(args: argparse.Namespace, names: tuple[str, ...]) -> TextIO:
    """Where to say what was written: standard error when a file itself goes to standard output."""
    return sys.stderr if any(is_stdout(getattr(args, n, None) or "") for n in names) else sys.stdout


OUTPUT_OPTIONS = {"pdf": "--pdf", "ics": "--ics", "csv": "--csv", "fhir": "--fhir"}


def _name(path: Path) -> str:
    return "standard output" if is_stdout(path) else str(path)


def wants_output(args: argparse.Namespace) -> bool:
    return any(getattr(args, name) is not None for name in ("pdf", "ics", "csv", "fhir"))


def write_outputs(plan: TaperPlan, args: argparse.Namespace, report: TextIO) -> None:
    """Write every file asked for and say what was written, one line each."""
    # Imported here: reportlab and icalendar are slow to load and most commands do not need them.
    from baclotaper.exports.ics import export_ics
    from baclotaper.exports.pdf import export_pdf
    from baclotaper.exports.spreadsheet import export_csv

    generated: date = args.generated or date.today()
    if args.pdf is not None:
        pages = export_pdf(
            plan=plan,
            path=args.pdf,
            sections=args.sections,
            reader=args.reader,
            paper=args.paper,
            large_print=args.large_print,
            generated=generated,
        )
        report.write(f"Wrote {_name(args.pdf)} ({pages} page{'s' if pages != 1 else ''})\n")
    if args.ics is not None:
        events = export_ics(plan=plan, path=args.ics, reminders=args.reminders, generated=generated)
        report.write(f"Wrote {_name(args.ics)} ({events} event{'s' if events != 1 else ''})\n")
    if args.csv is not None:
        rows = export_csv(plan=plan, path=args.csv)
        report.write(f"Wrote {_name(args.csv)} ({rows} rows)\n")
    if args.fhir is not None:
        from baclotaper.exports.fhir import export_fhir

        steps = export_fhir(plan=plan, path=args.fhir, generated=generated)
        report.write(f"Wrote {_name(args.fhir)} (FHIR bundle, {steps} step{'s' if steps != 1 else ''})\n")


def register(subparsers: argparse._SubParsersAction[OneLineParser]) -> None:
    p = subparsers.add_parser(
        "export",
        help="write the PDF, calendar, CSV or FHIR bundle of a saved plan",
        description="Write the printable PDF, calendar file, CSV or FHIR bundle of a saved .baclotaper plan.",
    )
    p.add_argument("planfile", type=input_file, metavar="PLANFILE", help="a .baclotaper plan file")
    add_output_options(p)
    p.set_defaults(func=run, parser=p)


def run(args: argparse.Namespace) -> int:
    if not wants_output(args):
        args.parser.error("say what to write: --pdf FILE, --ics FILE, --csv FILE or --fhir FILE")
    if args.reader is not None and args.sections is not None:
        args.parser.error("--for and --sections: give one or the other")
    one_stdout(args, OUTPUT_OPTIONS)
    plan = with_contacts(planfile.load(args.planfile), args)
    write_outputs(plan, args, reports_to(args, tuple(OUTPUT_OPTIONS)))
    return 0
