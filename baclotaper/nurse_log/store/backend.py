"""What the store needs from a database, whichever it is: SQLite on this computer or a ward's
PostgreSQL server. The repository writes one SQL (``?`` and ``:name`` parameters); a backend runs
it, keeps write transactions all-or-nothing and turns its driver's errors into :class:`StoreError`.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from baclotaper.nurse_log.store.errors import StoreError

Params = Sequence[Any] | Mapping[str, Any]


def public(target: Path | str) -> str:
    """The log's name as shown to people: never a password."""
    if isinstance(target, Path):
        return str(target)
    parts = urlsplit(target)
    if parts.password is None:
        return target
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, parts.query, parts.fragment))


class Rows(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class DriverError(StoreError):
    """The driver refused a statement. Inside a write the store adds what was being saved."""


class Backend(ABC):
    """One open connection to a log. Belongs to the thread that opened it."""

    #: "sqlite" or "postgresql"
    kind: str
    #: where the log is, as the user should see it (a path, or a URL without its password)
    where: str
    read_only: bool = False
    #: After the log could not be reached, fail at once for this many seconds instead of waiting
    #: for it again (a window's reads on its own thread set it; background saves keep trying).
    fail_fast_s: float = 0.0
    #: Something the user should know that did not stop the log opening (a failed daily backup).
    notice: str = ""

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> Rows:
        """Run one statement; errors come back as :class:`DriverError` (a ``StoreError``)."""

    @abstractmethod
    def insert(self, sql: str, params: Params = ()) -> int:
        """Run one ``INSERT`` of a single row and return the new row's ``id``."""

    @abstractmethod
    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each of ``rows`` (bulk copies)."""

    @abstractmethod
    def write(self, action: str) -> AbstractContextManager[None]:
        """All or nothing, durable when the block ends, one writer at a time.

        A failure becomes a ``StoreError`` that says ``action`` and that nothing was saved.
        """

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def apply_migration(self, version: int, description: str, statements: Sequence[str], latest: int) -> None:
        """Run one migration in its own write transaction, unless another process just did."""

    @abstractmethod
    def db_user(self) -> str:
        """Who the database knows the writer as (login name on this computer, role on a server)."""

    def retry_now(self) -> None:  # noqa: B027 - only a server's backend fails fast; a file never does
        """The log answers again (another connection saw it): stop failing fast, if we were."""

    def listen(self, changed: Callable[[], None], stop: threading.Event) -> None:  # noqa: B027 - a file has no news
        """On a thread of its own, until ``stop`` is set: call ``changed`` as soon as another
        connection commits an addition. A file has no such news: this returns at once (polling
        finds others' additions)."""

    def interrupt(self, waited_s: float) -> None:  # noqa: B027 - a file answers within its busy timeout
        """From another thread: break off a statement that got no answer for ``waited_s`` seconds
        (a hung server). It fails as unreachable, its transaction saves nothing, the next use
        reconnects."""

    @abstractmethod
    def close(self) -> None: ...
