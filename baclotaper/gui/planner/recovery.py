"""Unsaved work survives a crash or a kill: the open plan is copied to the state folder.

The copy is written atomically a moment after each change (debounced), removed when the plan is
saved or the window closes cleanly, and offered at the next start.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from baclotaper.common import atomic, paths
from baclotaper.common.errors import PlanFileError
from baclotaper.gui.planner.document import PlanDocument

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan

FILE_NAME = "recovery" + paths.PLAN_SUFFIX
# The plan file's own keys are left alone; this one says which file the work belonged to.
ORIGINAL_KEY = "recovery_of"


def recovery_path() -> Path:
    return paths.state_dir() / FILE_NAME


@dataclass(frozen=True)
class Recovered:
    """A plan kept by the recovery file, where it came from and when it was kept."""

    plan: TaperPlan
    original: Path | None
    written: datetime

    def describe(self) -> str:
        r = self.plan.regimen
        what = f"{r.daily_dose:g} {r.unit}, {r.product.description}, starting {r.start.isoformat()}"
        name = self.original.name if self.original else "an untitled plan"
        return f"Changes to {name} ({what}), last kept {self.written:%Y-%m-%d %H:%M}."


def write(plan: TaperPlan, original: Path | None) -> None:
    from baclotaper.taper import planfile

    doc = planfile.file_dict(plan) | {ORIGINAL_KEY: str(original) if original else None}
    atomic.write_text(recovery_path(), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def read() -> Recovered | None:
    """The recovery file, if there is one; :class:`PlanFileError` if it is damaged."""
    path = recovery_path()
    if not path.exists():
        return None
    from baclotaper.taper import planfile

    plan = planfile.load(path)
    try:
        original = json.loads(path.read_text(encoding="utf-8")).get(ORIGINAL_KEY)
    except (OSError, ValueError, AttributeError):
        raise PlanFileError(f"{path}: the recovery file is damaged") from None
    written = datetime.fromtimestamp(path.stat().st_mtime)
    return Recovered(plan, Path(original) if isinstance(original, str) else None, written)


def set_aside() -> Path:
    """Keep a recovery file that cannot be opened under a name of its own, so that it is neither
    offered again at every start nor lost (it may hold the only copy of a plan); returns where."""
    path = recovery_path()
    kept = path.with_name(f"recovery-unreadable-{datetime.now():%Y%m%d-%H%M%S}{paths.PLAN_SUFFIX}")
    os.replace(path, kept)
    return kept


def discard() -> None:
    recovery_path().unlink(missing_ok=True)


class RecoveryWriter(QObject):
    """Keeps the recovery file in step with the document, at most once per ``delay_ms``."""

    delay_ms = 2000

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        document.undo_stack.indexChanged.connect(self.schedule)
        document.modifiedChanged.connect(self._modified_changed)
        document.pathChanged.connect(self.schedule)

    def schedule(self) -> None:
        self._timer.start(self.delay_ms)

    def _modified_changed(self, modified: bool) -> None:
        if modified:
            self.schedule()
        else:
            self._timer.stop()
            discard()

    def flush(self) -> None:
        """Write (or remove) the recovery file now."""
        self._timer.stop()
        plan = self.document.plan
        if self.document.modified and plan is not None:
            write(plan, self.document.path)
        else:
            discard()

    def close(self) -> None:
        """A clean close: nothing is left to recover."""
        self._timer.stop()
        discard()
