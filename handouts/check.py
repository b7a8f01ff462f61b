"""Content directory (+ the clinics to limit it to, the date to check on) -> a Report of findings.

Runs every check and collects every finding; no check stops another. In order:

1. schema and references: every record and clinic loads; each pack names treatments that
   exist; ``extends`` resolves without a cycle; each logo is a readable image in its folder;
2. every clinic template compiles, and each clinic's colours meet WCAG AA (handouts.contrast);
3. each record's review dates, sources and readability (handouts.recordcheck);
4. each treatment in each clinic's pack: every character has a glyph, the template composes,
   the required sections survive, and the built handout keeps its text inside the page
   margins without overlaps (handouts.pagecheck).

With clinic ids, only those clinics (with the clinics they extend) and the treatments in their
packs are checked; without, the whole directory.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from handouts import parse
from handouts.build import (
    glyph_problems,
    logo_problems,
    render_handout,
    section_problems,
    template_file,
    template_glyph_problems,
)
from handouts.compose import REQUIRED_SECTIONS, HandoutEnvironment, compose, make_environment
from handouts.contrast import BODY_TEXT, Shortfall, shortfalls
from handouts.errors import ContentError, HandoutsError, Problem, TemplateError
from handouts.findings import Finding, Report, Scope, finding, from_problem, tidy
from handouts.load import ContentDir, LoadedClinic, LoadedTreatment
from handouts.pagecheck import (
    BODY,
    Area,
    Overflow,
    Overlap,
    TextLine,
    area_of,
    overflows,
    overlaps,
    page_areas,
)
from handouts.pagecheck import text_lines as pdf_text_lines
from handouts.readability import plain_text
from handouts.recordcheck import readability_findings, review_findings
from handouts.theme import build_theme
from handouts.yamlfile import FieldPath

Loaded = TypeVar("Loaded")
_QUOTE_CHARS = 48


def check_content(
    content: ContentDir, clinic_ids: Sequence[str] = (), today: dt.date | None = None
) -> Report:
    """Check ``content`` (or only ``clinic_ids`` and their packs); ``today`` defaults to now.

    Raises UnknownIdError for a clinic id that does not exist; everything else is a finding.
    """
    wanted = list(clinic_ids) or content.clinic_ids()
    run = _Run(content, today or dt.date.today())
    clinics = run.load(content.clinic, wanted, "clinic")
    treatment_ids = _treatments_in_scope(content, clinics.values(), bool(clinic_ids))
    treatments = run.load(content.treatment, treatment_ids, "treatment")
    for clinic in clinics.values():
        run.check_clinic(clinic, treatments)
    for treatment in treatments.values():
        run.check_record(treatment, [c for c in clinics.values() if _prints(c, treatment)])
    scope = Scope(len(treatment_ids), len(wanted), run.built)
    return Report(content.root, scope, tidy([*run.findings, *_merge_pages(run.page_findings)]))


def _treatments_in_scope(
    content: ContentDir, clinics: Iterable[LoadedClinic], only_packs: bool
) -> list[str]:
    existing = content.treatment_ids()
    if not only_packs:
        return existing
    in_packs = [tid for clinic in clinics for tid in clinic.record.treatments if tid in existing]
    return list(dict.fromkeys(in_packs))


def _prints(clinic: LoadedClinic, treatment: LoadedTreatment) -> bool:
    return treatment.record.id in clinic.record.treatments


@dataclass
class _Run:
    content: ContentDir
    today: dt.date
    findings: list[Finding] = field(default_factory=list)
    page_findings: list[tuple[Finding, str]] = field(default_factory=list)
    """Layout findings with the page they were seen on; merged per place at the end."""
    built: int = 0

    def load(
        self, loader: Callable[[str], Loaded], ids: Iterable[str], kind: str
    ) -> dict[str, Loaded]:
        """Load each id; a file that does not load becomes findings and is left out.

        An unknown id (UnknownIdError) is a mistake in the command, so it is not caught.
        """
        loaded = {}
        for item_id in ids:
            try:
                loaded[item_id] = loader(item_id)
            except ContentError as error:
                self.findings += [_load_finding(problem, kind) for problem in error.problems]
        return loaded

    def check_clinic(self, clinic: LoadedClinic, treatments: dict[str, LoadedTreatment]) -> None:
        environment = make_environment(clinic)
        template_errors = _template_findings(clinic, environment)
        logo_errors = [from_problem("REF004", p) for p in logo_problems(clinic)]
        self.findings += [
            *_pack_findings(clinic, self.content.treatment_ids()),
            *logo_errors,
            *template_errors,
            *_contrast_findings(clinic),
        ]
        if template_errors:
            return
        for treatment_id in clinic.record.treatments:
            if treatment_id in treatments:
                handout = _Handout(treatments[treatment_id], clinic, environment)
                self.check_handout(handout, can_build=not logo_errors)

    def check_record(self, treatment: LoadedTreatment, printed_by: list[LoadedClinic]) -> None:
        self.findings += review_findings(treatment, self.today)
        self.findings += readability_findings(treatment, printed_by)

    def check_handout(self, handout: _Handout, can_build: bool) -> None:
        problems = handout.content_findings()
        self.findings += problems
        if problems or not can_build:
            return
        try:
            pages = handout.build_and_read(self.content)
        except HandoutsError as error:
            self.findings += [handout.unbuildable(problem) for problem in error.problems]
            return
        self.built += 1
        self.page_findings += handout.layout_findings(pages)


def _load_finding(problem: Problem, kind: str) -> Finding:
    if problem.field == "extends":
        return from_problem("REF003" if problem.message.startswith("cycle") else "REF002", problem)
    if kind == "treatment" and problem.field == "sources":
        message = "the record has no sources; a handout must say where its information comes from"
        return finding("SOURCE001", (problem.file, problem.line), message, "sources")
    return from_problem("SCHEMA001", problem)


# --------------------------------------------------------------------------- clinic checks


def _pack_findings(clinic: LoadedClinic, existing: list[str]) -> Iterator[Finding]:
    for index, treatment_id in enumerate(clinic.record.treatments):
        if treatment_id not in existing:
            close = difflib.get_close_matches(treatment_id, existing, n=1)
            message = f"the pack lists '{treatment_id}', but there is no such treatment" + (
                f"; did you mean '{close[0]}'?" if close else ""
            )
            place = clinic.line_of(("treatments", index))
            yield finding("REF001", place, message, f"treatments.{index}")


def _template_findings(clinic: LoadedClinic, environment: HandoutEnvironment) -> list[Finding]:
    """Compile every template in the clinic's folders (its own and those it extends)."""
    found = []
    for folder in clinic.folders:
        for path in sorted(folder.glob("*.j2")):
            try:
                environment.get_template(f"{folder.name}/{path.name}")
            except jinja2.TemplateSyntaxError as error:
                message = f"template syntax error: {error.message}"
                found.append(finding("TPL001", (path, error.lineno), message))
            except UnicodeDecodeError:
                message = "is not UTF-8 text; save it as UTF-8 in your editor"
                found.append(finding("TPL001", (path, None), message))
            except jinja2.TemplateNotFound:
                continue  # a name the loader never serves, so never used
    return found


def _contrast_findings(clinic: LoadedClinic) -> list[Finding]:
    branding = clinic.record.branding
    return [_contrast_finding(clinic, shortfall) for shortfall in shortfalls(branding)]


def _contrast_finding(clinic: LoadedClinic, shortfall: Shortfall) -> Finding:
    path = ("branding", shortfall.field)
    where = "" if _sets(clinic, path) else " (the default)"
    failing = "; ".join(
        f"{pairing.element} {_ratio(ratio)} (needs {pairing.minimum:g}:1)"
        for pairing, ratio in shortfall.failing
    )
    message = f"{shortfall.colour}{where} has too little contrast: {failing}"
    if shortfall.suggestion:
        message += f". The nearest colour that passes is {shortfall.suggestion}"
        hint = (
            f'Set {shortfall.field}: "{shortfall.suggestion}" (the same hue, '
            f"{shortfall.direction}), or choose another colour that passes."
        )
    else:
        hint = "No shade of this hue passes against the colours it meets; choose another colour."
    code = "CONTRAST001" if shortfall.minimum >= BODY_TEXT else "CONTRAST002"
    return finding(code, clinic.line_of(path), message, ".".join(path), hint)


def _sets(clinic: LoadedClinic, path: FieldPath) -> bool:
    return any(path in document.lines for document in clinic.documents)


def _ratio(ratio: float) -> str:
    """Rounded down, so a ratio just under the minimum never prints as passing."""
    return f"{int(ratio * 100) / 100:.2f}:1"


# --------------------------------------------------------------------------- handouts


@dataclass(frozen=True)
class _Handout:
    treatment: LoadedTreatment
    clinic: LoadedClinic
    environment: HandoutEnvironment

    @property
    def name(self) -> str:
        return f"{self.treatment.record.id} for {self.clinic.record.id}"

    def content_findings(self) -> list[Finding]:
        """Glyphs, composing and required sections: what the build itself would refuse."""
        glyphs = [from_problem("GLYPH001", p) for p in glyph_problems(self.treatment, self.clinic)]
        if glyphs:
            return glyphs
        try:
            markdown = compose(self.treatment.record, self.clinic, self.environment)
        except TemplateError as error:
            return [from_problem("TPL002", problem) for problem in error.problems]
        wording = template_glyph_problems(markdown, self.clinic)
        if wording:
            return [self._in_template("GLYPH002", p, _character_in(p.message)) for p in wording]
        sections = section_problems(parse.parse(markdown), self.clinic)
        return [self._in_template("SECTION001", p, _block_tag(p.message)) for p in sections]

    def _in_template(self, code: str, problem: Problem, pattern: str | None) -> Finding:
        """A template problem, placed on the line of the template that ``pattern`` matches."""
        place = _find_in_templates(self.clinic, pattern) if pattern else None
        return finding(code, place or (problem.file, problem.line), problem.message)

    def build_and_read(self, content: ContentDir) -> list[TextLine]:
        handout = render_handout(content, self.treatment.record.id, self.clinic.record.id)
        return pdf_text_lines(handout.pdf)

    def unbuildable(self, problem: Problem) -> Finding:
        place = (problem.file, problem.line) if problem.file else (self.treatment.path, None)
        return finding("LAYOUT003", place, f"{self.name}: {problem.message}", problem.field)

    def layout_findings(self, lines: list[TextLine]) -> list[tuple[Finding, str]]:
        areas = page_areas(build_theme(self.clinic.record.branding))
        found = [self._overflow(item) for item in overflows(lines, areas)]
        found += [self._overlap(item, area_of(item.first.box, areas)) for item in overlaps(lines)]
        return found

    def _overflow(self, overflow: Overflow) -> tuple[Finding, str]:
        line = overflow.line
        place, path = self._source_of(line.text, overflow.area)
        message = (
            f"text goes {overflow.distance / 72 * 25.4:.1f} mm past the {overflow.side} edge "
            f"of the {overflow.area.name}: {_quote(line.text)}"
        )
        return finding("LAYOUT001", place, message, path), self._page(line)

    def _overlap(self, overlap: Overlap, area: Area) -> tuple[Finding, str]:
        place, path = self._source_of(overlap.first.text, area)
        if path is None:
            place, path = self._source_of(overlap.second.text, area)
        message = f"{_quote(overlap.first.text)} overlaps {_quote(overlap.second.text)}"
        return finding("LAYOUT002", place, message, path), self._page(overlap.first)

    def _page(self, line: TextLine) -> str:
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
                return place_of(path), ".".join(str(part) for part in path)
        return (template_file(self.clinic), None), None

    def _treatment_place(self, path: FieldPath) -> tuple[Path, int | None]:
        return self.treatment.path, self.treatment.document.line_of(path)


def _find_in_templates(clinic: LoadedClinic, pattern: str) -> tuple[Path, int] | None:
    """The first line matching ``pattern`` in the clinic's template chain, nearest first."""
    for folder in clinic.folders:
        path = folder / "handout.md.j2"
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                return path, number
    return None


def _block_tag(message: str) -> str | None:
    """``{% block contact %}`` for a message naming the template block 'contact'."""
    for block in REQUIRED_SECTIONS.values():
        if f"block '{block}'" in message:
            return r"\{%-?\s*block\s+" + block + r"\b"
    return None


def _character_in(message: str) -> str | None:
    match = re.search(r"character '(.)'", message)
    return re.escape(match.group(1)) if match else None


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


def _string_fields(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """(field path, text as printed) for every string in a record."""
    if isinstance(value, str):
        yield path, " ".join(plain_text(value).rstrip(".").split())
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_fields(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _string_fields(item, (*path, key))


def _quote(text: str) -> str:
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


def _merge_pages(page_findings: list[tuple[Finding, str]]) -> list[Finding]:
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
