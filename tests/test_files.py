"""Atomic writes: leftovers of a stopped run are cleared, a running build's file never is."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from handouts.files.write import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temporaries, write_atomic


def ended_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_stopped_writers_file_goes_and_a_running_writers_file_stays(tmp_path: Path) -> None:
    stopped = tmp_path / f"{TEMP_PREFIX}{ended_process_id()}-abc{TEMP_SUFFIX}"
    running = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def{TEMP_SUFFIX}"
    unnamed = tmp_path / f"{TEMP_PREFIX}ghi{TEMP_SUFFIX}"
    for leftover in (stopped, running, unnamed):
        leftover.write_bytes(b"%PDF-1.4 half")
    remove_stale_temporaries(tmp_path)
    assert not stopped.exists()
    assert running.exists() and unnamed.exists()
    hour_ago = time.time() - 3700
    os.utime(unnamed, (hour_ago, hour_ago))
    remove_stale_temporaries(tmp_path)
    assert not unnamed.exists() and running.exists()


def test_writing_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "handout.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert list(target.parent.iterdir()) == [target]
