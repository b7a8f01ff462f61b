"""Whatever goes wrong in a template -> a Problem naming the template file and line, in words
that say what to look for."""

from __future__ import annotations

import difflib
from functools import partial
from pathlib import Path
from types import TracebackType

import jinja2
import jinja2.utils
from jinja2.exceptions import SecurityError

from handouts.compose.limits import RenderLimitError
from handouts.errors import Problem


def syntax_problem(error: jinja2.TemplateSyntaxError, template: Path) -> Problem:
    path = Path(error.filename) if error.filename else template
    return Problem("TPL001", path, error.lineno, None, f"template syntax error: {error.message}")


def render_problem(error: Exception, template: Path) -> Problem:
    """The innermost template line the error passed through, else the handout template."""
    path, line = _template_frame(error.__traceback__)
    return Problem("TPL002", path or template, line, None, _explain(error))


def _explain(error: Exception) -> str:
    if isinstance(error, jinja2.TemplateNotFound):
        return _not_found(error)
    if isinstance(error, RenderLimitError):
        return f"stopped: {error}"
    if isinstance(error, SecurityError):
        return _refused(error)
    if isinstance(error, jinja2.UndefinedError):
        return _undefined(error)
    if isinstance(error, RecursionError):
        return _RECURSION
    if isinstance(error, MemoryError):
        return _MEMORY
    return f"template failed: {str(error) or type(error).__name__}"


_RECURSION = (
    "the template calls itself without end: a macro, include, import or extends that leads "
    "back to itself (or nests too deeply)"
)
_MEMORY = "the template needs more memory than this machine has; look for loops that copy text"


def _template_frame(traceback: TracebackType | None) -> tuple[Path | None, int | None]:
    """The innermost template file and line in a jinja2 traceback."""
    found: tuple[Path | None, int | None] = (None, None)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


class MissingField(jinja2.UndefinedError):
    """A template used a field or name that does not exist; knows where it looked."""

    def __init__(self, message: str, owner: object, name: str | None) -> None:
        super().__init__(message)
        self.owner = owner
        self.name = name


class HandoutUndefined(jinja2.StrictUndefined):
    """Strict: any use of a missing value fails, saying where it was looked for."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: object = jinja2.utils.missing,
        name: str | None = None,
        exc: type[jinja2.TemplateRuntimeError] = jinja2.UndefinedError,
    ) -> None:
        super().__init__(hint, obj, name, exc)
        if exc is jinja2.UndefinedError:
            self._undefined_exception = partial(MissingField, owner=obj, name=name)  # type: ignore[assignment]


def _undefined(error: jinja2.UndefinedError) -> str:
    if not isinstance(error, MissingField) or error.name is None:
        return str(error.message or "a value is missing").rstrip(".")
    if isinstance(error.owner, dict):
        return _missing_key(error.name, list(error.owner))
    if error.owner is jinja2.utils.missing:
        return (
            f"'{error.name}' is not defined. Templates see treatment.*, clinic.*, leaflet.*, "
            "patient.* (for one patient's handout), language and _(); the filters bullets, "
            "numbered and date; and section()"
        )
    return str(error.message or "a value is missing").rstrip(".")


def _missing_key(name: str, keys: list[str]) -> str:
    close = difflib.get_close_matches(name, keys, n=1, cutoff=0.5)
    guess = f"Did you mean '{close[0]}'? " if close else ""
    return f"there is no field '{name}' here. {guess}Fields here: {', '.join(sorted(keys))}"


def _not_found(error: jinja2.TemplateNotFound) -> str:
    return (
        f"template '{error.name}' not found. Templates load by file name (name.j2) from the "
        "clinic's folder, its parents' and the built-in one; '<clinic-id>/name.j2' or "
        "'builtin/name.j2' picks one folder. Paths, '..' and links out are not followed"
    )


def _refused(error: SecurityError) -> str:
    message = str(error).rstrip(".")
    if "attribute" not in message:
        return f"refused: {message}"
    return (
        f"refused: {message}. Templates may only use the handout's data "
        "(treatment.*, clinic.*) and simple text methods, not Python internals"
    )
