"""PDF bytes -> a file, atomically: a reader sees the old file or the new one, never half.

The bytes go to a temporary file in the same folder, are flushed to disk, and then replace
the target with one rename. An interrupted run leaves at most a stray temporary file, which
the next run in that folder removes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError

TEMP_PREFIX = ".handouts-"
TEMP_SUFFIX = ".partial"


def write_atomic(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(
        prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return path


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files that an interrupted earlier run left behind."""
    if folder.is_dir():
        for stale in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()


def output_path(output_dir: Path, clinic_id: str, name: str) -> Path:
    """``output_dir/clinic_id/name.pdf``, refusing anything that would land outside it."""
    target = (output_dir / clinic_id / f"{name}.pdf").resolve()
    if not target.is_relative_to(output_dir.resolve()):
        raise HandoutsError(f"refusing to write outside {output_dir}: {target}")
    return target
