"""One clinic's pack as it grows: two processes against one on 200 handouts, and the cost per
page from 40 to 200 handouts (flat when neither a worker's start-up nor the final assembly
dominates). 200 is the most a clinic's pack may list."""

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


def one_clinic(root: Path, handouts: int) -> Path:
    """A copy of the content whose CLINIC's pack lists ``handouts`` handouts (copies of the
    records in English), and no other clinic."""
    target = Path(tempfile.mkdtemp()) / "content"
    shutil.copytree(root / "templates" / CLINIC, target / "templates" / CLINIC)
    records = sorted(p for p in (root / "data" / "treatments").glob("*.yaml") if "." not in p.stem)
    folder = target / "data" / "treatments"
    folder.mkdir(parents=True)
    ids = [f"{records[n % len(records)].stem}-{n}" for n in range(handouts)]
    for number, new_id in enumerate(ids):
        copy_record(records[number % len(records)], new_id, folder)
    list_treatments(target / "templates" / CLINIC / "clinic.yaml", ids)
    return target


def pack_scaling(root: Path, repeats: int, medians: Callable[..., list[float]]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for handouts, jobs in ((40, (1,)), (200, (1, 2))):
        content = one_clinic(root, handouts)
        pages: list[int] = []

        def run(workers: int, content: Path = content, pages: list[int] = pages) -> None:
            report = build_packs(
                ContentDir(content),
                [CLINIC],
                PackOptions(jobs=workers, force=True, reproducible=True),
            )
            assert report.exit_code == 0, report.failures[:1]
            pages.append(report.clinics[0].pages or 0)

        times = medians([lambda w=w: run(w) for w in jobs], repeats, warmup=1)
        for workers, seconds in zip(jobs, times, strict=True):
            figures[f"pack_{handouts}_ms_per_page_{workers}_process"] = seconds / pages[-1] * 1000
        if len(times) == 2:
            figures[f"pack_{handouts}_2_over_1"] = times[0] / times[1]
        shutil.rmtree(content.parent, ignore_errors=True)
    figures["per_page_200_over_40"] = (
        figures["pack_200_ms_per_page_1_process"] / figures["pack_40_ms_per_page_1_process"]
    )
    return figures
