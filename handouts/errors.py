"""The exceptions a user can cause, each with a message that says where and what to do.

The CLI turns any HandoutsError into its message and an exit code; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with its place: ``file:line: field: message``."""

    file: Path | None
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        place = ""
        if self.file is not None:
            place = (
                f"{_display(self.file)}:{self.line}: " if self.line else f"{_display(self.file)}: "
            )
        field = f"{self.field}: " if self.field else ""
        return printable(f"{place}{field}{self.message}")


def printable(text: str) -> str:
    """Control and invisible characters as escapes (``\\x1b``), so that a message quoting a
    hostile file name, key or template cannot drive the terminal or break its encoding."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class HandoutsError(Exception):
    """Base of every error caused by content, templates or options (never by a bug)."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(None, None, None, problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ContentError(HandoutsError):
    """A record or clinic file is missing, unreadable or invalid."""


class TemplateError(HandoutsError):
    """A clinic template does not compile, renders badly, or breaks the sandbox rules."""


class LayoutError(HandoutsError):
    """The composed handout cannot be laid out (for example a character no font has)."""


class UnknownIdError(HandoutsError):
    """A treatment or clinic id that does not exist; the message lists the ones that do."""
