"""Undo and redo: every change to the document swaps one :class:`Snapshot` for another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand

from baclotaper.gui.planner.form_state import FormState

if TYPE_CHECKING:
    from baclotaper.taper.plan import TaperPlan

# Typing into one field makes one undo step, not one per key.
TYPING_ID = 1001


@dataclass(frozen=True)
class Snapshot:
    """The form as committed and the plan it produced (hand edits included)."""

    form: FormState
    plan: TaperPlan | None
    hand_edited: bool = False


class SnapshotHolder(Protocol):
    """What a command changes: the plan document (a protocol, so the document can import this module)."""

    def restore(self, snapshot: Snapshot, *, reload_form: bool) -> None: ...


class SnapshotCommand(QUndoCommand):
    """Go from ``before`` to ``after``; ``typing_field`` lets keystrokes in one field merge."""

    def __init__(
        self,
        document: SnapshotHolder,
        before: Snapshot,
        after: Snapshot,
        text: str,
        *,
        typing_field: str | None = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.before = before
        self.after = after
        self.typing_field = typing_field
        # The form already shows the new values when the command is first pushed.
        self._first_redo = True

    def redo(self) -> None:
        self.document.restore(self.after, reload_form=not self._first_redo)
        self._first_redo = False

    def undo(self) -> None:
        self.document.restore(self.before, reload_form=True)

    def id(self) -> int:
        return TYPING_ID if self.typing_field is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, SnapshotCommand)
            or self.typing_field is None
            or other.typing_field != self.typing_field
        ):
            return False
        self.after = other.after
        return True
