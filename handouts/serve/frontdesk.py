"""The front desk: choose a clinic, its treatments, a language and print size, type the
patient's name, a note and the next visit, and get their PDF back at once.

One treatment gives its handout with a "For you" box on page 1; several give a cover prepared
for the patient in front of them (as ``handouts batch`` does). The patient's details live only
in this request: nothing is written to disk, kept in memory afterwards or logged, and the
file's name says only which treatment it is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from handouts.batch.worker import PatientJob, render_patient_job
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic
from handouts.content.patient import Patient
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument
from handouts.errors import HandoutsError, Problem
from handouts.i18n.tags import language_name
from handouts.options import RenderOptions
from handouts.pack.executor import Failed
from handouts.pack.tasks import RunContext
from handouts.pipeline import render_handout
from handouts.serve.pages import known_clinic, readable_clinics, readable_titles
from handouts.serve.views import guard, previewer, template

FORM = Path("the form")
MAX_FIELD = 48 * 1024
"""Bytes in one field as sent: a 4,000-character note in Chinese takes about 36 KB."""
PATIENT_FIELDS = ("name", "clinician", "note", "next_visit", "area")


@dataclass
class Order:
    """What the front desk asked for, read from the form."""

    treatments: list[str] = field(default_factory=list)
    language: str | None = None
    large_print: bool = False
    values: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    """Field -> what is wrong with it, in the words of the person at the desk."""


def choose(request: Request) -> Response:
    listed, _ = readable_clinics(previewer(request).content())  # the clinics page says why
    return template(request, "frontdesk_choose.html", clinics=listed)


def form(request: Request) -> Response:
    clinic = known_clinic(previewer(request).content(), request.path_params["clinic"])
    return _form(request, clinic, Order())


async def submit(request: Request) -> Response:
    clinic = known_clinic(previewer(request).content(), request.path_params["clinic"])
    data = await request.form(max_files=0, max_fields=64, max_part_size=MAX_FIELD)
    order = _order(clinic, data)
    _check_translated(previewer(request).content(), order)
    if not guard(request).form_token_ok(request, str(data.get("form_token", ""))):
        order.problems = {"form": _EXPIRED}
        return _form(request, clinic, order, status_code=403)
    patient = _patient(order)
    if patient is None:
        return _form(request, clinic, order, status_code=422)
    made = await run_in_threadpool(_pdf, request, clinic, order, patient)
    if isinstance(made, Failed):
        order.problems["form"] = "; ".join(str(problem) for problem in made.problems)
        return _form(request, clinic, order, status_code=422)
    name = order.treatments[0] if len(order.treatments) == 1 else "handouts"
    headers = {"Content-Disposition": f'inline; filename="{name}.pdf"', "Cache-Control": "no-store"}
    return Response(made, media_type="application/pdf", headers=headers)


_EXPIRED = "This form has expired (the app was restarted). It is shown again: send it once more."


def _form(request: Request, clinic: LoadedClinic, order: Order, status_code: int = 200) -> Response:
    titles = readable_titles(previewer(request).content(), clinic)
    context: dict[str, Any] = {"clinic": clinic, "titles": titles, "order": order}
    return template(request, "frontdesk.html", status_code=status_code, **context)


def _order(clinic: LoadedClinic, data: FormData) -> Order:
    order = Order(values={name: str(data.get(name, "")).strip() for name in PATIENT_FIELDS})
    offered = clinic.record.treatments
    chosen = dict.fromkeys(map(str, data.getlist("treatment")))
    order.treatments = [treatment for treatment in chosen if treatment in offered]
    if not order.treatments:
        order.problems["treatment"] = "Choose at least one treatment."
    language = str(data.get("language", "")) or None
    if language is not None and language not in clinic.record.languages:
        order.problems["language"] = "Choose one of the languages listed."
    order.language, order.large_print = language, data.get("large_print") == "yes"
    return order


def _check_translated(content: ContentDir, order: Order) -> None:
    """Every chosen treatment must have a version in the chosen language."""
    if order.language is None:
        return
    missing = [t for t in order.treatments if not content.has_version(t, order.language)]
    if missing:
        order.problems["treatment"] = (
            f"Not yet in {language_name(order.language)}: {', '.join(missing)}. Leave "
            f"{'it' if len(missing) == 1 else 'them'} out, or choose another language."
        )


def _patient(order: Order) -> Patient | None:
    given: dict[str, Any] = {name: value for name, value in order.values.items() if value}
    given |= {"language": order.language, "large_print": order.large_print}
    try:
        patient = validate(Patient, YamlDocument(FORM, given))
    except HandoutsError as error:
        for problem in error.problems:
            order.problems.setdefault(problem.field or "form", _sentence(problem))
        return None
    return None if order.problems else patient


def _sentence(problem: Problem) -> str:
    text = problem.message
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _pdf(request: Request, clinic: LoadedClinic, order: Order, patient: Patient) -> bytes | Failed:
    """The patient's PDF, laid out while no preview is (layout is not thread-safe)."""
    source = previewer(request)
    with source.lock:
        if len(order.treatments) == 1:
            return _one(source.root, clinic, order, patient)
        run = RunContext(source.root, uuid.uuid4().hex, False, None, order.large_print)
        job = PatientJob(run, clinic.record.id, patient, tuple(order.treatments))
        made = render_patient_job(job)
    return made if isinstance(made, Failed) else made.pdf


def _one(root: Path, clinic: LoadedClinic, order: Order, patient: Patient) -> bytes | Failed:
    options = RenderOptions(language=order.language, large_print=order.large_print, patient=patient)
    try:
        return render_handout(ContentDir(root), order.treatments[0], clinic.record.id, options).pdf
    except HandoutsError as error:
        return Failed(tuple(error.problems))
