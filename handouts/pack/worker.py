"""Job descriptions -> PDFs and parts of pack PDFs, made in worker processes; nothing here
writes a file.

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
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from handouts.compose.environment import make_environment
from handouts.content.load import ContentDir
from handouts.errors import HandoutsError
from handouts.options import RenderOptions
from handouts.pack.executor import Failed
from handouts.pack.joinplan import PieceJob, Written, pdf_facts
from handouts.pack.pdfsource import SourcePdf
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
    """A handout of a pack run; for one going into its pack, with what joining it needs to
    know of it (``Built.facts``), read here beside the other workers rather than in the
    process that joins the pack."""
    built = run_cache(job.run).render(
        job.clinic_id, job.treatment_id, job.language, job.run.large_print
    )
    if isinstance(built, Failed) or not job.for_pack:
        return built
    try:
        return replace(built, facts=pdf_facts(SourcePdf(built.pdf)))
    except HandoutsError:
        return built  # read again, and reported, if its pack needs it


def front_pages_job(job: PackJob) -> Written | Failed:
    # Imported here: most workers only render.
    from handouts.pack.join import FrontPages

    started = time.perf_counter()
    try:
        clinic = run_cache(job.run).content.clinic(job.clinic_id, job.language)
    except HandoutsError as error:
        return Failed(tuple(error.problems))
    run = job.run
    front = FrontPages(clinic, job.duplex, job.date, run.reproducible, run.large_print)
    try:
        written = front.write(job.entries, job.facts, job.places, job.numbering)
    except HandoutsError as error:
        return Failed(tuple(clinic.placed(problem) for problem in error.problems))
    return replace(written, seconds=time.perf_counter() - started)


def write_piece_job(job: PieceJob) -> Written | Failed:
    from handouts.pack.join import write_piece

    started = time.perf_counter()
    try:
        objects = write_piece(job)
    except HandoutsError as error:
        return Failed(tuple(error.problems))
    return Written(objects, time.perf_counter() - started)


T = TypeVar("T")
HandoutKey = tuple[str, str, str | None, bool, bool]
"""Clinic, treatment, language, large print, final."""


@dataclass
class RunCache:
    """Content loaded, templates compiled and handouts rendered in this worker, for one run
    only (a new run sees every edit made since)."""

    run: RunContext
    content: ContentDir
    environments: dict[tuple[str, str | None], Any] = field(default_factory=dict)
    handouts: dict[HandoutKey, Built | Failed] = field(default_factory=dict)
    kept: dict[Hashable, Any] = field(default_factory=dict)
    """Anything else worth making once per worker and run, by a key saying what it is."""

    def keep(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, made the first time ``key`` is asked for and kept for the run."""
        if key not in self.kept:
            self.kept[key] = make()
        return cast(T, self.kept[key])

    def environment(self, clinic_id: str, language: str | None) -> Any:
        key = (clinic_id, language)
        if key not in self.environments:
            clinic = self.content.clinic(clinic_id, language)
            self.environments[key] = make_environment(clinic)
        return self.environments[key]

    def handout(
        self,
        clinic_id: str,
        treatment_id: str,
        language: str | None,
        large_print: bool,
        final: bool = False,
    ) -> Built | Failed:
        """``render``'s result, rendered once per worker and run: every patient of a batch
        given this handout gets the same bytes."""
        key = (clinic_id, treatment_id, language, large_print, final)
        if key not in self.handouts:
            self.handouts[key] = self.render(*key)
        return self.handouts[key]

    def render(
        self,
        clinic_id: str,
        treatment_id: str,
        language: str | None,
        large_print: bool,
        final: bool = False,
    ) -> Built | Failed:
        """One handout as the run asks for it, with its title and note for a contents list."""
        started = time.perf_counter()
        options = RenderOptions(
            reproducible=self.run.reproducible,
            date=self.run.date,
            large_print=large_print,
            language=language,
            final=final,
        )
        try:
            environment = self.environment(clinic_id, language)
            rendered = render_handout(self.content, treatment_id, clinic_id, options, environment)
            clinic = self.content.clinic(clinic_id, language)
            record = self.content.treatment(treatment_id, clinic.language).record
        except HandoutsError as error:
            return Failed(tuple(error.problems))
        title = rendered.document.title or treatment_id
        seconds = time.perf_counter() - started
        return Built(rendered.pdf, rendered.page_count, seconds, title, record.condition)


def run_cache(run: RunContext) -> RunCache:
    """This worker's cache for ``run``; a new run drops the last one's."""
    cached = _CURRENT.get("run")
    if cached is None or cached.run.run_id != run.run_id:
        cached = _CURRENT["run"] = RunCache(run, ContentDir(run.root))
    return cached


_CURRENT: dict[str, RunCache] = {}
