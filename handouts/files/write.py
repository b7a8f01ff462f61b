"""PDF bytes -> a file, atomically: a reader sees the old file or the new one, never half.

The bytes go to a temporary file in the same folder, are flushed to disk, and then replace
the target with one rename; the folder is flushed too, so the rename survives a power cut.
An interrupted run leaves at most a stray temporary file. Its name carries the id of the
process writing it, so a later run removes it as soon as that process is gone (or once it
is an hour old), and never removes one that a build still running is writing.

A file that cannot be written is a HandoutsError naming it, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from handouts.errors import HandoutsError, Problem

TEMP_PREFIX = ".handouts-"
TEMP_SUFFIX = ".partial"
STALE_AFTER_SECONDS = 3600


PRIVATE = 0o600
"""Read and written by its owner only: a patient's file on a shared computer."""


def write_atomic(path: Path, data: bytes, tidy: bool = True, mode: int = 0o644) -> Path:
    """Write ``data`` to ``path`` atomically; with ``tidy``, then clear temporary files that
    killed runs left in the folder (a pack run does that once per folder instead). ``mode``:
    who may read it (PRIVATE for a patient's file).

    Only a regular file (or nothing) is replaced: a link, pipe, device or folder at ``path``
    is someone else's, so it is refused rather than swapped for a file."""
    refused = replaceable_problem(path)
    if refused:
        raise HandoutsError([Problem("OUTPUT001", path, None, None, refused)])
    try:
        _replace_atomically(path, data, mode)
    except OSError as error:
        message = f"cannot write: {error.strerror or error}"
        raise HandoutsError([Problem("OUTPUT001", path, None, None, message)]) from None
    if tidy:
        remove_stale_temporaries(path.parent)
    return path


def replaceable_problem(path: Path) -> str | None:
    """Why ``path`` must not be replaced by a new file, or None."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    if stat.S_ISLNK(mode):
        return "cannot write: it is a link, and is not replaced with a file; name the file itself"
    if stat.S_ISDIR(mode):
        return "cannot write: Is a directory; give the name of a file to write"
    if not stat.S_ISREG(mode):
        return "cannot write: it is a pipe, device or socket, not a file, and is left as it is"
    return None


def _replace_atomically(path: Path, data: bytes, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file (not possible on every system)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER_SECONDS) -> None:
    """Delete temporary files that an interrupted earlier run left behind."""
    if not folder.is_dir():
        return
    cutoff = time.time() - older_than
    for temporary in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if not _writer_running(temporary) or temporary.stat().st_mtime < cutoff:
                temporary.unlink()


def _writer_running(temporary: Path) -> bool:
    """Whether the process named in a temporary file's name still exists (unknown: yes)."""
    match = re.match(rf"{re.escape(TEMP_PREFIX)}(\d+)-", temporary.name)
    if match is None:
        return True
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
