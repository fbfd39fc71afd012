"""The planner's files: new, open, save, recent plans, recovery after a crash and the CSV export.

Every question goes through the window's :class:`Prompts`; nothing the user entered is dropped
without asking (:meth:`PlanFiles.maybe_keep_changes`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from baclotaper.common import paths
from baclotaper.common.errors import PlanFileError
from baclotaper.common.settings import Settings
from baclotaper.gui.numbers import decimal_point
from baclotaper.gui.planner import recovery
from baclotaper.gui.planner.document import PlanDocument
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.prompts import Prompts, Unsaved

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan


class PlanFiles(QObject):
    def __init__(
        self,
        document: PlanDocument,
        prompts: Prompts,
        settings: Settings,
        *,
        new_form: Callable[[], FormState],
        status: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts
        self.settings = settings
        self._new_form = new_form
        self._status = status
        self.recovery = recovery.RecoveryWriter(document, self)

    def document_name(self) -> str:
        path = self.document.path
        return path.name if path else "Untitled plan"

    def plan_for_output(self, what: str) -> TaperPlan | None:
        """The plan to save or print, or None after telling the user why there is none."""
        doc = self.document
        if doc.plan is None:
            self.prompts.show_error(what, "There is no plan yet: fill in the regimen first.")
            return None
        if doc.stale and doc.error is not None:
            self.prompts.show_error(
                what,
                f"The form has an error ({doc.error.message}), so the plan on screen is out of "
                "date. Correct the field or undo first.",
            )
            return None
        return doc.plan

    def maybe_keep_changes(self) -> bool:
        """True when it is fine to drop the open plan (saved, discarded or unchanged)."""
        if not self.document.modified:
            return True
        answer = self.prompts.ask_unsaved(self.document_name())
        if answer is Unsaved.SAVE:
            return self.save()
        return answer is Unsaved.DISCARD

    def new_plan(self) -> None:
        if self.maybe_keep_changes():
            self.document.reset(self._new_form())
            self.recovery.close()

    def open_plan(self, path: Path | None = None) -> bool:
        if not self.maybe_keep_changes():
            return False
        if path is None:
            folder = str(self.document.path.parent) if self.document.path else str(Path.home())
            path = self.prompts.ask_open_path(folder)
            if path is None:
                return False
        try:
            from baclotaper.taper import planfile

            plan = planfile.load(path)
        except PlanFileError as exc:
            self.prompts.show_error("Open plan", str(exc))
            return False
        self.document.reset(FormState.from_plan(plan, decimal_point=decimal_point()), plan=plan, path=path)
        self.recovery.close()
        self.settings.add_recent_file(path)
        self._status(f"Opened {path}")
        return True

    def ask_and_open(self) -> bool:
        """Open: ask which file (the action's ``checked`` must not be taken for a path)."""
        return self.open_plan()

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        if self.plan_for_output("Save plan") is None:
            return False
        suggested = str(self.document.path or Path.home() / f"taper{paths.PLAN_SUFFIX}")
        path = self.prompts.ask_save_path(suggested)
        if path is None:
            return False
        if path.suffix != paths.PLAN_SUFFIX:
            path = path.with_name(path.name + paths.PLAN_SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        plan = self.plan_for_output("Save plan")
        if plan is None:
            return False
        try:
            from baclotaper.taper import planfile

            planfile.save(plan, path)
        except OSError as exc:
            self.prompts.show_error("Save plan", f"{path} could not be written: {exc.strerror}")
            return False
        self.document.mark_saved(path)
        self.settings.add_recent_file(path)
        self._status(f"Saved {path}")
        return True

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.settings.recent_files
        if not recent:
            menu.addAction("(none)").setEnabled(False)
        for number, name in enumerate(recent, start=1):
            action = menu.addAction(f"&{number} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(partial(self.open_recent, name))

    def open_recent(self, name: str) -> bool:
        if not Path(name).exists():
            self.settings.remove_recent_file(name)
            self.prompts.show_error("Open plan", f"{name} no longer exists.")
            return False
        return self.open_plan(Path(name))

    def offer_recovery(self) -> bool:
        """Offer the plan a crash left behind; True if it was taken back."""
        try:
            found = recovery.read()
        except PlanFileError as exc:
            try:
                kept = f"It was kept as {recovery.set_aside()}"
            except OSError as error:
                kept = f"It stays at {recovery.recovery_path()} ({error.strerror})"
            self.prompts.show_error(
                "Recover unsaved plan",
                f"BacloTaper closed without saving a plan, but the copy it kept cannot be opened: {exc}\n\n"
                f"Nothing was deleted. {kept}; File ▸ Open can try it again, or send it with a problem report.",
            )
            return False
        if found is None:
            return False
        if not self.prompts.ask_recover(found.describe()):
            recovery.discard()
            return False
        self.document.reset(
            FormState.from_plan(found.plan, decimal_point=decimal_point()),
            plan=found.plan,
            path=found.original,
            modified=True,
        )
        self._status("Recovered the unsaved plan: save it to keep it.")
        return True

    def export_csv(self) -> None:
        plan = self.plan_for_output("Export CSV")
        if plan is None:
            return
        stem = self.document.path.stem if self.document.path else "taper"
        folder = self.document.path.parent if self.document.path else Path.home()
        path = self.prompts.ask_export_path("Export CSV", str(folder / f"{stem}.csv"), "CSV files (*.csv)")
        if path is None:
            return
        from baclotaper.exports.spreadsheet import export_csv  # only when asked for

        try:
            export_csv(plan=plan, path=path)
        except OSError as exc:
            self.prompts.show_error("Export CSV", f"{path} could not be written: {exc.strerror}")
            return
        self._status(f"Exported {path}")
