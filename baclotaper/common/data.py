"""Clinical data from ``resources/`` (installed as ``baclotaper.resources``).

Every clinical number the planner uses lives in a TOML file there, next to its source and its
evidence tag (L label, G guideline, P published, C convention).  Code asks for the data through
this module so that it is found the same way from a checkout, a wheel or a frozen app.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

PACKAGE = "baclotaper.resources"

TAG_MEANINGS = {
    "L": "label or regulator text",
    "G": "guideline or formulary",
    "P": "published study or case",
    "C": "clinical convention or expert opinion",
}


@dataclass(frozen=True)
class Sourced:
    """A clinical number together with where it comes from."""

    value: float
    source: str
    tag: str
    note: str = ""

    @property
    def citation(self) -> str:
        return f"{self.source} [{self.tag}]"


def resource_path(name: str) -> Traversable:
    """A file shipped in the resources package (a font, an icon, a data file)."""
    return resources.files(PACKAGE).joinpath(name)


@cache
def load(name: str) -> dict[str, Any]:
    """Parse ``resources/<name>.toml`` once per process."""
    with resource_path(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def sourced(entry: dict[str, Any], key: str = "value") -> Sourced:
    """Read a ``{value, source, tag}`` table from a resources file."""
    return Sourced(
        value=float(entry[key]),
        source=str(entry["source"]),
        tag=str(entry["tag"]),
        note=str(entry.get("note", "")),
    )
