"""gettext catalogs shipped in the package: which languages have one, and reading them.

Catalogs live in ``handouts/builtin/locale/<locale>/LC_MESSAGES/handouts.mo`` (compiled by
``pybabel compile`` from the ``.po`` beside it; see the README's section on translating). The
source language, English, needs none: its messages are the message ids.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from handouts.i18n.tags import SOURCE_LANGUAGE, fallbacks

DOMAIN = "handouts"


def locale_dir() -> Path:
    return Path(str(resources.files("handouts") / "builtin" / "locale"))


def _folder_tag(folder_name: str) -> str:
    """``zh_Hans`` (gettext's folder name) -> ``zh-Hans`` (the tag staff write)."""
    return folder_name.replace("_", "-")


@lru_cache(maxsize=1)
def catalog_languages() -> tuple[str, ...]:
    """Tags of the languages with a compiled catalog, and the source language."""
    found = {
        _folder_tag(folder.name)
        for folder in locale_dir().iterdir()
        if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    }
    return tuple(sorted(found | {SOURCE_LANGUAGE}))


def catalog_tag(tag: str) -> str | None:
    """The catalog that serves ``tag``: its own, or that of a more general tag (``es`` serves
    ``es-US``); None when handouts has no catalog for the language."""
    for candidate in fallbacks(tag):
        if candidate in catalog_languages():
            return candidate
    return None


def mo_path(tag: str) -> Path:
    """Where the compiled catalog for a catalog tag lives."""
    return locale_dir() / tag.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.mo"


@lru_cache(maxsize=16)
def translations(tag: str) -> gettext.NullTranslations:
    """The translations for ``tag``: its catalog, or none (the English message ids) for the
    source language. A tag without a catalog is refused where it is set (clinic files and
    ``--lang``), so asking for one here is a programming error."""
    catalog = catalog_tag(tag)
    if catalog is None:
        raise LookupError(f"no message catalog for {tag}")
    if catalog == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with mo_path(catalog).open("rb") as file:
        return gettext.GNUTranslations(file)


def template_path() -> Path:
    """The catalog template (``handouts.pot``): every message handouts print."""
    return locale_dir() / f"{DOMAIN}.pot"


def po_path(tag: str) -> Path:
    return mo_path(tag).with_suffix(".po")


_FIELD = re.compile(r"\{[a-z_]+\}")


@lru_cache(maxsize=16)
def catalog_gaps(tag: str) -> tuple[tuple[str, str], ...]:
    """(message, what is wrong) for each message of the template that the compiled catalog
    for ``tag`` leaves untranslated, or whose translation drops or renames a ``{field}``."""
    catalog = catalog_tag(tag)
    if catalog in (None, SOURCE_LANGUAGE) or not template_path().is_file():
        return ()
    with template_path().open("rb") as file:
        wanted = [message.id for message in read_po(file) if message.id]
    with mo_path(catalog).open("rb") as file:
        compiled = {message.id: message.string for message in read_mo(file) if message.id}
    gaps = []
    for message in wanted:
        translation = compiled.get(message)
        if not translation:
            gaps.append((str(message), "has no translation"))
        elif set(_FIELD.findall(str(message))) != set(_FIELD.findall(str(translation))):
            gaps.append(
                (str(message), f"is translated as '{translation}', which changes its {{fields}}")
            )
    return tuple(gaps)
