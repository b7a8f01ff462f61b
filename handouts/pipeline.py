"""Treatment id + clinic id -> a finished handout. The whole pipeline, in order:

1. load the record and the clinic (handouts.content);
2. preflight the record and clinic: every character drawable, the logo readable, the
   emergency number the country's; a record no clinician has approved (or overdue for
   review) prints as a DRAFT, and with ``final`` is refused;
3. compose the clinic's template to Markdown (handouts.compose);
4. preflight the wording the template added;
5. parse the Markdown into blocks (handouts.markdown);
6. preflight the blocks: pictures found and checked, required sections present;
7. render the blocks on the clinic's pages (handouts.render);
8. write the PDF atomically (handouts.files.write).

``render_handout`` returns the PDF in memory (for tests, packs and library users);
``build_handout`` also writes it to ``output/<clinic>/<treatment>.pdf``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handouts import preflight
from handouts.codes import CODES, Severity
from handouts.compose.handout import compose
from handouts.compose.leaflet import (
    draft_mark,
    draft_reasons,
    keywords,
    review_line,
    subject,
)
from handouts.compose.templates import template_file
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.errors import (
    ContentError,
    HandoutsError,
    LayoutError,
    Problem,
    TemplateError,
    UnknownIdError,
)
from handouts.files.output import language_folder, output_path, patient_output_path
from handouts.files.write import PRIVATE, write_atomic
from handouts.i18n.words import Words
from handouts.markdown import blocks
from handouts.markdown.bilingual import interleaved
from handouts.markdown.parse import parse
from handouts.options import RenderOptions
from handouts.render.document import FooterNote, PdfInfo, RenderedPdf, handout_tags, render_pdf
from handouts.render.encryption import encrypted
from handouts.render.flowables import FlowableBuilder
from handouts.render.furniture import page_decor
from handouts.render.theme import build_theme


@dataclass(frozen=True)
class Handout:
    """A treatment composed for a clinic and parsed, ready to lay out."""

    treatment: LoadedTreatment
    clinic: LoadedClinic
    markdown: str
    document: blocks.Document
    draft_codes: tuple[str, ...] = ()
    """The codes of why it must print as a DRAFT: not approved (DRAFT001), overdue
    (REVIEW002), a translation of an older version (LANG002). Empty for an approved, current
    record."""


@dataclass(frozen=True)
class RenderedHandout:
    treatment_id: str
    clinic_id: str
    markdown: str
    document: blocks.Document
    pdf: bytes
    page_count: int


def prepare_handout(
    content: ContentDir,
    treatment_id: str,
    clinic_id: str,
    environment: Any = None,
    options: RenderOptions | None = None,
) -> Handout:
    """Load, preflight, compose and parse: everything before layout (steps 1 to 6).

    ``environment`` is a template environment from ``make_environment`` for this clinic, to
    reuse across handouts so its templates compile once; None uses the process's shared one.
    """
    options = options or RenderOptions()
    today = options.production_date()
    patient_language = options.patient.language if options.patient else None
    clinic = content.clinic(clinic_id, options.language or patient_language)
    treatment = content.treatment(treatment_id, clinic.language)
    _stop(ContentError, preflight.glyph_problems(treatment, clinic))
    _stop(ContentError, preflight.logo_problems(clinic))
    _stop(ContentError, _errors(preflight.emergency_problems(clinic)))
    languages = preflight.language_problems(content, treatment, clinic)
    _stop(ContentError, _errors(languages))
    unapproved = preflight.approval_problems(treatment, today) + languages
    if options.final:
        _stop(ContentError, [preflight.refused_for_print(p) for p in unapproved])
    markdown = compose(treatment.record, clinic, environment, today, options.patient)
    _stop(TemplateError, preflight.wording_glyph_problems(markdown, clinic))
    document = _parsed(markdown, clinic)
    document, figure_problems = preflight.place_figures(document, clinic, treatment)
    _stop(TemplateError, figure_problems)
    _stop(TemplateError, preflight.section_problems(document, clinic))
    reasons = tuple(dict.fromkeys(problem.code for problem in unapproved))
    return Handout(treatment, clinic, markdown, document, reasons)


def prepare_bilingual(
    content: ContentDir,
    treatment_id: str,
    clinic_id: str,
    environment: Any = None,
    options: RenderOptions | None = None,
) -> Handout:
    """Steps 1 to 6 in both languages, then one block tree: each section in the handout's
    language, then in ``options.bilingual``. Either language's draft makes it a draft."""
    options = options or RenderOptions()
    first = prepare_handout(
        content, treatment_id, clinic_id, environment, replace(options, bilingual=None)
    )
    second_language = options.bilingual or ""
    if second_language == first.clinic.language:
        message = f"--bilingual {second_language} is the handout's own language; choose another"
        raise UnknownIdError([Problem("LANG001", None, None, None, message)])
    second = prepare_handout(
        content,
        treatment_id,
        clinic_id,
        None,
        replace(options, language=second_language, bilingual=None),
    )
    document = interleaved(first.document, second.document, second.clinic.language)
    reasons = tuple(dict.fromkeys(first.draft_codes + second.draft_codes))
    return replace(
        first,
        markdown=f"{first.markdown}\n\n{second.markdown}",
        document=document,
        draft_codes=reasons,
    )


def render_handout(
    content: ContentDir,
    treatment_id: str,
    clinic_id: str,
    options: RenderOptions | None = None,
    environment: Any = None,
) -> RenderedHandout:
    """Steps 1 to 7: the handout's PDF, in memory."""
    options = options or RenderOptions()
    with _named_handout(treatment_id, clinic_id, content):
        prepare = prepare_bilingual if options.bilingual else prepare_handout
        handout = prepare(content, treatment_id, clinic_id, environment, options)
        rendered = laid_out(handout, options)
        if rendered.pages > 1 and rendered.last_page_filled < PULL_BACK_BELOW:
            compact = laid_out(handout, options, compact=True)
            rendered = compact if compact.pages < rendered.pages else rendered
    return RenderedHandout(
        treatment_id, clinic_id, handout.markdown, handout.document, rendered.pdf, rendered.pages
    )


PULL_BACK_BELOW = 0.15
"""A last page filled less than this is pulled back, when it can be, by laying the handout
out again with less space between its blocks: a page printed for a few lines wastes paper
and reads as a mistake."""


def laid_out(handout: Handout, options: RenderOptions, compact: bool = False) -> RenderedPdf:
    """Step 7 once: ``handout`` on its clinic's pages, with the usual space between blocks or
    (``compact``) less."""
    words = Words(handout.clinic.language)
    branding = handout.clinic.record.branding
    theme = build_theme(branding, options.large_print, words.tag, compact)
    decor = replace(page_decor(handout.clinic), draft_mark=_draft_mark(handout, options))
    tags = handout_tags(decor, handout.clinic.language) if options.tagged else None
    builder = FlowableBuilder(theme, parent=tags.root if tags else None)
    reasons = draft_reasons(handout.draft_codes, words)
    footer = review_line(handout.treatment.record, handout.clinic, reasons, words)
    flowables = [FooterNote(footer), *builder.document(handout.document)]
    info = pdf_info(handout, words)
    return render_pdf(
        flowables,
        theme,
        decor,
        info,
        reproducible=options.reproducible,
        compress=options.compress,
        tags=tags,
    )


def build_handout(
    content: ContentDir,
    treatment_id: str,
    clinic_id: str,
    out: Path | None = None,
    options: RenderOptions | None = None,
) -> Path:
    """All eight steps: render, then write atomically; returns the path written."""
    options = options or RenderOptions()
    rendered = render_handout(content, treatment_id, clinic_id, options)
    pdf = encrypted(rendered.pdf, options.password) if options.password else rendered.pdf
    clinic = content.clinic(clinic_id, options.language)
    large = is_large_print(clinic, options.large_print)
    folder = language_folder(clinic.language, clinic.record.language, options.bilingual)
    if options.patient is not None:
        target = out or patient_output_path(content.output_dir, clinic_id, treatment_id)
        return write_atomic(target, pdf, mode=PRIVATE)
    target = out or output_path(content.output_dir, clinic_id, treatment_id, large, folder)
    return write_atomic(target, pdf)


def is_large_print(clinic: LoadedClinic, asked: bool) -> bool:
    """Whether a clinic's handouts are in large print: asked for, or the clinic's choice."""
    return asked or clinic.record.branding.large_print


def _parsed(markdown: str, clinic: LoadedClinic) -> blocks.Document:
    """The block tree; a problem with it (nesting, size) is the template's, which wrote the
    structure (values from records and clinic files are always text)."""
    try:
        return parse(markdown)
    except LayoutError as error:
        template = template_file(clinic)
        placed = [replace(p, file=p.file or template) for p in error.problems]
        raise LayoutError(placed) from None


def _stop(error: type[HandoutsError], problems: list[Problem]) -> None:
    if problems:
        raise error(problems)


def _errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that stop a build (a warning is for ``handouts check``)."""
    return [problem for problem in problems if CODES[problem.code].severity is Severity.ERROR]


def _draft_mark(handout: Handout, options: RenderOptions) -> str | None:
    if handout.draft_codes and options.mark_drafts:
        return draft_mark(Words(handout.clinic.language))
    return None


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
    """A problem laying out structure the template wrote (a table, a box) is placed in the
    template; one about a clinic setting, in the clinic file that sets it."""
    if problem.file is None and problem.field is None:
        return replace(problem, file=template_file(clinic), field=where)
    return clinic.placed(problem)


def pdf_info(handout: Handout, words: Words) -> PdfInfo:
    record = handout.treatment.record
    return PdfInfo(
        title=record.title,
        author=handout.clinic.record.name,
        subject=subject(record, words),
        keywords=keywords(record, handout.clinic, words),
        lang=handout.clinic.language,
    )
