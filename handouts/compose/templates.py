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

from handouts.content.load import LoadedClinic
from handouts.content.text import describe_character, unsafe_character
from handouts.errors import Problem, TemplateError
from handouts.files.read import FileRefused, read_text, resolves_inside

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


def template_file(clinic: LoadedClinic) -> Path:
    """The handout template this clinic uses: its own, a parent's, or the built-in one."""
    for folder in clinic.folders:
        if _present(folder / TEMPLATE_NAME):
            return folder / TEMPLATE_NAME
    return builtin_template_dir() / TEMPLATE_NAME
