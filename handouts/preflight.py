"""A loaded record and clinic (and the handout composed from them) -> the problems that must
be fixed before anything is drawn, each with its code and place.

Each check returns a list of problems; the pipeline stops on the first list that is not
empty, and ``handouts check`` reports them all. Problems in templates are placed on the
template line that causes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from handouts.compose.environment import REQUIRED_SECTIONS
from handouts.compose.templates import template_file, untranslated_template
from handouts.content.emergency import digits, numbers_for
from handouts.content.fields import FieldPath, dotted, string_fields
from handouts.content.images import find_image, image_name_problem, image_problem
from handouts.content.languages import translation_problems, untranslated_words
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.errors import Problem
from handouts.i18n.catalogs import catalog_gaps, catalog_tag, po_path
from handouts.markdown import blocks
from handouts.render.fonts import describe, uncovered


def glyph_problems(treatment: LoadedTreatment, clinic: LoadedClinic) -> list[Problem]:
    """Every character in the record and clinic must be drawable: name each one that is not."""
    problems = [
        Problem("GLYPH001", treatment.path, treatment.document.line_of(path), dotted(path), text)
        for path, text in _uncovered_fields(treatment.record.model_dump(mode="json"))
    ]
    for path, message in _uncovered_fields(clinic.record.model_dump(mode="json")):
        file, line = clinic.line_of(path)
        problems.append(Problem("GLYPH001", file, line, dotted(path), message))
    return problems


def _uncovered_fields(value: Any) -> Iterator[tuple[FieldPath, str]]:
    for path, text in string_fields(value):
        for char in uncovered(text):
            yield (
                path,
                f"the character {describe(char)} is not in any bundled font, so it would "
                "print as an empty box; replace it with a character the fonts have",
            )


def wording_glyph_problems(markdown: str, clinic: LoadedClinic) -> list[Problem]:
    """The template's own wording (what the record did not bring) must be drawable too."""
    problems = []
    for char in uncovered(markdown)[:1]:
        file, line = _template_line(clinic, re.escape(char))
        message = (
            f"the template's wording has the character {describe(char)}, which no bundled "
            "font has; replace it"
        )
        problems.append(Problem("GLYPH002", file, line, None, message))
    return problems


def logo_problems(clinic: LoadedClinic) -> list[Problem]:
    """The logo must be a readable image inside the folder of the clinic that names it."""
    logo = clinic.logo_path
    if logo is None:
        return []
    file, line = clinic.line_of(("branding", "logo"))
    name = clinic.record.branding.logo or ""
    problem = image_name_problem(name) or image_problem(logo, file.parent)
    return [Problem("REF004", file, line, "branding.logo", problem)] if problem else []


def place_figures(
    document: blocks.Document, clinic: LoadedClinic, treatment: LoadedTreatment
) -> tuple[blocks.Document, list[Problem]]:
    """Each Markdown image found in the clinic's folders; a problem for each that cannot be
    used, placed where the image was written: a record's field, or the template."""
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for figure in blocks.figures(document.blocks):
        path, why = find_image(figure.src, clinic.folders)
        if path is not None:
            found[figure.src] = path
        elif why is not None:
            problems.append(_image_problem(figure.src, why, clinic, treatment))
    return blocks.with_figures(document, found), problems


def _image_problem(src: str, why: str, clinic: LoadedClinic, treatment: LoadedTreatment) -> Problem:
    message = f"image '{src}': {why}"
    data = treatment.record.model_dump(mode="json")
    field = next((path for path, text in string_fields(data) if f"]({src}" in text), None)
    if field is not None:
        line = treatment.document.line_of(field)
        return Problem("IMAGE001", treatment.path, line, dotted(field), message)
    file, line = _template_line(clinic, re.escape(src))
    return Problem("IMAGE001", file, line, None, message)


def section_problems(document: blocks.Document, clinic: LoadedClinic) -> list[Problem]:
    """A customised template may reword sections but not drop or empty a required one."""
    present = _section_content(document)
    problems = []
    for section, block in REQUIRED_SECTIONS.items():
        if present.get(section):
            continue
        file, line = _template_line(clinic, r"\{%-?\s*block\s+" + block + r"\b")
        message = (
            f"the template block '{block}' must produce its section (a '## ' heading "
            f"followed by content); it is {'empty' if section in present else 'missing'}"
        )
        problems.append(Problem("SECTION001", file, line, None, message))
    return problems


def _section_content(document: blocks.Document) -> dict[str, int]:
    """Section id -> number of blocks under its heading (until the next heading of level <= 2)."""
    counts: dict[str, int] = {}
    current: str | None = None
    for block in document.blocks:
        if isinstance(block, blocks.Heading) and block.level <= 2:
            current = block.section if block.level == 2 else None
            if current:
                counts[current] = 0
        elif current:
            counts[current] += 1
    return counts


def _template_line(clinic: LoadedClinic, pattern: str) -> tuple[Path, int | None]:
    """The first line matching ``pattern`` in the clinic's own templates, nearest clinic
    first; else the handout template it uses, without a line."""
    name = template_file(clinic).name
    for folder in clinic.folders:
        path = folder / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if re.search(pattern, line):
                return path, number
    return template_file(clinic), None


def approval_problems(treatment: LoadedTreatment, today: dt.date) -> list[Problem]:
    """Why this record must not reach a patient as it is: not approved by a clinician
    (DRAFT001), or past its review date (REVIEW002). Either prints the handout as a DRAFT."""
    review = treatment.record.review
    problems = []
    if not review.approved:
        line = treatment.document.line_of(("review", "status"))
        message = f"version {review.version} is a draft: no clinician has approved it yet"
        problems.append(Problem("DRAFT001", treatment.path, line, "review.status", message))
    if review.next_review < today:
        line = treatment.document.line_of(("review", "next_review"))
        message = f"the review was due on {review.next_review.isoformat()} and has not been done"
        problems.append(Problem("REVIEW002", treatment.path, line, "review.next_review", message))
    return problems


_FINAL_HINT = (
    "A print run (--final) prints only what a clinician has approved and is not overdue for "
    "review; leave out --final to print it marked DRAFT for checking."
)


def refused_for_print(problem: Problem) -> Problem:
    """One of the reasons above, as a print run (``--final``) refuses the handout for it."""
    message = f"{problem.message}; a print run (--final) refuses it"
    return replace(problem, message=message, hint=problem.hint or _FINAL_HINT)


_NO_COUNTRY = "this clinic (its first language names no country)"


def emergency_problems(clinic: LoadedClinic) -> list[Problem]:
    """The emergency number printed must be the one for the clinic's country (EMERGENCY001);
    a country not in the table is a warning asking for confirmation (EMERGENCY002)."""
    number = clinic.record.contact.emergency_number
    country = clinic.record.country_code
    expected = numbers_for(country)
    file, line = clinic.line_of(("contact", "emergency_number"))
    if expected is None:
        message = (
            f"emergency number {number}: there is no table entry for "
            f"{'country ' + country if country else _NO_COUNTRY}"
            "; have someone confirm it"
        )
        return [Problem("EMERGENCY002", file, line, "contact.emergency_number", message)]
    if digits(number) in expected:
        return []
    message = (
        f"{number} is not an emergency number in {country} ({' or '.join(expected)}); "
        "a patient with a dangerous sign would call the wrong number"
    )
    return [Problem("EMERGENCY001", file, line, "contact.emergency_number", message)]


def catalog_problems(language: str) -> list[Problem]:
    """A message the language's catalog leaves untranslated would print in English."""
    tag = catalog_tag(language) or language
    return [
        Problem("LANG004", po_path(tag), None, None, f"'{message}' {wrong}")
        for message, wrong in catalog_gaps(tag)
    ]


def language_problems(
    content: ContentDir, treatment: LoadedTreatment, clinic: LoadedClinic
) -> list[Problem]:
    """A handout in one language: the clinic's own words written in it (LANG003), and a
    translation that matches its record's current version (LANG002, LANG005)."""
    problems = untranslated_words(clinic) + catalog_problems(clinic.language)
    template = untranslated_template(clinic)
    problems += [template] if template else []
    if treatment.record.translation_of is not None:
        source = content.treatment(treatment.record.id)
        problems += translation_problems(source, treatment)
    return problems
