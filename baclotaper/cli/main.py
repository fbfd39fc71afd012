"""The ``baclotaper`` command: the window by default, or a subcommand without a display."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from baclotaper import __version__
from baclotaper.cli import export as export_command
from baclotaper.cli import log as log_command
from baclotaper.cli import plan as plan_command
from baclotaper.cli.args import OneLineParser, report
from baclotaper.common import paths
from baclotaper.common.errors import InputError, PlanFileError
from baclotaper.nurse_log.store import StoreError, location

# Each module adds one subcommand; later commands (export, log) join this list.
COMMANDS = [plan_command, export_command, log_command]


def make_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="baclotaper",
        description="Plan a gradual withdrawal of baclofen. Every plan is a draft for a prescriber to review.",
    )
    parser.add_argument("--version", action="version", version=f"BacloTaper {__version__}")
    parser.add_argument("--data-dir", type=Path, help=f"keep all data here (or set {paths.ENV_DATA_DIR})")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="the nurse's log to use: a file path, sqlite:///path or postgresql://user@host/db "
        f"(or set {location.ENV_DATABASE_URL}; default: the file in the data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def _start_window(argv: Sequence[str]) -> int:
    from baclotaper.gui.app import run_app

    return int(run_app(list(argv)))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    args = parser.parse_args(args_list)
    if args.data_dir is not None:
        paths.set_data_dir(args.data_dir)
    location.set_override(args.database)
    if args.command is None:
        return _start_window(args_list)
    prog = f"baclotaper {args.command}"
    try:
        return int(args.func(args))
    except InputError as exc:
        return report(prog, exc.field, exc.message)
    except (PlanFileError, StoreError) as exc:
        sys.stderr.write(f"{prog}: error: {exc}\n")
        return 2
    except OSError as exc:
        name = exc.filename or ""
        sys.stderr.write(f"{prog}: error: {name}: {exc.strerror or exc}\n")
        return 2
