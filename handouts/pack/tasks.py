"""What crosses between the process that plans a run and the workers that do its work: job
descriptions going out, finished PDFs coming back. Plain frozen dataclasses, so they pickle
for local processes and for a Dask cluster alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from handouts.pack.joinplan import Facts, Numbering, PackEntry, Place


@dataclass(frozen=True)
class RunContext:
    """What every job of one run shares."""

    root: Path
    run_id: str
    """Unique per run: a worker's caches never outlive the run that filled them."""
    reproducible: bool
    date: dt.date | None = None
    """The production date printed on each handout; None: the day it is built."""
    large_print: bool = False


@dataclass(frozen=True)
class HandoutJob:
    run: RunContext
    clinic_id: str
    treatment_id: str
    language: str | None = None
    """The language to print in; None: the clinic's main language."""
    for_pack: bool = False
    """Whether the handout goes into its clinic's pack (then the worker reads what joining
    it needs, see ``Built.facts``)."""


@dataclass(frozen=True)
class PackJob:
    """The pack's front pages and its own objects, once its handouts are placed (see
    handouts.pack.join); its handouts are written by PieceJobs at the same time."""

    run: RunContext
    clinic_id: str
    entries: tuple[PackEntry, ...]
    """Without their PDFs: ``facts`` says what is needed of each."""
    facts: tuple[Facts, ...]
    places: tuple[Place, ...]
    numbering: Numbering
    duplex: bool
    date: dt.date
    language: str | None = None


@dataclass(frozen=True)
class Built:
    """A finished PDF, what it is called, and the seconds it took."""

    pdf: bytes
    pages: int
    seconds: float
    title: str = ""
    note: str = ""
    facts: Facts | None = None
    """What joining it into a pack needs to know of it, read in the worker that made it."""
