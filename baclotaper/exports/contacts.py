"""Whom the patient calls: the prescriber or clinic, the pump team and the local emergency number.

The names and phones are the plan's details (entered in the window or on the command line, kept in
the plan file); the emergency number follows the plan's jurisdiction (``printing.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass

from baclotaper.common import data
from baclotaper.taper.plan import TaperPlan
from baclotaper.taper.regimen import Route


@dataclass(frozen=True)
class Text:
    """A printed sentence or number with where it comes from."""

    value: str
    source: str
    tag: str


@dataclass(frozen=True)
class Contacts:
    prescriber: str  # name of the prescriber or clinic, may be empty
    phone: str
    pump_team_phone: str  # intrathecal plans; may be empty
    emergency: Text  # e.g. "999 or 112"
    jurisdiction: str

    @property
    def who(self) -> str:
        return self.prescriber or "your prescriber"

    def call_line(self) -> str:
        """``Dr Ana Müller: +44 20 7946 0000`` or what is known of it."""
        if self.prescriber and self.phone:
            return f"{self.prescriber}: {self.phone}"
        return self.prescriber or self.phone


def _text(entry: dict[str, object]) -> Text:
    return Text(value=str(entry["value"]), source=str(entry["source"]), tag=str(entry["tag"]))


def emergency_number(jurisdiction: str) -> Text:
    numbers = data.load("printing")["emergency_numbers"]
    return _text(numbers.get(jurisdiction.upper(), numbers["default"]))


def missed_dose(route: Route) -> Text:
    return _text(data.load("printing")["missed_dose"][route.value])


def contacts(plan: TaperPlan) -> Contacts:
    extra = plan.regimen.extra
    jurisdiction = plan.regimen.jurisdiction
    return Contacts(
        prescriber=extra.get("prescriber", "").strip(),
        phone=extra.get("contact", "").strip(),
        pump_team_phone=extra.get("pump_team_phone", "").strip(),
        emergency=emergency_number(jurisdiction),
        jurisdiction=jurisdiction,
    )
