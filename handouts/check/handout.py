"""One treatment composed for one clinic -> findings: what the build would refuse (glyphs,
composing, required sections) and, once built, text outside its page area or over other text.

Layout findings name the field that printed the text: the record's, or the clinic's for the
header and footer, else the template's wording. A problem that shows on many pages (a clinic
name too long for the header band shows on all of them) becomes one finding that counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handouts.check.access import SmallText, heading_findings, small_text
from handouts.check.findings import Finding, finding, from_problem
from handouts.check.pages import (
    BODY,
    Area,
    Overflow,
    Overlap,
    TextLine,
    area_of,
    overflows,
    overlaps,
    page_areas,
    text_lines,
)
from handouts.check.readability import plain_text
from handouts.compose.handout import compose
from handouts.compose.sandbox import HandoutSandbox
from handouts.compose.templates import template_file
from handouts.content.fields import FieldPath, dotted, string_fields
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.errors import LayoutError, Problem, TemplateError
from handouts.markdown.parse import parse
from handouts.options import RenderOptions
from handouts.pipeline import render_handout
from handouts.preflight import glyph_problems, section_problems, wording_glyph_problems
from handouts.render.theme import build_theme

_QUOTE_CHARS = 48
PageFinding = tuple[Finding, str]
"""A layout finding and the page it was seen on, e.g. 'page 2 of silicone-gel for jade'."""


@dataclass(frozen=True)
class HandoutCheck:
    """The checks of one handout; the template environment is the clinic's, shared."""

    treatment: LoadedTreatment
    clinic: LoadedClinic
    environment: HandoutSandbox

    @property
    def name(self) -> str:
        name = f"{self.treatment.record.id} for {self.clinic.record.id}"
        main = self.clinic.language == self.clinic.record.language
        return name if main else f"{name} in {self.clinic.language}"

    def content_findings(self) -> list[Finding]:
        """Glyphs, composing and required sections: what the build itself would refuse."""
        glyphs = glyph_problems(self.treatment, self.clinic)
        if glyphs:
            return [from_problem(problem) for problem in glyphs]
        try:
            markdown = compose(self.treatment.record, self.clinic, self.environment)
        except TemplateError as error:
            return [from_problem(problem) for problem in error.problems]
        wording = wording_glyph_problems(markdown, self.clinic)
        if wording:
            return [from_problem(problem) for problem in wording]
        try:
            document = parse(markdown)
        except LayoutError as error:
            file = template_file(self.clinic)
            return [from_problem(replace(p, file=p.file or file)) for p in error.problems]
        return [from_problem(problem) for problem in section_problems(document, self.clinic)]

    def build_and_read(self, content: ContentDir, today: dt.date) -> tuple[list[TextLine], bytes]:
        """The handout as built on ``today``, read back line by line (without the DRAFT
        marking, which lies across the text on purpose), and its PDF."""
        options = RenderOptions(date=today, mark_drafts=False, language=self.clinic.language)
        ids = (self.treatment.record.id, self.clinic.record.id)
        handout = render_handout(content, *ids, options=options)
        return text_lines(handout.pdf), handout.pdf

    def access_findings(self) -> list[Finding]:
        """Headings of the clinic's template that skip a level in this handout."""
        try:
            markdown = compose(self.treatment.record, self.clinic, self.environment)
        except TemplateError:
            return []
        return heading_findings(self.clinic, parse(markdown))

    def size_findings(self, pdf: bytes) -> list[PageFinding]:
        """Text patients read set below 12 pt, naming the field that printed it."""
        body = page_areas(build_theme(self.clinic.record.branding))[1]
        found = []
        for item in small_text(pdf):
            place, path = self._source_of(item.text, body)
            message = f"text set at {item.size:.1f} pt, below 12 pt: {_quote(item.text)}"
            found.append((finding("ACCESS004", place, message, path), self._page(item)))
        return found

    def unbuildable(self, problem: Problem) -> Finding:
        """Why this handout could not be built: a layout problem as LAYOUT003, naming the
        handout; any other (a missing translation, say) as itself, with its own advice."""
        if not problem.code.startswith("LAYOUT"):
            return from_problem(problem)
        place = (problem.file, problem.line) if problem.file else (self.treatment.path, None)
        return finding("LAYOUT003", place, f"{self.name}: {problem.message}", problem.field)

    def layout_findings(self, lines: list[TextLine]) -> list[PageFinding]:
        areas = page_areas(build_theme(self.clinic.record.branding))
        found = [self._overflow(item) for item in overflows(lines, areas)]
        found += [self._overlap(item, area_of(item.first.box, areas)) for item in overlaps(lines)]
        return found

    def _overflow(self, overflow: Overflow) -> PageFinding:
        line = overflow.line
        place, path = self._source_of(line.text, overflow.area)
        message = (
            f"text in the {overflow.area.name} runs {overflow.distance / 72 * 25.4:.1f} mm "
            f"past {_edge(overflow)}: {_quote(line.text)}"
        )
        return finding("LAYOUT001", place, message, path), self._page(line)

    def _overlap(self, overlap: Overlap, area: Area) -> PageFinding:
        place, path = self._source_of(overlap.first.text, area)
        if path is None:
            place, path = self._source_of(overlap.second.text, area)
        message = f"{_quote(overlap.first.text)} overlaps {_quote(overlap.second.text)}"
        return finding("LAYOUT002", place, message, path), self._page(overlap.first)

    def _page(self, line: TextLine | SmallText) -> str:
        return f"page {line.page} of {self.name}"

    def _source_of(self, text: str, area: Area) -> tuple[tuple[Path, int | None], str | None]:
        """The field whose text is on this line: the record's first, or the clinic's first
        for text in the header or footer; else the template, whose wording it must be."""
        treatment = (self.treatment.record.model_dump(mode="json"), self._treatment_place)
        clinic = (self.clinic.record.model_dump(mode="json"), self.clinic.line_of)
        sources = [treatment, clinic] if area.name == BODY else [clinic, treatment]
        for data, place_of in sources:
            path = _field_showing(text, data)
            if path is not None:
                return place_of(path), dotted(path)
        return (template_file(self.clinic), None), None

    def _treatment_place(self, path: FieldPath) -> tuple[Path, int | None]:
        return self.treatment.path, self.treatment.document.line_of(path)


def _edge(overflow: Overflow) -> str:
    if overflow.side in ("left", "right"):
        return f"the {overflow.side} margin"
    return f"the {overflow.side} of the {overflow.area.name}"


def _field_showing(text: str, data: Any) -> FieldPath | None:
    """The field that this printed line comes from: one that contains the line's opening
    words, or else the longest field value printed within the line."""
    words = [word for word in text.split() if any(char.isalnum() for char in word)]
    opening = " ".join(words[:4])
    fields = list(_string_fields(data))
    for path, value in fields:
        if len(opening) >= 8 and opening in value:
            return path
    inside = [(len(value), path) for path, value in fields if len(value) >= 6 and value in text]
    return max(inside)[1] if inside else None


def _string_fields(value: Any) -> Iterator[tuple[FieldPath, str]]:
    """(field path, text as printed) for every string in a record."""
    for path, text in string_fields(value):
        yield path, " ".join(plain_text(text).rstrip(".").split())


def _quote(text: str) -> str:
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


def merge_pages(page_findings: list[PageFinding]) -> list[Finding]:
    """One finding per place and code, saying on which pages the problem shows."""
    merged: dict[tuple[Any, ...], tuple[Finding, list[str]]] = {}
    for item, page in page_findings:
        key = (item.code, item.file, item.line, item.field)
        merged.setdefault(key, (item, []))[1].append(page)
    return [_on_pages(item, pages) for item, pages in merged.values()]


def _on_pages(item: Finding, pages: list[str]) -> Finding:
    others = len(pages) - 1
    more = f", and on {others} more page{'s' if others > 1 else ''}" if others else ""
    return Finding(
        item.code, item.file, item.line, item.field, f"{item.message} ({pages[0]}{more})", item.hint
    )
