"""Many handouts -> packs: plan, workers on any executor, assemble, front pages."""

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
