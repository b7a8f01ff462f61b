"""A patient's job -> their PDF, computed in a worker process; nothing here writes a file.

The handouts are the same for every patient of a clinic given them in a language and print
size, so each is rendered once per worker and run (handouts.pack.worker's cache) and only the
cover is drawn per patient. A problem comes back as ``Failed``; the process that planned the
run removes any patient detail from it before anyone sees it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from handouts.batch.bundle import assemble_bundle
from handouts.compose.cover import patient_cover_markdown
from handouts.content.loaded import LoadedClinic
from handouts.content.patient import Patient
from handouts.errors import HandoutsError
from handouts.i18n.words import Words
from handouts.markdown.parse import parse
from handouts.pack.executor import Failed
from handouts.pack.tasks import Built, PackEntry, RunContext
from handouts.pack.worker import run_cache
from handouts.pipeline import is_large_print
from handouts.render.contents import ContentsItem
from handouts.render.encryption import encrypted
from handouts.render.patient_cover import draw_patient_cover


@dataclass(frozen=True)
class PatientJob:
    run: RunContext
    clinic_id: str
    patient: Patient
    treatments: tuple[str, ...]
    final: bool = False
    duplex: bool = False
    password: str | None = field(default=None, repr=False)


def render_patient_job(job: PatientJob) -> Built | Failed:
    started = time.perf_counter()
    cache = run_cache(job.run)
    try:
        clinic = cache.content.clinic(job.clinic_id, job.patient.language)
    except HandoutsError as error:
        return Failed(tuple(error.problems))
    large = is_large_print(clinic, job.run.large_print or job.patient.large_print)
    handouts = [
        cache.handout(job.clinic_id, treatment, job.patient.language, large, job.final)
        for treatment in job.treatments
    ]
    problems = tuple(p for h in handouts if isinstance(h, Failed) for p in h.problems)
    if problems:
        return Failed(problems)
    built = [h for h in handouts if isinstance(h, Built)]
    try:
        pdf, pages = _patient_pdf(job, clinic, built, large)
    except HandoutsError as error:
        return Failed(tuple(error.problems))
    if job.password:
        pdf = encrypted(pdf, job.password)
    return Built(pdf, pages, time.perf_counter() - started)


def _patient_pdf(
    job: PatientJob, clinic: LoadedClinic, handouts: list[Built], large: bool
) -> tuple[bytes, int]:
    words = Words(clinic.language)
    produced_on = job.run.date or dt.date.today()
    personal = parse(patient_cover_markdown(job.patient, words, produced_on))
    items = [ContentsItem(handout.title, handout.note, 0) for handout in handouts]
    cover = draw_patient_cover(clinic, personal, items, job.run.reproducible, large)
    entries = [PackEntry(handout.title, handout.note, handout.pdf) for handout in handouts]
    return assemble_bundle(
        cover, entries, words, duplex=job.duplex, reproducible=job.run.reproducible
    )
