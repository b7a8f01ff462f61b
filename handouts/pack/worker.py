"""Job descriptions -> PDF bytes, computed in worker processes; nothing here writes a file.

``prepare_worker`` runs once in each worker: it registers the body fonts (the Chinese font
waits for the first text that needs it).
Within one run a worker also keeps the loaded records and clinics and one compiled template
environment per clinic, so each is prepared once per worker rather than once per handout.
A content problem comes back as ``Failed`` with its ``file:line`` places, never as an
exception, so it crosses the process boundary intact.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from handouts.compose.environment import make_environment
from handouts.content.load import ContentDir
from handouts.errors import HandoutsError
from handouts.options import RenderOptions
from handouts.pack.executor import Failed
from handouts.pack.tasks import Built, HandoutJob, PackJob, RunContext
from handouts.pipeline import render_handout
from handouts.render.fonts import register_fonts


def prepare_worker(parent_pid: int | None = None) -> None:
    """Once per worker process: fonts ready, Ctrl-C left to the parent, exit with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_pid is not None:
        threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    register_fonts()


def _exit_with_parent(parent_pid: int) -> None:
    """A worker whose parent was killed has nobody to report to: stop instead of lingering."""
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)


def render_handout_job(job: HandoutJob) -> Built | Failed:
    started = time.perf_counter()
    cache = _RunCache.for_run(job.run)
    try:
        rendered = render_handout(
            cache.content,
            job.treatment_id,
            job.clinic_id,
            RenderOptions(
                reproducible=job.run.reproducible,
                date=job.run.date,
                large_print=job.run.large_print,
                language=job.language,
            ),
            cache.environment(job.clinic_id, job.language),
        )
    except HandoutsError as error:
        return Failed(tuple(error.problems))
    title = rendered.document.title or job.treatment_id
    clinic = cache.content.clinic(job.clinic_id, job.language)
    note = cache.content.treatment(job.treatment_id, clinic.language).record.condition
    seconds = time.perf_counter() - started
    return Built(rendered.pdf, rendered.page_count, seconds, title, note)


def assemble_pack_job(job: PackJob) -> Built | Failed:
    # Imported here: pikepdf would add to the memory of every worker, and most workers
    # only render.
    from handouts.pack.assemble import assemble_pack

    started = time.perf_counter()
    try:
        clinic = _RunCache.for_run(job.run).content.clinic(job.clinic_id, job.language)
    except HandoutsError as error:
        return Failed(tuple(error.problems))
    try:
        pdf, pages = assemble_pack(
            clinic,
            job.entries,
            duplex=job.duplex,
            date=job.date,
            reproducible=job.run.reproducible,
            large_print=job.run.large_print,
        )
    except HandoutsError as error:
        return Failed(tuple(clinic.placed(problem) for problem in error.problems))
    return Built(pdf, pages, time.perf_counter() - started)


@dataclass
class _RunCache:
    """Content loaded and templates compiled in this worker, for one run only."""

    run_id: str
    content: ContentDir
    environments: dict[tuple[str, str | None], Any] = field(default_factory=dict)

    @classmethod
    def for_run(cls, run: RunContext) -> _RunCache:
        cached = _CURRENT.get("run")
        if cached is None or cached.run_id != run.run_id:
            cached = _CURRENT["run"] = cls(run.run_id, ContentDir(run.root))
        return cached

    def environment(self, clinic_id: str, language: str | None) -> Any:
        key = (clinic_id, language)
        if key not in self.environments:
            clinic = self.content.clinic(clinic_id, language)
            self.environments[key] = make_environment(clinic)
        return self.environments[key]


_CURRENT: dict[str, _RunCache] = {}
