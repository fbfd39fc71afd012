"""``baclotaper plan``: build a taper plan without a display."""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date

from baclotaper.cli.args import OneLineParser, input_file, iso_date, number, output_file, text_of, whole
from baclotaper.cli.export import (
    OUTPUT_OPTIONS,
    add_output_options,
    one_stdout,
    wants_output,
    with_contacts,
    write_outputs,
)
from baclotaper.common import atomic
from baclotaper.common.atomic import is_stdout
from baclotaper.common.bounds import TextKind
from baclotaper.common.errors import InputError
from baclotaper.common.numbers import NumberTextError, read_decimal
from baclotaper.exports.spreadsheet import schedule_csv
from baclotaper.exports.text import plan_text
from baclotaper.taper import planfile
from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.paces import PaceChanges, presets_for
from baclotaper.taper.plan import PlanOptions, TaperPlan
from baclotaper.taper.products import (
    ProductKind,
    default_intrathecal_concentration,
    default_strengths,
    intrathecal,
    parse_product,
    tablets,
)
from baclotaper.taper.pump import check_details
from baclotaper.taper.regimen import Indication, Regimen, Route, jurisdictions
from baclotaper.taper.schedule import parse_weekdays
from baclotaper.taper.split import parse_cut_order


def register(subparsers: argparse._SubParsersAction[OneLineParser]) -> None:
    p = subparsers.add_parser(
        "plan",
        help="build a taper plan",
        description="Build a baclofen taper plan (a draft for prescriber review).",
    )
    p.add_argument(
        "--from",
        dest="from_file",
        type=input_file,
        metavar="FILE",
        help="re-read a .baclotaper plan file",
    )
    p.add_argument("--route", choices=[r.value for r in Route], help="oral or intrathecal")
    p.add_argument("--dose", type=number("mg/day oral, mcg/day intrathecal"), help="current total daily dose")
    p.add_argument(
        "--product",
        help="tablets:10,20 | tablets:5,10+split | solution:1mg/ml | solution:2mg/ml | suspension:5mg/ml"
        " | granules:5,10,20",
    )
    p.add_argument(
        "--concentration",
        type=number("mcg/mL"),
        help="intrathecal concentration: 500, 1000 or 2000 mcg/mL",
    )
    p.add_argument("--allow-splitting", action="store_true", help="allow halving unscored tablets")
    p.add_argument(
        "--all-strengths",
        action="store_true",
        help="use every tablet strength given (default: the fewest that measure every step)",
    )
    p.add_argument("--per-day", type=whole("doses a day, 1–6"), default=3, help="oral doses a day (default 3)")
    p.add_argument("--split", help="current doses, morning first, e.g. 10+10+20")
    p.add_argument("--on-therapy", default=None, help="time on baclofen: 10d, 6w, 18m, 3y")
    p.add_argument("--start", type=iso_date, default=None, help="first cut, YYYY-MM-DD (default today)")
    p.add_argument("--target", type=number("daily dose"), default=0.0, help="target daily dose (default 0)")
    p.add_argument(
        "--pace",
        help=f"oral: {', '.join(presets_for(Route.ORAL))}; intrathecal: {', '.join(presets_for(Route.INTRATHECAL))}",
    )
    p.add_argument(
        "--interval-days",
        type=whole("days"),
        help="days between cuts in the phase that tapers to the target (below the maximum with --pace high_dose)",
    )
    p.add_argument(
        "--step",
        type=number("daily dose per cut"),
        help="fixed cut per step in the phase that tapers to the target (below the maximum with --pace high_dose)",
    )
    p.add_argument(
        "--percent",
        type=number("percent per cut"),
        help="cut this percent of the current dose, in the phase that tapers to the target",
    )
    p.add_argument(
        "--above-max-step",
        type=number("daily dose per cut"),
        help="fixed cut per step in the phase above the maximum (high_dose pace only; ANSM: 10–15 mg)",
    )
    p.add_argument(
        "--above-max-interval-days",
        type=whole("days"),
        help="days between cuts in the phase above the maximum (high_dose pace only; ANSM: 2)",
    )
    p.add_argument("--custom", help="own steps as DOSE:DAYS,..., e.g. 50:7,40:7,30:14")
    p.add_argument("--cut-order", help="which dose gives way first, e.g. midday,morning,bedtime")
    p.add_argument("--avoid-weekdays", help="no cuts on these days, e.g. fri,sat,sun")
    p.add_argument("--age", type=whole("years"))
    p.add_argument("--egfr", type=number("mL/min/1.73 m²"))
    p.add_argument("--dialysis", action="store_true")
    p.add_argument("--sedatives", action="store_true", help="takes sedatives or opioids")
    p.add_argument("--pregnant", action="store_true")
    p.add_argument("--prior-withdrawal", action="store_true", help="earlier baclofen withdrawal")
    p.add_argument(
        "--due-date",
        type=iso_date,
        help="expected delivery date, YYYY-MM-DD (implies --pregnant): the plan says whether it ends before",
    )
    p.add_argument(
        "--spinal-injury-t6",
        action="store_true",
        help="spinal cord injury at T6 or above (boxed-warning risk group)",
    )
    p.add_argument(
        "--communication-difficulty",
        action="store_true",
        help="cannot reliably report symptoms (boxed-warning risk group)",
    )
    p.add_argument("--indication", choices=[i.value for i in Indication], default="spasticity")
    p.add_argument("--jurisdiction", default="US", help=f"maximum dose rules: {', '.join(jurisdictions())}")
    pump = p.add_argument_group("intrathecal pump (for the reservoir forecast)")
    pump.add_argument("--pump-model", type=text_of(TextKind.SHORT), help="e.g. SynchroMed II")
    pump.add_argument(
        "--concentration-change",
        metavar="RATE:MCG_PER_ML",
        help="plan a refill with another concentration once the rate is at or below RATE mcg/day, "
        "e.g. 100:500 (a step of its own, holding the rate one interval)",
    )
    pump.add_argument("--reservoir-ml", type=number("mL"), help="volume put in the reservoir at the last refill, mL")
    pump.add_argument("--last-refill", type=iso_date, help="date of the last refill, YYYY-MM-DD")
    pump.add_argument("--next-refill", type=iso_date, help="date of the booked refill, YYYY-MM-DD")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")
    p.add_argument(
        "-o", "--output", type=output_file, metavar="FILE", help="write to FILE instead of the screen (- : the screen)"
    )
    p.add_argument("--save", type=output_file, metavar="FILE", help="also save the .baclotaper plan file")
    add_output_options(p)
    p.set_defaults(func=run, parser=p)


def _decimal(text: str) -> float:
    """A number in plain digits with one decimal point (as ``--dose`` reads it); ``ValueError``
    for anything else (``nan``, ``1e2``, ``1_0``, digits of other scripts)."""
    try:
        value = read_decimal(text)
    except NumberTextError:
        raise ValueError(text) from None
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _whole(text: str) -> int:
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(text)
    return int(digits)


def _custom(text: str) -> tuple[tuple[float, int], ...]:
    steps = []
    for part in text.split(","):
        dose, sep, days = part.strip().partition(":")
        try:
            steps.append((_decimal(dose), _whole(days)))
        except ValueError:
            raise InputError("custom", f"'{part.strip()}' is not DOSE:DAYS, e.g. 50:7") from None
        if not sep:
            raise InputError("custom", f"'{part.strip()}' is not DOSE:DAYS, e.g. 50:7")
    return tuple(steps)


def _concentration_change(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    rate, sep, strength = text.strip().lower().removesuffix("mcg/ml").partition(":")
    try:
        if not sep:
            raise ValueError
        return _decimal(rate), _decimal(strength)
    except ValueError:
        raise InputError("concentration_change", f"'{text}' is not RATE:MCG_PER_ML, e.g. 100:500") from None


def _split(text: str) -> tuple[float, ...]:
    try:
        return tuple(_decimal(x) for x in text.replace(",", "+").split("+"))
    except ValueError:
        raise InputError("split", f"'{text}' is not doses joined by +, e.g. 10+10+20") from None


def _pump_details(args: argparse.Namespace) -> dict[str, str]:
    given = {
        "pump_model": args.pump_model,
        "reservoir_ml": None if args.reservoir_ml is None else f"{args.reservoir_ml:g}",
        "last_refill": args.last_refill.isoformat() if args.last_refill else None,
        "next_refill": args.next_refill.isoformat() if args.next_refill else None,
    }
    details = {key: value for key, value in given.items() if value}
    if "reservoir_ml" in details:
        check_details(details)
    return details


def plan_from_args(args: argparse.Namespace) -> TaperPlan:
    if args.from_file is not None:
        return planfile.load(args.from_file)
    if args.route is None:
        raise InputError("route", "say --route oral or --route intrathecal")
    if args.dose is None:
        raise InputError("dose", "say the current total daily dose, e.g. --dose 60")
    if args.on_therapy is None:
        raise InputError("on_therapy", "say how long the patient has taken baclofen, e.g. --on-therapy 18m")
    route = Route(args.route)
    if route is Route.INTRATHECAL:
        if args.product and not args.product.lower().startswith("intrathecal"):
            raise InputError(
                "product",
                f"'{args.product}' is an oral product; intrathecal plans take --concentration",
            )
        concentration = args.concentration
        product = intrathecal(concentration if concentration is not None else default_intrathecal_concentration())
        if args.split:
            raise InputError("split", "applies to oral baclofen only")
    else:
        if args.concentration is not None:
            raise InputError(
                "concentration",
                "applies to intrathecal baclofen only; oral liquids go in --product",
            )
        market = default_strengths(args.jurisdiction.upper())
        product = parse_product(args.product) if args.product else tablets(market, allow_splitting=args.allow_splitting)
        if product.kind is ProductKind.INTRATHECAL:
            # Otherwise an oral plan would print the pump's mcg as if they were mg.
            raise InputError(
                "product",
                f"'{args.product}' is an intrathecal product; use --route intrathecal and --concentration",
            )
        if args.product and args.allow_splitting and product.kind is ProductKind.TABLETS:
            product = parse_product(args.product.split("+")[0] + "+split")
    regimen = Regimen(
        product=product,
        daily_dose=args.dose,
        on_therapy=Duration.parse(args.on_therapy),
        start=args.start or date.today(),
        per_day=args.per_day if route is Route.ORAL else 1,
        split=_split(args.split) if args.split else None,
        target=args.target,
        age=args.age,
        egfr=args.egfr,
        dialysis=args.dialysis,
        prior_withdrawal=args.prior_withdrawal,
        pregnant=args.pregnant or args.due_date is not None,
        due_date=args.due_date,
        sedatives=args.sedatives,
        spinal_injury_t6=args.spinal_injury_t6,
        communication_difficulty=args.communication_difficulty,
        indication=Indication(args.indication),
        jurisdiction=args.jurisdiction.upper(),
        extra=_pump_details(args) if route is Route.INTRATHECAL else {},
    )
    options = PlanOptions(
        pace=PaceChanges(
            pace=args.pace,
            interval_days=args.interval_days,
            step=args.step,
            percent=args.percent,
            above_max_step=args.above_max_step,
            above_max_interval_days=args.above_max_interval_days,
        ),
        custom=_custom(args.custom) if args.custom else None,
        cut_order=parse_cut_order(args.cut_order, regimen.per_day) if args.cut_order and route is Route.ORAL else None,
        avoid_weekdays=parse_weekdays(args.avoid_weekdays) if args.avoid_weekdays else frozenset(),
        concentration_change=_concentration_change(args.concentration_change),
        all_strengths=args.all_strengths,
    )
    return build_plan(regimen, options)


def run(args: argparse.Namespace) -> int:
    if args.reader is not None and args.sections is not None:
        args.parser.error("--for and --sections: give one or the other")
    # The plan's text goes to standard output unless -o names a file.
    one_stdout(args, {"output": "-o", "save": "--save"} | OUTPUT_OPTIONS)
    if args.output is None:
        for name, option in ({"save": "--save"} | OUTPUT_OPTIONS).items():
            if is_stdout(getattr(args, name) or ""):
                raise InputError(option, "standard output already carries the plan's text; add -o FILE for the text")
    plan = with_contacts(plan_from_args(args), args)
    text = {"text": plan_text, "json": planfile.dumps, "csv": schedule_csv}[args.format](plan)
    if args.format == "json":
        text += "\n"
    if args.save is not None:
        planfile.save(plan, args.save)
    if args.output is not None and not is_stdout(args.output):
        atomic.write_text(args.output, text)
    else:
        sys.stdout.write(text)
    if wants_output(args):
        # stdout carries the plan itself (maybe piped as JSON): say what was written on stderr.
        write_outputs(plan, args, sys.stderr)
    return 0
