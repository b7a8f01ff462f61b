"""Field paths, the one way a place inside a record is named: ``("sources", 0, "url")`` in code,
``sources.0.url`` in messages; and every string of plain record data with its path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

FieldPath = tuple[str | int, ...]


def string_fields(
    value: Any, path: FieldPath = (), skip: frozenset[str] = frozenset()
) -> Iterator[tuple[FieldPath, str]]:
    """Each string leaf with its path, in document order, leaving out keys in ``skip``."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_fields(item, (*path, index), skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from string_fields(item, (*path, key), skip)


def dotted(path: FieldPath) -> str:
    """``("sources", 0, "url")`` -> ``"sources.0.url"``."""
    return ".".join(str(part) for part in path)


def from_dotted(text: str) -> FieldPath:
    """``"sources.0.url"`` -> ``("sources", 0, "url")``."""
    return tuple(int(part) if part.isdigit() else part for part in text.split("."))
