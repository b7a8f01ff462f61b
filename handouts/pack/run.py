"""Clinic ids -> a pack PDF and one PDF per handout in ``output/<clinic>/``, and a report of
what was built, skipped and failed.

This process decides what is out of date (from each clinic's manifest, see handouts.manifest)
and writes every file, atomically, recording it in the manifest as soon as it is on disk.
Worker processes render the handouts and assemble the packs (handouts.jobs) through any
``concurrent.futures.Executor`` (handouts.batch). A broken record or template fails only the
handouts made from it. A pack is written only when every one of its handouts was built, so a
pack never silently lacks one; until then the previous pack stays as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Literal, Protocol

from handouts.content.load import ContentDir, LoadedClinic
from handouts.errors import HandoutsError, Problem, UnknownIdError
from handouts.files import output_path, remove_stale_temporaries, write_atomic
from handouts.pack.executor import Batch, Failed, WorkerPool, available_cpus
from handouts.pack.manifest import (
    Entry,
    Inputs,
    Manifest,
    clinic_inputs,
    combined,
    handout_inputs,
    read_manifest,
    sha256,
    write_manifest,
)
from handouts.pack.worker import (
    Built,
    HandoutJob,
    PackEntry,
    PackJob,
    RunContext,
    assemble_pack_job,
    prepare_worker,
    render_handout_job,
)

PACK_NAME = "{clinic}-pack"
NOT_NEEDED = Built(b"", 0, 0.0)
"""Stands for an up-to-date handout when the pack does not need its bytes."""
Status = Literal["built", "skipped", "failed"]


@dataclass(frozen=True)
class PackOptions:
    """How to build packs; the same options as ``handouts pack`` on the command line."""

    jobs: int | None = None
    """Worker processes (None: one per CPU core). With an executor of your own: how many
    workers it has, so that twice as many calls are kept in flight."""
    force: bool = False
    """Rebuild every output, even those whose inputs have not changed."""
    duplex: bool = False
    """Start each handout on an odd pack page, for double-sided printing."""
    pack_only: bool = False
    """Write only the pack PDFs, not one PDF per handout beside them."""
    reproducible: bool = False
    """Make each PDF's bytes depend only on its inputs and the cover date."""
    date: dt.date | None = None
    """Date on the cover; None: SOURCE_DATE_EPOCH if set, otherwise today."""

    def cover_date(self) -> dt.date:
        if self.date is not None:
            return self.date
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        return dt.date.today()

    def handout_options(self) -> dict[str, str]:
        """Options that change a handout's bytes (they are among its inputs)."""
        return {"reproducible": str(self.reproducible)}

    def pack_options(self) -> dict[str, str]:
        """Options that change a pack's bytes. A cover date taken from today is not one: a
        pack shows the day it was last rebuilt, so a new day alone rebuilds nothing."""
        options = {**self.handout_options(), "duplex": str(self.duplex)}
        if self.date is not None or os.environ.get("SOURCE_DATE_EPOCH"):
            options["date"] = self.cover_date().isoformat()
        return options


@dataclass(frozen=True)
class Event:
    """One output settled: built, skipped as up to date, or failed."""

    clinic_id: str
    output: str
    status: Status
    pages: int | None = None


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def update(self, event: Event) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def update(self, event: Event) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class Failure:
    """An output (or a whole clinic, when ``output`` is None) that was not built, and why."""

    clinic_id: str
    output: str | None
    problems: tuple[Problem, ...]


@dataclass
class ClinicReport:
    clinic_id: str
    name: str
    handouts: int = 0
    built: int = 0
    """Handouts built (in a pack-only run: rendered for the pack)."""
    skipped: int = 0
    failed: int = 0
    pack: Status = "failed"
    pages: int | None = None
    """Pages in the pack, when there is one."""
    seconds: float = 0.0
    """Time the workers spent on this clinic."""


@dataclass(frozen=True)
class PackReport:
    clinics: tuple[ClinicReport, ...]
    failures: tuple[Failure, ...]
    seconds: float
    """Wall-clock time of the whole run."""

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def count(self, status: Status) -> int:
        return sum(getattr(clinic, status) for clinic in self.clinics)

    def packs(self, status: Status) -> int:
        return sum(clinic.pack == status for clinic in self.clinics)


def select_clinics(content: ContentDir, clinic_ids: Sequence[str] | None) -> list[str]:
    """The clinics named (each once), or with None every clinic in the content directory."""
    chosen = content.clinic_ids() if clinic_ids is None else list(dict.fromkeys(clinic_ids))
    if not chosen:
        raise HandoutsError(f"no clinics found in {content.templates_dir}")
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
    context = RunContext(content.root, uuid.uuid4().hex, options.reproducible)
    runs = [ClinicRun.plan(content, clinic_id, options, context) for clinic_id in clinic_ids]
    progress.start(sum(run.outputs for run in runs))
    try:
        with _executor(executor, options) as pool:
            workers = _workers(options)
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


MANIFEST_EVERY_SECONDS = 1.0
"""How often a clinic's manifest is saved while its files are being written."""


def _workers(options: PackOptions) -> int:
    return options.jobs or available_cpus()


@contextmanager
def _executor(executor: Executor | None, options: PackOptions) -> Iterator[Executor]:
    """The caller's executor as it is, or a WorkerPool that is shut down afterwards."""
    if executor is not None:
        yield executor
        return
    pool = WorkerPool(_workers(options), initializer=prepare_worker, initargs=(os.getpid(),))
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
    clinics = {run.clinic_id: run for run in runs}
    try:
        for run in runs:
            for event in run.settled_at_start:
                progress.update(event)
        for run, job in submission_order(runs, workers):
            batch.submit(("handout", run.clinic_id, job.treatment_id), render_handout_job, job)
        for run in runs:
            _next_pack_step(run, batch, progress)
        for (kind, clinic_id, *treatment), outcome in batch.finished():
            run = clinics[clinic_id]
            if kind == "handout":
                progress.update(run.handout_done(treatment[0], outcome))
            else:
                progress.update(run.pack_done(outcome))
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
    if isinstance(step, PackJob):
        batch.submit(("pack", run.clinic_id), assemble_pack_job, step, first=True)
    elif isinstance(step, Event):
        progress.update(step)


# --------------------------------------------------------------------------- one clinic


@dataclass
class HandoutOutput:
    treatment_id: str
    path: Path
    inputs: Inputs
    current: bool
    """The file on disk is up to date."""
    result: Built | Failed | None = None
    """What came back from a worker this run, or the file as it is on disk."""


@dataclass
class ClinicRun:
    """One clinic through a run: what it needs, what came back, what was written."""

    clinic_id: str
    options: PackOptions
    context: RunContext
    report: ClinicReport
    folder: Path
    manifest: Manifest = field(default_factory=Manifest)
    order: list[str] = field(default_factory=list)
    """Treatment ids in pack order."""
    handouts: dict[str, HandoutOutput] = field(default_factory=dict)
    pack_path: Path | None = None
    pack_inputs: Inputs = field(default_factory=dict)
    pack_state: Literal["needed", "submitted", "done"] = "done"
    jobs: list[HandoutJob] = field(default_factory=list)
    """Handouts to render in workers."""
    failures: list[Failure] = field(default_factory=list)
    settled_at_start: list[Event] = field(default_factory=list)
    """Outputs skipped or failed while planning, before any work."""
    manifest_saved: float = field(default_factory=time.monotonic)
    manifest_dirty: bool = False

    @classmethod
    def plan(
        cls, content: ContentDir, clinic_id: str, options: PackOptions, context: RunContext
    ) -> ClinicRun:
        """Everything that can be decided before any work: what is current and what is not.

        An unknown clinic id stops the whole run (it is a mistake in the command); a clinic
        whose files are broken fails on its own."""
        folder = content.output_dir / clinic_id
        run = cls(clinic_id, options, context, ClinicReport(clinic_id, clinic_id), folder)
        try:
            clinic = content.clinic(clinic_id)
        except UnknownIdError:
            raise
        except HandoutsError as error:
            run.failures.append(Failure(clinic_id, None, tuple(error.problems)))
            return run
        run._plan_outputs(content, clinic)
        return run

    @property
    def outputs(self) -> int:
        """Outputs this run settles, for progress: each handout, and the pack."""
        return len(self.handouts) + (self.pack_path is not None)

    def _plan_outputs(self, content: ContentDir, clinic: LoadedClinic) -> None:
        self.report.name = clinic.record.name
        self.order = list(clinic.record.treatments)
        self.report.handouts = len(self.order)
        problem = _pack_problem(clinic)
        if problem:
            self.failures.append(Failure(self.clinic_id, None, (problem,)))
            return
        remove_stale_temporaries(self.folder)
        self.manifest = read_manifest(self.folder)
        shared = clinic_inputs(content, clinic, self.options.handout_options())
        for treatment_id in dict.fromkeys(self.order):
            self._plan_handout(content, clinic, treatment_id, shared)
        self._plan_pack(content, clinic)
        for output in self.handouts.values():
            if output.result is None:
                self._plan_work(output)

    def _plan_handout(
        self, content: ContentDir, clinic: LoadedClinic, treatment_id: str, shared: Inputs
    ) -> None:
        path = output_path(content.output_dir, self.clinic_id, treatment_id)
        inputs = handout_inputs(content, shared, treatment_id)
        current = not self.options.force and self.manifest.is_current(path, inputs)
        output = HandoutOutput(treatment_id, path, inputs, current)
        self.handouts[treatment_id] = output
        missing = _missing_treatment(content, clinic, treatment_id, self.order.index(treatment_id))
        if missing:
            self.settled_at_start.append(self._fail(output, Failed((missing,))))

    def _plan_pack(self, content: ContentDir, clinic: LoadedClinic) -> None:
        self.pack_path = output_path(
            content.output_dir, self.clinic_id, PACK_NAME.format(clinic=self.clinic_id)
        )
        self.pack_inputs = {
            **clinic_inputs(content, clinic, self.options.pack_options()),
            **{f"handout:{tid}": combined(self.handouts[tid].inputs) for tid in self.order},
            "order": " ".join(self.order),
        }
        if not self.options.force and self.manifest.is_current(self.pack_path, self.pack_inputs):
            self.report.pack = "skipped"
            self.report.pages = self.manifest.outputs[self.pack_path.name].pages
            self.settled_at_start.append(self._event(self.pack_path, "skipped"))
        else:
            self.pack_state = "needed"

    def _plan_work(self, output: HandoutOutput) -> None:
        """Render a handout that is out of date, or needed for the pack and not on disk;
        otherwise skip it, reading it from disk if the pack needs it."""
        wanted_file = not self.options.pack_only and not output.current
        if wanted_file or (self.pack_state == "needed" and not output.current):
            self.jobs.append(HandoutJob(self.context, self.clinic_id, output.treatment_id))
            return
        if self.pack_state == "needed":
            entry = self.manifest.outputs[output.path.name]
            pdf = output.path.read_bytes()
            output.result = Built(pdf, entry.pages, 0.0, entry.title, entry.note)
        else:
            output.result = NOT_NEEDED
        self.report.skipped += 1
        self.settled_at_start.append(self._event(output.path, "skipped"))

    def handout_done(self, treatment_id: str, outcome: Built | Failed) -> Event:
        output = self.handouts[treatment_id]
        if not isinstance(outcome, Failed) and not self.options.pack_only:
            outcome = self._write(output.path, outcome, output.inputs)
        if isinstance(outcome, Failed):
            return self._fail(output, outcome)
        output.result = outcome
        self.report.built += 1
        self.report.seconds += outcome.seconds
        return self._event(output.path, "built", outcome.pages)

    def _fail(self, output: HandoutOutput, failed: Failed) -> Event:
        output.result = failed
        self.report.failed += 1
        self.failures.append(Failure(self.clinic_id, output.path.name, failed.problems))
        return self._event(output.path, "failed")

    def pack_step(self) -> PackJob | Event | None:
        """Once every handout has settled: the pack job, or the pack's failure if one did not."""
        if self.pack_state != "needed" or self.pack_path is None:
            return None
        if any(output.result is None for output in self.handouts.values()):
            return None
        failed = [tid for tid, out in self.handouts.items() if isinstance(out.result, Failed)]
        if failed:
            self.pack_state = "done"
            message = (
                f"pack not written, because {', '.join(failed)} failed (a pack is only written "
                "with all of its handouts); the previous pack, if any, is unchanged"
            )
            self.failures.append(
                Failure(self.clinic_id, self.pack_path.name, (Problem(None, None, None, message),))
            )
            return self._event(self.pack_path, "failed")
        self.pack_state = "submitted"
        return PackJob(
            self.context,
            self.clinic_id,
            tuple(self._entry(tid) for tid in self.order),
            self.options.duplex,
            self.options.cover_date(),
        )

    def _entry(self, treatment_id: str) -> PackEntry:
        built = self.handouts[treatment_id].result
        assert isinstance(built, Built)
        return PackEntry(built.title, built.note, built.pdf)

    def pack_done(self, outcome: Built | Failed) -> Event:
        assert self.pack_path is not None
        self.pack_state = "done"
        if not isinstance(outcome, Failed):
            outcome = self._write(self.pack_path, outcome, self.pack_inputs)
        if isinstance(outcome, Failed):
            self.failures.append(Failure(self.clinic_id, self.pack_path.name, outcome.problems))
            return self._event(self.pack_path, "failed")
        self.report.pack = "built"
        self.report.pages = outcome.pages
        self.report.seconds += outcome.seconds
        return self._event(self.pack_path, "built", outcome.pages)

    def _write(self, path: Path, built: Built, inputs: Inputs) -> Built | Failed:
        """The file first, then the manifest: a manifest never vouches for a file not there.
        A file that cannot be written (a full disk, no permission) fails on its own."""
        try:
            write_atomic(path, built.pdf, tidy=False)  # tidied once, while planning
        except HandoutsError as error:
            return Failed(tuple(error.problems))
        except OSError as error:
            return Failed((Problem(path, None, None, f"cannot write the file: {error}"),))
        entry = Entry(
            inputs=inputs,
            sha256=sha256(built.pdf),
            pages=built.pages,
            title=built.title,
            note=built.note,
        )
        self.manifest.outputs[path.name] = entry
        self.manifest_dirty = True
        if time.monotonic() - self.manifest_saved >= MANIFEST_EVERY_SECONDS:
            self.save_manifest()
        return built

    def save_manifest(self) -> None:
        """Record what has been written. Saved at most every MANIFEST_EVERY_SECONDS and at the
        end of the run: a run stopped in between rebuilds those few files next time."""
        if self.manifest_dirty:
            with contextlib.suppress(OSError):  # without it files are rebuilt next time, no more
                write_manifest(self.folder, self.manifest)
            self.manifest_dirty = False
        self.manifest_saved = time.monotonic()

    def _event(self, path: Path, status: Status, pages: int | None = None) -> Event:
        return Event(self.clinic_id, path.name, status, pages)


def _pack_problem(clinic: LoadedClinic) -> Problem | None:
    """A clinic whose pack cannot be made at all."""
    if not clinic.record.treatments:
        file, line = clinic.line_of(("treatments",))
        return Problem(file, line, "treatments", "lists no treatments; add the pack's treatments")
    pack_name = PACK_NAME.format(clinic=clinic.record.id)
    if pack_name in clinic.record.treatments:
        file, line = clinic.line_of(("treatments",))
        return Problem(
            file, line, "treatments", f"the treatment id '{pack_name}' is the pack's file name"
        )
    return None


def _missing_treatment(
    content: ContentDir, clinic: LoadedClinic, treatment_id: str, index: int
) -> Problem | None:
    if (content.treatments_dir / f"{treatment_id}.yaml").is_file():
        return None
    file, line = clinic.line_of(("treatments", index))
    try:
        content.treatment(treatment_id)
    except HandoutsError as error:
        return Problem(file, line, f"treatments.{index}", error.problems[0].message)
    return None
