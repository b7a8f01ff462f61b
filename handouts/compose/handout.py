"""Treatment + clinic -> Markdown text, through the clinic's template in jinja2's sandbox.

Templates are written by clinic staff and treated as untrusted: they run in the sandbox of
:mod:`handouts.compose.sandbox` (bounded in time and size) with strict undefined, receive plain
data (dicts, lists, strings) rather than Python objects, and load only templates that
:mod:`handouts.compose.templates` finds in the clinic's folders. Anything a template does
wrong ends as a TemplateError naming its file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2

from handouts.compose.environment import shared_environment
from handouts.compose.escape import escaped, plain_text, record_text
from handouts.compose.explain import render_problem, syntax_problem
from handouts.compose.leaflet import leaflet_reference
from handouts.compose.templates import template_file
from handouts.compose.wording import template_wording
from handouts.content.loaded import LoadedClinic
from handouts.content.patient import Patient
from handouts.content.text import describe_character, unsafe_character
from handouts.content.treatment import Treatment
from handouts.errors import HandoutsError, Problem, TemplateError
from handouts.i18n.words import Words


def compose(
    treatment: Treatment,
    clinic: LoadedClinic,
    environment: Any = None,
    produced_on: dt.date | None = None,
    patient: Patient | None = None,
) -> str:
    """Render the clinic's handout template for ``treatment`` to Markdown; ``produced_on`` is
    the date the leaflet says it was produced (default: today)."""
    environment = environment or shared_environment(clinic)
    template = template_file(clinic)
    context = template_context(treatment, clinic, produced_on or dt.date.today(), patient)
    markdown = _render(environment, context, template)
    _refuse_hidden_output(markdown, template)
    return markdown


def _render(environment: Any, context: dict[str, Any], template: Path) -> str:
    """Run the template; whatever goes wrong in it becomes a TemplateError with its place."""
    try:
        return str(environment.get_template(template.name).render(context))
    except HandoutsError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError([syntax_problem(error, template)]) from None
    except Exception as error:  # anything a template's own code raises is the template's
        raise TemplateError([render_problem(error, template)]) from None


def compile_problems(environment: Any, name: str, path: Path) -> list[Problem]:
    """Every reason the template ``name`` (the file at ``path``) cannot compile, as problems:
    a syntax error, nesting too deep for Python, a number too long to read, a file that
    cannot be read. Empty when it compiles."""
    try:
        environment.get_template(name)
    except jinja2.TemplateNotFound:
        return []  # a name the loader never serves, so never used
    except HandoutsError as error:
        return list(error.problems)
    except jinja2.TemplateSyntaxError as error:
        return [syntax_problem(error, path)]
    except Exception as error:  # anything compiling a template can raise is the template's
        return [replace(render_problem(error, path), code="TPL001")]
    return []


def _refuse_hidden_output(markdown: str, template: Path) -> None:
    """Record text is checked when it is loaded; this catches characters a template writes
    with an escape such as ``"\\u202e"``."""
    found = unsafe_character(markdown.replace("\r", ""))
    if found is not None:
        index, why = found
        char = describe_character(markdown.replace("\r", "")[index])
        message = f"the template writes {char} (from an escape in a string?), {why}"
        raise TemplateError([Problem("TPL002", template, None, None, message)])


def template_context(
    treatment: Treatment,
    clinic: LoadedClinic,
    produced_on: dt.date,
    patient: Patient | None = None,
) -> dict[str, Any]:
    """Plain data for templates: no model objects reach the sandbox.

    ``treatment`` shows only the perspectives the clinic prints; ``leaflet`` holds what the
    handout says about itself: its reference, when it was produced, how to give feedback,
    and the sources it prints (the record's, then those of each perspective shown). Every
    value is escaped (handouts.compose.escape): it prints as text, never as structure.
    ``language`` is the handout's language; ``_()`` gives the fixed wording in it.
    """
    words = Words(clinic.language)
    record = treatment.model_dump(mode="json")
    shown = set(clinic.record.perspectives)
    perspectives = [p for p in record["mechanism"]["perspectives"] if p["label"] in shown]
    record["mechanism"]["perspectives"] = perspectives
    leaflet = {
        "reference": plain_text(leaflet_reference(treatment, clinic)),
        "produced_on": produced_on.isoformat(),
        "feedback": plain_text(_feedback(clinic, words)),
        "sources": record["sources"] + [s for p in perspectives for s in p["sources"]],
    }
    clinic_data = clinic.record.model_dump(mode="json", exclude={"treatments"})
    clinic_data["locale"] = clinic.language
    contact = clinic_data["contact"]
    for number in ("phone", "emergency_number"):  # a number never breaks across lines
        contact[number] = contact[number].replace(" ", "\u00a0")
    return {
        "treatment": escaped(record, record_text),
        "clinic": escaped(clinic_data, plain_text),
        "leaflet": {**leaflet, "sources": escaped(leaflet["sources"], record_text)},
        "language": clinic.language,
        "patient": _patient(patient),
        **template_wording(words),
    }


def _patient(patient: Patient | None) -> dict[str, Any] | None:
    """The patient as the template sees them: their note keeps the record's inline marks,
    everything else prints exactly as typed."""
    if patient is None:
        return None
    data = patient.model_dump(mode="json", exclude={"language", "large_print"})
    note = data.pop("note")
    return {**escaped(data, plain_text), "note": record_text(note) if note else None}


def _feedback(clinic: LoadedClinic, words: Words) -> str:
    contact = clinic.record.contact
    default = words.gettext("{email} or {phone}", email=contact.email, phone=contact.phone)
    return clinic.record.feedback or default
