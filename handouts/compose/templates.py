"""Template names -> template source, read only from a clinic's folders and the built-in one.

Search order for ``handout.md.j2``: the clinic, its parents, then the built-in template. A
template reaches one folder directly with a prefix: ``builtin/handout.md.j2`` or
``<clinic-id>/handout.md.j2``, so an override can extend the template it replaces. Paths,
``..`` and links that lead outside a folder are never followed; a template file is at most
``MAX_TEMPLATE_BYTES`` of UTF-8 with no hidden characters.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import jinja2

from handouts.content.loaded import LoadedClinic
from handouts.content.text import describe_character, unsafe_character
from handouts.errors import Problem, TemplateError
from handouts.files.read import FileRefused, read_text, resolves_inside
from handouts.i18n.tags import fallbacks

TEMPLATE_NAME = "handout.md.j2"
BUILTIN = "builtin"
MAX_TEMPLATE_BYTES = 256 * 1024
_TEMPLATE_FILE = re.compile(r"^[A-Za-z0-9_.-]+\.j2$")


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
            if _present(folder / name):
                return folder / name, folder
        return None


def _present(path: Path) -> bool:
    """Something is there under this name (a file, or a pipe, folder or broken link that
    reading will name as the mistake it is)."""
    return os.path.lexists(path)


def _same_text(path: Path, source: str) -> bool:
    try:
        return read_template(path) == source
    except (OSError, TemplateError):
        return False


def _refuse_link_out(path: Path, folder: Path) -> None:
    """A template that is a link to a file elsewhere is an error, not silently skipped."""
    if not resolves_inside(path, folder):
        message = f"is a link to a file outside {folder.name}/; copy the file into the folder"
        raise TemplateError([Problem("TPL001", path, None, None, message)])


def read_template(path: Path) -> str:
    """A template file's text: at most MAX_TEMPLATE_BYTES of UTF-8 with no hidden characters."""
    try:
        source = read_text(path, MAX_TEMPLATE_BYTES)
    except FileRefused as refused:
        raise TemplateError(
            [Problem("TPL001", path, refused.line, None, refused.message)]
        ) from None
    _refuse_hidden_characters(path, source.replace("\r", ""))
    return source


def _refuse_hidden_characters(path: Path, source: str) -> None:
    found = unsafe_character(source)
    if found is not None:
        index, why = found
        line = source[:index].count("\n") + 1
        message = f"contains {describe_character(source[index])}, {why}; delete it"
        raise TemplateError([Problem("TPL001", path, line, None, message)])


def language_template_name(language: str) -> str:
    """``handout.es.md.j2``: a clinic's template for its handouts in one language."""
    return TEMPLATE_NAME.replace(".md.j2", f".{language}.md.j2")


def template_file(clinic: LoadedClinic) -> Path:
    """The handout template this clinic uses in ``clinic.language``: its own, a parent's, or
    the built-in one. In the nearest folder of the chain that has one,
    ``handout.<language>.md.j2`` (``es`` serving ``es-US``) comes before ``handout.md.j2``."""
    names = [*map(language_template_name, fallbacks(clinic.language)), TEMPLATE_NAME]
    for folder in clinic.folders:
        for name in names:
            if _present(folder / name):
                return folder / name
    return builtin_template_dir() / TEMPLATE_NAME


_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_MARKDOWN = re.compile(r"^\s*(?:#+|[-*]|\d+\.|:::.*|\|.*)\s*", re.MULTILINE)
_MARKS = re.compile(r"[*_`\[\]()<>]|\{#[a-z-]+\}")


def own_wording(source: str) -> str:
    """A template's own words: its Jinja tags, comments and Markdown marks taken out."""
    lines = (
        _MARKS.sub("", line).strip()
        for line in _MARKDOWN.sub("", _JINJA.sub(" ", source)).splitlines()
    )
    return " ".join(
        line if line.endswith((".", "!", "?", ":")) else f"{line}." for line in lines if line
    )


def untranslated_template(clinic: LoadedClinic) -> Problem | None:
    """A clinic template with words of its own, in the main language, that a handout in
    another language would print: LANG003, naming the template to add."""
    path = template_file(clinic)
    main = clinic.record.language
    if (
        clinic.language == main
        or path.name != TEMPLATE_NAME
        or path.parent == builtin_template_dir()
    ):
        return None
    try:
        words = own_wording(read_template(path))
    except TemplateError:
        return None  # reported as the template's own problem
    if not any(char.isalpha() for char in words):
        return None
    wanted = language_template_name(clinic.language)
    message = (
        f"this template adds words of its own, written in {main}, to every handout; "
        f"{clinic.record.id}'s handouts in {clinic.language} would print them untranslated. "
        f"Copy it to {wanted} beside it and write its words in {clinic.language}"
    )
    return Problem("LANG003", path, None, None, message)
