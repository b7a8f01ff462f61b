"""A clinic -> the sandboxed jinja2 environment its templates render in, with the filters and
globals templates may use (``bullets``, ``numbered``, ``date``, ``section``).

One environment per clinic chain and process, so its templates compile once; jinja2 still
checks each file for changes, so an edited template is reread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import pass_context
from jinja2.runtime import Context

from handouts.compose.explain import HandoutUndefined
from handouts.compose.limits import DEFAULT_LIMITS, Limits
from handouts.compose.sandbox import HandoutSandbox
from handouts.compose.templates import BUILTIN, ClinicLoader, builtin_template_dir
from handouts.content.loaded import LoadedClinic
from handouts.i18n.tags import locale_of
from handouts.i18n.words import Words

# customised template may reword these sections but must keep each, with content.
REQUIRED_SECTIONS = {
    "mechanism": "mechanism",
    "results": "results",
    "precautions": "precautions",
    "side-effects": "side_effects",
    "not-suitable": "not_suitable",
    "contact": "contact",
}


def make_environment(clinic: LoadedClinic, limits: Limits | None = None) -> HandoutSandbox:
    """A new environment for the clinic's template folders (and the built-in one)."""
    return _environment(tuple(clinic.folders), limits or DEFAULT_LIMITS)


def _environment(clinic_folders: tuple[Path, ...], limits: Limits) -> HandoutSandbox:
    folders = [(folder.name, folder) for folder in clinic_folders]
    folders.append((BUILTIN, builtin_template_dir()))
    environment = HandoutSandbox(
        limits,
        loader=ClinicLoader(folders),
        undefined=HandoutUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.add_filters(bullets=bullets, numbered=numbered, date=date_filter)
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


@pass_context
def date_filter(context: Context, value: str, language: str | None = None) -> str:
    """``{{ day | date }}``: an ISO date written in full in the handout's language (or the
    language given): '15 November 2026', 'November 15, 2026', '2026年11月15日'."""
    tag = language or context.get("language") or "en-GB"
    if not isinstance(tag, str) or locale_of(tag) is None:
        raise ValueError(f"date() needs a language such as en-GB or es, not {tag!r}")
    return format_date(str(value), tag)


def format_date(value: str, language: str = "en-GB") -> str:
    """ISO date -> the date written in full in ``language``."""
    return Words(language).date(dt.date.fromisoformat(str(value)))
