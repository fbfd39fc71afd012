"""What Orca says: a combo box (and its new value), a calendar day, a severity score, the banner.

Run on Debian with ``orca``, ``at-spi2-core``, ``python3-pyatspi``, ``xvfb`` and ``xdotool`` installed
(``apt-get install --no-install-recommends orca``), from the project folder, in a private display
and a private D-Bus session:

    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- /usr/bin/python3 scripts/orca_trial.py \
        [--out FOLDER]

Orca runs with no speech synthesiser (there is no sound here: speech-dispatcher hung it), so it
only writes what it would say to its debug log ("SPEECH OUTPUT: ..."); this prints those lines
after each step.  The windows are the AT-SPI audit's (``atspi_audit.py --serve``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import atspi_audit as audit

# Orca imports speechd for speech-dispatcher; this stand-in fails that import, so Orca has no speech
# server and logs every utterance instead of waiting on a synthesiser that cannot play.
NO_SPEECH = 'raise ImportError("no speech synthesiser in this trial")\n'
SPOKEN = re.compile(r"^(\d\d:\d\d:\d\d\.\d+) - SPEECH OUTPUT: '(.*)'\s*(?:voice=\S+)?\{'established")


def press(*keys: str) -> None:
    subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)
    time.sleep(1.5)


def open_window(which: str) -> subprocess.Popen[str]:
    folder = Path(tempfile.mkdtemp(prefix=f"orca-{which}-"))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        QT_ACCESSIBILITY="1",
        BACLOTAPER_DATA_DIR=str(folder),
        PYTHONPATH=str(audit.ROOT),
    )
    command = [str(audit.ROOT / ".venv" / "bin" / "python"), audit.__file__, "--serve", which]
    window = subprocess.Popen(
        [*command, "--data-dir", str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
    )
    assert window.stdout is not None
    if window.stdout.readline().strip() != "ready":
        raise SystemExit(f"the {which} window did not start")
    time.sleep(2)
    focus = ["xdotool", "search", "--sync", "--onlyvisible", "--name", audit.TITLES[which], "windowfocus"]
    subprocess.run(focus, check=False)
    time.sleep(1.5)
    return window


class Steps:
    """What was done when (Orca's log is stamped with the time of day), and what Orca said after."""

    def __init__(self) -> None:
        self.done: list[tuple[str, str]] = [("00:00:00", "the window opens")]

    def __call__(self, what: str) -> None:
        self.done.append((time.strftime("%H:%M:%S"), what))

    def said(self, log: Path) -> list[str]:
        lines: list[str] = []
        shown = 0
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if not (found := SPOKEN.match(line)):
                continue
            stamp, words = found.groups()
            while shown < len(self.done) and self.done[shown][0] <= stamp[:8]:
                lines.append(self.done[shown][1])
                shown += 1
            lines.append(f"    {words}")
        return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="orca-trial-")))
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    stand_in = out / "no-speech" / "speechd"
    stand_in.mkdir(parents=True, exist_ok=True)
    (stand_in / "__init__.py").write_text(NO_SPEECH, encoding="utf-8")
    log = out / "orca-debug.txt"
    env = dict(os.environ, GSETTINGS_BACKEND="memory", PYTHONPATH=str(stand_in.parent))
    with (out / "orca-output.txt").open("w") as output:
        orca = subprocess.Popen(
            ["orca", "--replace", "-u", str(out / "prefs"), "--debug-file", str(log)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    step = Steps()
    try:
        time.sleep(6)
        planner = open_window("planner")
        step("planner: Tab, then Shift+Tab back onto the Route combo box")
        press("Tab")
        press("shift+Tab")
        step("planner: Down on the Route combo box (its next choice), then Up (back)")
        press("Down")
        press("Up")
        step("planner: F6 twice (the steps, then the calendar), then Right (the next day)")
        press("F6")
        press("F6")
        press("Right")
        audit.close(planner)
        log_window = open_window("log")
        step("log: the focus to the seizures score, then 2 (an emergency sign)")
        app = audit.find_app()
        audit.grab(app, lambda a: "seizure" in (a.name or "").lower() and a.getRoleName() == "slider")
        time.sleep(2)
        press("2")
        time.sleep(2)
        audit.close(log_window)
    finally:
        orca.terminate()
        try:
            orca.wait(15)
        except subprocess.TimeoutExpired:
            orca.kill()
    print("\n".join(step.said(log)))
    print(f"Orca's log in {log}")


if __name__ == "__main__":
    main()
