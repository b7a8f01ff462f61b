"""How to build a batch: the options of ``handouts batch``, shared by the command line and
the library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from handouts.options import source_date


@dataclass(frozen=True)
class BatchOptions:
    jobs: int | None = None
    """Worker processes (None: one per CPU core); with an executor of your own, its workers."""
    reproducible: bool = False
    """Make each PDF's bytes depend only on its inputs and the date (not with a password)."""
    date: dt.date | None = None
    """The date on each cover and handout; None: SOURCE_DATE_EPOCH if set, otherwise today."""
    final: bool = False
    """A print run: a row given a handout no clinician has approved fails."""
    large_print: bool = False
    """Large print for every row (a row may ask for it in its large_print column)."""
    duplex: bool = False
    """Start each handout on an odd page, for double-sided printing."""
    name_by: str | None = None
    """The column to name each file by; None: the row number (row-002.pdf)."""
    password: str | None = field(default=None, repr=False)
    """Lock every PDF with this password (AES-256)."""
    password_column: str | None = None
    """Lock each PDF with the password in this column of its row."""
    out: Path | None = None
    """The folder to write to; None: output/patients/<clinic>/<list name>/."""

    def fixed_date(self) -> dt.date | None:
        return self.date or source_date()
