"""How to build a handout: the options of ``handouts build``, shared with packs, batches and
library users."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from handouts.content.patient import Patient


@dataclass
class RenderOptions:
    """How to build a handout: the options of ``handouts build``, shared with packs."""

    reproducible: bool = False
    """Make the PDF's bytes depend only on its inputs (and the production date)."""
    compress: bool = True
    final: bool = False
    """A print run: refuse a handout no clinician has approved, or overdue for review."""
    date: dt.date | None = None
    """The day the handout says it was produced; None: SOURCE_DATE_EPOCH if set, else today."""
    mark_drafts: bool = True
    """Print DRAFT across a draft's pages (``handouts check`` reads the layout without it)."""
    large_print: bool = False
    """Large print, whatever the clinic says (a clinic may ask for it with
    ``branding.large_print``); written to output/<clinic>/large-print/."""
    language: str | None = None
    """The language to print in (one the clinic offers); None: the clinic's main language."""
    bilingual: str | None = None
    """A second language: each section in ``language``, then in this one."""
    password: str | None = field(default=None, repr=False)
    """Lock the written PDF with this password (AES-256), e.g. to send it by e-mail."""
    patient: Patient | None = None
    """A handout for one patient: a "For you" box on page 1 (never in metadata or names)."""
    tagged: bool = True
    """Write a tagged PDF (PDF/UA-1). Untagged output looks the same; it exists to compare
    with and to measure what tagging costs."""
    extra: dict[str, Any] = field(default_factory=dict)

    def production_date(self) -> dt.date:
        return self.date or source_date() or dt.date.today()


def source_date() -> dt.date | None:
    """The date SOURCE_DATE_EPOCH fixes for reproducible builds, if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return None
