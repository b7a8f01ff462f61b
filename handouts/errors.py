"""The exceptions a user can cause, each made of problems that say where and what to do.

A Problem carries a code from :mod:`handouts.codes`, so callers decide by code, never by
reading its message. The CLI turns any HandoutsError into its messages and an exit code;
anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from handouts.codes import CODES


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with its code and place: ``file:line: field: message``."""

    code: str
    file: Path | None
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    """What to do, where it depends on the mistake (else the code's own hint applies)."""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def __str__(self) -> str:
        place = ""
        if self.file is not None:
            shown = display_path(self.file)
            place = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        field = f"{self.field}: " if self.field else ""
        return printable(f"{place}{field}{self.message}")


def printable(text: str) -> str:
    """Control and invisible characters as escapes (``\\x1b``), so that a message quoting a
    hostile file name, key or template cannot drive the terminal or break its encoding."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def display_path(path: Path) -> str:
    """``path`` relative to the working folder where it is inside it, else as it is."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class HandoutsError(Exception):
    """Base of every error caused by content, templates or options (never by a bug).

    Given a plain message, the error stands for one problem of its class's ``code``.
    """

    exit_code = 1
    code: ClassVar[str] = "OUTPUT001"

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(self.code, None, None, None, problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ContentError(HandoutsError):
    """A record or clinic file is missing, unreadable or invalid."""

    code = "SCHEMA001"


class TemplateError(HandoutsError):
    """A clinic template does not compile, renders badly, or breaks the sandbox rules."""

    code = "TPL002"


class LayoutError(HandoutsError):
    """The composed handout cannot be laid out (for example a character no font has)."""

    code = "LAYOUT003"


class UnknownIdError(HandoutsError):
    """A treatment or clinic id that does not exist; the message lists the ones that do."""

    code = "ID001"


def internal_problem(error: BaseException) -> Problem:
    """A fault of the tool itself (never of the content), worded so it can be reported."""
    detail = f"{type(error).__name__}: {error}"[:500]
    return Problem("RUN002", None, None, None, f"internal error, please report it: {detail}")
