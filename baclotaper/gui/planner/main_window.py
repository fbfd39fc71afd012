"""The planner window: the regimen form on the left, the live plan in the middle, warnings below.

The window wires views to the :class:`PlanDocument`: the form reports edits, the document
re-plans, and the table, calendar, chart, warnings and summary redraw from the new plan.
Every modal question goes through :attr:`MainWindow.prompts` so tests can answer it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDate, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFrame,
    QHeaderView,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from baclotaper import __version__
from baclotaper.common.errors import InputError, PlanFileError
from baclotaper.common.numbers import fmt
from baclotaper.common.settings import (
    DEFAULT_PRODUCT,
    JURISDICTION,
    PAPER,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)
from baclotaper.gui.planner import recovery
from baclotaper.gui.planner.calendar_view import CalendarView, to_date
from baclotaper.gui.planner.document import PlanDocument
from baclotaper.gui.planner.dose_chart import DoseChart
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.plan_summary import PlanSummary
from baclotaper.gui.planner.prompts import Prompts, Unsaved
from baclotaper.gui.planner.regimen_form import RegimenForm
from baclotaper.gui.planner.step_table_model import Column, StepTableModel
from baclotaper.gui.planner.warnings_panel import WarningsPanel
from baclotaper.gui.planner.window_actions import build_menus, create_actions
from baclotaper.taper import edits, planfile
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import Route, limit

if TYPE_CHECKING:
    from baclotaper.gui.planner.sources_dialog import SourcesDialog

APP_TITLE = "BacloTaper"
EXPORT_DIALOGS = "baclotaper.gui.planner.export_dialogs"
DRAFT_NOTICE = (
    "Every plan is a draft for a prescriber to review. There is no validated baclofen taper "
    "schedule and no validated withdrawal scale; every default shows its source."
)


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings,
        *,
        prompts: Prompts | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.prompts = prompts if prompts is not None else Prompts(self)
        self.today = today or date.today()
        self.document = PlanDocument(self._new_form(), self)
        self._sources: SourcesDialog | None = None

        self.form = RegimenForm()
        self.summary = PlanSummary()
        self.step_model = StepTableModel(self)
        self.step_model.edit_handler = self._cell_edited
        self.step_table = self._make_step_table()
        self.calendar = CalendarView()
        self.calendar.set_today(self.today)
        self.chart = DoseChart()
        self.chart.set_today(self.today)
        self.warnings = WarningsPanel()
        self.window_actions = create_actions(self)
        self._lay_out()
        build_menus(self, self.window_actions)
        self._wire()
        self.recovery = recovery.RecoveryWriter(self.document, self)

        self.form.load(self.document.form)
        self._plan_changed()
        self._validity_changed()
        self._path_changed()
        self._restore_window()
        if settings.problem:
            self.statusBar().showMessage(settings.problem)

    # ----- building

    def _new_form(self) -> FormState:
        return FormState.new(
            product_spec=self.settings.default_product,
            jurisdiction=self.settings.jurisdiction,
            today=self.today,
        )

    def _make_step_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("stepTable")
        table.setAccessibleName("Steps of the plan")
        table.setModel(self.step_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # Fixed sizes: sizing rows and columns to their contents would ask the model for every
        # cell on every keystroke.  Rows get one line per administration (see _fit_rows).
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TAKES, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        pad = metrics.horizontalAdvance("x") * 2
        for column, sample in (
            (Column.NUMBER, "Step"),
            (Column.START, "2026-12-30"),
            (Column.END, "2026-12-30"),
            (Column.DAYS, "Days"),
            (Column.DOSE, "300 mg/day"),
            (Column.NOTES, "x" * 20),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + pad)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return table

    def _lay_out(self) -> None:
        self.setDockNestingEnabled(True)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        scroll = QScrollArea()
        scroll.setObjectName("formScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        # Wide enough for the form at normal sizes; with large fonts on a small screen the form
        # scrolls sideways rather than pushing the plan off the screen.
        chars = self.fontMetrics().horizontalAdvance("x")
        scroll.setMinimumWidth(min(self.form.minimumSizeHint().width() + 24, chars * 30))
        form_dock = QDockWidget("Regimen", self)
        form_dock.setObjectName("regimenDock")
        form_dock.setWidget(scroll)
        form_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, form_dock)
        self.form_dock = form_dock

        warnings_dock = QDockWidget("Warnings", self)
        warnings_dock.setObjectName("warningsDock")
        warnings_dock.setWidget(self.warnings)
        # Always in view: it can move, but not be closed.
        warnings_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, warnings_dock)
        self.warnings.headingChanged.connect(warnings_dock.setWindowTitle)
        self.warnings_dock = warnings_dock

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.setObjectName("calendarChartSplitter")
        lower.addWidget(self.calendar)
        lower.addWidget(self.chart)
        lower.setStretchFactor(0, 0)
        lower.setStretchFactor(1, 1)
        lower.setChildrenCollapsible(False)
        # In a scroll area: with large fonts on a small screen the calendar would otherwise claim
        # its full height and squeeze the step table to a row; now it scrolls instead.
        lower_scroll = QScrollArea()
        lower_scroll.setObjectName("calendarChartScroll")
        lower_scroll.setWidgetResizable(True)
        lower_scroll.setFrameShape(QFrame.Shape.NoFrame)
        lower_scroll.setWidget(lower)
        upper = QSplitter(Qt.Orientation.Vertical)
        upper.setObjectName("planSplitter")
        upper.addWidget(self.step_table)
        upper.addWidget(lower_scroll)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        # Start at 3:2 whatever the panes' size hints say (setSizes scales to the space there is).
        upper.setSizes([3000, 2000])
        # With large fonts on a small screen the calendar and chart can be folded away (drag the
        # handle down) to give the step table the height.
        upper.setChildrenCollapsible(True)
        upper.setCollapsible(0, False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addWidget(upper, 1)
        self.setCentralWidget(central)

    def _wire(self) -> None:
        doc = self.document
        a = self.window_actions
        doc.planChanged.connect(self._plan_changed)
        doc.validityChanged.connect(self._validity_changed)
        doc.formReplaced.connect(self._form_replaced)
        doc.pathChanged.connect(self._path_changed)
        doc.modifiedChanged.connect(self.setWindowModified)
        doc.message.connect(self._status)
        self.form.edited.connect(self._form_edited)

        a.new.triggered.connect(self.new_plan)
        a.open.triggered.connect(self._open_clicked)
        a.save.triggered.connect(self.save)
        a.save_as.triggered.connect(self.save_as)
        a.export_csv.triggered.connect(self.export_csv)
        a.export_pdf.triggered.connect(partial(self._export_dialog, "export_pdf", "PDF export"))
        a.export_calendar.triggered.connect(partial(self._export_dialog, "export_calendar", "Calendar export"))
        a.print.triggered.connect(partial(self._export_dialog, "print_plan", "Printing"))
        a.quit.triggered.connect(self.close)
        a.nurse_log.triggered.connect(self.open_nurse_log)

        stack = doc.undo_stack
        a.undo.triggered.connect(doc.undo)
        a.redo.triggered.connect(stack.redo)
        stack.canUndoChanged.connect(self._update_undo)
        stack.canRedoChanged.connect(a.redo.setEnabled)
        stack.undoTextChanged.connect(self._undo_text_changed)
        stack.redoTextChanged.connect(self._redo_text_changed)
        a.undo.setIconText("Undo")
        a.redo.setIconText("Redo")
        a.undo.setEnabled(False)
        a.redo.setEnabled(False)

        a.edit_dose.triggered.connect(self.edit_selected_dose)
        a.edit_days.triggered.connect(self.edit_selected_days)
        a.insert_hold.triggered.connect(self.insert_hold)
        a.split_step.triggered.connect(self.split_selected_step)
        a.delete_step.triggered.connect(self.delete_selected_step)
        for action, short in zip(a.step_edits, ("Dose…", "Length…", "Hold…", "Split", "Delete"), strict=True):
            action.setIconText(short)
            self.step_table.addAction(action)
        self.step_table.selectionModel().selectionChanged.connect(self._update_edit_actions)
        self.calendar.clicked.connect(self._calendar_clicked)

        a.focus_form.triggered.connect(self._focus_form)
        a.focus_table.triggered.connect(partial(self.step_table.setFocus, Qt.FocusReason.ShortcutFocusReason))
        a.focus_calendar.triggered.connect(partial(self.calendar.setFocus, Qt.FocusReason.ShortcutFocusReason))
        a.focus_chart.triggered.connect(partial(self.chart.setFocus, Qt.FocusReason.ShortcutFocusReason))
        a.focus_warnings.triggered.connect(partial(self.warnings.list.setFocus, Qt.FocusReason.ShortcutFocusReason))
        a.show_today.triggered.connect(self.calendar.showToday)

        for size, action in a.paper.items():
            action.setChecked(size == self.settings.paper)
            action.triggered.connect(partial(self.settings.set, PAPER, size))
        a.remember_defaults.triggered.connect(self.remember_defaults)
        a.sources.triggered.connect(self.show_sources)
        a.about.triggered.connect(self.show_about)
        assert a.recent_menu is not None and a.settings_menu is not None
        a.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        # The export dialogs may change the paper size too.
        a.settings_menu.aboutToShow.connect(self._sync_paper_actions)

    def _restore_window(self) -> None:
        geometry = self.settings.get(WINDOW_GEOMETRY)
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            width = min(1280, available.width()) if available else 1280
            height = min(800, available.height()) if available else 720
            self.resize(width, height)
        state = self.settings.get(WINDOW_STATE)
        if not state or not self.restoreState(QByteArray.fromBase64(state.encode())):
            self.fit_docks()

    def fit_docks(self) -> None:
        """Give the form the width it asks for (up to 40 % of the window) and the warnings a
        few lines."""
        scrollbar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        wanted = self.form.sizeHint().width() + scrollbar + 8
        self.resizeDocks([self.form_dock], [min(wanted, int(self.width() * 0.4))], Qt.Orientation.Horizontal)
        lines = self.fontMetrics().height() * 9
        self.resizeDocks([self.warnings_dock], [min(lines, self.height() // 5)], Qt.Orientation.Vertical)

    def start(self) -> None:
        """Show the window, then offer to recover unsaved work from a crash."""
        self.show()
        QTimer.singleShot(0, self.offer_recovery)

    # ----- the document, shown

    def _form_replaced(self) -> None:
        self.form.load(self.document.form)

    def _undo_text_changed(self, text: str) -> None:
        self.window_actions.undo.setText(f"&Undo {text}".rstrip())

    def _redo_text_changed(self, text: str) -> None:
        self.window_actions.redo.setText(f"&Redo {text}".rstrip())

    def _form_edited(self, field: str) -> None:
        self.summary.show_notice("")
        self.document.form_edited(self.form.state(), field)

    def _plan_changed(self) -> None:
        plan = self.document.plan
        stale = self.document.stale
        self.step_model.set_plan(plan)
        self._fit_rows()
        self.calendar.set_plan(plan, stale=stale)
        self.chart.set_plan(plan, stale=stale)
        self.warnings.set_plan(plan, stale=stale)
        self.form.show_pace(plan)
        self.summary.set_state(plan, self.document.error)
        self._update_edit_actions()

    def _fit_rows(self) -> None:
        metrics = self.step_table.fontMetrics()
        height = metrics.lineSpacing() * self.step_model.max_lines() + metrics.height() // 4
        header = self.step_table.verticalHeader()
        if header.defaultSectionSize() != height:
            header.setMinimumSectionSize(metrics.height())
            header.setDefaultSectionSize(height)

    def _validity_changed(self) -> None:
        doc = self.document
        stale = doc.stale
        self.form.show_error(doc.error)
        self.step_model.set_stale(stale)
        self.calendar.set_plan(doc.plan, stale=stale)
        self.chart.set_plan(doc.plan, stale=stale)
        self.warnings.set_plan(doc.plan, stale=stale)
        self.summary.set_state(doc.plan, doc.error)
        self._update_edit_actions()
        self._update_undo()

    def _update_undo(self) -> None:
        self.window_actions.undo.setEnabled(self.document.can_undo)

    def _path_changed(self) -> None:
        self.setWindowTitle(f"{self.document_name()}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.modified)

    def document_name(self) -> str:
        path = self.document.path
        return path.name if path else "Untitled plan"

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    # ----- hand edits

    def selected_row(self) -> int | None:
        rows = self.step_table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        current = self.step_table.currentIndex()
        return current.row() if current.isValid() else None

    def _update_edit_actions(self) -> None:
        plan = self.document.plan
        usable = plan is not None and not self.document.stale
        row = self.selected_row()
        has_row = usable and row is not None
        last = plan is not None and row is not None and row == len(plan.steps) - 1
        self.window_actions.edit_dose.setEnabled(has_row)
        self.window_actions.edit_days.setEnabled(has_row and not last)
        self.window_actions.insert_hold.setEnabled(has_row and not last)
        self.window_actions.split_step.setEnabled(has_row)
        self.window_actions.delete_step.setEnabled(has_row and plan is not None and len(plan.steps) > 1)
        for action in (
            self.window_actions.save,
            self.window_actions.save_as,
            self.window_actions.export_csv,
            self.window_actions.export_pdf,
            self.window_actions.export_calendar,
            self.window_actions.print,
        ):
            action.setEnabled(plan is not None)

    def apply_edit(self, text: str, change: Callable[[TaperPlan], TaperPlan]) -> bool:
        """Make a hand edit (asking for confirmation when the core has concerns)."""
        row = self.selected_row()
        try:
            done = self.document.edit(text, change, self.prompts.confirm_concerns)
        except InputError as exc:
            self.summary.show_notice(f"{text}: {exc.message}")
            return False
        self.summary.show_notice("")
        if done and row is not None and self.document.plan is not None:
            self.step_table.selectRow(min(row, len(self.document.plan.steps) - 1))
        return done

    def _cell_edited(self, row: int, column: Column, text: str) -> bool:
        """A cell of the step table was edited in place."""
        plan = self.document.plan
        if plan is None:
            return False
        step = plan.steps[row]
        try:
            if column is Column.DOSE:
                dose = _parse_number(text, "dose", plan.unit)
                label = f"Step {step.number}: dose {fmt(dose)} {plan.unit}"
                change: Callable[[TaperPlan], TaperPlan] = partial(edits.set_dose, index=row, dose=dose)
            else:
                days = _parse_number(text, "days", "days")
                if not days.is_integer():
                    raise InputError("days", f"'{text}' is not a whole number of days")
                label = f"Step {step.number}: {int(days)} days"
                change = partial(edits.set_days, index=row, days=int(days))
            after = change(plan)
        except InputError as exc:
            self.summary.show_notice(f"Step {step.number}: {exc.message}")
            return False
        if edits.new_concerns(plan, after):
            # The confirmation is a modal dialog: ask once the cell editor has closed.
            QTimer.singleShot(0, partial(self.apply_edit, label, change))
            return False
        return self.apply_edit(label, change)

    def _selected_step(self) -> tuple[TaperPlan, int] | None:
        plan = self.document.plan
        row = self.selected_row()
        if plan is None or row is None or self.document.stale:
            self.summary.show_notice("Select a step in the table first.")
            return None
        return plan, row

    def edit_selected_dose(self) -> None:
        chosen = self._selected_step()
        if chosen is None:
            return
        plan, row = chosen
        step = plan.steps[row]
        top = limit("input", "oral_max_mg" if plan.regimen.route is Route.ORAL else "intrathecal_max_mcg").value
        value = self.prompts.ask_number(
            "Change step dose",
            f"Daily dose of step {step.number} ({plan.unit}):",
            value=step.daily_dose,
            minimum=0,
            maximum=top,
            decimals=2 if plan.regimen.route is Route.ORAL else 0,
        )
        if value is not None:
            self.apply_edit(
                f"Step {step.number}: dose {fmt(value)} {plan.unit}",
                partial(edits.set_dose, index=row, dose=value),
            )

    def edit_selected_days(self) -> None:
        chosen = self._selected_step()
        if chosen is None:
            return
        plan, row = chosen
        step = plan.steps[row]
        top = limit("input", "interval_max_days").value
        value = self.prompts.ask_number(
            "Change step length",
            f"Days of step {step.number}:",
            value=step.days or 7,
            minimum=1,
            maximum=top,
            decimals=0,
        )
        if value is not None:
            self.apply_edit(
                f"Step {step.number}: {int(value)} days",
                partial(edits.set_days, index=row, days=int(value)),
            )

    def insert_hold(self) -> None:
        chosen = self._selected_step()
        if chosen is None:
            return
        plan, row = chosen
        top = limit("input", "interval_max_days").value
        value = self.prompts.ask_number(
            "Insert hold",
            f"Stay on {fmt(plan.steps[row].daily_dose)} {plan.unit} for how many more days?",
            value=7,
            minimum=1,
            maximum=top,
            decimals=0,
        )
        if value is not None:
            self.apply_edit(
                f"Hold {int(value)} days after step {row + 1}",
                partial(edits.insert_hold, index=row, days=int(value)),
            )

    def split_selected_step(self) -> None:
        chosen = self._selected_step()
        if chosen is not None:
            _plan, row = chosen
            self.apply_edit(f"Split step {row + 1}", partial(edits.split_step, index=row))

    def delete_selected_step(self) -> None:
        chosen = self._selected_step()
        if chosen is not None:
            _plan, row = chosen
            self.apply_edit(f"Delete step {row + 1}", partial(edits.delete_step, index=row))

    def _calendar_clicked(self, qdate: QDate) -> None:
        plan = self.document.plan
        step = plan.step_on(to_date(qdate)) if plan else None
        if step is not None:
            self.step_table.selectRow(step.number - 1)

    def _open_clicked(self) -> None:
        self.open_plan()

    def _focus_form(self) -> None:
        self.form_dock.show()
        self.form.route_combo.setFocus()

    # ----- files

    def _plan_for_output(self, what: str) -> TaperPlan | None:
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
            plan = planfile.load(path)
        except PlanFileError as exc:
            self.prompts.show_error("Open plan", str(exc))
            return False
        self.document.reset(FormState.from_plan(plan), plan=plan, path=path)
        self.recovery.close()
        self.settings.add_recent_file(path)
        self._status(f"Opened {path}")
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        if self._plan_for_output("Save plan") is None:
            return False
        suggested = str(self.document.path or Path.home() / f"taper{planfile.SUFFIX}")
        path = self.prompts.ask_save_path(suggested)
        if path is None:
            return False
        if path.suffix != planfile.SUFFIX:
            path = path.with_name(path.name + planfile.SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        plan = self._plan_for_output("Save plan")
        if plan is None:
            return False
        try:
            planfile.save(plan, path)
        except OSError as exc:
            self.prompts.show_error("Save plan", f"{path} could not be written: {exc.strerror}")
            return False
        self.document.mark_saved(path)
        self.settings.add_recent_file(path)
        self._status(f"Saved {path}")
        return True

    def _fill_recent_menu(self) -> None:
        menu = self.window_actions.recent_menu
        assert menu is not None
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
            self.prompts.show_error("Recover unsaved plan", f"The recovery file is damaged: {exc}")
            recovery.discard()
            return False
        if found is None:
            return False
        if not self.prompts.ask_recover(found.describe()):
            recovery.discard()
            return False
        self.document.reset(FormState.from_plan(found.plan), plan=found.plan, path=found.original, modified=True)
        self._status("Recovered the unsaved plan: save it to keep it.")
        return True

    # ----- exports

    def export_csv(self) -> None:
        plan = self._plan_for_output("Export CSV")
        if plan is None:
            return
        stem = self.document.path.stem if self.document.path else "taper"
        folder = self.document.path.parent if self.document.path else Path.home()
        path = self.prompts.ask_export_path("Export CSV", str(folder / f"{stem}.csv"), "CSV files (*.csv)")
        if path is None:
            return
        from baclotaper.exports.spreadsheet import export_csv

        try:
            export_csv(plan=plan, path=path)
        except OSError as exc:
            self.prompts.show_error("Export CSV", f"{path} could not be written: {exc.strerror}")
            return
        self._status(f"Exported {path}")

    def open_nurse_log(self) -> QWidget:
        """The nurse's log, offered the plan on screen (unless it is out of date) to attach."""
        from baclotaper.gui.nurse_log import open_log_window

        plan = None if self.document.stale else self.document.plan
        return open_log_window(parent=self, plan=plan, plan_path=self.document.path)

    def _export_dialog(self, function: str, what: str) -> None:
        """PDF, calendar and print dialogs live in ``baclotaper.gui.planner.export_dialogs``."""
        plan = self._plan_for_output(what)
        if plan is None:
            return
        try:
            # Imported only when asked for: the exporters pull in reportlab and icalendar.
            module = importlib.import_module(EXPORT_DIALOGS)
        except ModuleNotFoundError as exc:
            if exc.name != EXPORT_DIALOGS:
                raise
            module = None
        slot = getattr(module, function, None)
        if slot is None:
            self.prompts.show_info(what, f"{what} is not available in this copy of BacloTaper yet.")
            return
        slot(parent=self, plan=plan, settings=self.settings)

    # ----- settings and help

    def _sync_paper_actions(self) -> None:
        for size, action in self.window_actions.paper.items():
            action.setChecked(size == self.settings.paper)

    def remember_defaults(self) -> None:
        form = self.document.form
        try:
            product = form.make_product()
        except InputError as exc:
            self.summary.show_notice(f"Product: {exc.message}")
            return
        self.settings.set(DEFAULT_PRODUCT, product.spec)
        self.settings.set(JURISDICTION, form.jurisdiction)
        self._status(f"New plans start with {product.description}, {form.jurisdiction} rules.")

    def show_sources(self) -> SourcesDialog:
        if self._sources is None:
            from baclotaper.gui.planner.sources_dialog import SourcesDialog  # only when asked for

            self._sources = SourcesDialog(self)
        self._sources.show()
        self._sources.raise_()
        return self._sources

    def show_about(self) -> None:
        self.prompts.show_about(
            f"About {APP_TITLE}",
            f"<h3>{APP_TITLE} {__version__}</h3>"
            "<p>Plans a gradual, measurable withdrawal of baclofen, oral or intrathecal.</p>"
            f"<p><b>{DRAFT_NOTICE}</b></p>"
            "<p>Stopping baclofen suddenly is dangerous. Patient data stays on this computer.</p>"
            "<p>Licence: GPL-3.0-or-later.</p>",
        )

    # ----- closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_keep_changes():
            event.ignore()
            return
        self.settings.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().toBase64().data()).decode())
        self.settings.set(WINDOW_STATE, bytes(self.saveState().toBase64().data()).decode())
        self.recovery.close()
        if self._sources is not None:
            self._sources.close()
        event.accept()


def _parse_number(text: str, field: str, unit: str) -> float:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise InputError(field, f"'{text.strip()}' is not a number of {unit}") from None
