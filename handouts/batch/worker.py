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

from handouts.batch.bundle import assemble_bundle, with_cover
from handouts.compose.cover import patient_cover_markdown
from handouts.content.loaded import LoadedClinic
from handouts.content.patient import Patient
from handouts.errors import HandoutsError
from handouts.i18n.words import Words
from handouts.markdown.parse import parse
from handouts.pack.executor import Failed
from handouts.pack.joinplan import PackEntry
from handouts.pack.tasks import Built, RunContext
from handouts.pack.worker import run_cache
from handouts.pipeline import is_large_print
from handouts.render.contents import ContentsItem
from handouts.render.encryption import encrypted
from handouts.render.front import FrontMatter
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
    """The patient's cover in front of the handouts joined once for every patient given
    them (handouts.batch.bundle), or joined for this patient alone when their cover does
    not fit in the place of the stand-in's."""
    cover = _Cover(clinic, job, handouts, large)
    key = (job.clinic_id, job.treatments, job.patient.language, large, job.final, job.duplex)
    template, pages, stand_in_pages = run_cache(job.run).keep(("bundle", *key), cover.template)
    own = cover.drawn(job.patient)
    fits = stand_in_pages == 1
    pdf = with_cover(template, own, job.run.reproducible) if fits else None
    return (pdf, pages) if pdf is not None else cover.joined(job.patient, own)


STAND_IN = Patient(name="Patient")
"""Whose cover stands in front of the joined handouts until a patient's takes its place."""


class _Cover:
    """Covers for one clinic, language and list of handouts."""

    def __init__(
        self, clinic: LoadedClinic, job: PatientJob, handouts: list[Built], large: bool
    ) -> None:
        self.clinic, self.job, self.large = clinic, job, large
        self.words = Words(clinic.language)
        self.items = [ContentsItem(built.title, built.note, 0) for built in handouts]
        self.entries = [PackEntry(built.title, built.note, built.pdf) for built in handouts]

    def drawn(self, patient: Patient) -> FrontMatter:
        produced_on = self.job.run.date or dt.date.today()
        personal = parse(patient_cover_markdown(patient, self.words, produced_on))
        reproducible = self.job.run.reproducible
        return draw_patient_cover(self.clinic, personal, self.items, reproducible, self.large)

    def template(self) -> tuple[bytes, int, int]:
        """The handouts joined behind the stand-in's cover, their pages, and the cover's."""
        stand_in = self.drawn(STAND_IN)
        pdf, pages = self.joined(STAND_IN, stand_in)
        return pdf, pages, stand_in.pages

    def joined(self, patient: Patient, cover: FrontMatter | None = None) -> tuple[bytes, int]:
        return assemble_bundle(
            cover or self.drawn(patient),
            self.entries,
            self.words,
            duplex=self.job.duplex,
            reproducible=self.job.run.reproducible,
        )
