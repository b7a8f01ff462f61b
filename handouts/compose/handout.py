"""Treatment + clinic -> Markdown text, through a clinic's template in jinja2's immutable sandbox.

Templates are written by clinic staff and treated as untrusted: they run in the sandbox of
:mod:`handouts.sandbox` (bounded in time and size) with strict undefined, receive plain data
(dicts, lists, strings) rather than Python objects, and load only ``*.j2`` files inside the
clinic folders of the clinic's ``extends`` chain or the built-in folder, never through a link
that leads outside. Anything a template does wrong ends as a TemplateError naming its file
and line.

Search order for ``handout.md.j2``: the clinic, its parents, then the built-in template. A
template reaches one folder directly with a prefix: ``builtin/handout.md.j2`` or
``<clinic-id>/handout.md.j2``, so an override can extend the template it replaces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from handouts.compose.sandbox import DEFAULT_LIMITS, HandoutSandbox, Limits, RenderLimitError
from handouts.content.load import LoadedClinic
from handouts.content.models import Treatment, describe_character, unsafe_character
from handouts.errors import HandoutsError, Problem, TemplateError

TEMPLATE_NAME = "handout.md.j2"
BUILTIN = "builtin"
MAX_TEMPLATE_BYTES = 256 * 1024
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
        found = self._locate(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        path, folder = found
        _refuse_link_out(path, folder)
        source = read_template(path)

        def unchanged() -> bool:
            """Still the file this name finds, with the same text (a modification time can
            repeat within the file system's clock step when a file is rewritten quickly)."""
            again = self._locate(template)
            return again is not None and again[0] == path and _same_text(path, source)

        return source, str(path), unchanged

    def _locate(self, template: str) -> tuple[Path, Path] | None:
        """(file, its folder) for a template name, searching the folders in order."""
        prefix, _, name = template.rpartition("/")
        candidates = [(p, f) for p, f in self.folders if not prefix or p == prefix]
        if not _TEMPLATE_FILE.fullmatch(name) or (prefix and not candidates):
            return None
        for _, folder in candidates:
            if (folder / name).is_file():
                return folder / name, folder
        return None


def _same_text(path: Path, source: str) -> bool:
    try:
        return read_template(path) == source
    except (OSError, TemplateError):
        return False


def _refuse_link_out(path: Path, folder: Path) -> None:
    """A template that is a link to a file elsewhere is an error, not silently skipped."""
    if not path.resolve().is_relative_to(folder.resolve()):
        message = f"is a link to a file outside {folder.name}/; copy the file into the folder"
        raise TemplateError([Problem(path, None, None, message)])


def read_template(path: Path) -> str:
    """A template file's text: at most MAX_TEMPLATE_BYTES of UTF-8 with no hidden characters."""
    with path.open("rb") as file:
        data = file.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        limit = MAX_TEMPLATE_BYTES // 1024
        raise TemplateError([Problem(path, None, None, f"is over {limit} KiB, the limit")])
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = "is not UTF-8 text; save it as UTF-8 in your editor"
        raise TemplateError([Problem(path, line, None, message)]) from None
    _refuse_hidden_characters(path, source.replace("\r", ""))
    return source


def _refuse_hidden_characters(path: Path, source: str) -> None:
    found = unsafe_character(source)
    if found is not None:
        index, why = found
        line = source[:index].count("\n") + 1
        message = f"contains {describe_character(source[index])}, {why}; delete it"
        raise TemplateError([Problem(path, line, None, message)])


def make_environment(clinic: LoadedClinic, limits: Limits | None = None) -> HandoutSandbox:
    """A new environment for the clinic's template folders (and the built-in one)."""
    return _environment(tuple(clinic.folders), limits or DEFAULT_LIMITS)


def _environment(clinic_folders: tuple[Path, ...], limits: Limits) -> HandoutSandbox:
    folders = [(folder.name, folder) for folder in clinic_folders]
    folders.append((BUILTIN, builtin_template_dir()))
    environment = HandoutSandbox(
        limits,
        loader=ClinicLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.add_filters(bullets=bullets, numbered=numbered, date=format_date)
    environment.globals.update(section=section_marker)
    return environment


@lru_cache(maxsize=64)
def _shared_environment(folders: tuple[Path, ...]) -> HandoutSandbox:
    return _environment(folders, DEFAULT_LIMITS)


def shared_environment(clinic: LoadedClinic) -> HandoutSandbox:
    """One environment per clinic chain and process, so its templates compile once. jinja2
    still checks each template file's modification time, so an edited template is reread;
    every render gets a fresh budget of its own."""
    return _shared_environment(tuple(clinic.folders))


def compose(treatment: Treatment, clinic: LoadedClinic, environment: Any = None) -> str:
    """Render the clinic's handout template for ``treatment`` to Markdown."""
    environment = environment or shared_environment(clinic)
    template = template_file(clinic)
    markdown = _render(environment, template_context(treatment, clinic), template)
    _refuse_hidden_output(markdown, template)
    return markdown


def _render(environment: Any, context: dict[str, Any], template: Path) -> str:
    """Run the template; whatever goes wrong in it becomes a TemplateError with its place."""
    try:
        return str(environment.get_template(TEMPLATE_NAME).render(context))
    except HandoutsError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError([_syntax_problem(error, template)]) from None
    except Exception as error:  # anything a template's own code raises is the template's
        raise TemplateError([_render_problem(error, template)]) from None


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


def _refuse_hidden_output(markdown: str, template: Path) -> None:
    """Record text is checked when it is loaded; this catches characters a template writes
    with an escape such as ``"\\u202e"``."""
    found = unsafe_character(markdown.replace("\r", ""))
    if found is not None:
        index, why = found
        char = describe_character(markdown.replace("\r", "")[index])
        message = f"the template writes {char} (from an escape in a string?), {why}"
        raise TemplateError([Problem(template, None, None, message)])


def template_file(clinic: LoadedClinic) -> Path:
    """The handout template this clinic uses: its own, a parent's, or the built-in one."""
    for folder in clinic.folders:
        if (folder / TEMPLATE_NAME).is_file():
            return folder / TEMPLATE_NAME
    return builtin_template_dir() / TEMPLATE_NAME


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


def _syntax_problem(error: jinja2.TemplateSyntaxError, template: Path) -> Problem:
    path = Path(error.filename) if error.filename else template
    return Problem(path, error.lineno, None, f"template syntax error: {error.message}")


def _render_problem(error: Exception, template: Path) -> Problem:
    """The innermost template line the error passed through, else the handout template."""
    path, line = _template_frame(error.__traceback__)
    return Problem(path or template, line, None, _explain(error))


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
    message = str(error.message or "a value is missing").rstrip(".")
    if "attribute" not in message and "undefined" not in message:
        return message
    return (
        f"{message}. Check the spelling against the fields in the record schema "
        "(`handouts schema`), e.g. treatment.title or clinic.contact.phone"
    )


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
