"""How to build packs: the options of ``handouts pack``, shared by the command line and the
library, and which of them change the bytes of what is built."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass


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
