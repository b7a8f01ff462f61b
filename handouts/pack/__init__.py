"""Clinic ids -> packs: each clinic's pack PDF and one PDF per handout, built in parallel and
only where something changed.

In: a content directory, clinic ids and PackOptions. Out: files in ``output/<clinic>/`` and a
PackReport. ``plan`` decides what is out of date (``manifest``), ``run`` hands jobs
(``tasks``) to workers (``worker``) on any executor (``executor``), ``clinic`` writes what
comes back, ``join`` joins a clinic's handouts behind its front pages.
"""

from handouts.pack.events import ClinicReport, Event, Failure, PackReport
from handouts.pack.options import PackOptions
from handouts.pack.run import build_packs, select_clinics

__all__ = [
    "ClinicReport",
    "Event",
    "Failure",
    "PackOptions",
    "PackReport",
    "build_packs",
    "select_clinics",
]
