"""BCP 47 language tags as handouts use them: parsing, matching, and naming them for staff."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

SOURCE_LANGUAGE = "en"
"""The language the fixed wording is written in (the catalogs translate from it)."""


@lru_cache(maxsize=64)
def locale_of(tag: str) -> Locale | None:
    """Babel's locale for a tag (``zh-Hans`` -> zh_Hans), or None if CLDR has none."""
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return None


def serves(record_language: str, wanted: str) -> bool:
    """A record in ``record_language`` serves readers of ``wanted``: the same tag, or a more
    general one (a record in ``es`` serves ``es-US``; one in ``en`` serves ``en-GB``)."""
    return wanted == record_language or wanted.startswith(record_language + "-")


def fallbacks(tag: str) -> list[str]:
    """``zh-Hans-CN`` -> [zh-Hans-CN, zh-Hans, zh]: the tag, then each shorter form."""
    parts = tag.split("-")
    return ["-".join(parts[:count]) for count in range(len(parts), 0, -1)]


def language_name(tag: str) -> str:
    """The language's English name with its tag, for staff: ``Spanish (es)``,
    ``Chinese (Simplified, zh-Hans)``."""
    locale = locale_of(tag)
    name = locale.get_display_name("en") if locale is not None else None
    if not name:
        return tag
    return f"{name[:-1]}, {tag})" if name.endswith(")") else f"{name} ({tag})"


def own_name(tag: str) -> str:
    """The language's name in itself, for a patient choosing it: ``español``, ``中文 (简体)``."""
    locale = locale_of(tag)
    return (locale.get_display_name(locale) or tag) if locale is not None else tag


def primary(tag: str) -> str:
    """The language without its script or region: ``zh-Hans`` -> ``zh``."""
    return tag.split("-")[0]


def is_chinese(tag: str) -> bool:
    return primary(tag) == "zh"
