"""Clinic ids -> a pack PDF and one PDF per handout in ``output/<clinic>/``, and a report of
what was built, skipped and failed.

This process decides what is out of date (handouts.pack.plan, from each clinic's manifest)
and writes every file, atomically, recording it in the manifest as soon as it is on disk
(handouts.pack.clinic). Worker processes render the handouts, and write each pack's front
pages and its handouts' objects in pieces (handouts.pack.worker), through any
``concurrent.futures.Executor`` (handouts.pack.executor); this process puts each pack's parts
in one file.
A broken record or template fails only the handouts made from it. A pack is written only
when every one of its handouts was built, so a pack never silently lacks one; until then the
previous pack stays as it was.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from itertools import zip_longest

from handouts.content.load import ContentDir
from handouts.errors import HandoutsError, Problem
from handouts.pack.clinic import ClinicRun
from handouts.pack.events import Event, NoProgress, PackReport, Progress
from handouts.pack.executor import Batch, WorkerPool, available_cpus
from handouts.pack.options import PackOptions
from handouts.pack.plan import plan_clinic
from handouts.pack.tasks import HandoutJob, PackJob, RunContext
from handouts.pack.worker import (
    front_pages_job,
    prepare_worker,
    render_handout_job,
    write_piece_job,
)


def select_clinics(content: ContentDir, clinic_ids: Sequence[str] | None) -> list[str]:
    """The clinics named (each once), or with None every clinic in the content directory."""
    chosen = content.clinic_ids() if clinic_ids is None else list(dict.fromkeys(clinic_ids))
    if not chosen:
        message = f"no clinics found in {content.templates_dir}"
        raise HandoutsError([Problem("CONTENT001", None, None, None, message)])
    return chosen


def build_packs(
    content: ContentDir,
    clinic_ids: Sequence[str],
    options: PackOptions | None = None,
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> PackReport:
    """Build the packs of ``clinic_ids``. ``executor`` must run each call in a process of its
    own (reportlab is not thread-safe); None: a WorkerPool of ``options.jobs`` processes."""
    options = options or PackOptions()
    progress = progress or NoProgress()
    started = time.perf_counter()
    context = RunContext(
        content.root,
        uuid.uuid4().hex,
        options.reproducible,
        options.cover_date(),  # fixed here, not by each worker: one run, one date
        options.large_print,
    )
    runs = [
        run for clinic_id in clinic_ids for run in plan_clinic(content, clinic_id, options, context)
    ]
    progress.start(sum(run.outputs for run in runs))
    try:
        with executor_for(executor, options.jobs) as pool:
            workers = worker_count(pool, options.jobs)
            _execute(runs, Batch(pool, in_flight=2 * workers), progress, workers)
    finally:
        for run in runs:
            run.save_manifest()
    progress.finish()
    return PackReport(
        tuple(run.report for run in runs),
        tuple(failure for run in runs for failure in run.failures),
        time.perf_counter() - started,
    )


def worker_count(executor: Executor, jobs: int | None) -> int:
    """How many calls ``executor`` runs at once: ``jobs`` if given, else what it says."""
    return jobs or getattr(executor, "max_workers", None) or available_cpus()


@contextmanager
def executor_for(executor: Executor | None, jobs: int | None) -> Iterator[Executor]:
    """The caller's executor as it is, or a WorkerPool of ``jobs`` processes (None: one per
    core) that is shut down afterwards."""
    if executor is not None:
        yield executor
        return
    workers = jobs or available_cpus()
    pool = WorkerPool(workers, initializer=prepare_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _execute(
    runs: Sequence[ClinicRun], batch: Batch[tuple[str, ...]], progress: Progress, workers: int
) -> None:
    """Submit what each clinic needs; write each result as it comes back. A pack job goes
    ahead of waiting handouts, so each pack is written soon after its last handout."""
    clinics = {run.key: run for run in runs}
    try:
        for run in runs:
            for event in run.settled_at_start:
                progress.update(event)
        for run, job in submission_order(runs, workers):
            batch.submit(("handout", run.key, job.treatment_id), render_handout_job, job)
        for run in runs:
            _next_pack_step(run, batch, progress)
        for (kind, key, *which), outcome in batch.finished():
            run = clinics[key]
            if kind == "handout":
                progress.update(run.handout_done(which[0], outcome))
            elif written := run.part_done(int(which[0]), outcome):
                progress.update(written)
            _next_pack_step(run, batch, progress)
    except BaseException:
        batch.cancel()
        raise


def submission_order(runs: Sequence[ClinicRun], workers: int) -> list[tuple[ClinicRun, HandoutJob]]:
    """Handouts clinic by clinic, except that the last clinics (one per worker) take turns.

    A pack is assembled as soon as its clinic's handouts are in, alongside the rendering of
    the next clinic's. Only the last packs have nothing left to share the workers with: taking
    turns makes them ready together, to be assembled side by side rather than one at a time
    while the other workers wait.
    """
    busy = [run for run in runs if run.jobs]
    split = max(len(busy) - workers, 0)
    order = [(run, job) for run in busy[:split] for job in run.jobs]
    last = ([(run, job) for job in run.jobs] for run in busy[split:])
    order += [pair for turn in zip_longest(*last) for pair in turn if pair is not None]
    return order


def _next_pack_step(run: ClinicRun, batch: Batch[tuple[str, ...]], progress: Progress) -> None:
    step = run.pack_step()
    if isinstance(step, list):
        for job in step:
            if isinstance(job, PackJob):
                batch.submit(("part", run.key, "0"), front_pages_job, job, first=True)
            else:
                batch.submit(("part", run.key, str(job.part)), write_piece_job, job, first=True)
    elif isinstance(step, Event):
        progress.update(step)
