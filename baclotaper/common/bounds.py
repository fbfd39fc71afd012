"""Range checks for what comes from outside (a field, an option, a file) before it is kept.

Dates outside the years in ``resources/limits.toml`` and text longer than its limit are refused
with an :class:`InputError` naming the field, so nothing unreadable is ever written (an
observation in year 999 would be stored as text that no longer sorts or parses).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from functools import cache

from baclotaper.common import data
from baclotaper.common.errors import InputError


class TextKind(StrEnum):
    NAME = "name"
    IDENTIFIER = "identifier"
    INITIALS = "initials"
    SHORT = "short"
    NOTE = "note"  # may span lines


def _limit(section: str, key: str) -> int:
    return int(data.sourced(data.load("limits")[section][key]).value)


@cache  # read for every text of every stored row on a 50 000-entry log
def text_limit(kind: TextKind) -> int:
    return _limit("text", kind.value)


# Control characters (Unicode Cc and lone surrogates), line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates: a right-to-left override in a name or note
# would show "gm 05" as "50 mg" on paper and in calendars. Marks (U+200E/F) and joiners stay.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069"
_NOT_IN_NOTES = re.compile(f"[{_CONTROLS}]")  # a note may have line breaks and tabs
_NOT_IN_TEXT = re.compile(f"[{_CONTROLS}\t\n\r]")


def check_text(field: str, value: str, kind: TextKind) -> str:
    """``value`` unchanged if it is within the limit for ``kind`` and has no control characters
    (a note may have line breaks and tabs); otherwise :class:`InputError` naming ``field``."""
    most = text_limit(kind)
    if len(value) > most:
        raise InputError(field, f"is {len(value)} characters long; the most is {most}")
    found = (_NOT_IN_NOTES if kind is TextKind.NOTE else _NOT_IN_TEXT).search(value)
    if found is not None:
        ch = found.group()
        what = "a direction override" if unicodedata.category(ch) == "Cf" else "a control character"
        raise InputError(field, f"contains {what} (U+{ord(ch):04X}); type plain text")
    return value


def care_years() -> tuple[int, int]:
    return _limit("dates", "care_first_year"), _limit("dates", "care_last_year")


def check_day(field: str, day: date, *, birth: bool = False) -> date:
    """``day`` if its year is plausible for a plan or log date (``birth``: a date of birth)."""
    first, last = care_years()
    if birth:
        first = _limit("dates", "birth_first_year")
    if not first <= day.year <= last:
        raise InputError(field, f"{day.isoformat()} is outside {first}-01-01 to {last}-12-31")
    return day


def check_moment(field: str, moment: datetime) -> datetime:
    """``moment`` if its date (in its own zone and in UTC) is in the plausible years."""
    first, last = care_years()
    if not first <= moment.year <= last:
        raise InputError(field, f"{moment.isoformat(timespec='minutes')} is outside {first}–{last}")
    return moment
