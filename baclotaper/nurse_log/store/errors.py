"""The one error the store raises for a problem the user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used as asked; the message says why and what was (not) changed."""
