"""Wall-clock and CPU time of ``handouts pack --all``: a full rebuild with each --jobs value,
and a second run with nothing changed. Works on a copy of the content, so output/ is left
alone. Times include starting Python and importing the tool (about half a second).

    .venv/bin/python bench/pack_times.py [--root DIR] [--runs N] [--jobs 1 2 ...]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(root: Path, *args: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the run and its worker processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "handouts", "pack", "--all", "--quiet", *args]
    subprocess.run([*command, "--root", str(root)], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def report(label: str, samples: list[tuple[float, float]]) -> None:
    walls = [wall for wall, _ in samples]
    cpus = [cpu for _, cpu in samples]
    print(
        f"{label:<28} wall min {min(walls):5.2f} s  median {statistics.median(walls):5.2f} s"
        f"   cpu median {statistics.median(cpus):5.2f} s   ({len(samples)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(options.root / "data", root / "data")
        shutil.copytree(options.root / "templates", root / "templates")
        samples: dict[int, list[tuple[float, float]]] = {jobs: [] for jobs in options.jobs}
        for _ in range(options.runs):  # interleaved, so a busy moment hits every setting alike
            for jobs in options.jobs:
                samples[jobs].append(timed(root, "--force", "--jobs", str(jobs)))
        for jobs, runs in samples.items():
            report(f"--all --force --jobs {jobs}", runs)
        report("--all, nothing changed", [timed(root) for _ in range(options.runs)])


if __name__ == "__main__":
    main()
