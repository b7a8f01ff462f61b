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

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from handouts import preflight
from handouts.codes import CODES, Severity
from handouts.compose.environment import format_date
from handouts.compose.handout import compose, leaflet_reference
from handouts.compose.templates import template_file
from handouts.content.load import ContentDir, LoadedClinic, LoadedTreatment
from handouts.content.text import ID_PATTERN
from handouts.errors import ContentError, HandoutsError, LayoutError, Problem, TemplateError
from handouts.files.write import write_atomic
from handouts.markdown import blocks
from handouts.markdown.parse import parse
from handouts.render.document import FooterNote, PdfInfo, handout_tags, render_pdf
from handouts.render.flowables import FlowableBuilder
from handouts.render.furniture import page_decor
from handouts.render.theme import build_theme

DRAFT_MARK = "DRAFT \u2013 not approved for patient use"
DRAFT_FOOTER = "DRAFT: {reasons}"


@dataclass
class RenderOptions:
    """How to build a handout: the options of ``handouts build``, shared with packs."""

    reproducible: bool = False
    """Make the PDF's bytes depend only on its inputs (and the production date)."""
    compress: bool = True
    final: bool = False
    """A print run: refuse a handout no clinician has approved, or overdue for review."""
    date: dt.date | None = None
    """The day the handout says it was produced; None: SOURCE_DATE_EPOCH if set, else today."""
    mark_drafts: bool = True
    """Print DRAFT across a draft's pages (``handouts check`` reads the layout without it)."""
    large_print: bool = False
    """Large print, whatever the clinic says (a clinic may ask for it with
    ``branding.large_print``); written to output/<clinic>/large-print/."""
    tagged: bool = True
    """Write a tagged PDF (PDF/UA-1). Untagged output looks the same; it exists to compare
    with and to measure what tagging costs."""
    extra: dict[str, Any] = field(default_factory=dict)

    def production_date(self) -> dt.date:
        return self.date or source_date() or dt.date.today()


def source_date() -> dt.date | None:
    """The date SOURCE_DATE_EPOCH fixes for reproducible builds, if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return None


@dataclass(frozen=True)
class Handout:
    """A treatment composed for a clinic and parsed, ready to lay out."""

    treatment: LoadedTreatment
    clinic: LoadedClinic
    markdown: str
    document: blocks.Document
    draft_reasons: tuple[str, ...] = ()
    """Why it must print as a DRAFT (empty for an approved record in date)."""


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
    treatment = content.treatment(treatment_id)
    clinic = content.clinic(clinic_id)
    _stop(ContentError, preflight.glyph_problems(treatment, clinic))
    _stop(ContentError, preflight.logo_problems(clinic))
    _stop(ContentError, _errors(preflight.emergency_problems(clinic)))
    unapproved = preflight.approval_problems(treatment, today)
    _stop(ContentError, unapproved if options.final else [])
    markdown = compose(treatment.record, clinic, environment, today)
    _stop(TemplateError, preflight.wording_glyph_problems(markdown, clinic))
    document = _parsed(markdown, clinic)
    document, figure_problems = preflight.place_figures(document, clinic, treatment)
    _stop(TemplateError, figure_problems)
    _stop(TemplateError, preflight.section_problems(document, clinic))
    reasons = tuple(_draft_reason(problem) for problem in unapproved)
    return Handout(treatment, clinic, markdown, document, reasons)


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
        handout = prepare_handout(content, treatment_id, clinic_id, environment, options)
        theme = build_theme(handout.clinic.record.branding, options.large_print)
        decor = replace(page_decor(handout.clinic), draft_mark=_draft_mark(handout, options))
        tags = handout_tags(decor) if options.tagged else None
        builder = FlowableBuilder(theme, parent=tags.root if tags else None)
        flowables = [FooterNote(review_line(handout)), *builder.document(handout.document)]
        rendered = render_pdf(
            flowables,
            theme,
            decor,
            pdf_info(handout),
            reproducible=options.reproducible,
            compress=options.compress,
            tags=tags,
        )
    return RenderedHandout(
        treatment_id, clinic_id, handout.markdown, handout.document, rendered.pdf, rendered.pages
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
    large = is_large_print(content.clinic(clinic_id), options.large_print)
    target = out or output_path(content.output_dir, clinic_id, treatment_id, large)
    return write_atomic(target, rendered.pdf)


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
    return DRAFT_MARK if handout.draft_reasons and options.mark_drafts else None


def _draft_reason(problem: Problem) -> str:
    return "not yet approved by a clinician" if problem.code == "DRAFT001" else "review overdue"


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


def review_line(handout: Handout) -> str:
    """The footer's line: the leaflet's reference, then its review dates in the clinic's
    wording, or why it is a DRAFT."""
    reference = leaflet_reference(handout.treatment.record, handout.clinic)
    if handout.draft_reasons:
        reasons = DRAFT_FOOTER.format(reasons=", ".join(handout.draft_reasons))
        return f"{reasons}  \u00b7  {reference}"
    review = handout.treatment.record.review
    wording = handout.clinic.record.wording
    locale = handout.clinic.record.locale
    last = format_date(review.last_reviewed.isoformat(), locale)
    following = format_date(review.next_review.isoformat(), locale)
    dates = f"{wording.reviewed} {last}  \u00b7  {wording.next_review} {following}"
    return f"{reference}  \u00b7  {dates}"


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


LARGE_PRINT_FOLDER = "large-print"


def output_folder(output_dir: Path, clinic_id: str, large_print: bool = False) -> Path:
    """Where a clinic's files go: ``output_dir/clinic_id``, and its ``large-print`` folder for
    the large-print edition (so neither edition overwrites the other)."""
    folder = output_dir / clinic_id
    return folder / LARGE_PRINT_FOLDER if large_print else folder


def output_path(output_dir: Path, clinic_id: str, name: str, large_print: bool = False) -> Path:
    """``output_dir/clinic_id/name.pdf`` (in ``large-print/`` for large print) for valid ids,
    refusing anything that would land outside ``output_dir`` (for example through a linked
    folder)."""
    for value in (clinic_id, name):
        if not re.fullmatch(ID_PATTERN, value):
            raise HandoutsError(f"refusing to name an output file after '{value}': not an id")
    target = (output_folder(output_dir, clinic_id, large_print) / f"{name}.pdf").resolve()
    if not target.is_relative_to(output_dir.resolve()):
        raise HandoutsError(f"refusing to write outside {output_dir}: {target}")
    return target
