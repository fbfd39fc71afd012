"""Errors a user can act on: each names the field and what is allowed."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input. ``field`` is the regimen field (``dose``, ``per_day``...) the message is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class PlanFileError(ValueError):
    """A plan file that cannot be read: truncated, foreign, or from a newer BacloTaper."""
