"""Many handouts -> packs: plan, workers on any executor, assemble, front pages."""

from handouts.pack.run import (
    ClinicReport,
    Event,
    Failure,
    PackOptions,
    PackReport,
    build_packs,
    select_clinics,
)

__all__ = [
    "ClinicReport",
    "Event",
    "Failure",
    "PackOptions",
    "PackReport",
    "build_packs",
    "select_clinics",
]
