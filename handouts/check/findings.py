"""Check results: findings (code, severity, place, message, hint) -> a report with a verdict.

Every code is declared once in ``CODES`` with its severity, what it means and what to do;
the README's table of codes is checked against this list, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from handouts.errors import Problem


class Severity(StrEnum):
    ERROR = "error"
    """Must be fixed before printing: ``handouts check`` exits 1."""
    WARNING = "warning"
    """Should be looked at; an error only with ``--strict``."""
    NOTE = "note"
    """Information, such as a check that was skipped and why; never fails the check."""


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    meaning: str
    hint: str


def _codes(*codes: Code) -> dict[str, Code]:
    return {code.code: code for code in codes}


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
CODES = _codes(
    Code(
        "SCHEMA001",
        E,
        "A record or clinic file cannot be read or does not match the schema.",
        "Fix the field named. Editors can underline such mistakes as you type: see "
        "'Checking files as you type' in the README.",
    ),
    Code(
        "SOURCE001",
        E,
        "A treatment record has no sources.",
        "Add at least one reputable source under 'sources:', with its title, publisher, year "
        "and an https:// address.",
    ),
    Code(
        "REF001",
        E,
        "A clinic's pack lists a treatment that does not exist.",
        "Check the spelling against the file names in data/treatments/, or remove the line.",
    ),
    Code(
        "REF002",
        E,
        "'extends' names a clinic that does not exist.",
        "Use the folder name of an existing clinic under templates/, or remove 'extends'.",
    ),
    Code(
        "REF003",
        E,
        "Clinics extend each other in a circle.",
        "A clinic cannot extend itself, directly or through others; remove one 'extends'.",
    ),
    Code(
        "REF004",
        E,
        "The logo is missing, outside its clinic folder, or not a readable PNG or JPEG image.",
        "Put the logo file in the clinic's own folder and give its file name, e.g. "
        "'logo: logo.png'. Re-save it as PNG or JPEG if it does not open.",
    ),
    Code(
        "TPL001",
        E,
        "A clinic template does not compile.",
        "Look at the line named: every '{%' needs its '%}', every '{{' its '}}', and every "
        "'{% block %}' its '{% endblock %}'.",
    ),
    Code(
        "TPL002",
        E,
        "Composing a handout with the clinic's template fails.",
        "Usually a misspelt field name: compare it with the field names in the schemas that "
        "'handouts schema' writes, e.g. treatment.title or clinic.contact.phone.",
    ),
    Code(
        "SECTION001",
        E,
        "A customised template drops or empties a required section.",
        "Keep the block, starting with a '## ' heading and followed by its content. You may "
        "reword it, but patients must always get this section.",
    ),
    Code(
        "GLYPH001",
        E,
        "A record or clinic file has a character that no bundled font can print.",
        "Retype the text without that character (often an emoji or a symbol pasted from "
        "another document).",
    ),
    Code(
        "GLYPH002",
        E,
        "A template's own wording has a character that no bundled font can print.",
        "Retype the template's wording without that character.",
    ),
    Code(
        "READ001",
        W,
        "The record's reading grade is above the clinic's target.",
        "Use shorter sentences and everyday words; explain medical terms in brackets.",
    ),
    Code(
        "READ002",
        E,
        "The record's reading grade is above 12: too hard for many patients.",
        "Use shorter sentences and everyday words; explain medical terms in brackets.",
    ),
    Code(
        "READ003",
        W,
        "A sentence has more than 25 words.",
        "Split it into two or three shorter sentences.",
    ),
    Code(
        "READ004",
        N,
        "Reading grade not measured: the formulas are made for English text.",
        "Have someone who reads the language check that the text is easy to follow.",
    ),
    Code(
        "REVIEW001",
        W,
        "The record's next clinical review is due within 60 days.",
        "Book the review now. Afterwards update review.last_reviewed, review.next_review "
        "and review.version.",
    ),
    Code(
        "REVIEW002",
        E,
        "The record's next clinical review date has passed.",
        "Have a clinician review the content, then update review.last_reviewed, "
        "review.next_review and review.version.",
    ),
    Code(
        "CONTRAST001",
        E,
        "Body-size text does not reach 4.5:1 contrast with its background (WCAG AA).",
        "Use the suggested colour, or another one that reaches 4.5:1.",
    ),
    Code(
        "CONTRAST002",
        E,
        "Large text (headings, the clinic name) does not reach 3:1 contrast (WCAG AA).",
        "Use the suggested colour, or another one that reaches 3:1.",
    ),
    Code(
        "LAYOUT001",
        E,
        "Text runs outside the page margins.",
        "Shorten the text named. Header and footer text shrinks to fit and the clinic name "
        "wraps onto two lines, but beyond that it runs off the page.",
    ),
    Code(
        "LAYOUT002",
        E,
        "Text overlaps other text.",
        "Shorten one of the two texts named so both fit on the line.",
    ),
    Code(
        "LAYOUT003",
        E,
        "The handout cannot be laid out on the page.",
        "Break up the part named: a single table row or box must fit on one page.",
    ),
)


@dataclass(frozen=True)
class Finding:
    """One problem: ``file:line: CODE message``, with a hint that says what to do."""

    code: str
    file: Path | None
    line: int | None
    field: str | None
    message: str
    hint: str

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity


def finding(
    code: str,
    place: tuple[Path | None, int | None],
    message: str,
    field: str | None = None,
    hint: str | None = None,
) -> Finding:
    """A finding of ``code`` at ``place`` (file, line); the hint defaults to the code's."""
    file, line = place
    return Finding(code, file, line, field, message, hint or CODES[code].hint)


def from_problem(code: str, problem: Problem, hint: str | None = None) -> Finding:
    return finding(code, (problem.file, problem.line), problem.message, problem.field, hint)


@dataclass(frozen=True)
class Scope:
    """What was checked."""

    treatments: int
    clinics: int
    handouts: int


@dataclass(frozen=True)
class Report:
    root: Path
    scope: Scope
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail the check; with ``strict``, warnings do too. Notes never do."""
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(f.severity in failing for f in self.findings)


def tidy(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Drop repeats (a parent clinic's problem shows once, not once per branch) and sort."""
    unique = dict.fromkeys(findings)
    return tuple(sorted(unique, key=_order))


def _order(item: Finding) -> tuple[str, int, str, str]:
    return (str(item.file or ""), item.line or 0, item.code, item.message)
