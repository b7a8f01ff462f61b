"""How to build packs: the options of ``handouts pack``, shared by the command line and the
library, and which of them change the bytes of what is built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.options import source_date


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
    """Date on the cover and each handout; None: SOURCE_DATE_EPOCH if set, otherwise today."""
    final: bool = False
    """A print run: a handout no clinician has approved (or overdue for review) fails, and
    so does its clinic's pack."""
    large_print: bool = False
    """Large print for every clinic (a clinic may also ask for it in its branding); written to
    output/<clinic>/large-print/."""
    language: str | None = None
    """Only this language; None: every language each clinic offers."""

    def fixed_date(self) -> dt.date | None:
        """The date given or set by SOURCE_DATE_EPOCH; None when it is simply today."""
        return self.date or source_date()

    def cover_date(self) -> dt.date:
        return self.fixed_date() or dt.date.today()

    def handout_options(self) -> dict[str, str]:
        """Options that change a handout's bytes (they are among its inputs). A date taken
        from today is not one: a file shows the day it was last rebuilt, so a new day alone
        rebuilds nothing."""
        options = {"reproducible": str(self.reproducible), "large_print": str(self.large_print)}
        fixed = self.fixed_date()
        if fixed is not None:
            options["date"] = fixed.isoformat()
        return options

    def pack_options(self) -> dict[str, str]:
        """Options that change a pack's bytes."""
        return {**self.handout_options(), "duplex": str(self.duplex)}
