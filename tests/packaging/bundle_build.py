"""packaging/build.sh run in the background, into a temporary folder, while the rest of the suite runs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "build.sh"
# A hang guard, not a speed check: a build takes about 30 s with its environment kept, 2 minutes without.
HANG_AFTER_S = 30 * 60


@dataclass(frozen=True)
class Finished:
    returncode: int
    output: str  # build.sh's and the smoke test's output, stdout and stderr together
    app: Path  # the one-folder app it built (removed at the end of the session)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output.splitlines()[-lines:])

    def what_failed(self) -> str:
        """The line that says what went wrong: the smoke test's verdict, an error, or the last line."""
        said = [line.strip() for line in self.output.splitlines() if line.strip()]
        for line in reversed(said):
            if line.startswith(("smoke test: FAILED", "ERROR", "packaging/build.sh: error")) or "Error:" in line:
                return line
        return said[-1] if said else "(it said nothing)"


class BundleBuild:
    """``packaging/build.sh --dist TMP/dist --work TMP/work``: never the checkout's dist/, where a
    developer's own bundle may be. Its environment, build/bundle/venv, is kept between runs."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="baclotaper-bundle-"))
        self._log = self.folder / "build.log"
        folders = ["--dist", str(self.folder / "dist"), "--work", str(self.folder / "work")]
        with self._log.open("wb") as log:
            # Niced: the suite's own tests come first; the build takes the other core.
            self._process = subprocess.Popen(
                ["nice", "-n", "10", str(BUILD_SCRIPT), *folders],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so stop() ends the whole build, PyInstaller and all
            )

    def wait(self) -> Finished:
        try:
            returncode = self._process.wait(timeout=HANG_AFTER_S)
        except subprocess.TimeoutExpired:
            self.stop()
            returncode = -1
        output = self._log.read_text(encoding="utf-8", errors="replace")
        if returncode == -1:
            output += f"\n(stopped: still running after {HANG_AFTER_S // 60} minutes)"
        return Finished(returncode, output, self.folder / "dist" / "baclotaper")

    def stop(self) -> None:
        """Ends the build if it still runs (the session was interrupted) and removes its folder."""
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
