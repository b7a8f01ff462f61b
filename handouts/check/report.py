"""Report -> what a person reads (findings in file order, then a verdict) or what a program
reads (JSON: a list of findings and a summary, with stable keys).

Each finding reads ``file:line: CODE severity: field: message`` with its hint below, so
editors and terminals can jump to the place.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from handouts.check.findings import Finding, Report
from handouts.codes import Severity

CHECKS = (
    "schema and references, templates, required sections, fonts, readability, plain words, "
    "review dates and approval, sources, emergency numbers, languages and translations, "
    "colour contrast, accessibility, page layout"
)
_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


# --------------------------------------------------------------------------- JSON


def to_json(report: Report, strict: bool = False) -> str:
    data = {
        "findings": [_finding_data(item, report.root) for item in report.findings],
        "summary": _summary_data(report, strict),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _finding_data(item: Finding, root: Path) -> dict[str, Any]:
    return {
        "code": item.code,
        "severity": item.severity.value,
        "file": _relative(item.file, root) if item.file else None,
        "line": item.line,
        "field": item.field,
        "message": item.message,
        "hint": item.hint,
    }


def _summary_data(report: Report, strict: bool) -> dict[str, Any]:
    return {
        "root": str(report.root),
        "treatments": report.scope.treatments,
        "clinics": report.scope.clinics,
        "handouts": report.scope.handouts,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "notes": report.count(Severity.NOTE),
        "strict": strict,
        "passed": not report.failed(strict),
    }


def _relative(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when inside it, else absolute; always with ``/``."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- text


def print_text(report: Report, console: Console, strict: bool = False) -> None:
    """Findings in file and line order, each with its hint, then the verdict."""
    for item in report.findings:
        console.print(_finding_text(item))
        console.print(Text(f"    hint: {item.hint}", style="dim"))
        console.print()
    console.print(verdict(report, strict))
    console.print(Text(f"Checked: {CHECKS}.", style="dim"))


def _finding_text(item: Finding) -> Text:
    place = _shown(item.file) if item.file else "(no file)"
    if item.line:
        place += f":{item.line}"
    text = Text(f"{place}: ")
    text.append(item.code, style="bold")
    text.append(" ")
    text.append(item.severity.value, style=_STYLES[item.severity])
    text.append(": ")
    if item.field:
        text.append(f"{item.field}: ")
    text.append(item.message)
    return text


def _shown(path: Path) -> str:
    """Relative to the working directory when inside it, so terminals can open the file."""
    return _relative(path, Path.cwd())


def verdict(report: Report, strict: bool = False) -> Text:
    """One calm line: what was checked and whether the content is ready to print."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    checked = _checked(report)
    if report.failed(strict) and not errors:
        return Text(
            f"{_counted(warnings, 'warning')} in {checked}, and --strict counts warnings as "
            "errors.",
            style="bold red",
        )
    if errors:
        counts = ", ".join(_counts(report))
        return Text(
            f"{counts} in {checked}. Fix the errors before printing; each line above says "
            "where and what to do.",
            style="bold red",
        )
    if warnings:
        return Text(
            f"No errors in {checked}. {_counted(warnings, 'warning')} to look at; "
            f"{'they do' if warnings > 1 else 'it does'} not stop printing.",
            style="bold yellow",
        )
    return Text(f"All clear: {checked}. Nothing to fix.", style="bold green")


def _checked(report: Report) -> str:
    scope = report.scope
    treatments = _counted(scope.treatments, "treatment")
    clinics = _counted(scope.clinics, "clinic")
    return f"{treatments} and {clinics} ({_counted(scope.handouts, 'handout')} built)"


def _counts(report: Report) -> Iterator[str]:
    for severity in Severity:
        number = report.count(severity)
        if number:
            yield _counted(number, severity.value)


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
