"""Batch throughput: a patient list with two treatments per row, with one and two worker
processes, as handouts per second, to set beside pack throughput from the same run."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handouts.batch.options import BatchOptions
from handouts.batch.run import build_batch
from handouts.content.load import ContentDir

CLINIC = "harbour-dermatology"


def patient_list(content: ContentDir, folder: Path, rows: int) -> Path:
    """``rows`` patients, each given two of the clinic's treatments, with a note and a date."""
    treatments = content.clinic(CLINIC).record.treatments
    lines = ["name,treatments,clinician,note,next_visit"]
    for row in range(rows):
        pair = f"{treatments[row % len(treatments)]};{treatments[(row + 1) % len(treatments)]}"
        visit = f"2027-01-{row % 28 + 1:02d}"
        lines.append(f"Patient {row},{pair},Dr Lee,Apply it **twice** a day.,{visit}")
    path = folder / "visits.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch_throughput(
    root: Path, repeats: int, rows: int, medians: Callable[..., list[float]]
) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp())
    try:
        content = ContentDir(root)
        visits = patient_list(content, folder, rows)

        def run(jobs: int) -> int:
            options = BatchOptions(jobs=jobs, reproducible=True, out=folder / "out")
            report = build_batch(content, visits, CLINIC, options)
            assert report.exit_code == 0, report.failures[:1]
            return report.handouts

        handouts = run(2)
        one, two = medians([lambda: run(1), lambda: run(2)], repeats, warmup=0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "rows": rows,
        "handouts_per_batch": handouts,
        "batch_handouts_per_s_1_process": handouts / one,
        "batch_handouts_per_s_2_processes": handouts / two,
        "batch_2_over_1": one / two,
    }
