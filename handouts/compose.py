"""Treatment + clinic -> Markdown text, through a clinic's template in jinja2's immutable sandbox.

Templates are written by clinic staff and treated as untrusted: they run sandboxed with strict
undefined, receive plain data (dicts, lists, strings) rather than Python objects, and load only
files inside the clinic folders of the clinic's ``extends`` chain or the built-in folder.

Search order for ``handout.md.j2``: the clinic, its parents, then the built-in template. A
template reaches one folder directly with a prefix: ``builtin/handout.md.j2`` or
``<clinic-id>/handout.md.j2``, so an override can extend the template it replaces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from handouts.errors import Problem, TemplateError
from handouts.load import LoadedClinic
from handouts.models import Treatment

TEMPLATE_NAME = "handout.md.j2"
BUILTIN = "builtin"
MAX_REPEAT_RESULT = 10_000
_TEMPLATE_FILE = re.compile(r"^[A-Za-z0-9_.-]+\.j2$")
# Section id (tagged in the built-in template) -> the template block that writes it. A
# customised template may reword these sections but must keep each, with content.
REQUIRED_SECTIONS = {
    "mechanism": "mechanism",
    "results": "results",
    "precautions": "precautions",
    "side-effects": "side_effects",
    "not-suitable": "not_suitable",
    "contact": "contact",
}


def builtin_template_dir() -> Path:
    return Path(str(resources.files("handouts") / "builtin" / "templates"))


class ClinicLoader(jinja2.BaseLoader):
    """Loads templates only from known folders, refusing paths and links that lead outside."""

    def __init__(self, folders: Sequence[tuple[str, Path]]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        prefix, _, name = template.rpartition("/")
        candidates = [(p, f) for p, f in self.folders if not prefix or p == prefix]
        if not _TEMPLATE_FILE.fullmatch(name) or (prefix and not candidates):
            raise jinja2.TemplateNotFound(template)
        for _, folder in candidates:
            path = folder / name
            if path.is_file() and _inside(path, folder):
                source = path.read_text(encoding="utf-8")
                mtime = path.stat().st_mtime
                return source, str(path), lambda p=path, m=mtime: p.stat().st_mtime == m
        raise jinja2.TemplateNotFound(template)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class HandoutEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus refusal of repetition that would build huge strings or lists."""

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*" and _is_big_repeat(left, right):
            raise SecurityError("repeating text or lists this many times is not allowed")
        if operator_name == "**" and isinstance(right, int) and right > 100:
            raise SecurityError("powers this large are not allowed")
        return super().call_binop(context, operator_name, left, right)

    intercepted_binops = frozenset({"*", "**"})


def _is_big_repeat(left: Any, right: Any) -> bool:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            return len(sequence) * count > MAX_REPEAT_RESULT
    return False


def make_environment(clinic: LoadedClinic) -> HandoutEnvironment:
    folders = [(folder.name, folder) for folder in clinic.folders]
    folders.append((BUILTIN, builtin_template_dir()))
    environment = HandoutEnvironment(
        loader=ClinicLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(bullets=bullets, numbered=numbered, date=format_date)
    environment.globals.update(section=section_marker)
    return environment


def compose(treatment: Treatment, clinic: LoadedClinic, environment: Any = None) -> str:
    """Render the clinic's handout template for ``treatment`` to Markdown."""
    environment = environment or make_environment(clinic)
    try:
        template = environment.get_template(TEMPLATE_NAME)
        return str(template.render(template_context(treatment, clinic)))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError([_syntax_problem(error)]) from None
    except SecurityError as error:
        raise TemplateError([_render_problem(error, _refused(error))]) from None
    except jinja2.UndefinedError as error:
        raise TemplateError([_render_problem(error, _undefined(error))]) from None
    except jinja2.TemplateError as error:
        raise TemplateError([_render_problem(error, str(error))]) from None
    except (TypeError, ValueError, ArithmeticError, RecursionError) as error:
        raise TemplateError([_render_problem(error, f"template failed: {error}")]) from None


def template_context(treatment: Treatment, clinic: LoadedClinic) -> dict[str, Any]:
    """Plain data for templates: no model objects reach the sandbox."""
    record = treatment.model_dump(mode="json")
    shown = set(clinic.record.perspectives)
    record["mechanism"]["perspectives"] = [
        p for p in record["mechanism"]["perspectives"] if p["label"] in shown
    ]
    return {
        "treatment": record,
        "clinic": clinic.record.model_dump(mode="json", exclude={"treatments"}),
    }


def section_marker(section_id: str) -> str:
    """The Markdown attribute line that tags the next heading as a named section."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", section_id):
        raise ValueError(f"section id {section_id!r} must be lowercase letters and hyphens")
    return "{#" + section_id + "}"


def bullets(items: Sequence[str]) -> str:
    return "\n".join("- " + _indent(str(item), 2) for item in items)


def numbered(items: Sequence[str]) -> str:
    return "\n".join(f"{n}. " + _indent(str(item), 3) for n, item in enumerate(items, 1))


def _indent(text: str, width: int) -> str:
    return text.strip().replace("\n", "\n" + " " * width)


def format_date(value: str, locale: str = "en-GB") -> str:
    """ISO date -> '15 November 2026' (en-GB) or 'November 15, 2026' (en-US)."""
    day = dt.date.fromisoformat(str(value))
    if locale == "en-US":
        return f"{day:%B} {day.day}, {day.year}"
    return f"{day.day} {day:%B %Y}"


def _syntax_problem(error: jinja2.TemplateSyntaxError) -> Problem:
    path = Path(error.filename) if error.filename else None
    return Problem(path, error.lineno, None, f"template syntax error: {error.message}")


def _render_problem(error: BaseException, message: str) -> Problem:
    path, line = _template_frame(error.__traceback__)
    return Problem(path, line, None, message)


def _template_frame(traceback: TracebackType | None) -> tuple[Path | None, int | None]:
    """The innermost template file and line in a jinja2 traceback."""
    found: tuple[Path | None, int | None] = (None, None)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _undefined(error: jinja2.UndefinedError) -> str:
    return (
        f"{error.message}. Check the spelling against the fields in the record schema "
        "(`handouts schema`), e.g. treatment.title or clinic.contact.phone"
    )


def _refused(error: SecurityError) -> str:
    return (
        f"refused: {str(error).rstrip('.')}. Templates may only use the handout's data "
        "(treatment.*, clinic.*), not Python internals"
    )
