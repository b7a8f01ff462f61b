"""What a batch tells the person running it: each row's file or why it failed, counted at the
end. Rows are named by number and file only: a report never holds a patient's details."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.batch.visits import RowFailure
from handouts.errors import display_path


@dataclass(frozen=True)
class RowBuilt:
    row: int
    file: Path
    pages: int
    handouts: int


@dataclass
class BatchReport:
    clinic_id: str
    patient_list: Path
    folder: Path
    rows: int = 0
    built: list[RowBuilt] = field(default_factory=list)
    failures: list[RowFailure] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    left_over: tuple[str, ...] = ()
    drafts: tuple[str, ...] = ()
    """Handouts given that print as DRAFT: no clinician has approved them (or overdue)."""
    """PDFs in the folder this run did not write (from an earlier list)."""
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    @property
    def pages(self) -> int:
        return sum(row.pages for row in self.built)

    @property
    def handouts(self) -> int:
        return sum(row.handouts for row in self.built)

    def as_json(self) -> dict[str, Any]:
        """The report as ``handouts batch --format json`` prints it."""
        return {
            "clinic": self.clinic_id,
            "list": display_path(self.patient_list),
            "folder": display_path(self.folder),
            "rows": self.rows,
            "built": len(self.built),
            "failed": len(self.failures),
            "handouts": self.handouts,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "ignored_columns": list(self.ignored_columns),
            "left_over": list(self.left_over),
            "drafts": list(self.drafts),
            "files": [
                {"row": row.row, "file": display_path(row.file), "pages": row.pages}
                for row in sorted(self.built, key=lambda built: built.row)
            ],
            "failures": [
                {"row": failure.row, "line": failure.line, "problems": _problems(failure)}
                for failure in sorted(self.failures, key=lambda failure: failure.row)
            ],
        }


def _problems(failure: RowFailure) -> list[dict[str, Any]]:
    return [
        {
            "code": problem.code,
            "file": display_path(problem.file) if problem.file else None,
            "line": problem.line,
            "field": problem.field,
            "message": problem.message,
        }
        for problem in failure.problems
    ]
