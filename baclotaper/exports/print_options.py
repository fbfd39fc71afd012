"""What can be asked of the printed plan (section names, paper sizes), without loading reportlab.

The command line and the window check these options on every start; the renderer itself is only
imported when a PDF is actually written.
"""

from __future__ import annotations

from collections.abc import Sequence

from baclotaper.common.errors import InputError

# In the default print order; the renderer has a builder for each.
SECTIONS: tuple[str, ...] = ("prescriber", "patient", "emergency", "pharmacy", "checklist")
# Large print is for the patient's pages; the professional sections stay compact.
LARGE_PRINT_SECTIONS = frozenset({"patient", "emergency"})
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


def check_paper(paper: str) -> str:
    for name in PAPER_NAMES:
        if name.lower() == paper.strip().lower():
            return name
    raise InputError("paper", f"'{paper}' is not a paper size; choose {' or '.join(PAPER_NAMES)}")
