"""Check results: findings (code, severity, place, message, hint) -> a report with a verdict.

Every code is declared once in :mod:`handouts.codes` with its severity, what it means and
what to do; a finding made from a Problem keeps the problem's code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.codes import CODES, Severity
from handouts.errors import Problem


@dataclass(frozen=True)
class Finding:
    """One problem: ``file:line: CODE message``, with a hint that says what to do."""

    code: str
    file: Path | None
    line: int | None
    field: str | None
    message: str
    hint: str
    escalated: bool = False
    """An error here although its code is a warning (a draft, in a final check)."""

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.escalated else CODES[self.code].severity


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


def from_problem(problem: Problem, hint: str | None = None) -> Finding:
    """The finding for a problem the pipeline would stop on, with the problem's code."""
    place = (problem.file, problem.line)
    return finding(problem.code, place, problem.message, problem.field, hint or problem.hint)


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
