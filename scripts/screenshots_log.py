"""Screenshots of the nurse's log window, offscreen, for the documentation.

    .venv/bin/python scripts/screenshots_log.py [--out docs/screenshots]

Writes nurse-log.png (an emergency being recorded), nurse-log-entries.png (the audit trail with a
correction), nurse-log-plan.png (a hold accepted: the plan's revisions) and nurse-log-intrathecal.png
(the stronger intrathecal banner), each at 1280×720, from a made-up patient in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

# Before Qt loads: no display is needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from baclotaper.common import paths
from baclotaper.gui.nurse_log import LogWindow
from baclotaper.gui.nurse_log.dialogs import SignOff
from baclotaper.gui.nurse_log.prompts import LogPrompts
from baclotaper.nurse_log.advice import advise
from baclotaper.nurse_log.revise import plan_position
from baclotaper.nurse_log.store import Store
from baclotaper.taper.build import build_plan
from baclotaper.taper.durations import Duration
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.planfile import file_dict
from baclotaper.taper.products import parse_product
from baclotaper.taper.regimen import Regimen

SIZE = (1280, 720)


class SigningPrompts(LogPrompts):
    """Real dialogs, except the sign-off, answered as the prescriber would (no dialog is shown)."""

    def ask_sign_off(
        self, title: str, question: str, *, initials: str, reason: str, kept: bool = False
    ) -> SignOff | None:
        return SignOff("PR", reason or "heart rate re-checked")

    def confirm(self, title: str, question: str) -> bool:
        return True

    def show_info(self, title: str, message: str) -> None:
        print(f"{title}: {message}")

    def show_error(self, title: str, message: str) -> None:
        raise SystemExit(f"{title}: {message}")


def make_plan(product: str, dose: float, on_therapy: str, start: date) -> TaperPlan:
    regimen = Regimen(
        product=parse_product(product), daily_dose=dose, on_therapy=Duration.parse(on_therapy), start=start
    )
    return build_plan(regimen)


def history(store: Store, patient_id: int, plan_id: int, plan: TaperPlan) -> None:
    """Three checks a day since the plan started, a little worse in the days after the cut."""
    today = date.today()
    day = plan.steps[0].start
    while day < today:
        position = plan_position(plan, day)
        since_cut = position.days_since_cut or 0
        for hour in (8, 14, 20):
            bump = 1 if 1 <= since_cut <= 3 else 0
            scores = {"insomnia": bump + (hour == 8), "anxiety": bump, "tremor": 1 if since_cut == 2 else 0}
            vitals = {"temperature": 36.6 + 0.3 * bump + 0.1 * (hour == 20), "heart_rate": 72 + 8 * bump + hour // 4}
            tier = advise(scores=scores, vitals=vitals, route=plan.regimen.route, days_since_cut=since_cut).tier
            store.add_entry(
                patient_id=patient_id,
                observed_at=datetime.combine(day, time(hour)).astimezone(),
                recorded_by="JK" if hour == 8 else "NB",
                scores=scores,
                vitals=vitals,
                tier=tier,
                plan_id=plan_id,
                revision=1,
                step_index=position.step_index,
                days_since_cut=position.days_since_cut,
            )
        day += timedelta(days=1)


def seed(db: Path, plan: TaperPlan, name: str, identifier: str) -> None:
    with Store.open(db) as store:
        patient = store.add_patient(name=name, identifier=identifier, date_of_birth=date(1968, 4, 12))
        record = store.add_plan(patient_id=patient.id, title=f"{plan.unit} taper from {plan.steps[0].start}")
        store.add_revision(plan_id=record.id, document=file_dict(plan), author="PR", reason="attached")
        history(store, patient.id, record.id, plan)


def fill_emergency(window: LogWindow, scores: dict[str, int], temperature: str, heart_rate: str) -> None:
    for name, text in (("temperatureInput", temperature), ("heartRateInput", heart_rate), ("recordedByInput", "NB")):
        field = window.findChild(QLineEdit, name)
        assert field is not None
        field.clear()
        QTest.keyClicks(field, text)
    for item_id, score in scores.items():
        control = window.findChild(QWidget, f"score_{item_id}")
        assert control is not None
        QTest.keyClick(control, Qt.Key(Qt.Key.Key_0.value + score))


def settle(window: LogWindow) -> None:
    """Wait until what the last gesture started on the log's own thread (a read, a save) is done
    and shown, as the nurse would."""
    while window.session.busy:
        QTest.qWait(20)
    QApplication.processEvents()


def save_and_wait(window: LogWindow) -> None:
    window.save_entry()
    settle(window)
    assert not window.form.status.text().startswith("NOT SAVED"), window.form.status.text()


def shot(window: LogWindow, path: Path) -> None:
    # Layouts settle over several passes of the event loop (a checklist rebuilt for the pump route
    # is laid out after the scroll area learns its new size): let them, as a user's screen would.
    QTest.qWait(300)
    window.grab().save(str(path))
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    start = date.today() - timedelta(days=16)  # today: two days after the second cut

    with tempfile.TemporaryDirectory() as folder:
        paths.set_data_dir(Path(folder))
        oral = make_plan("tablets:10,20", 60, "2y", start)
        seed(Path(folder) / "oral.sqlite3", oral, "A.B.", "MRN-1042")
        window = LogWindow(Path(folder) / "oral.sqlite3", plan=oral)
        window.prompts = SigningPrompts(window)
        window.resize(*SIZE)
        window.show()
        settle(window)
        window.patients.select_row(0)
        settle(window)
        fill_emergency(window, {"confusion": 2, "rebound_spasticity": 2, "insomnia": 1}, "38.9", "118")
        shot(window, args.out / "nurse-log.png")

        save_and_wait(window)
        first = window.session.entries[-2]
        window.start_correction(first)
        window.form.notes.setPlainText("heart rate re-checked: 92, not 98")
        save_and_wait(window)
        window.tabs.setCurrentWidget(window.entries)
        shot(window, args.out / "nurse-log-entries.png")

        hold = next(p for p in window.advice.proposal_buttons if p.property("proposal").kind == "hold")
        hold.click()  # signed by the prompts below
        settle(window)
        window.tabs.setCurrentWidget(window.plan_panel)
        shot(window, args.out / "nurse-log-plan.png")
        window.close()

        pump = make_plan("intrathecal:500", 300, "6y", start)
        seed(Path(folder) / "pump.sqlite3", pump, "C.D.", "MRN-2077")
        window = LogWindow(Path(folder) / "pump.sqlite3", plan=pump)
        window.resize(*SIZE)
        window.show()
        settle(window)
        window.patients.select_row(0)
        settle(window)
        fill_emergency(window, {"itching_without_rash": 2, "pump_two_tone_alarm": 1}, "38.2", "124")
        window.tabs.setCurrentWidget(window.timeline)
        shot(window, args.out / "nurse-log-intrathecal.png")
        window.close()
        paths.set_data_dir(None)
    app.processEvents()


if __name__ == "__main__":
    main()
