"""What a problem code is: its severity, what it means and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    """Must be fixed before printing: ``handouts check`` exits 1."""
    WARNING = "warning"
    """Should be looked at; an error only with ``--strict``."""
    NOTE = "note"
    """Information, such as a check that was skipped and why; never fails the check."""


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    meaning: str
    hint: str
