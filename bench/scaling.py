"""Packs as the work grows: two processes against one on a clinic's pack of 200 handouts, and
the cost per page from 40 handouts to 400 (flat when neither a worker's start-up nor the final
assembly dominates). 200 is the most one clinic's pack may list, so 400 is two clinics' packs
of 200 in one run."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from copies import copy_record, list_treatments

from handouts.content.load import ContentDir
from handouts.pack.options import PackOptions
from handouts.pack.run import build_packs

CLINIC = "harbour-dermatology"
RUNS = ((40, 1, (1,)), (200, 1, (1, 2)), (400, 2, (1,)))
"""Handouts in all, clinics they are split between, and the worker counts to time."""


def one_clinic(root: Path, handouts: int, clinics: int = 1) -> Path:
    """A copy of the content whose only clinics are CLINIC (and copies of it, for
    ``clinics`` > 1), each listing ``handouts / clinics`` copies of the English records."""
    target = Path(tempfile.mkdtemp()) / "content"
    records = sorted(p for p in (root / "data" / "treatments").glob("*.yaml") if "." not in p.stem)
    folder = target / "data" / "treatments"
    folder.mkdir(parents=True)
    ids = [f"{records[n % len(records)].stem}-{n}" for n in range(handouts // clinics)]
    for number, new_id in enumerate(ids):
        copy_record(records[number % len(records)], new_id, folder)
    for clinic_id in clinic_ids(clinics):
        _copy_clinic(root / "templates" / CLINIC, target / "templates" / clinic_id, clinic_id)
        list_treatments(target / "templates" / clinic_id / "clinic.yaml", ids)
    return target


def clinic_ids(clinics: int) -> list[str]:
    return [CLINIC, *(f"{CLINIC}-{number}" for number in range(2, clinics + 1))]


def _copy_clinic(source: Path, target: Path, clinic_id: str) -> None:
    shutil.copytree(source, target)
    clinic_file = target / "clinic.yaml"
    text = clinic_file.read_text(encoding="utf-8")
    clinic_file.write_text(text.replace(f"id: {CLINIC}\n", f"id: {clinic_id}\n", 1), "utf-8")


def pack_scaling(root: Path, repeats: int, medians: Callable[..., list[float]]) -> dict[str, Any]:
    """Every size and worker count timed in the same turns, so that the ratios between sizes
    (flatness) hold however the machine's load drifts during the run."""
    contents = {handouts: one_clinic(root, handouts, clinics) for handouts, clinics, _ in RUNS}
    try:
        return _timed(contents, repeats, medians)
    finally:
        for content in contents.values():
            shutil.rmtree(content.parent, ignore_errors=True)


def _timed(
    contents: dict[int, Path], repeats: int, medians: Callable[..., list[float]]
) -> dict[str, Any]:
    pages: dict[int, int] = {}

    def run(handouts: int, clinics: int, workers: int) -> None:
        report = build_packs(
            ContentDir(contents[handouts]),
            clinic_ids(clinics),
            PackOptions(jobs=workers, force=True, reproducible=True),
        )
        assert report.exit_code == 0, report.failures[:1]
        pages[handouts] = sum(clinic.pages or 0 for clinic in report.clinics)

    timed = [(handouts, clinics, w) for handouts, clinics, jobs in RUNS for w in jobs]
    times = medians([lambda h=h, c=c, w=w: run(h, c, w) for h, c, w in timed], repeats, warmup=1)
    figures: dict[str, Any] = {}
    for (handouts, _, workers), seconds in zip(timed, times, strict=True):
        figures[f"pack_{handouts}_ms_per_page_{workers}_process"] = seconds / pages[handouts] * 1000
    for handouts, _, jobs in RUNS:
        if len(jobs) == 2:
            one, two = (figures[f"pack_{handouts}_ms_per_page_{w}_process"] for w in jobs)
            figures[f"pack_{handouts}_2_over_1"] = one / two
    smallest = RUNS[0][0]
    for handouts, _, _ in RUNS[1:]:
        figures[f"per_page_{handouts}_over_{smallest}"] = (
            figures[f"pack_{handouts}_ms_per_page_1_process"]
            / figures[f"pack_{smallest}_ms_per_page_1_process"]
        )
    return figures
