"""Saving and watching the log off the GUI thread, so the window never waits on the database.

One worker thread with a connection of its own (a store belongs to the thread that opened it)
runs each job; its result or its error comes back as a signal on the GUI thread. Every job ends
within seconds whatever the database does: SQLite's busy timeout, the server's connect and
statement timeouts (store/transaction.py, store/postgres_backend.py).

The same thread looks every few seconds for rows added by other windows or workstations, and
says when the log cannot be reached or is back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from baclotaper.common.errors import InputError
from baclotaper.nurse_log.store import Store, StoreError
from baclotaper.nurse_log.store.errors import StoreUnreachableError

Job = Callable[[Store], Any]


class StoreWorker(QObject):
    # (token, result) and (token, message, unreachable) for the job submitted with that token.
    done = Signal(int, object)
    failed = Signal(int, str, bool)
    # Other windows or workstations added to the log.
    changed = Signal()
    # "" when the log answers; otherwise why it does not.
    reachable = Signal(str)

    #: How often to look for others' entries (milliseconds).
    poll_ms = 5_000

    def __init__(self, target: Path | str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="baclotaper-store")
        self._store: Store | None = None  # used only on the worker thread
        self._tokens = 0
        self._pending = 0  # changed on both threads: under the lock
        self._lock = threading.Lock()
        self._marker: tuple[int, ...] | None = None
        self._problem = ""
        self._recheck = False  # the window met an unreachable log: say when it answers again
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def start_watching(self, interval_ms: int | None = None) -> None:
        self._timer.start(interval_ms if interval_ms is not None else self.poll_ms)
        self._poll()

    # On the worker thread ------------------------------------------------------------------

    def _opened(self) -> Store:
        if self._store is None:
            self._store = Store.open(self._target)
        return self._store

    def _run(self, token: int, job: Job) -> None:
        try:
            result = job(self._opened())
        except (StoreError, InputError, ValueError) as error:
            self._drop_if_unreachable(error)
            self.failed.emit(token, str(error), isinstance(error, StoreUnreachableError))
            return
        except Exception as error:  # whatever it was, the form must hear "not saved"
            self.failed.emit(token, f"unexpected error ({type(error).__name__}: {error}); nothing was saved", False)
            return
        self.done.emit(token, result)

    def _drop_if_unreachable(self, error: Exception) -> None:
        if isinstance(error, StoreUnreachableError):
            self._problem = str(error)  # the next look that gets an answer says it is back
            self.reachable.emit(self._problem)

    def _look(self) -> None:
        try:
            marker = self._opened().change_marker()
        except StoreError as error:
            if str(error) != self._problem:
                self._problem = str(error)
                self.reachable.emit(self._problem)
            return
        if self._problem or self._recheck:
            self._problem, self._recheck = "", False
            self.reachable.emit("")
        if self._marker is not None and marker != self._marker:
            self.changed.emit()
        self._marker = marker

    # On the GUI thread ---------------------------------------------------------------------

    def submit(self, job: Job) -> int:
        """Run ``job(store)`` on the worker thread; returns the token its signal will carry."""
        self._tokens += 1
        token = self._tokens
        with self._lock:
            self._pending += 1
        future: Future[None] = self._pool.submit(self._run, token, job)
        future.add_done_callback(lambda _f: self._finished())
        return token

    def _finished(self) -> None:
        with self._lock:
            self._pending -= 1

    def recheck(self) -> None:
        """The window's own reading found the log unreachable: report the next answer."""
        self._recheck = True

    def _poll(self) -> None:
        if self._pending == 0:
            self._pool.submit(self._look)

    def close(self) -> None:
        self._timer.stop()
        self._pool.submit(self._close_store)
        self._pool.shutdown(wait=True)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
