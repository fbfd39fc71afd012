"""Screenshots of the real window for the README, rendered offscreen.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Each scene types a regimen into the form the way a prescriber would, then grabs the window
(QWidget.grab) at 1280×720 and larger.  Nothing is read from or written to the user's data folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from baclotaper.common import paths
from baclotaper.common.settings import Settings
from baclotaper.gui.planner.main_window import MainWindow
from baclotaper.gui.planner.prompts import Prompts

TODAY = date(2026, 12, 1)
ROOT = Path(__file__).resolve().parents[1]


class NoDialogs(Prompts):
    """Scenes never ask questions; numbers for hand edits come from ``numbers``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.numbers: list[float] = []

    def ask_number(self, *_args: object, **_kwargs: object) -> float | None:
        return self.numbers.pop(0) if self.numbers else None

    def confirm_concerns(self, concerns: object) -> bool:
        return True


def settle() -> None:
    # Layout requests travel up one parent per turn of the event loop.
    for _ in range(8):
        QApplication.processEvents()


def choose(combo: QComboBox, text: str) -> None:
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    raise SystemExit(f"{combo.objectName()} has no entry {text!r}")


def open_window(size: tuple[int, int]) -> MainWindow:
    window = MainWindow(Settings(), today=TODAY)
    window.prompts = NoDialogs(window)
    window.resize(*size)
    window.fit_docks()
    window.show()
    settle()
    return window


def type_regimen(window: MainWindow, *, dose: str, on_therapy: str, age: str = "") -> None:
    form = window.form
    form.regimen.start_input.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    QTest.keyClicks(form.regimen.dose_input, dose)
    QTest.keyClicks(form.regimen.on_therapy_input, on_therapy)
    if age:
        QTest.keyClicks(form.risks.age_input, age)


def oral(window: MainWindow) -> None:
    type_regimen(window, dose="60", on_therapy="2y", age="70")
    window.step_table.selectRow(1)


def high_dose(window: MainWindow) -> None:
    choose(window.form.risks.indication_combo, "Alcohol")
    choose(window.form.risks.jurisdiction_combo, "FR")
    type_regimen(window, dose="300", on_therapy="3y")


def intrathecal(window: MainWindow) -> None:
    choose(window.form.regimen.route_combo, "Intrathecal")
    type_regimen(window, dose="450", on_therapy="6y")
    window.form.risks.prior_check.setChecked(True)


def liquid_hand_edited(window: MainWindow) -> None:
    choose(window.form.regimen.product_combo, "1 mg/mL")
    type_regimen(window, dose="30", on_therapy="8m")
    prompts = window.prompts
    assert isinstance(prompts, NoDialogs)
    window.step_table.selectRow(1)
    prompts.numbers = [7]
    window.step_edits.insert_hold()
    window.step_table.selectRow(3)
    window.step_edits.split_selected_step()


def out_of_date(window: MainWindow) -> None:
    type_regimen(window, dose="60", on_therapy="2y")
    QTest.keyClicks(window.form.regimen.dose_input, "0")  # 600 mg/day: above what the planner takes


SCENES: list[tuple[str, tuple[int, int], Callable[[MainWindow], None], float]] = [
    ("main-window.png", (1280, 720), oral, 1.0),
    ("main-1920x1080-high-dose.png", (1920, 1080), high_dose, 1.0),
    ("main-1280x720-intrathecal.png", (1280, 720), intrathecal, 1.0),
    ("main-1280x720-hand-edited.png", (1280, 720), liquid_hand_edited, 1.0),
    ("main-1280x720-out-of-date.png", (1280, 720), out_of_date, 1.0),
    ("main-1280x720-font200.png", (1280, 720), oral, 2.0),
    ("main-2560x1440-font200.png", (2560, 1440), oral, 2.0),
    ("main-800x600.png", (800, 600), oral, 1.0),
    ("main-1280x720-dark.png", (1280, 720), oral, 1.0),
    ("main-1280x720-intrathecal-dark.png", (1280, 720), intrathecal, 1.0),
]


def dark_palette() -> QPalette:
    """A dark theme like the desktops' own (the window must stay readable in it)."""
    colours = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e8e8e8"),
        (QPalette.ColorRole.Highlight, "#3d6fb4"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
        (QPalette.ColorRole.ToolTipBase, "#353535"),
        (QPalette.ColorRole.ToolTipText, "#e8e8e8"),
    ):
        colours.setColor(role, QColor(value))
    return colours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(Path(tempfile.mkdtemp(prefix="baclotaper-shots-")))
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    base_font = app.font()
    for name, size, scene, scale in SCENES:
        font = QFont(base_font)  # a copy: the base size must stay as it was
        font.setPointSizeF(base_font.pointSizeF() * scale)
        app.setFont(font)
        base_palette = app.palette()
        if "dark" in name:
            app.setPalette(dark_palette())
        window = open_window(size)
        scene(window)
        settle()
        path = args.out / name
        window.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        window.document.undo_stack.setClean()  # nothing to ask about on close
        window.close()
        window.deleteLater()
        app.setFont(base_font)
        app.setPalette(base_palette)
    sources = open_window((1280, 720)).show_sources()
    sources.resize(1200, 640)
    settle()
    path = args.out / "sources.png"
    sources.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
