"""Write files so that a crash, a kill or a full disk never leaves a half-written file behind.

Only an ordinary file (or a new one) is ever replaced: a folder, a device, a pipe or a socket at the
path is refused with a clear message, never swapped for a file (``-o /dev/null`` as root must not
replace the system's ``/dev/null``). A symbolic link is followed: the file it points to is
replaced and the link stays. ``-`` (the command line's convention) means standard output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

STDOUT = "-"


class NotAFileError(OSError):
    """The path names something that is not an ordinary file; nothing was written."""

    def __init__(self, path: Path | str, what: str) -> None:
        super().__init__(errno.EINVAL, what, str(path))


def is_stdout(path: Path | str) -> bool:
    return str(path) == STDOUT


def check_target(path: Path | str) -> Path:
    """The file that writing ``path`` would replace (a symlink followed), or :class:`NotAFileError`.

    A name ending in a path separator is a folder even when it does not exist yet.
    """
    text = os.fspath(path)
    if text.endswith((os.sep, "/")) or Path(text).name in ("", ".", ".."):
        raise NotAFileError(text, "is a folder name; give a file name")
    target = Path(os.path.realpath(text)) if os.path.islink(text) else Path(text)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target  # a new file (or a link to one not yet made)
    except NotADirectoryError:
        raise NotAFileError(text, "a part of the path is a file, not a folder") from None
    if stat.S_ISDIR(mode):
        raise NotAFileError(text, "is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise NotAFileError(
            text, "is not an ordinary file (a device, pipe or socket); BacloTaper writes only ordinary files"
        )
    return target


def write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: temp file in the same folder, fsync, rename.

    The file is private to the user (mode 0600, from ``mkstemp``): it holds patient data.

    ``-`` writes to standard output instead.
    """
    if is_stdout(path):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = check_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        check_target(target)  # nothing swapped in (a folder, a pipe) while the data was written
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def write_text(path: Path | str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _fsync_dir(folder: Path) -> None:
    # The rename itself is only durable once the directory entry is flushed (POSIX only).
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
