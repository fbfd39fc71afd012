"""What can be asked of the printed plan (readers, sections, paper sizes), without loading reportlab.

The command line and the window check these options on every start; the renderer itself is only
imported when a PDF is actually written.

A *packet* is what one reader gets: the patient's packet holds only pages written for the
patient (schedule, calendar, diary, wallet card); staff pages go to the prescriber, the nurse or
the pharmacy.
"""

from __future__ import annotations

from collections.abc import Sequence

from baclotaper.common.errors import InputError

# In the default print order; the renderer has a builder for each.
SECTIONS: tuple[str, ...] = ("prescriber", "patient", "emergency", "diary", "pharmacy", "checklist")
# Pages a patient reads: large print applies to them, and they carry the clinic's phone.
PATIENT_SECTIONS = frozenset({"patient", "diary", "emergency"})
LARGE_PRINT_SECTIONS = PATIENT_SECTIONS
# Reader -> the sections of that reader's packet.
PACKETS: dict[str, tuple[str, ...]] = {
    # The card before the diary: the diary's rows fill the page the card leaves, so the packet
    # never ends on a card alone on a page.
    "patient": ("patient", "emergency", "diary"),
    "prescriber": ("prescriber",),
    "pharmacy": ("pharmacy",),
    "nurse": ("checklist",),
    "all": SECTIONS,
}
PACKET_TITLES: dict[str, str] = {
    "patient": "patient's packet",
    "prescriber": "prescriber's summary",
    "pharmacy": "pharmacy order",
    "nurse": "nurse's observation packet",
    "all": "all packets",
}
PAPER_NAMES: tuple[str, ...] = ("A4", "Letter")


def check_sections(sections: Sequence[str] | None) -> tuple[str, ...]:
    """The sections to print, in the order given, each once; :class:`InputError` names a bad one."""
    if sections is None:
        return SECTIONS
    chosen: list[str] = []
    for name in sections:
        key = name.strip().lower()
        if key not in SECTIONS:
            raise InputError("sections", f"'{name}' is not a section; choose from {', '.join(SECTIONS)}")
        if key not in chosen:
            chosen.append(key)
    if not chosen:
        raise InputError("sections", f"choose at least one of {', '.join(SECTIONS)}")
    return tuple(chosen)


def check_reader(reader: str) -> str:
    """One of the packet names (patient, prescriber, pharmacy, nurse, all)."""
    key = reader.strip().lower()
    if key not in PACKETS:
        raise InputError("for", f"'{reader}' is not a reader; choose {', '.join(PACKETS)}")
    return key


def packet_sections(reader: str) -> tuple[str, ...]:
    return PACKETS[check_reader(reader)]


def check_paper(paper: str) -> str:
    for name in PAPER_NAMES:
        if name.lower() == paper.strip().lower():
            return name
    raise InputError("paper", f"'{paper}' is not a paper size; choose {' or '.join(PAPER_NAMES)}")
