"""What a pack run tells the person running it: an event as each output settles (for the
progress display), and the report at the end (for the summary table and the exit code)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from handouts.errors import Problem

Status = Literal["built", "skipped", "failed"]


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
    language: str | None = None
    """The pack's language, for a clinic that offers several."""
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
    left_out: tuple[str, ...] = ()
    """Treatments of the pack with no translation in this pack's language."""

    @property
    def label(self) -> str:
        """``jade-integrative/es``: the clinic, and the language for one that offers several."""
        return f"{self.clinic_id}/{self.language}" if self.language else self.clinic_id


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
