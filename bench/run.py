"""Benchmark: our pipeline against a plain reportlab yardstick, measured in one run.

    python bench/run.py [--quick] [--only memory] [--json bench/results.json]

Every figure is a median over repeated runs on this machine; comparisons are given as ratios
from the same run, because absolute times on a shared machine say little on their own.
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yardstick
from batch import batch_throughput
from copies import copy_record, list_treatments
from scaling import pack_scaling
from serve import re_preview
from tagging import tagging_cost

from handouts.content.load import ContentDir
from handouts.options import RenderOptions
from handouts.pack.options import PackOptions
from handouts.pack.run import build_packs
from handouts.pipeline import build_handout, prepare_handout

REPO = Path(__file__).resolve().parent.parent
TREATMENT, CLINIC = "silicone-gel", "harbour-dermatology"


def median_seconds(action: Callable[[], object], repeats: int, warmup: int = 2) -> float:
    return interleaved_medians([action], repeats, warmup)[0]


def interleaved_medians(
    actions: list[Callable[[], object]], repeats: int, warmup: int = 2
) -> list[float]:
    """Median seconds of each action, timed in turns (A B C A B C ...) so that a change in
    the machine's load while measuring falls on all of them alike and their ratios hold."""
    for _ in range(warmup):
        for action in actions:
            action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for action, taken in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


def single_handout(root: Path, repeats: int) -> dict[str, Any]:
    """Full pipeline per handout (load, compose, parse, layout, write) against the yardstick."""
    out = Path(tempfile.mkdtemp()) / "handout.pdf"
    options = RenderOptions(reproducible=True)

    def ours() -> None:
        build_handout(ContentDir(root), TREATMENT, CLINIC, out=out, options=options)

    blocks = yardstick.blocks_from(prepare_handout(ContentDir(root), TREATMENT, CLINIC).document)

    def before_layout() -> None:
        prepare_handout(ContentDir(root), TREATMENT, CLINIC, None, options)

    actions = [ours, before_layout, lambda: yardstick.render(blocks)]
    pipeline, prepared, plain, once, floor = interleaved_medians(
        [*actions, lambda: yardstick.lay_out_once(blocks), lambda: yardstick.floor(blocks)],
        repeats,
    )
    return {
        "pipeline_ms": pipeline * 1000,
        "before_layout_ms": prepared * 1000,
        "yardstick_ms": plain * 1000,
        "yardstick_one_pass_ms": once * 1000,
        "no_layout_floor_ms": floor * 1000,
        "pipeline_over_yardstick": pipeline / plain,
        "before_layout_over_yardstick": prepared / plain,
        "one_pass_over_yardstick": once / plain,
        "pipeline_over_floor": pipeline / floor,
        "pdf_bytes": out.stat().st_size,
        "pdf_pages": _pages(out.read_bytes()),
        "yardstick_pdf_bytes": len(yardstick.render(blocks)),
        "yardstick_ms_per_page": plain * 1000 / _pages(yardstick.render(blocks)),
    }


def _pages(pdf: bytes) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(pdf))


def scaled_content(root: Path, copies: int) -> Path:
    """A copy of the content with every treatment ``copies`` times in every clinic's pack,
    so pack throughput is measured on a clinic group's workload, not on 21 handouts."""
    target = Path(tempfile.mkdtemp()) / "content"
    shutil.copytree(root / "templates", target / "templates")
    treatments = target / "data" / "treatments"
    treatments.mkdir(parents=True)
    ids = []
    for source in sorted((root / "data" / "treatments").glob("*.yaml")):
        record_id, _, language = source.stem.partition(".")
        for copy in range(copies):
            copy_record(source, f"{record_id}-{copy}", treatments)
            ids += [] if language else [f"{record_id}-{copy}"]
    for clinic in (target / "templates").glob("*/clinic.yaml"):
        list_treatments(clinic, ids)
    return target


SPIN = "n = 0\nfor i in range(12_000_000): n += i"
"""About half a second of pure computation, for measuring the machine itself."""


def machine_parallelism(repeats: int) -> float:
    """Two units of work in one process against one unit in each of two at once: what this
    machine gives a second process right now (2.0 on two idle cores). Pack throughput can
    do no better, so it is printed beside it."""
    one = [sys.executable, "-c", f"{SPIN}\n{SPIN}"]

    def in_one() -> None:
        subprocess.run(one, check=True)

    def in_two() -> None:
        processes = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(2)]
        for process in processes:
            process.wait()

    alone, together = interleaved_medians([in_one, in_two], repeats, warmup=0)
    return alone / together


def packs(root: Path, repeats: int, copies: int) -> dict[str, Any]:
    """Pack throughput with 1 and 2 worker processes, and a rebuild with nothing changed."""
    content = scaled_content(root, copies)

    pages = []

    def run(jobs: int, force: bool) -> int:
        report = build_packs(
            ContentDir(content),
            ContentDir(content).clinic_ids(),
            PackOptions(jobs=jobs, force=force, reproducible=True),
        )
        assert report.exit_code == 0, report.failures
        pages.append(sum(clinic.pages or 0 for clinic in report.clinics))
        return report.count("built")

    handouts = run(2, True)
    # In turns; each unchanged rebuild follows a full build, so nothing is left to do.
    one, two, unchanged = interleaved_medians(
        [lambda: run(1, True), lambda: run(2, True), lambda: run(2, False)], repeats, warmup=0
    )
    machine = machine_parallelism(repeats)
    yard_ms_per_page = pack_yardstick_ms_per_page(content, min(repeats, 3))
    return {
        "handouts_per_run": handouts,
        "pack_pages_per_run": pages[0],
        "pack_ms_per_page_1_process": one / pages[0] * 1000,
        "handouts_per_s_1_process": handouts / one,
        "handouts_per_s_2_processes": handouts / two,
        "throughput_2_over_1": one / two,
        "machine_2_over_1": machine,
        "full_build_s": two,
        "unchanged_rebuild_s": unchanged,
        "full_over_unchanged": two / unchanged,
        "peak_worker_mb": worker_peak_mb(content),
        "yardstick_ms_per_page_same_text": yard_ms_per_page,
    }


def pack_yardstick_ms_per_page(content: Path, repeats: int) -> float:
    """The yardstick laying out the same text as the pack run (every handout, in its
    language, one document each), per page it makes."""
    workload = yardstick.pack_workload(content)

    def lay_out() -> None:
        for blocks, chinese in workload:
            yardstick.render(blocks, chinese)

    pages = sum(_pages(yardstick.render(blocks, chinese)) for blocks, chinese in workload)
    return median_seconds(lay_out, repeats, warmup=1) * 1000 / pages


WORKER = """
import resource, sys
from handouts import ContentDir, render_handout
from handouts.pack.worker import prepare_worker
prepare_worker()
content = ContentDir(sys.argv[1])
for clinic in content.clinic_ids():
    for treatment in content.clinic(clinic).record.treatments:
        render_handout(content, treatment, clinic)
try:
    with open("/proc/self/status") as status:
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
except OSError:  # no /proc; macOS gives ru_maxrss in bytes, not KiB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(peak // 1024 if sys.platform == "darwin" else peak)
"""


def worker_peak_mb(content: Path) -> float:
    """Peak memory of a fresh process doing a worker's job: every handout of every clinic.
    Pack workers are forked, so their own figures would count pages shared with the parent.
    The worker reads its peak from /proc (VmHWM) where it can: on Linux ``ru_maxrss``
    survives exec, so it would report the benchmark's own peak whenever that is higher."""
    command = [sys.executable, "-c", WORKER, str(content)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return int(output.split()[-1]) / 1024


def memory(root: Path, copies: int) -> dict[str, Any]:
    """A worker's peak memory alone, for a quick look after a change."""
    return {"peak_worker_mb": worker_peak_mb(scaled_content(root, copies))}


def cold_start(root: Path, repeats: int) -> dict[str, Any]:
    """Fresh interpreters: `handouts --help` and one `handouts build` against `python -c pass`."""
    script = shutil.which("handouts", path=str(Path(sys.executable).parent)) or "handouts"
    out = Path(tempfile.mkdtemp()) / "cold.pdf"
    build = [script, "build", TREATMENT, "--clinic", CLINIC, "--root", str(root), "--out", str(out)]
    baseline = _command_seconds([sys.executable, "-c", "pass"], repeats)
    help_time = _command_seconds([script, "--help"], repeats)
    build_time = _command_seconds(build, repeats)
    return {
        "python_pass_s": baseline,
        "help_s": help_time,
        "build_s": build_time,
        "help_over_python": help_time / baseline,
        "build_over_python": build_time / baseline,
    }


def _command_seconds(command: list[str], repeats: int) -> float:
    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return median_seconds(run, repeats, warmup=1)


TARGETS = (
    ("pipeline_over_yardstick", "<=", 0.45),
    ("throughput_2_over_1", ">=", 1.8),
    ("full_over_unchanged", ">=", 20.0),
    ("help_s", "<", 0.25),
    ("pdf_bytes", "<=", 70_000),
    ("untagged_pdf_bytes", "<=", 45_000),
    ("peak_worker_mb", "<=", 80.0),
    ("tagging_overhead", "<=", 0.15),
    ("batch_over_pack_1_process", ">=", 2.0),
    ("re_preview_after_edit_ms", "<=", 150.0),
    ("pack_page_over_yardstick_page", "<=", 0.35),
    ("pack_200_2_over_1", ">=", 1.8),
    ("per_page_200_over_40", "<=", 1.1),
    ("per_page_400_over_40", "<=", 1.1),
)
"""The performance targets, each checked against this run's figures."""
_RELATIONS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt}


def targets(results: dict[str, dict[str, Any]]) -> dict[str, str]:
    figures = {name: value for section in results.values() for name, value in section.items()}
    verdicts = {}
    for name, relation, limit in TARGETS:
        if name in figures:
            met = _RELATIONS[relation](figures[name], limit)
            verdicts[f"{name} {relation} {limit:g}"] = "met" if met else "missed"
    return verdicts


def compare_pack_pages_with_yardstick(results: dict[str, dict[str, Any]]) -> None:
    """Per page inside a pack (everything a pack run does, one process) over per page of the
    yardstick laying out the same text (every handout of the run, Chinese ones with a Chinese
    font and reportlab's CJK line breaking); and over the single handout's yardstick page,
    which is English only."""
    packs = results.get("packs (all clinics)")
    single = results.get("single handout (warm, one process)")
    if packs:
        ours = packs["pack_ms_per_page_1_process"]
        packs["pack_page_over_yardstick_page"] = ours / packs["yardstick_ms_per_page_same_text"]
        if single:
            packs["pack_page_over_english_yardstick"] = ours / single["yardstick_ms_per_page"]


def compare_batch_with_packs(results: dict[str, dict[str, Any]]) -> None:
    """Batch handouts per second over pack handouts per second, process for process."""
    batch = results.get("batch (patient list, two handouts a row)")
    packs = results.get("packs (all clinics)")
    if batch and packs:
        for count in ("1_process", "2_processes"):
            ratio = batch[f"batch_handouts_per_s_{count}"] / packs[f"handouts_per_s_{count}"]
            batch[f"batch_over_pack_{count}"] = ratio


def environment() -> dict[str, Any]:
    from handouts.render.accel import slow_functions

    slow = slow_functions()
    return {
        "cores": os.cpu_count() or 0,
        "python": sys.version.split()[0],
        "reportlab_c_accelerator": "in use" if not slow else f"MISSING for {', '.join(slow)}",
    }


def print_table(results: dict[str, dict[str, Any]]) -> None:
    for section, figures in results.items():
        print(f"\n{section}")
        for name, value in figures.items():
            if isinstance(value, float):
                shown = f"{value:,.3f}"
            else:
                shown = f"{value:,}" if isinstance(value, int) else str(value)
            print(f"  {name:<34} {shown:>14}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="content directory")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    parser.add_argument("--only", choices=["memory"], help="measure only this")
    args = parser.parse_args()
    repeats = 5 if args.quick else 25
    copies = 2 if args.quick else 6
    if args.only == "memory":
        results = {"memory (fresh worker)": memory(args.root, copies)}
    else:
        results = {
            "single handout (warm, one process)": single_handout(args.root, repeats),
            "tagging (tagged against untagged)": tagging_cost(
                args.root, TREATMENT, CLINIC, repeats, interleaved_medians
            ),
            "packs (all clinics)": packs(args.root, 2 if args.quick else 5, copies),
            "packs as they grow": pack_scaling(
                args.root, 1 if args.quick else 5, interleaved_medians
            ),
            "batch (patient list, two handouts a row)": batch_throughput(
                args.root, 2 if args.quick else 3, 200 if args.quick else 1000, interleaved_medians
            ),
            "cold start (fresh process)": cold_start(args.root, max(3, repeats // 5)),
            "web app (handouts serve)": re_preview(args.root, repeats),
        }
    compare_batch_with_packs(results)
    compare_pack_pages_with_yardstick(results)
    results["targets"] = targets(results)
    results["environment"] = environment()
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
