"""Every read and write of the log, off the GUI thread, so the window never waits on the database.

One worker thread with a connection of its own (a store belongs to the thread that opened it, and
opens it on its first job) runs each job in turn; its result or its error comes back as a queued
signal on the GUI thread. Every job ends within seconds whatever the database does: SQLite's busy
timeout, the server's connect and statement timeouts (store/transaction.py, store/postgres_backend.py).
A server that hangs without closing the connection (stopped, overloaded) answers nothing and lets no
timeout fire: a job still running after ``job_limit_s`` has its statement broken off (it fails as
unreachable, its transaction saves nothing). A job submitted with a ``key`` is skipped if a newer
one with the same key is waiting (a reload asked for again while the server hangs runs once, with
what was asked last). Reads (``quick``) fail at once for a while after the server did not answer,
so the window hears "unreachable" quickly; writes always try again.

The same thread looks every few seconds for rows added by other windows or workstations, and
says when the log cannot be reached or is back.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from baclotaper.common.errors import InputError
from baclotaper.nurse_log.store import Store, StoreError
from baclotaper.nurse_log.store.errors import StoreUnreachableError

Job = Callable[[Store], Any]
WATCHDOG_NAP_S = 0.25


class StoreWorker(QObject):
    # (token, result) and (token, message, unreachable) for the job submitted with that token.
    done = Signal(int, object)
    failed = Signal(int, str, bool)
    # A job overtaken by a newer one with the same key, before it started.
    dropped = Signal(int)
    # Other windows or workstations added to the log.
    changed = Signal()
    # "" when the log answers; otherwise why it does not.
    reachable = Signal(str)

    #: How often to look for others' entries (milliseconds).
    poll_ms = 5_000
    #: Seconds a job may wait on the database before its statement is broken off (a save is
    #: milliseconds; the connect and statement timeouts are 5 s each).
    job_limit_s = 10.0
    #: Seconds reads fail at once after the server did not answer (the watcher lifts it sooner).
    fail_fast_s = 15.0

    def __init__(self, target: Path | str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="baclotaper-store")
        self._store: Store | None = None  # used only on the worker thread
        self._tokens = 0
        self._pending = 0  # changed on both threads: under the lock
        self._lock = threading.Lock()
        # The job on the worker thread and when it started (under the lock).
        self._running: tuple[int, float] | None = None
        self._latest: dict[str, int] = {}  # key -> the newest token submitted with it (under the lock)
        self._marker: tuple[int, ...] | None = None
        self._problem = ""
        self._recheck = False  # the window met an unreachable log: say when it answers again
        self._closed = False
        self._ended = False  # the store is closed: the last job has run
        self._stop = threading.Event()  # tells the listening thread to end
        self._listener: threading.Thread | None = None
        threading.Thread(target=self._watch_jobs, name="baclotaper-store-watchdog", daemon=True).start()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def start_watching(self, interval_ms: int | None = None) -> None:
        self._timer.start(interval_ms if interval_ms is not None else self.poll_ms)
        self._poll()

    def stop_watching(self) -> None:
        """No more looks, and no more listening for the server's notices."""
        self._timer.stop()
        self._stop.set()

    # On the worker thread ------------------------------------------------------------------

    def _opened(self) -> Store:
        if self._store is None:
            self._store = Store.open(self._target)
            if self._listener is None:
                # A server tells of others' additions at once (LISTEN/NOTIFY); a file returns at once.
                self._listener = threading.Thread(
                    target=self._store.backend.listen,
                    args=(self._news, self._stop),
                    name="baclotaper-store-listen",
                    daemon=True,
                )
                self._listener.start()
        return self._store

    def _run(self, token: int, job: Job, key: str | None, quick: bool) -> None:
        if key is not None and self._closed:
            return  # a read for a window that has closed (a save still runs: it was asked for)
        if key is not None:
            with self._lock:
                overtaken = self._latest[key] != token
            if overtaken:
                self.dropped.emit(token)
                return
        try:
            with self._watchdog(token, quick):
                store = self._opened()
                # A read notes how far the log had gone before it read: a later look that finds
                # more reloads, even when another workstation's addition landed before the first look.
                marker = store.change_marker() if key is not None else None
                result = job(store)
        except (StoreError, InputError, ValueError) as error:
            self._drop_if_unreachable(error)
            self.failed.emit(token, str(error), isinstance(error, StoreUnreachableError))
            return
        except Exception as error:  # whatever it was, the form must hear "not saved"
            self.failed.emit(token, f"unexpected error ({type(error).__name__}: {error}); nothing was saved", False)
            return
        if marker is not None:
            self._marker = marker
        self.done.emit(token, result)

    @contextmanager
    def _watchdog(self, token: int, quick: bool) -> Iterator[None]:
        store = self._store
        if store is not None:
            store.backend.fail_fast_s = self.fail_fast_s if quick else 0.0
        with self._lock:
            self._running = (token, time.monotonic())
        try:
            yield
        finally:
            with self._lock:
                self._running = None

    def _watch_jobs(self) -> None:
        """On a thread of its own: break off a job that has waited ``job_limit_s`` on the database.
        It naps in short sleeps rather than a timed wait (those never return under libfaketime)."""
        broken: int | None = None
        # Until the last job has ended: a window closing waits for the job under way, which must
        # still be broken off if the server hangs.
        while not self._ended:
            time.sleep(WATCHDOG_NAP_S)
            with self._lock:
                running, store = self._running, self._store
                if running is None or store is None or running[0] == broken:
                    continue
                if time.monotonic() - running[1] >= self.job_limit_s:
                    broken = running[0]
                    store.backend.interrupt(self.job_limit_s)

    def _news(self) -> None:
        """On the listening thread: another connection added to the log."""
        if not self._stop.is_set():
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self.changed.emit()

    def _drop_if_unreachable(self, error: Exception) -> None:
        if isinstance(error, StoreUnreachableError):
            self._problem = str(error)  # the next look that gets an answer says it is back
            self.reachable.emit(self._problem)

    def _look(self) -> None:
        if self._closed:
            return
        try:
            with self._watchdog(0, False):
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

    def submit(self, job: Job, key: str | None = None, *, quick: bool = False) -> int:
        """Run ``job(store)`` on the worker thread; returns the token its signal will carry."""
        self._tokens += 1
        token = self._tokens
        with self._lock:
            self._pending += 1
            if key is not None:
                self._latest[key] = token
        future: Future[None] = self._pool.submit(self._run, token, job, key, quick)
        future.add_done_callback(lambda _f: self._finished())
        return token

    def _finished(self) -> None:
        with self._lock:
            self._pending -= 1

    def recheck(self) -> None:
        """The window's own reading found the log unreachable: report the next answer."""
        self._recheck = True

    def _poll(self) -> None:
        if self._pending == 0 and not self._closed:
            self._pool.submit(self._look)

    def close(self) -> None:
        self._timer.stop()
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        self._pool.submit(self._close_store)
        self._pool.shutdown(wait=True)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._ended = True
