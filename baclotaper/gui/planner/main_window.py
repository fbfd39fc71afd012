"""The planner window: the regimen form on the left, the live plan in the middle, warnings below.

The window wires views to the :class:`PlanDocument`: the form reports edits, the document
re-plans, and the table, calendar, chart, warnings and summary redraw from the new plan.
Every modal question goes through :attr:`MainWindow.prompts` so tests can answer it.
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDate, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QDockWidget,
    QMainWindow,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from baclotaper import __version__
from baclotaper.common.errors import InputError
from baclotaper.common.settings import (
    DEFAULT_PRODUCT,
    JURISDICTION,
    PAPER,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)
from baclotaper.gui import accessible_interfaces
from baclotaper.gui.accessibility import PaneCycle, move_focus, scroll_into_view, tab_leaves
from baclotaper.gui.first_paint import after_first_paint
from baclotaper.gui.icon import use_app_icon
from baclotaper.gui.numbers import decimal_point
from baclotaper.gui.planner.calendar_view import CalendarView, to_date
from baclotaper.gui.planner.document import PlanDocument
from baclotaper.gui.planner.dose_chart import DoseChart
from baclotaper.gui.planner.form_state import FormState
from baclotaper.gui.planner.plan_files import PlanFiles
from baclotaper.gui.planner.plan_pane import PlanPane
from baclotaper.gui.planner.plan_summary import PlanSummary
from baclotaper.gui.planner.prompts import Prompts
from baclotaper.gui.planner.regimen_form import RegimenForm
from baclotaper.gui.planner.step_edits import StepEdits
from baclotaper.gui.planner.step_table import StepTable
from baclotaper.gui.planner.step_table_model import StepTableModel
from baclotaper.gui.planner.warnings_panel import WarningsPanel
from baclotaper.gui.planner.window_actions import build_menus, create_actions

if TYPE_CHECKING:
    from baclotaper.gui.planner.sources_dialog import SourcesDialog
    from baclotaper.gui.planner.user_guide import UserGuide

APP_TITLE = "BacloTaper"
# The engine that builds and edits plans: not needed for a new window's empty form, so imported
# just after the first paint, before the user has typed a whole dose.
ENGINE = ("baclotaper.taper.build", "baclotaper.taper.edits", "baclotaper.taper.planfile")
EXPORT_DIALOGS = "baclotaper.gui.planner.export_dialogs"
DRAFT_NOTICE = (
    "Every plan is a draft for a prescriber to review. There is no validated baclofen taper "
    "schedule and no validated withdrawal scale; every default shows its source."
)


def load_engine() -> None:
    for name in ENGINE:
        importlib.import_module(name)


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings,
        *,
        prompts: Prompts | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        accessible_interfaces.install()  # before any widget is asked about
        self.setObjectName("mainWindow")
        self.settings = settings
        self._prompts = prompts if prompts is not None else Prompts(self)
        self.today = today or date.today()
        self.document = PlanDocument(self._new_form(), self)
        self._sources: SourcesDialog | None = None
        self._guide: UserGuide | None = None

        self.form = RegimenForm(self.document.form)
        self.summary = PlanSummary()
        self.step_model = StepTableModel(self)
        self.step_table = StepTable(self.step_model)
        self.calendar = CalendarView()
        self.calendar.set_today(self.today)
        self.chart = DoseChart()
        self.chart.set_today(self.today)
        self.warnings = WarningsPanel()
        self.window_actions = create_actions(self)
        self.files = PlanFiles(
            self.document, self.prompts, settings, new_form=self._new_form, status=self._status, parent=self
        )
        self.step_edits = StepEdits(
            self.document, self.step_table, self.summary, prompts=self.prompts, actions=self.window_actions, parent=self
        )
        self._lay_out()
        build_menus(self, self.window_actions)
        self._add_form_toggle()
        self._wire()
        # Tab follows reading order: the form, the steps, the calendar, the chart, the warnings;
        # F6 / Shift+F6 jump between them.  Tab leaves a date field in one press.
        self.panes: list[QWidget] = [self.form, self.step_table, self.calendar, self.chart, self.warnings]
        for field in self.form.tab_chain:
            if isinstance(field, QDateTimeEdit):
                tab_leaves(field)
        self.pane_cycle = PaneCycle(self, self.panes, entries=[self.calendar.table])
        self.form.regimen.route_combo.setFocus(Qt.FocusReason.OtherFocusReason)

        self._plan_changed()
        self._validity_changed()
        self._path_changed()
        self._restore_window()
        if settings.problem:
            self.statusBar().showMessage(settings.problem)

    @property
    def prompts(self) -> Prompts:
        """Every modal question; tests and scripts may swap it after the window is made."""
        return self._prompts

    @prompts.setter
    def prompts(self, prompts: Prompts) -> None:
        self._prompts = prompts
        self.files.prompts = prompts
        self.step_edits.prompts = prompts

    # ----- building

    def _new_form(self) -> FormState:
        return FormState.new(
            product_spec=self.settings.default_product,
            jurisdiction=self.settings.jurisdiction,
            today=self.today,
            decimal_point=decimal_point(),
        )

    def _lay_out(self) -> None:
        self.setDockNestingEnabled(True)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        scroll = QScrollArea()
        scroll.setObjectName("formScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields inside take the focus, not the frame
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
        self.form_scroll = scroll

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

        self.plan_pane = PlanPane(self.step_table, self.calendar, self.chart)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addWidget(self.plan_pane, 1)
        self.setCentralWidget(central)

    def _add_form_toggle(self) -> None:
        """View ▸ Show the regimen form (F9): on a small screen the plan can have the whole width."""
        toggle = QAction(self)  # not QAction(text, parent): see window_actions._action
        toggle.setText("Show the regimen &form")
        toggle.setObjectName("actionToggleForm")
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.setShortcut(QKeySequence("F9"))
        toggle.toggled.connect(self.form_dock.setVisible)
        # The dock has no close button, so this action alone hides it (no sync with minimising).
        self.addAction(toggle)
        self.form_toggle = toggle
        view_menu = self.menuBar().findChild(QMenu, "viewMenu")
        if view_menu is not None:
            view_menu.insertAction(view_menu.actions()[0], toggle)

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
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

        files = self.files
        a.new.triggered.connect(files.new_plan)
        a.open.triggered.connect(files.ask_and_open)
        a.save.triggered.connect(files.save)
        a.save_as.triggered.connect(files.save_as)
        a.export_csv.triggered.connect(files.export_csv)
        a.export_pdf.triggered.connect(partial(self._export_dialog, "export_pdf", "PDF export"))
        a.export_calendar.triggered.connect(partial(self._export_dialog, "export_calendar", "Calendar export"))
        a.export_fhir.triggered.connect(partial(self._export_dialog, "export_fhir", "FHIR export"))
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

        self.calendar.clicked.connect(self._calendar_clicked)

        a.focus_form.triggered.connect(self._focus_form)
        a.focus_table.triggered.connect(partial(self._focus_view, self.step_table))
        a.focus_calendar.triggered.connect(partial(self._focus_view, self.calendar))
        a.focus_chart.triggered.connect(partial(self._focus_view, self.chart))
        a.focus_warnings.triggered.connect(partial(self.warnings.list.setFocus, Qt.FocusReason.ShortcutFocusReason))
        a.show_today.triggered.connect(self.calendar.showToday)

        for size, action in a.paper.items():
            action.setChecked(size == self.settings.paper)
            action.triggered.connect(partial(self.settings.set, PAPER, size))
        a.remember_defaults.triggered.connect(self.remember_defaults)
        a.sources.triggered.connect(self.show_sources)
        a.user_guide.triggered.connect(self.show_user_guide)
        a.copy_text.triggered.connect(self.copy_plan_text)
        a.about.triggered.connect(self.show_about)
        assert a.recent_menu is not None and a.settings_menu is not None
        a.recent_menu.aboutToShow.connect(partial(files.fill_recent_menu, a.recent_menu))
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
        self.form_toggle.setChecked(not self.form_dock.isHidden())

    def fit_docks(self) -> None:
        """Give the form the width it asks for (up to 40 % of the window) and the warnings a
        few lines."""
        # The scroll bar's own width, rather than QStyle's pixel metric: QStyle's enums are large
        # and would be built for this one number at start-up.
        scrollbar = self.form_scroll.verticalScrollBar().sizeHint().width()
        wanted = self.form.sizeHint().width() + scrollbar + 8
        self.resizeDocks([self.form_dock], [min(wanted, int(self.width() * 0.4))], Qt.Orientation.Horizontal)
        lines = self.fontMetrics().height() * 9
        self.resizeDocks([self.warnings_dock], [min(lines, self.height() // 5)], Qt.Orientation.Vertical)

    def start(self, plan_file: Path | None = None) -> None:
        """Show the window; once it has painted, offer to recover unsaved work from a crash, then
        open ``plan_file`` (given on the command line; opening it asks before dropping a recovered
        plan).  The question and the plan come just after the window is on the screen, not before."""
        self.show()
        after_first_paint(self, partial(self._after_first_paint, plan_file))

    def _after_first_paint(self, plan_file: Path | None) -> None:
        use_app_icon()
        load_engine()
        self._first_files(plan_file)

    def _first_files(self, plan_file: Path | None) -> None:
        self.files.offer_recovery()
        if plan_file is not None:
            self.files.open_plan(plan_file)

    # ----- the document, shown

    def _form_replaced(self) -> None:
        self.warnings.forget()  # an opened or new plan's warnings are not news to announce
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
        self.step_table.fit_rows()
        self.calendar.set_plan(plan, stale=stale)
        self.chart.set_plan(plan, stale=stale)
        self.warnings.set_plan(plan, stale=stale)
        self.form.show_pace(plan)
        self.summary.set_state(plan, self.document.error)
        self._update_actions()

    def _validity_changed(self) -> None:
        doc = self.document
        stale = doc.stale
        self.form.show_error(doc.error)
        self.step_model.set_stale(stale)
        self.calendar.set_plan(doc.plan, stale=stale)
        self.chart.set_plan(doc.plan, stale=stale)
        self.warnings.set_plan(doc.plan, stale=stale)
        self.summary.set_state(doc.plan, doc.error)
        self._update_actions()
        self._update_undo()

    def _update_undo(self) -> None:
        self.window_actions.undo.setEnabled(self.document.can_undo)

    def _path_changed(self) -> None:
        self.setWindowTitle(f"{self.files.document_name()}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.modified)

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _update_actions(self) -> None:
        self.step_edits.update_actions()
        has_plan = self.document.plan is not None
        a = self.window_actions
        outputs = (
            a.save,
            a.save_as,
            a.export_csv,
            a.export_pdf,
            a.export_calendar,
            a.export_fhir,
            a.print,
            a.copy_text,
        )
        for action in outputs:
            action.setEnabled(has_plan)

    def _calendar_clicked(self, qdate: QDate) -> None:
        plan = self.document.plan
        step = plan.step_on(to_date(qdate)) if plan else None
        if step is not None:
            self.step_table.selectRow(step.number - 1)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # A field reached by its Alt+letter (or by Tab) is scrolled into view.  Focus coming back
        # with the window (old is None: shown, or switched to) returns to where the user left it.
        if old is not None and new is not None and self.form.isAncestorOf(new):
            scroll_into_view(self.form_scroll, new)

    def _focus_view(self, view: QWidget) -> None:
        self.plan_pane.show_view(view)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_form(self) -> None:
        self.form_toggle.setChecked(True)
        self.form_dock.show()
        self.form.regimen.route_combo.setFocus()

    # ----- the nurse's log and exports

    def open_nurse_log(self) -> QWidget:
        """The nurse's log, offered the plan on screen (unless it is out of date) to attach."""
        from baclotaper.gui.nurse_log import open_log_window

        plan = None if self.document.stale else self.document.plan
        return open_log_window(parent=self, plan=plan, plan_path=self.document.path)

    def _export_dialog(self, function: str, what: str) -> None:
        """PDF, calendar, FHIR and print dialogs live in ``baclotaper.gui.planner.export_dialogs``."""
        plan = self.files.plan_for_output(what)
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

    def show_user_guide(self) -> UserGuide:
        if self._guide is None:
            from baclotaper.gui.planner.user_guide import UserGuide  # only when asked for

            self._guide = UserGuide(self)
        self._guide.show()
        self._guide.raise_()
        return self._guide

    def copy_plan_text(self) -> str:
        """A concise summary of the plan on the clipboard, for the clinical record."""
        plan = self.files.plan_for_output("Copy plan as text")
        if plan is None:
            return ""
        from baclotaper.exports.text import record_text  # only when asked for

        text = record_text(plan)
        QGuiApplication.clipboard().setText(text)
        self._status("The plan is on the clipboard as text: paste it into the clinical record.")
        return text

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

    def focusNextPrevChild(self, next: bool) -> bool:
        panes = getattr(self, "panes", None)
        return move_focus(self, panes, next) if panes else super().focusNextPrevChild(next)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_keep_changes():
            event.ignore()
            return
        self.settings.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().toBase64().data()).decode())
        self.settings.set(WINDOW_STATE, bytes(self.saveState().toBase64().data()).decode())
        self.files.recovery.close()
        for dialog in (self._sources, self._guide):
            if dialog is not None:
                dialog.close()
        event.accept()
