"""One clinic through a pack run: what it needs, what came back from the workers, and each
file written (atomically, then recorded in the clinic's manifest)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from handouts.errors import HandoutsError, Problem
from handouts.files.write import write_atomic
from handouts.pack.events import ClinicReport, Event, Failure, Status
from handouts.pack.executor import Failed
from handouts.pack.joinplan import (
    PIECE_HANDOUTS,
    Facts,
    Numbering,
    PackEntry,
    PieceJob,
    Place,
    Written,
    pack_file,
    part_count,
    pdf_facts,
    place_next,
)
from handouts.pack.manifest import Entry, Inputs, Manifest, sha256, write_manifest
from handouts.pack.options import PackOptions
from handouts.pack.pdfsource import SourcePdf
from handouts.pack.tasks import Built, HandoutJob, PackJob, RunContext

PACK_NAME = "{clinic}-pack"
NOT_NEEDED = Built(b"", 0, 0.0)
"""Stands for an up-to-date handout when the pack does not need its bytes."""
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
    numbering: Numbering = field(default_factory=Numbering)
    places: list[Place] = field(default_factory=list)
    """Where each handout goes in the pack, in pack order, as far as they are placed."""
    pieces_sent: int = 0
    """Handouts (from the first) already sent to be written in pieces."""
    pack_parts: dict[int, Written] = field(default_factory=dict)
    """The pack's front pages (0) and pieces (1 on) as written so far."""
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

    def pack_step(self) -> list[PackJob | PieceJob] | Event | None:
        """The pack's jobs as they become possible: its handouts in pieces as soon as every
        handout up to a piece's last is in (written while the rest still render), then its
        front pages once all are in; or the pack's failure if a handout failed."""
        if self.pack_state != "needed" or self.pack_path is None:
            return None
        jobs: list[PackJob | PieceJob] = list(self._ready_pieces())
        if any(output.result is None for output in self.handouts.values()):
            return jobs or None
        failed = [tid for tid, out in self.handouts.items() if isinstance(out.result, Failed)]
        if failed:
            self.pack_state, self.pack_parts = "done", {}
            message = (
                f"pack not written, because {', '.join(failed)} failed (a pack is only written "
                "with all of its handouts); the previous pack, if any, is unchanged"
            )
            problem = Problem("PACK001", None, None, None, message)
            self.failures.append(Failure(self.clinic_id, self.shown(self.pack_path), (problem,)))
            return self.event(self.pack_path, "failed")
        try:
            facts = tuple(self._facts(treatment_id) for treatment_id in self.order)
        except HandoutsError as error:
            return self.pack_done(Failed(tuple(error.problems)))
        self.pack_state = "submitted"
        return [*jobs, *self._ready_pieces(), self._front_job(facts)]

    def _ready_pieces(self) -> Iterator[PieceJob]:
        """Place each handout whose predecessors are all placed; a piece for each full run of
        PIECE_HANDOUTS placed handouts (and for the rest, once the last is placed)."""
        while len(self.places) < len(self.order):
            output = self.handouts[self.order[len(self.places)]]
            if not isinstance(output.result, Built):
                break
            try:
                facts = self._facts(output.treatment_id)
            except HandoutsError:
                break  # the pack fails once all are in (pack_step)
            last = len(self.places) == len(self.order) - 1
            self.places.append(place_next(facts, self.numbering, last))
        placed = len(self.places)
        while self.pieces_sent < placed and (
            placed - self.pieces_sent >= PIECE_HANDOUTS or placed == len(self.order)
        ):
            yield self._piece(self.pieces_sent)
            self.pieces_sent = min(self.pieces_sent + PIECE_HANDOUTS, placed)

    def _piece(self, start: int) -> PieceJob:
        treatments = self.order[start : start + PIECE_HANDOUTS]
        entries = [self._entry(treatment_id) for treatment_id in treatments]
        facts = [self._facts(treatment_id) for treatment_id in treatments]
        places = self.places[start : start + PIECE_HANDOUTS]
        part = start // PIECE_HANDOUTS + 1
        return PieceJob(tuple(entries), tuple(facts), tuple(places), part)

    def _front_job(self, facts: tuple[Facts, ...]) -> PackJob:
        return PackJob(
            self.context,
            self.clinic_id,
            tuple(replace(self._entry(treatment_id), pdf=b"") for treatment_id in self.order),
            facts,
            tuple(self.places),
            self.numbering,
            self.options.duplex,
            self.options.cover_date(),
            self.language,
        )

    def _entry(self, treatment_id: str) -> PackEntry:
        built = self.handouts[treatment_id].result
        assert isinstance(built, Built)
        return PackEntry(built.title, built.note, built.pdf)

    def _facts(self, treatment_id: str) -> Facts:
        """What joining needs to know of a handout's PDF: read by the worker that made it, or
        here (once) for a handout read from disk."""
        output = self.handouts[treatment_id]
        built = output.result
        assert isinstance(built, Built)
        if built.facts is None:
            try:
                built = output.result = replace(built, facts=pdf_facts(SourcePdf(built.pdf)))
            except HandoutsError as error:
                message = (
                    f"cannot be joined into the pack ({error.problems[0].message}); "
                    "run the pack again with --force to build it afresh"
                )
                problem = Problem("PACK001", output.path, None, None, message)
                raise HandoutsError([problem]) from None
        assert built.facts is not None
        return built.facts

    def part_done(self, index: int, outcome: Written | Failed) -> Event | None:
        """The pack once its last part is in, or its failure at the first that failed."""
        if self.pack_state == "done":
            return None
        if isinstance(outcome, Failed):
            return self.pack_done(outcome)
        self.pack_parts[index] = outcome
        if len(self.pack_parts) < part_count(len(self.order)):
            return None
        front, *pieces = (self.pack_parts[number] for number in sorted(self.pack_parts))
        pdf = pack_file(front, pieces, self.context.reproducible)
        seconds = front.seconds + sum(piece.seconds for piece in pieces)
        return self.pack_done(Built(pdf, front.pages, seconds))

    def pack_done(self, outcome: Built | Failed) -> Event:
        assert self.pack_path is not None
        self.pack_state = "done"
        self.pack_parts = {}
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
        """An output's name as people see it: with its language and large-print folders,
        where there are any (``es/large-print/silicone-gel.pdf``)."""
        folders = [self.language] if self.language else []
        folders += ["large-print"] if self.large_print else []
        return "/".join([*folders, path.name])

    def event(self, path: Path, status: Status, pages: int | None = None) -> Event:
        return Event(self.clinic_id, self.shown(path), status, pages)
