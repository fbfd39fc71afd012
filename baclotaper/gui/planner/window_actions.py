"""The main window's actions and menus: every command has a menu entry and most a shortcut."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from baclotaper.common.settings import PAPER_SIZES


def _action(
    window: QMainWindow,
    name: str,
    text: str,
    shortcut: QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    # QAction(text, parent) would have PySide6 weigh the QAction(icon, text) overload and build
    # QIcon's enums (about 1 % of the start); the text is set on its own instead.
    action = QAction(window)
    action.setText(text)
    action.setObjectName(name)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


@dataclass(eq=False)  # the same actions, not equal ones; and no generated __eq__ to build at start
class WindowActions:
    """Every action of the planner window's menus and toolbar."""

    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    export_pdf: QAction
    export_calendar: QAction
    export_csv: QAction
    export_fhir: QAction
    print: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    edit_dose: QAction
    edit_days: QAction
    insert_hold: QAction
    split_step: QAction
    delete_step: QAction
    focus_form: QAction
    focus_table: QAction
    focus_calendar: QAction
    focus_chart: QAction
    focus_warnings: QAction
    show_today: QAction
    paper: dict[str, QAction]
    remember_defaults: QAction
    nurse_log: QAction
    sources: QAction
    about: QAction
    copy_text: QAction
    user_guide: QAction
    recent_menu: QMenu | None = None
    settings_menu: QMenu | None = None

    @property
    def step_edits(self) -> tuple[QAction, ...]:
        return (self.edit_dose, self.edit_days, self.insert_hold, self.split_step, self.delete_step)


def create_actions(window: QMainWindow) -> WindowActions:
    key = QKeySequence.StandardKey
    actions = WindowActions(
        new=_action(window, "actionNew", "&New", key.New, "Start a new plan"),
        open=_action(window, "actionOpen", "&Open…", key.Open, "Open a plan file"),
        save=_action(window, "actionSave", "&Save", key.Save, "Save the plan"),
        save_as=_action(window, "actionSaveAs", "Save &As…", key.SaveAs, "Save under a new name"),
        export_pdf=_action(window, "actionExportPdf", "Export &PDF…", "Ctrl+Shift+E", "Printable documents"),
        export_calendar=_action(
            window,
            "actionExportCalendar",
            "Export Ca&lendar (ICS)…",
            None,
            "Reminders for each step in a calendar app",
        ),
        export_csv=_action(window, "actionExportCsv", "Export &CSV…", None, "Day-by-day schedule for a spreadsheet"),
        export_fhir=_action(
            window,
            "actionExportFhir",
            "Export for the &Health Record (FHIR)…",
            None,
            "The steps as draft medication requests (FHIR R4)",
        ),
        print=_action(window, "actionPrint", "&Print…", key.Print, "Print the plan"),
        quit=_action(window, "actionQuit", "&Quit", key.Quit),
        undo=_action(window, "actionUndo", "&Undo", key.Undo),
        redo=_action(window, "actionRedo", "&Redo", key.Redo),
        edit_dose=_action(window, "actionEditDose", "Change step &dose…", "Ctrl+Shift+D", "Daily dose of a step"),
        edit_days=_action(window, "actionEditDays", "Change step &length…", "Ctrl+Shift+L", "Days of a step"),
        insert_hold=_action(
            window,
            "actionInsertHold",
            "Insert &hold after step…",
            "Ctrl+Shift+H",
            "Stay on the selected step's dose for longer",
        ),
        split_step=_action(
            window,
            "actionSplitStep",
            "S&plit step",
            "Ctrl+Shift+K",
            "Halve the cut into the selected step (the plan gets longer)",
        ),
        delete_step=_action(window, "actionDeleteStep", "De&lete step", key.Delete),
        focus_form=_action(window, "actionFocusForm", "Go to &regimen form", "Ctrl+1"),
        focus_table=_action(window, "actionFocusTable", "Go to &step table", "Ctrl+2"),
        focus_calendar=_action(window, "actionFocusCalendar", "Go to &calendar", "Ctrl+3"),
        focus_chart=_action(window, "actionFocusChart", "Go to c&hart", "Ctrl+4"),
        focus_warnings=_action(window, "actionFocusWarnings", "Go to &warnings", "Ctrl+5"),
        show_today=_action(window, "actionShowToday", "Calendar: show &today", "Ctrl+T"),
        paper={size: _action(window, f"actionPaper{size}", size) for size in PAPER_SIZES},
        remember_defaults=_action(
            window,
            "actionRememberDefaults",
            "Use this &product and jurisdiction for new plans",
        ),
        nurse_log=_action(
            window,
            "actionNurseLog",
            "&Nurse's log and checklists…",
            "Ctrl+L",
            "Record withdrawal checklists against this plan",
        ),
        sources=_action(window, "actionSources", "&Sources of the defaults…", "Shift+F1"),
        about=_action(window, "actionAbout", "&About BacloTaper"),
        copy_text=_action(
            window,
            "actionCopyText",
            "&Copy plan as text",
            "Ctrl+Shift+C",
            "A short summary of the plan for the clinical record, on the clipboard",
        ),
        user_guide=_action(
            window, "actionUserGuide", "User &guide", key.HelpContents, "How to draft, edit and print a plan"
        ),
    )
    # Delete means "delete step" only while the step table has focus, never while typing.
    actions.delete_step.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    group = QActionGroup(window)
    for action in actions.paper.values():
        action.setCheckable(True)
        group.addAction(action)
    return actions


def build_menus(window: QMainWindow, actions: WindowActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([actions.new, actions.open])
    actions.recent_menu = file_menu.addMenu("Open &Recent")
    actions.recent_menu.setObjectName("recentMenu")
    file_menu.addActions([actions.save, actions.save_as])
    file_menu.addSeparator()
    file_menu.addActions(
        [actions.export_pdf, actions.export_calendar, actions.export_csv, actions.export_fhir, actions.print]
    )
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([actions.undo, actions.redo])
    edit_menu.addSeparator()
    edit_menu.addAction(actions.copy_text)
    edit_menu.addSeparator()
    edit_menu.addActions(list(actions.step_edits))

    view_menu = bar.addMenu("&View")
    view_menu.setObjectName("viewMenu")
    view_menu.addActions(
        [
            actions.focus_form,
            actions.focus_table,
            actions.focus_calendar,
            actions.focus_chart,
            actions.focus_warnings,
        ]
    )
    view_menu.addSeparator()
    view_menu.addAction(actions.show_today)

    settings_menu = bar.addMenu("Se&ttings")
    actions.settings_menu = settings_menu
    paper_menu = settings_menu.addMenu("&Paper size")
    paper_menu.addActions(list(actions.paper.values()))
    settings_menu.addAction(actions.remember_defaults)

    tools_menu = bar.addMenu("T&ools")
    tools_menu.addAction(actions.nurse_log)

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([actions.user_guide, actions.sources, actions.about])

    toolbar = QToolBar("Plan")
    toolbar.setObjectName("planToolBar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([actions.new, actions.open, actions.save])
    toolbar.addSeparator()
    toolbar.addActions([actions.undo, actions.redo])
    toolbar.addSeparator()
    toolbar.addActions(list(actions.step_edits))
    window.addToolBar(toolbar)
