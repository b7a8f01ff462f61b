"""A path the content names -> its bytes or text, read by the same rule everywhere.

Only a regular file is read: never a folder, pipe (FIFO), device or socket, and never through
a link that leads round in a circle. A pipe is opened without waiting, so a FIFO where a file
should be cannot hang a build. Nothing larger than the caller's limit is read, and hashing
reads in chunks, so a huge or sparse file costs neither memory nor a long wait. Whatever is
wrong becomes FileRefused, with a message in the words of the person who put the file there.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

CHUNK = 1024 * 1024
_ERRNO_WORDS = {
    errno.ENOENT: "not found; check the name",
    errno.ELOOP: "is a link that leads round in a circle; replace it with the file itself",
    errno.ENAMETOOLONG: "has a name longer than the file system allows; shorten it",
    errno.EACCES: "cannot be read: permission denied; check who may read it",
    errno.EPERM: "cannot be read: permission denied; check who may read it",
    errno.ENOTDIR: "not found: part of its path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
}
_KIND_WORDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a pipe (FIFO), not a file; put the file itself here"),
    (stat.S_ISCHR, "is a device, not a file; put the file itself here"),
    (stat.S_ISBLK, "is a device, not a file; put the file itself here"),
    (stat.S_ISSOCK, "is a socket, not a file; put the file itself here"),
)


class FileRefused(Exception):
    """Why a file cannot be read; ``line`` where the problem is at a line of a text file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def describe_os_error(error: OSError) -> str:
    """An operating system error in plain words."""
    return _ERRNO_WORDS.get(error.errno or 0, f"cannot be read: {error.strerror or error}")


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, if it holds at most ``limit`` of them."""
    descriptor = _open(path)
    try:
        size = _regular_size(descriptor)
        _within(size, limit)
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    finally:
        os.close(descriptor)
    _within(len(data), limit)
    return data


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of the file at ``path`` (a byte order mark is dropped)."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused("is not UTF-8 text; save it as UTF-8 in your editor", line) from None


def file_digest(path: Path, limit: int) -> str:
    """The SHA-256 of the regular file at ``path`` (at most ``limit`` bytes), read in chunks."""
    descriptor = _open(path)
    digest = hashlib.sha256()
    try:
        _within(_regular_size(descriptor), limit)
        while chunk := os.read(descriptor, CHUNK):
            digest.update(chunk)
    finally:
        os.close(descriptor)
    return digest.hexdigest()


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` is not a regular file that could be read, or None."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return describe_os_error(error)
    return _kind_problem(mode)


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileRefused(describe_os_error(error)) from None


def _regular_size(descriptor: int) -> int:
    status = os.fstat(descriptor)
    problem = _kind_problem(status.st_mode)
    if problem:
        raise FileRefused(problem)
    return status.st_size


def _kind_problem(mode: int) -> str | None:
    for test, words in _KIND_WORDS:
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "is not a regular file"


def _within(size: int, limit: int) -> None:
    if size > limit:
        raise FileRefused(f"is over {_human(limit)}, the limit (it is {_human(size)}); shorten it")


def _human(size: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def resolves_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, is inside ``folder``. A link that leads round in a
    circle resolves nowhere outside, so reading it names that mistake instead."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return True
