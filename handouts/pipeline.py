"""Treatment id + clinic id -> a finished handout: runs load, compose, parse, layout, write.

``render_handout`` returns the PDF in memory (for tests, packs and library users);
``build_handout`` also writes it to ``output/<clinic>/<treatment>.pdf``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from handouts.compose.handout import REQUIRED_SECTIONS, compose, format_date, template_file
from handouts.content.fields import FieldPath, dotted, string_fields
from handouts.content.images import find_image, image_name_problem, image_problem
from handouts.content.load import ContentDir, LoadedClinic, LoadedTreatment
from handouts.errors import ContentError, HandoutsError, LayoutError, Problem, TemplateError
from handouts.files import output_path, write_atomic
from handouts.markdown import parse
from handouts.render.document import (
    FlowableBuilder,
    FooterNote,
    PageDecor,
    PdfInfo,
    RenderOptions,
    render_pdf,
)
from handouts.render.fonts import describe, uncovered
from handouts.render.theme import build_theme


@dataclass(frozen=True)
class RenderedHandout:
    treatment_id: str
    clinic_id: str
    markdown: str
    document: parse.Document
    pdf: bytes

    @cached_property
    def page_count(self) -> int:
        return self.pdf.count(b"/Type /Page\n") or self.pdf.count(b"/Type /Page ")


@dataclass(frozen=True)
class Handout:
    """A treatment composed for a clinic and parsed, ready to lay out."""

    treatment: LoadedTreatment
    clinic: LoadedClinic
    markdown: str
    document: parse.Document


def prepare_handout(
    content: ContentDir, treatment_id: str, clinic_id: str, environment: Any = None
) -> Handout:
    """Load, check, compose and parse: everything before layout.

    ``environment`` is a template environment from ``compose.make_environment`` for this
    clinic, to reuse across handouts so its templates compile once; None makes a new one.
    """
    treatment = content.treatment(treatment_id)
    clinic = content.clinic(clinic_id)
    require_glyphs(treatment, clinic)
    require_logo(clinic)
    markdown = compose(treatment.record, clinic, environment)
    require_template_glyphs(markdown, clinic)
    document = place_figures(parse.parse(markdown), clinic)
    require_sections(document, clinic)
    return Handout(treatment, clinic, markdown, document)


def render_handout(
    content: ContentDir,
    treatment_id: str,
    clinic_id: str,
    options: RenderOptions | None = None,
    environment: Any = None,
) -> RenderedHandout:
    with _named_handout(treatment_id, clinic_id, content):
        handout = prepare_handout(content, treatment_id, clinic_id, environment)
        theme = build_theme(handout.clinic.record.branding)
        flowables = [
            FooterNote(review_line(handout)),
            *FlowableBuilder(theme).document(handout.document),
        ]
        pdf = render_pdf(flowables, theme, page_decor(handout.clinic), pdf_info(handout), options)
    return RenderedHandout(treatment_id, clinic_id, handout.markdown, handout.document, pdf)


@contextmanager
def _named_handout(treatment_id: str, clinic_id: str, content: ContentDir) -> Iterator[None]:
    """A layout problem has no file and line of its own: place a header or footer setting in
    the clinic file that sets it, and anything else in the handout it comes from."""
    try:
        yield
    except LayoutError as error:
        clinic = content.clinic(clinic_id)
        where = f"{treatment_id} for {clinic_id}"
        raise LayoutError([_placed(p, clinic, where) for p in error.problems]) from None


def _placed(problem: Problem, clinic: LoadedClinic, where: str) -> Problem:
    if problem.file is not None:
        return problem
    if problem.field is None:
        return replace(problem, field=where)
    file, line = clinic.line_of(tuple(problem.field.split(".")))
    return replace(problem, file=file, line=line)


def build_handout(
    content: ContentDir,
    treatment_id: str,
    clinic_id: str,
    out: Path | None = None,
    options: RenderOptions | None = None,
) -> Path:
    """Render and write atomically; returns the path written."""
    rendered = render_handout(content, treatment_id, clinic_id, options)
    target = out or output_path(content.output_dir, clinic_id, treatment_id)
    return write_atomic(target, rendered.pdf)


# --------------------------------------------------------------------------- page furniture


def page_decor(clinic: LoadedClinic) -> PageDecor:
    contact = clinic.record.contact
    parts = [contact.phone, contact.email, contact.website]
    return PageDecor(
        clinic_name=clinic.record.name,
        contact_line="  \u00b7  ".join(part for part in parts if part),
        logo=clinic.logo_path,
        page_label=clinic.record.wording.page,
    )


def review_line(handout: Handout) -> str:
    review = handout.treatment.record.review
    wording = handout.clinic.record.wording
    locale = handout.clinic.record.locale
    last = format_date(review.last_reviewed.isoformat(), locale)
    following = format_date(review.next_review.isoformat(), locale)
    return f"{wording.reviewed} {last}  \u00b7  {wording.next_review} {following}"


def pdf_info(handout: Handout) -> PdfInfo:
    record = handout.treatment.record
    clinic = handout.clinic.record
    return PdfInfo(
        title=record.title,
        author=clinic.name,
        subject=f"Patient information: {record.condition}",
        keywords=(record.id, record.condition, "patient information", clinic.name),
        lang=clinic.locale,
    )


# --------------------------------------------------------------------------- checks


# Each check comes in two forms: ``*_problems`` lists what is wrong (``handouts check`` reports
# it), ``require_*`` stops the build at the first handout that has any.


def require_glyphs(treatment: LoadedTreatment, clinic: LoadedClinic) -> None:
    _raise(ContentError, glyph_problems(treatment, clinic))


def glyph_problems(treatment: LoadedTreatment, clinic: LoadedClinic) -> list[Problem]:
    """Every character in the record and clinic must be drawable: name each one that is not."""
    problems = [
        Problem(treatment.path, treatment.document.line_of(path), dotted(path), message)
        for path, message in _uncovered_fields(treatment.record.model_dump(mode="json"))
    ]
    for path, message in _uncovered_fields(clinic.record.model_dump(mode="json")):
        file, line = clinic.line_of(path)
        problems.append(Problem(file, line, dotted(path), message))
    return problems


def _raise(error: type[HandoutsError], problems: list[Problem]) -> None:
    if problems:
        raise error(problems)


def _uncovered_fields(value: Any) -> Iterator[tuple[FieldPath, str]]:
    for path, text in string_fields(value):
        for char in uncovered(text):
            yield (
                path,
                f"the character {describe(char)} is not in any bundled font, so it would "
                "print as an empty box; replace it with a character the fonts have",
            )


def require_template_glyphs(markdown: str, clinic: LoadedClinic) -> None:
    _raise(TemplateError, template_glyph_problems(markdown, clinic))


def template_glyph_problems(markdown: str, clinic: LoadedClinic) -> list[Problem]:
    return [
        Problem(
            template_file(clinic),
            None,
            None,
            f"the template's wording has the character {describe(char)}, which no "
            "bundled font has; replace it",
        )
        for char in uncovered(markdown)[:1]
    ]


def require_logo(clinic: LoadedClinic) -> None:
    _raise(ContentError, logo_problems(clinic))


def logo_problems(clinic: LoadedClinic) -> list[Problem]:
    """The logo must be a readable image inside the folder of the clinic that names it."""
    logo = clinic.logo_path
    if logo is None:
        return []
    file, line = clinic.line_of(("branding", "logo"))
    name = clinic.record.branding.logo or ""
    problem = image_name_problem(name) or image_problem(logo, file.parent)
    return [Problem(file, line, "branding.logo", problem)] if problem else []


def place_figures(document: parse.Document, clinic: LoadedClinic) -> parse.Document:
    """Find each Markdown image in the clinic's folders; name every one that cannot be used."""
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for figure in parse.figures(document.blocks):
        path, why = find_image(figure.src, clinic.folders)
        if path is not None:
            found[figure.src] = path
        elif why is not None:
            problems.append(
                Problem(template_file(clinic), None, None, f"image '{figure.src}': {why}")
            )
    if problems:
        raise TemplateError(problems)
    return parse.with_figures(document, found)


def require_sections(document: parse.Document, clinic: LoadedClinic) -> None:
    _raise(TemplateError, section_problems(document, clinic))


def section_problems(document: parse.Document, clinic: LoadedClinic) -> list[Problem]:
    """A customised template may reword sections but not drop or empty a required one."""
    present = _section_content(document)
    return [
        Problem(
            template_file(clinic),
            None,
            None,
            f"the template block '{block}' must produce its section (a '## ' heading "
            f"followed by content); it is {'empty' if section in present else 'missing'}",
        )
        for section, block in REQUIRED_SECTIONS.items()
        if not present.get(section)
    ]


def _section_content(document: parse.Document) -> dict[str, int]:
    """Section id -> number of blocks under its heading (until the next heading of level <= 2)."""
    counts: dict[str, int] = {}
    current: str | None = None
    for block in document.blocks:
        if isinstance(block, parse.Heading) and block.level <= 2:
            current = block.section if block.level == 2 else None
            if current:
                counts[current] = 0
        elif current:
            counts[current] += 1
    return counts


__all__ = ["LayoutError", "RenderedHandout", "build_handout", "render_handout"]
