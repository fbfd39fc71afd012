"""What the user typed for a change the log did not save (a new patient, a sign-off, an
acknowledgement): kept, shown as NOT SAVED until it is, and offered again in the same dialog.

Each such change has a save key (store: ``Store.add_entry``), made on its first try and sent with
every retry: a try whose answer was lost but that the log did save is then found, not saved twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import uuid4

from baclotaper.gui.nurse_log.prompts import Prompts

T = TypeVar("T")


class KeptAnswers:
    def __init__(self, prompts: Callable[[], Prompts], changed: Callable[[str], None]) -> None:
        self._prompts = prompts
        self._changed = changed  # the window shows summary() (""": nothing is waiting)
        self._kept: dict[str, tuple[str, object]] = {}
        self._save_keys: dict[str, str] = {}  # slot -> the save key of its change until it is saved

    def get(self, key: str, kind: type[T]) -> T | None:
        """The answer kept for ``key`` (to fill its dialog again), if any."""
        value = self._kept.get(key, ("", None))[1]
        return value if isinstance(value, kind) else None

    def save_key(self, key: str) -> str:
        """The save key of the change in slot ``key``: new on its first try, the same on each retry."""
        return self._save_keys.setdefault(key, str(uuid4()))

    def done(self, key: str) -> None:
        """Saved, or given up (the dialog cancelled): no longer waiting; the next one is another change."""
        self._save_keys.pop(key, None)
        if self._kept.pop(key, None) is not None:
            self._changed(self.summary())

    def items(self) -> list[tuple[str, object]]:
        """Every slot still waiting, and what was typed for it."""
        return [(key, value) for key, (_what, value) in self._kept.items()]

    def summary(self) -> str:
        if not self._kept:
            return ""
        return "NOT SAVED (kept; do it again to save): " + "; ".join(what for what, _ in self._kept.values())

    def saving(
        self, key: str, value: object, *, what: str, title: str, retry: str, done: Callable[[T], None]
    ) -> tuple[Callable[[T], None], Callable[[str, bool], None]]:
        """The callbacks of a save of ``value``: saved, it is no longer kept, then ``done``; or
        not saved (see :meth:`failed`)."""

        def saved(result: T) -> None:
            self.done(key)
            done(result)

        return saved, self.failed(key, value, what=what, title=title, retry=retry)

    def failed(self, key: str, value: object, *, what: str, title: str, retry: str) -> Callable[[str, bool], None]:
        """What to do when saving ``value`` fails: keep it, say so, and how to try again."""

        def not_saved(message: str, unreachable: bool) -> None:
            self._kept[key] = (what, value)
            self._changed(self.summary())
            when = "when the log server is back" if unreachable else "once the problem is solved"
            self._prompts().show_error(
                title, f"{message}\n\nNOT SAVED: {what.rstrip('.')}. What you typed is kept: {retry} again {when}."
            )

        return not_saved
