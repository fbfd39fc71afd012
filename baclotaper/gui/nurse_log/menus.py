"""The log window's menus: every action has a menu entry, most a shortcut, so no mouse is needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from baclotaper.gui.nurse_log.date_range import DateRangeBar
from baclotaper.gui.nurse_log.entries_panel import EntriesPanel
from baclotaper.gui.nurse_log.plan_panel import PlanPanel
from baclotaper.gui.nurse_log.timeline_view import TimelineView


class LogWindow(Protocol):
    """What the menus reach in the log window (a protocol, so the window can import this module)."""

    range: DateRangeBar
    timeline: TimelineView
    entries: EntriesPanel
    plan_panel: PlanPanel

    def menuBar(self) -> QMenuBar: ...
    def new_patient(self) -> None: ...
    def find_patient(self) -> None: ...
    def export_csv(self) -> int | None: ...
    def export_pdf(self) -> int | None: ...
    def choose_database(self) -> None: ...
    def close(self) -> bool: ...
    def focus_form(self) -> None: ...
    def new_entry(self) -> None: ...
    def save_entry(self) -> object: ...
    def cancel_correction(self) -> None: ...
    def focus_advice(self) -> None: ...
    def attach_current_plan(self) -> None: ...
    def open_plan_file(self) -> None: ...
    def export_revision(self, kind: str) -> object: ...
    def show_tab(self, tab: QWidget, focus: QWidget) -> None: ...


@dataclass
class LogActions:
    """The actions the window enables and disables as the patient and the database allow."""

    menus: dict[str, QMenu]
    new_patient: QAction
    csv: QAction
    pdf: QAction
    save: QAction
    correct: QAction
    attach: QAction
    open_plan: QAction
    revision_exports: dict[str, QAction]


def _add(_window: LogWindow, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
    action = QAction(text, menu)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(w: LogWindow) -> LogActions:
    bar = w.menuBar()
    log, entry, plan, view = (bar.addMenu(name) for name in ("&Log", "&Entry", "&Plan", "&View"))
    new_patient = _add(w, log, "New patient…", w.new_patient, "Ctrl+Shift+N")
    _add(w, log, "Find patient", w.find_patient, "Ctrl+F")
    csv = _add(w, log, "Export log as CSV…", w.export_csv, "Ctrl+Shift+E")
    pdf = _add(w, log, "Export observation chart (PDF)…", w.export_pdf, "Ctrl+Shift+P")
    _add(w, log, "Log database…", w.choose_database)
    _add(w, log, "Close", w.close, "Ctrl+W")
    _add(w, entry, "Go to the entry form", w.focus_form, "Ctrl+1")
    _add(w, entry, "New entry", w.new_entry, "Ctrl+N")
    save = _add(w, entry, "Save entry", w.save_entry, "Ctrl+S")
    correct = _add(w, entry, "Correct selected entry…", w.entries.request_correction, "Ctrl+E")
    _add(w, entry, "Cancel correction", w.cancel_correction)
    _add(w, entry, "Go to the advice", w.focus_advice, "Ctrl+5")
    attach = _add(w, plan, "Attach current plan", w.attach_current_plan, "Ctrl+Shift+A")
    open_plan = _add(w, plan, "Open plan file…", w.open_plan_file, "Ctrl+O")
    _add(w, plan, "View selected revision", w.plan_panel.view_selected, "Ctrl+Shift+V")
    _add(w, plan, "Restore selected revision…", w.plan_panel.restore_button.click, "Ctrl+Shift+R")
    _add(w, plan, "Show current revision", lambda: w.plan_panel.view(None))
    plan.addSeparator()
    revision_exports = {
        "pdf": _add(w, plan, "Print current revision (PDF)…", lambda: w.export_revision("pdf"), "Ctrl+P"),
        "ics": _add(w, plan, "Export current revision as calendar (ICS)…", lambda: w.export_revision("ics")),
        "csv": _add(w, plan, "Export current revision as spreadsheet (CSV)…", lambda: w.export_revision("csv")),
        "plan": _add(w, plan, "Save current revision as plan file…", lambda: w.export_revision("plan")),
    }
    _add(w, view, "Timeline", lambda: w.show_tab(w.timeline, w.timeline), "Ctrl+2")
    _add(w, view, "Entries", lambda: w.show_tab(w.entries, w.entries.table), "Ctrl+3")
    _add(w, view, "Plan and revisions", lambda: w.show_tab(w.plan_panel, w.plan_panel.revisions), "Ctrl+4")
    _add(w, view, "Last 7 days", lambda: w.range.show_last(7))
    _add(w, view, "Last 30 days", lambda: w.range.show_last(30))
    _add(w, view, "All dates", lambda: w.range.show_last(None), "Ctrl+Shift+D")
    return LogActions(
        menus={m.title(): m for m in (log, entry, plan, view)},
        new_patient=new_patient,
        csv=csv,
        pdf=pdf,
        save=save,
        correct=correct,
        attach=attach,
        open_plan=open_plan,
        revision_exports=revision_exports,
    )
