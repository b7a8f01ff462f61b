"""One clinic through a pack run: what it needs, what came back from the workers, and each
file written (atomically, then recorded in the clinic's manifest)."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from handouts.errors import HandoutsError, Problem
from handouts.files.write import write_atomic
from handouts.pack.events import ClinicReport, Event, Failure, Status
from handouts.pack.executor import Failed
from handouts.pack.joinplan import PackPlan, PieceJob, Planned, Written
from handouts.pack.manifest import Entry, Inputs, Manifest, sha256, write_manifest
from handouts.pack.options import PackOptions
from handouts.pack.tasks import (
    Built,
    HandoutJob,
    PackEntry,
    PackJob,
    RunContext,
)

PACK_NAME = "{clinic}-pack"
NOT_NEEDED = Built(b"", 0, 0.0)
"""Stands for an up-to-date handout when the pack does not need its bytes."""
PIECE_HANDOUTS = 20
"""Handouts per piece of a pack written in one worker: enough pieces for every worker to
take a share of a large pack, few enough that each is worth sending."""
MANIFEST_EVERY_SECONDS = 1.0
"""How often a clinic's manifest is saved while its files are being written."""


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
    """Where its files and manifest go (its large-print folder for large print)."""
    large_print: bool = False
    language: str | None = None
    """The language of this run's pack, for a clinic that offers several (else None)."""
    manifest: Manifest = field(default_factory=Manifest)
    order: list[str] = field(default_factory=list)
    """Treatment ids in pack order."""
    handouts: dict[str, HandoutOutput] = field(default_factory=dict)
    pack_path: Path | None = None
    pack_inputs: Inputs = field(default_factory=dict)
    pack_state: Literal["needed", "submitted", "done"] = "done"
    pack_plan: PackPlan | None = None
    pack_pieces: list[Written | None] = field(default_factory=list)
    """The pack's handouts as written so far, in pieces (see handouts.pack.join)."""
    jobs: list[HandoutJob] = field(default_factory=list)
    """Handouts to render in workers."""
    failures: list[Failure] = field(default_factory=list)
    settled_at_start: list[Event] = field(default_factory=list)
    """Outputs skipped or failed while planning, before any work."""
    manifest_saved: float = field(default_factory=time.monotonic)
    manifest_dirty: bool = False

    @property
    def outputs(self) -> int:
        """Outputs this run settles, for progress: each handout, and the pack."""
        return len(self.handouts) + (self.pack_path is not None)

    def handout_done(self, treatment_id: str, outcome: Built | Failed) -> Event:
        output = self.handouts[treatment_id]
        if not isinstance(outcome, Failed) and not self.options.pack_only:
            outcome = self._write(output.path, outcome, output.inputs)
        if isinstance(outcome, Failed):
            return self.fail(output, outcome)
        output.result = outcome
        self.report.built += 1
        self.report.seconds += outcome.seconds
        return self.event(output.path, "built", outcome.pages)

    def fail(self, output: HandoutOutput, failed: Failed) -> Event:
        output.result = failed
        self.report.failed += 1
        self.failures.append(Failure(self.clinic_id, self.shown(output.path), failed.problems))
        return self.event(output.path, "failed")

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
            problem = Problem("PACK001", None, None, None, message)
            self.failures.append(Failure(self.clinic_id, self.shown(self.pack_path), (problem,)))
            return self.event(self.pack_path, "failed")
        self.pack_state = "submitted"
        return PackJob(
            self.context,
            self.clinic_id,
            tuple(self._entry(tid) for tid in self.order),
            self.options.duplex,
            self.options.cover_date(),
            self.language,
        )

    def _entry(self, treatment_id: str) -> PackEntry:
        built = self.handouts[treatment_id].result
        assert isinstance(built, Built)
        return PackEntry(built.title, built.note, built.pdf)

    def plan_done(self, outcome: Planned | Failed) -> list[PieceJob] | Event:
        """The pack planned: its handouts to write, in pieces; or the pack's failure."""
        if isinstance(outcome, Failed):
            return self.pack_done(outcome)
        self.pack_plan = outcome.plan
        self.report.seconds += outcome.seconds
        entries = [self._entry(treatment_id) for treatment_id in self.order]
        jobs = outcome.plan.pieces(entries, PIECE_HANDOUTS)
        self.pack_pieces = [None] * len(jobs)
        return jobs or self._pack_written()

    def piece_done(self, index: int, outcome: Written | Failed) -> Event | None:
        """The pack once its last piece is in, or its failure at the first that failed."""
        if self.pack_state == "done":
            return None
        if isinstance(outcome, Failed):
            return self.pack_done(outcome)
        self.pack_pieces[index] = outcome
        return self._pack_written() if None not in self.pack_pieces else None

    def _pack_written(self) -> Event:
        plan, pieces = self.pack_plan, [piece for piece in self.pack_pieces if piece]
        assert plan is not None
        self.pack_plan, self.pack_pieces = None, []
        pdf = plan.file([piece.objects for piece in pieces])
        return self.pack_done(Built(pdf, plan.pages, sum(piece.seconds for piece in pieces)))

    def pack_done(self, outcome: Built | Failed) -> Event:
        assert self.pack_path is not None
        self.pack_state = "done"
        self.pack_plan, self.pack_pieces = None, []
        if not isinstance(outcome, Failed):
            outcome = self._write(self.pack_path, outcome, self.pack_inputs)
        if isinstance(outcome, Failed):
            self.failures.append(
                Failure(self.clinic_id, self.shown(self.pack_path), outcome.problems)
            )
            return self.event(self.pack_path, "failed")
        self.report.pack = "built"
        self.report.pages = outcome.pages
        self.report.seconds += outcome.seconds
        return self.event(self.pack_path, "built", outcome.pages)

    def _write(self, path: Path, built: Built, inputs: Inputs) -> Built | Failed:
        """The file first, then the manifest: a manifest never vouches for a file not there.
        A file that cannot be written (a full disk, no permission) fails on its own."""
        try:
            write_atomic(path, built.pdf, tidy=False)  # tidied once, while planning
        except HandoutsError as error:
            return Failed(tuple(error.problems))
        except OSError as error:
            message = f"cannot write the file: {error}"
            return Failed((Problem("OUTPUT001", path, None, None, message),))
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

    @property
    def key(self) -> str:
        """Tells this run from the clinic's runs in its other languages."""
        return f"{self.clinic_id}/{self.language}" if self.language else self.clinic_id

    def shown(self, path: Path) -> str:
        """An output's name as people see it: with its language folder, where there is one."""
        return f"{self.language}/{path.name}" if self.language else path.name

    def event(self, path: Path, status: Status, pages: int | None = None) -> Event:
        return Event(self.clinic_id, self.shown(path), status, pages)
