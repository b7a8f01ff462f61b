"""Values from records and clinic files -> Markdown that prints them as text, never as structure.

A template decides the structure of a handout; the values it places in it cannot change that.
Line breaks in a value become spaces, so a value cannot end the box, list or table it is in;
a mark at its start that would open a block (``#``, ``>``, ``-``, ``1.``, ``:::``, fences,
rules) is escaped; ``|`` is escaped so a value cannot add a table column. A record's text
keeps the inline subset staff may use (*emphasis*, **bold**, [links](https://...)); a clinic's
values (its name, phone, address...) are plain text, with every Markdown mark escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_BLOCK_MARK = re.compile(r"^(#|>|[-+*](?=\s|$)|:::|`{3,}|~{3,}|={2,}|-{2,}|_{3,}|\*{3,})")
_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
_INLINE_MARKS = re.compile(r"([\\`*_\[\]<>!|])")
DATA_KEYS = frozenset(
    {"id", "url", "kind", "reach", "language", "translation_of", "status", "extends", "logo"}
    | {"locale", "country", "code", "page_size"}
    | {"primary_colour", "accent_colour", "text_colour", "header_text_colour"}
)
"""Keys whose values are data a template compares or links to, not text it prints as is."""


def record_text(value: str) -> str:
    """A record's text: one line, inline Markdown kept, no block structure."""
    return _no_block(_LINE_BREAKS.sub(" ", value).replace("|", "\\|"))


def plain_text(value: str) -> str:
    """A clinic's value: one line, printed exactly as typed."""
    return _no_block(_INLINE_MARKS.sub(r"\\\1", _LINE_BREAKS.sub(" ", value)))


def _no_block(line: str) -> str:
    """The mark that would open a block at the start of ``line``, escaped."""
    return _NUMBERED.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\\\1", line))


def escaped(data: Any, escape: Callable[[str], str], key: str | None = None) -> Any:
    """``data`` with every string escaped by ``escape``, except data keys (ids, addresses)."""
    if isinstance(data, str):
        return data if key in DATA_KEYS else escape(data)
    if isinstance(data, list):
        return [escaped(item, escape, key) for item in data]
    if isinstance(data, dict):
        return {name: escaped(value, escape, name) for name, value in data.items()}
    return data
