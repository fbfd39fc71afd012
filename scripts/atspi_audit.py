"""What a screen reader sees: both windows through AT-SPI (the bus Orca listens to), walked with Tab.

Run on Debian with ``at-spi2-core``, ``python3-pyatspi``, ``xvfb`` and ``xdotool`` installed, from the
project folder, in a private display and a private D-Bus session:

    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- /usr/bin/python3 scripts/atspi_audit.py \
        [--window planner|log|both] [--dump FOLDER]

The audit (Debian's Python, which has ``pyatspi``) starts the window with the project's
``.venv/bin/python`` (``--serve``, a made-up patient and plan in a temporary folder, accessibility
forced on), then:

* dumps the accessible tree (role, name, description, value, states, relations) to ``FOLDER``;
* counts the controls, the unnamed ones, the misnamed ones (a combo box named by its current value,
  a name that is not the label pointing at it, one name shared by several fields of a row), and the
  tables whose columns have no header (or "1"–"7");
* presses Tab (xdotool) until the focus comes back to where it started, and says where it went:
  the number of presses to reach the step table, whether Tab left each table;
* types what makes news (an emergency score in the log, an age that adds a warning in the planner)
  and lists what was announced (``object:announcement`` events, alerts that appeared);
* closes the window and says how it went (its exit code: a crash on the way out shows there).

A combo box's value is the item selected in its list, as Orca reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "BacloTaper"
TITLES = {"planner": "BacloTaper", "log": "nurse's log"}
MAX_TABS = 400
# Roles a user operates; anything else that takes the focus counts too.
CONTROL_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "entry",
    "password text",
    "spin button",
    "slider",
    "table",
    "tree table",
    "list",
    "page tab",
    "calendar",
    "date editor",
}
GENERIC_ROLES = {"filler", "panel", "unknown", "redundant object"}
NOT_CONTROLS = {"scroll bar", "menu item", "menu", "menu bar", "table cell", "list item", "page tab list"}


# ----- the window, served (project venv) -------------------------------------------------------


def serve(which: str, folder: Path) -> None:
    """Show ``which`` window with a made-up patient and plan; quits when stdin closes."""
    import threading
    from datetime import date, timedelta

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from baclotaper.common import paths
    from baclotaper.taper import planfile
    from baclotaper.taper.build import build_plan
    from baclotaper.taper.durations import Duration
    from baclotaper.taper.products import parse_product
    from baclotaper.taper.regimen import Regimen

    paths.set_data_dir(folder)
    app = QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    today = date.today()
    regimen = Regimen(
        product=parse_product("tablets:10,20"),
        daily_dose=60,
        on_therapy=Duration.parse("2y"),
        start=today - timedelta(days=16),
    )
    plan = build_plan(regimen)
    window: Any

    def ready(*_done: object) -> None:
        sys.stdout.write("ready\n")
        sys.stdout.flush()

    if which == "planner":
        from baclotaper.common.settings import Settings
        from baclotaper.gui.planner.main_window import MainWindow

        path = folder / f"audit{planfile.SUFFIX}"
        planfile.save(plan, path)
        window = MainWindow(Settings(), today=today)
        window.files.open_plan(path)
        QTimer.singleShot(0, ready)
    else:
        from baclotaper.gui.nurse_log import LogWindow

        window = LogWindow(folder / "log.sqlite3", plan=plan)
        session = window.session

        def failed(message: str, _unreachable: bool) -> None:
            sys.stderr.write(f"the log: {message}\n")
            app.exit(1)

        def attach(*_added: object) -> None:
            # The log's thread writes; the session knows the patient once it has read them back.
            if session.patient is None:
                QTimer.singleShot(50, attach)
                return
            session.attach_plan(plan, title="oral taper", author="PR", reason="attached", done=ready, failed=failed)

        session.add_patient(
            name="A.B.", identifier="MRN-1042", date_of_birth=date(1968, 4, 12), done=attach, failed=failed
        )
    window.resize(1280, 760)
    window.show()
    window.activateWindow()
    # stdin closing (the audit is done) ends the app, from the GUI thread: a timer started in the
    # reading thread never fires (that thread has no event loop), and the window stayed up.
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    watch = QTimer(app)
    # exit, not quit: quit asks each window to close, and the planner asks about its unsaved plan.
    watch.timeout.connect(lambda: app.exit(0) if done.is_set() else None)
    watch.start(200)
    app.exec()
    sys.stdout.write("closed\n")  # the audit checks the window closed without a crash
    sys.stdout.flush()


# ----- the audit (Debian's python3 with pyatspi) -----------------------------------------------


@dataclass
class Node:
    role: str
    name: str
    description: str
    states: set[str]
    value: str
    labelled_by: list[str]
    depth: int
    path: str
    headers: list[str] = field(default_factory=list)
    in_table: bool = False

    @property
    def is_control(self) -> bool:
        if self.role in NOT_CONTROLS or self.in_table or "showing" not in self.states:
            return False
        return self.role in CONTROL_ROLES or "focusable" in self.states

    def line(self) -> str:
        bits = [f"{'  ' * self.depth}[{self.role}] {self.name!r}"]
        if self.value:
            bits.append(f"value={self.value!r}")
        if self.description:
            bits.append(f"desc={self.description[:70]!r}")
        if self.labelled_by:
            bits.append(f"labelled-by={self.labelled_by}")
        if self.headers:
            bits.append(f"headers={self.headers}")
        shown = sorted(self.states & {"focusable", "focused", "checked", "editable", "enabled", "showing"})
        bits.append("{" + ",".join(shown) + "}")
        return " ".join(bits)


def _states(acc: Any) -> set[str]:
    return {state.value_nick.replace("-", " ") for state in acc.getState().getStates()}


def _value(acc: Any, role: str) -> str:
    try:
        return f"{acc.queryValue().currentValue:g}"
    except NotImplementedError:
        pass
    if role == "combo box" and acc.childCount:
        # What Orca says as a combo box's value: the item selected in its list.
        try:
            chosen = acc.getChildAtIndex(0).querySelection()
            if chosen.nSelectedChildren:
                return str(chosen.getSelectedChild(0).name or "")
        except NotImplementedError:
            pass
    if role in {"text", "entry", "spin button", "combo box", "date editor"}:
        try:
            text = acc.queryText()
            return str(text.getText(0, -1))
        except NotImplementedError:
            return ""
    return ""


def _labelled_by(acc: Any) -> list[str]:
    import pyatspi

    names = []
    for relation in acc.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            names += [relation.getTarget(i).name for i in range(relation.getNTargets())]
    return names


def _headers(acc: Any) -> list[str]:
    try:
        table = acc.queryTable()
    except NotImplementedError:
        return []
    headers = []
    for column in range(min(table.nColumns, 12)):
        header = table.getColumnHeader(column)
        headers.append(header.name if header is not None else table.getColumnDescription(column) or "")
    return headers


def walk(acc: Any, depth: int = 0, path: str = "", in_table: bool = False) -> Iterator[Node]:
    role = acc.getRoleName()
    node = Node(
        role=role,
        name=acc.name or "",
        description=acc.description or "",
        states=_states(acc),
        value=_value(acc, role),
        labelled_by=_labelled_by(acc),
        depth=depth,
        path=path,
        headers=_headers(acc) if role in {"table", "tree table"} else [],
        in_table=in_table,
    )
    yield node
    # A table's cells: the first rows are enough to see what they say.
    children = range(60) if role in {"table", "tree table"} and acc.childCount > 60 else range(acc.childCount)
    for index in children:
        child = acc.getChildAtIndex(index)
        if child is not None:
            yield from walk(child, depth + 1, f"{path}/{index}", in_table or role in {"table", "tree table"})


def _plain(text: str) -> str:
    return " ".join(text.replace("&", "").rstrip(": ").split()).lower()


def misnamed(nodes: list[Node]) -> list[tuple[Node, str]]:
    """Controls whose name is not their own label, as far as the bus can tell.

    A combo box named by its current value (Qt's own convention on Linux) or by anything but its
    label; a field whose name does not start with the label pointing at it; a name shared by
    neighbours (a row label copied onto each of them).
    """
    found: list[tuple[Node, str]] = []
    controls = [n for n in nodes if n.is_control]
    siblings: dict[str, list[str]] = {}
    for node in controls:
        siblings.setdefault(node.path.rsplit("/", 1)[0], []).append(node.name)
    for node in controls:
        if not node.name:
            continue
        labels = [_plain(label) for label in node.labelled_by]
        own_text = node.role in {"check box", "push button", "toggle button", "radio button", "page tab"}
        neighbours = siblings[node.path.rsplit("/", 1)[0]]
        if node.role == "combo box" and node.value and node.name == node.value:
            found.append((node, "a combo box named by its value"))
        elif node.role == "combo box" and not labels:
            found.append((node, "a combo box with no label relation"))
        elif labels and not own_text and not any(_plain(node.name).startswith(label) for label in labels):
            found.append((node, f"label says {node.labelled_by[0]!r}"))
        elif neighbours.count(node.name) > 1:
            found.append((node, f"name shared by {neighbours.count(node.name)} neighbours"))
    return found


def headerless(nodes: list[Node]) -> list[Node]:
    tables = [n for n in nodes if n.role in {"table", "tree table"} and "showing" in n.states]
    return [t for t in tables if not any(t.headers) or all(h.strip().isdigit() for h in t.headers if h)]


def find_app(timeout: float = 30) -> Any:
    import pyatspi

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name and APP_NAME.lower() in app.name.lower() and app.childCount:
                return app
        time.sleep(0.3)
    raise SystemExit("the window never appeared on the accessibility bus")


def key(*keys: str) -> None:
    subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)


def type_text(text: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "60", text], check=True)


def describe(acc: Any) -> str:
    if acc is None:
        return "(nothing)"
    role = acc.getRoleName()
    parent = acc.parent
    if role in {"table cell", "list item"} and parent is not None:
        return f"{role} {acc.name!r} of {parent.getRoleName()} {parent.name!r}"
    return f"{role} {acc.name!r}"


class Listener:
    """Focus moves and announcements, collected while the GLib loop runs."""

    def __init__(self) -> None:
        self.focus: list[Any] = []
        self.announced: list[str] = []

    def __call__(self, event: Any) -> None:
        kind = event.type
        if kind.startswith("object:state-changed:focused") and event.detail1:
            self.focus.append(event.source)
        elif kind.startswith("object:announcement"):
            self.announced.append(f"announcement: {event.any_data!r} (from {describe(event.source)})")
        elif kind.startswith("object:state-changed:showing") and event.detail1:
            source = event.source
            if source is not None and source.getRoleName() in {"alert", "notification"}:
                self.announced.append(f"{source.getRoleName()} shown: {source.name!r} {source.description!r}")


def run_loop(tick: Callable[[], float | None]) -> None:
    """Call ``tick`` inside the AT-SPI event loop until it returns None (else: seconds to wait)."""
    import pyatspi
    from gi.repository import GLib

    def step() -> bool:
        delay = tick()
        if delay is None:
            pyatspi.Registry.stop()
        else:
            GLib.timeout_add(int(delay * 1000), step)
        return False

    GLib.timeout_add(500, step)
    pyatspi.Registry.start()


def focused_now(app: Any) -> Any:
    import pyatspi

    def search(acc: Any, depth: int) -> Any:
        # Qt marks the current tab of a tab bar and a combo box's current item "focused" too.
        ignored = {"frame", "application", "page tab", "list item", "table cell"}
        if acc.getState().contains(pyatspi.STATE_FOCUSED) and acc.getRoleName() not in ignored:
            return acc
        if depth > 40:
            return None
        for index in range(min(acc.childCount, 200)):
            child = acc.getChildAtIndex(index)
            if child is not None and (found := search(child, depth + 1)) is not None:
                return found
        return None

    return search(app, 0)


def tab_walk(app: Any, listener: Listener) -> dict[str, Any]:
    """Tab until the focus comes back to the first stop; every stop on the way."""
    start = focused_now(app)
    seen: list[str] = []
    listener.focus.clear()

    def tick() -> float | None:
        if seen or listener.focus:
            seen.append(describe(listener.focus[-1]) if listener.focus else "(no focus event)")
            listener.focus.clear()
        if (len(seen) > 1 and seen[-1] == seen[0]) or len(seen) >= MAX_TABS:
            return None
        key("Tab")
        return 0.25

    run_loop(tick)
    return {"start": describe(start), "stops": seen}


def analyse_walk(stops: list[str]) -> dict[str, Any]:
    table_presses = next((i + 1 for i, s in enumerate(stops) if "Steps of the plan" in s), None)
    in_tables: dict[str, int] = {}
    for stop in stops:
        if stop.startswith("table cell") or stop.startswith("list item"):
            owner = stop.split(" of ", 1)[1]
            in_tables[owner] = in_tables.get(owner, 0) + 1
    return {
        "presses": len(stops),
        "distinct": len(set(stops)),
        "presses_to_step_table": table_presses,
        "presses_inside_tables": in_tables,
    }


def grab(app: Any, test: Callable[[Any], bool]) -> bool:
    for node in _objects(app):
        if test(node):
            node.queryComponent().grabFocus()
            return True
    return False


def _objects(acc: Any, depth: int = 0) -> Iterator[Any]:
    yield acc
    if depth > 40 or acc.getRoleName() in {"table", "tree table", "list"}:
        return
    for index in range(acc.childCount):
        child = acc.getChildAtIndex(index)
        if child is not None:
            yield from _objects(child, depth + 1)


def news(which: str, app: Any, listener: Listener) -> list[str]:
    """Type what should be announced; return what was."""
    listener.announced.clear()
    if which == "log":
        target = "score: seizures"

        def act() -> None:
            ok = grab(app, lambda a: "seizure" in (a.name or "").lower() and a.getRoleName() != "label")
            if ok:
                time.sleep(0.3)
                key("2")
    else:
        target = "age 80"

        def act() -> None:
            ok = grab(app, lambda a: (a.name or "").lower().startswith("age") and a.getRoleName() == "text")
            if ok:
                time.sleep(0.3)
                key("ctrl+a")
                type_text("80")

    acts = [act]

    def tick() -> float | None:
        if not acts:
            return None
        acts.pop()()
        return 3.0

    run_loop(tick)
    return [f"typed {target}", *listener.announced]


def audit(which: str, dump: Path) -> dict[str, Any]:
    import pyatspi

    folder = Path(tempfile.mkdtemp(prefix=f"atspi-{which}-"))
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        QT_ACCESSIBILITY="1",
        BACLOTAPER_DATA_DIR=str(folder),
        PYTHONPATH=str(ROOT),
    )
    python = ROOT / ".venv" / "bin" / "python"
    server = subprocess.Popen(
        [str(python), str(Path(__file__).resolve()), "--serve", which, "--data-dir", str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert server.stdout is not None
        if server.stdout.readline().strip() != "ready":
            raise SystemExit(f"the {which} window did not start")
        time.sleep(1.5)
        app = find_app()
        focus = ["xdotool", "search", "--sync", "--onlyvisible", "--name", TITLES[which], "windowfocus"]
        subprocess.run(focus, check=False)
        time.sleep(0.5)
        nodes = list(walk(app))
        dump.mkdir(parents=True, exist_ok=True)
        (dump / f"{which}-tree.txt").write_text("\n".join(n.line() for n in nodes) + "\n", encoding="utf-8")
        controls = [n for n in nodes if n.is_control]
        unnamed = [n for n in controls if not n.name.strip()]
        # Focusable but no role a screen reader can use ("filler", "panel"): it cannot say what it is.
        no_role = [n for n in controls if n.role in GENERIC_ROLES]
        wrong = misnamed(nodes)
        no_headers = headerless(nodes)
        listener = Listener()
        for kind in (
            "object:state-changed:focused",
            "object:announcement",
            "object:state-changed:showing",
        ):
            pyatspi.Registry.registerEventListener(listener, kind)
        walked = tab_walk(app, listener)
        said = news(which, app, listener)
        pyatspi.Registry.deregisterEventListener(listener, "object:state-changed:focused")
        report = {
            "window": which,
            "controls": len(controls),
            "unnamed": [f"{n.role} at {n.path}" for n in unnamed],
            "no_role": [f"{n.role} {n.name!r}" for n in no_role],
            "misnamed": [f"{n.role} {n.name!r}: {why}" for n, why in wrong],
            "tables_without_headers": [f"{n.role} {n.name!r} headers={n.headers}" for n in no_headers],
            "focus_at_start": walked["start"],
            "tab": analyse_walk(walked["stops"]),
            "tab_stops": walked["stops"],
            "announced": said,
            "closed": close(server),
        }
        (dump / f"{which}-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return report
    finally:
        if server.poll() is None:
            close(server)


def close(server: subprocess.Popen[str]) -> str:
    """Close the window (its stdin) and say how it went: a crash on the way out shows here."""
    if server.stdin is not None and not server.stdin.closed:
        server.stdin.close()
    try:
        code = server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        return "still open after 20 s: killed"
    assert server.stdout is not None
    said = server.stdout.read().strip()
    return f"exit code {code}" + ("" if said == "closed" else f" (its last words: {said[-200:]!r})")


def summary(report: dict[str, Any]) -> str:
    tab = report["tab"]
    lines = [
        f"== {report['window']}",
        f"controls: {report['controls']}",
        f"unnamed: {len(report['unnamed'])}",
        f"focusable with no role (filler, panel): {len(report['no_role'])}",
        f"misnamed: {len(report['misnamed'])}",
        *(f"    {m}" for m in report["misnamed"]),
        f"tables without headers: {len(report['tables_without_headers'])}",
        *(f"    {t}" for t in report["tables_without_headers"]),
        f"focus at start: {report['focus_at_start']}",
        f"Tab presses round the window: {tab['presses']} ({tab['distinct']} distinct stops)",
        f"Tab presses to reach the step table: {tab['presses_to_step_table']}",
        f"Tab presses spent inside tables and lists: {tab['presses_inside_tables']}",
        "announced:",
        *(f"    {a}" for a in report["announced"]),
        f"window closed: {report['closed']}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--window", choices=("planner", "log", "both"), default="both")
    parser.add_argument("--dump", type=Path, default=Path(tempfile.gettempdir()) / "atspi-audit")
    parser.add_argument("--serve", choices=("planner", "log"), help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.data_dir)
        return
    for which in ("planner", "log") if args.window == "both" else (args.window,):
        print(summary(audit(which, args.dump)), flush=True)
    print(f"trees, Tab stops and reports in {args.dump}")


if __name__ == "__main__":
    main()
