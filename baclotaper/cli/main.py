"""The ``baclotaper`` command: the window by default, or a subcommand without a display.

Starting the window is what most people do, so it is kept light: when the arguments are only the
window's own options (``--data-dir``, ``--database``), they are read here without building the
subcommands' parser, which would import argparse, every subcommand, the log's store and the exporters
before the first paint.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from baclotaper import __version__
from baclotaper.common import paths

if TYPE_CHECKING:
    from baclotaper.cli.args import OneLineParser

# The subcommands, one module each; each adds itself to the parser (imported only for the parser).
COMMANDS = ("plan", "export", "log")
WINDOW_OPTIONS = ("--data-dir", "--database")
# The form's Qt-free modules, imported before PySide6: once PySide6 is loaded it reads the source of
# every module imported after it (its check for ``from __feature__``).  The engine that builds plans
# is not among them: the window imports it just after its first paint (MainWindow.start).
WINDOW_CORE = (
    "baclotaper.common.atomic",
    "baclotaper.common.settings",
    "baclotaper.taper.paces",
    "baclotaper.taper.products",
    "baclotaper.taper.regimen",
    "baclotaper.taper.schedule",
    "baclotaper.taper.split",
    "importlib.readers",  # what reading the form's data files loads (with zipfile)
)


def make_parser() -> OneLineParser:
    from importlib import import_module

    from baclotaper.cli.args import OneLineParser
    from baclotaper.nurse_log.store import location

    parser = OneLineParser(
        prog="baclotaper",
        description="Plan a gradual withdrawal of baclofen. Every plan is a draft for a prescriber to review.",
        epilog="Without a command the window opens; 'baclotaper PLAN.baclotaper' opens that plan in it.",
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
    for name in COMMANDS:
        import_module(f"baclotaper.cli.{name}").register(sub)
    return parser


def window_options(args: Sequence[str]) -> dict[str, str] | None:
    """The window's options when ``args`` hold nothing else (each once, with a value); else None."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        name, given, value = rest.pop(0).partition("=")
        if name not in WINDOW_OPTIONS or name in found:
            return None
        if not given:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None  # the full parser says what is wrong
        found[name] = value
    return found


def plan_file_argument(args: Sequence[str]) -> tuple[list[str], str | None]:
    """``baclotaper FILE.baclotaper`` (the desktop entry's ``%f``, a double-click) opens the plan in
    the window: the first word that is neither an option, an option's value nor a command is the file."""
    words = list(args)
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
        elif word in WINDOW_OPTIONS:
            skip = True
        elif not word.startswith("-"):
            if word in COMMANDS:
                return words, None
            return words[:index] + words[index + 1 :], word
    return words, None


def _start_window(argv: Sequence[str], options: dict[str, str], plan_file: Path | None = None) -> int:
    if "--data-dir" in options:
        paths.set_data_dir(Path(options["--data-dir"]))
    if "--database" in options:
        from baclotaper.nurse_log.store import location

        location.set_override(options["--database"])
    import gc
    from importlib import import_module

    # Start-up creates a few hundred thousand objects that all live on; the collector's passes over
    # them were ~5 % of the time to the first paint.  run_app turns it back on once the window shows.
    gc.disable()
    for name in WINDOW_CORE:
        import_module(name)
    from baclotaper.gui.app import run_app

    return int(run_app(list(argv), plan_file=plan_file))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    rest, plan_file = plan_file_argument(args_list)
    options = window_options(rest)
    if plan_file is not None and options is not None:
        path = Path(plan_file)
        if not path.is_file():
            sys.stderr.write(
                f"baclotaper: error: {plan_file}: no such plan file (or a command: {', '.join(COMMANDS)})\n"
            )
            return 2
        return _start_window(rest, options, path)
    if options is not None:
        return _start_window(args_list, options)
    return _run_command(args_list)


def _run_command(args_list: list[str]) -> int:
    from baclotaper.cli.args import refuse, report
    from baclotaper.common.errors import InputError, PlanFileError
    from baclotaper.nurse_log.store import StoreError, location

    args = make_parser().parse_args(args_list)
    if args.data_dir is not None:
        paths.set_data_dir(args.data_dir)
    location.set_override(args.database)
    if args.command is None:
        return _start_window(args_list, {})
    action = getattr(args, "log_command", None)
    prog = f"baclotaper {args.command}" + (f" {action}" if action else "")
    try:
        return int(args.func(args))
    except InputError as exc:
        return report(prog, exc.field, exc.message)
    except (PlanFileError, StoreError) as exc:
        return refuse(prog, str(exc))
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        return refuse(prog, f"{name}{exc.strerror or exc}")
