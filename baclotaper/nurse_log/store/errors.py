"""The errors the store raises for a problem the user can act on.

Every one says what happened and what was (not) changed. The subclasses let the window tell a
nurse *why* an entry stays in the form (busy, server unreachable, read-only) without parsing text.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used as asked; the message says why and what was (not) changed."""


class StoreBusyError(StoreError):
    """Another window, process or workstation held the database longer than we wait."""


class StoreUnreachableError(StoreError):
    """The log server did not answer (network, server stopped): try again when it is back."""


class StoreReadOnlyError(StoreError):
    """The log can be read but not written (read-only folder or file, or a reading-only role)."""


class StoreKeyClashError(StoreError):
    """A save key already stands for a different row: the same draft changed after it was saved, or
    two drafts were given one key (a bug). Nothing was saved; the stored row is left as it was."""
