"""A real PostgreSQL server for the tests, started from Debian's ``postgresql`` package.

``initdb`` refuses to run as root, and CI runs as root: then the server runs as ``nobody`` in a
temporary folder of its own. It listens on a free port of 127.0.0.1 with trust authentication
(nothing but this machine can reach it, and it lives only as long as the test session).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

SUPERUSER = "postgres"


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run ./scripts/setup.sh (Debian package postgresql)")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable  # fsync as a real server does (benches); tests need not wait for the disk
        self.bin = _bin_dir()
        # As root the server runs as nobody, who must reach its folder: /tmp, not a private TMPDIR.
        self.root = Path(tempfile.mkdtemp(prefix="baclotaper-pg-", dir="/tmp" if os.geteuid() == 0 else None))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "nobody")
            self._as = ["runuser", "-u", "nobody", "--"]
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=60, cwd=self.root)

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def _processes(self) -> list[int]:
        """The postmaster and every process it started (connections, background workers)."""
        postmaster = int((self.data / "postmaster.pid").read_text(encoding="ascii").split()[0])
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
                    if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                        children.append(int(entry.name))
        return [postmaster, *children]

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The whole server stopped (SIGSTOP) as a hung machine is: connections stay open and the
        kernel acknowledges what is sent, but nothing answers, and no server timeout fires."""
        stopped = self._processes()
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    @contextmanager
    def admin(self, database: str = "postgres") -> Iterator[psycopg.Connection[Any]]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            yield conn

    def new_database(self, template: str = "template1") -> str:
        name = f"log{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name


@contextmanager
def running_server(*, durable: bool = False) -> Iterator[PgServer]:
    server = PgServer(durable=durable)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by a test
            server.stop("immediate")
        server.remove()
