"""A PDF that reportlab wrote, read as bytes: its objects by number, the numbers they refer
to, and those references renumbered.

Joining a pack copies every object of every handout, hundreds of thousands in a large pack.
Parsing each into a model and writing it out again is what made joining slow, and the
handouts are all written by one library in one known layout: a classic cross-reference
table, one object after another, no object streams. So objects are copied as bytes. Only
their dictionaries are rewritten, where references are renumbered and a few values edited;
stream data is never touched. Every rewrite matches strings too and passes them through as
they are (``outside_strings``): reportlab escapes every parenthesis inside a string, so no
text a clinic writes (a title that reads like a reference or a key) is ever taken for syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from handouts.errors import LayoutError

_STRING = rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>"
"""A literal string (reportlab escapes the parentheses inside) or a hex string."""


def outside_strings(pattern: bytes) -> re.Pattern[bytes]:
    """``pattern``, or a string: a match whose group 1 is set is a string, to be passed by.
    ``pattern``'s own groups are numbered from 2."""
    return re.compile(rb"(" + _STRING + rb")|" + pattern, re.S)


def substituted(
    head: bytes,
    pattern: re.Pattern[bytes],
    replace: Callable[[re.Match[bytes]], bytes],
    limit: int | None = None,
) -> bytes:
    """``head`` with the first ``limit`` (None: all) matches of ``pattern`` (made by
    ``outside_strings``) that are not strings replaced by ``replace(match)``."""
    done = 0

    def one(match: re.Match[bytes]) -> bytes:
        nonlocal done
        if match[1] is not None or (limit is not None and done >= limit):
            return match[0]
        done += 1
        return replace(match)

    return pattern.sub(one, head)


_REFERENCE = outside_strings(rb"(?<![\d.])(\d+) 0 R(?![A-Za-z0-9_])")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"xref\s+0 (\d+)\s*\n")
_ENTRY = 20
"""Bytes per entry of a classic cross-reference table."""
_STREAM = re.compile(rb">>\s*stream\r?\n")
_BRACKET = re.compile(rb"[\[\]]")


class SourcePdf:
    """One reportlab-made PDF: ``head(n)`` is object n's dictionary (or other value),
    ``tail(n)`` its stream (from ``stream`` to ``endstream``), empty for other objects."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        found = _STARTXREF.search(data, max(0, len(data) - 64))
        table = _XREF.match(data, int(found.group(1))) if found else None
        if table is None:
            raise LayoutError("a handout PDF has no cross-reference table to join it by")
        self.size = int(table.group(1))
        self._spans = _spans(data, table.end(), self.size, table.start())
        trailer = data[table.end() + self.size * _ENTRY :]
        self.root = reference(trailer, b"/Root")
        self.info = reference(trailer, b"/Info")

    @property
    def numbers(self) -> Iterable[int]:
        return self._spans.keys()

    def body(self, number: int) -> bytes:
        start, end = self._spans[number]
        body = self.data[start:end]
        return body[body.index(b"obj") + 3 : body.rindex(b"endobj")].strip()

    def split(self, number: int) -> tuple[bytes, bytes]:
        """Object ``number`` as its dictionary and its stream (empty if it has none)."""
        body = self.body(number)
        if not body.endswith(b"endstream"):
            return body, b""
        found = _STREAM.search(body)
        assert found is not None
        return body[: found.start() + 2], body[found.start() + 2 :].lstrip()

    def head(self, number: int) -> bytes:
        return self.split(number)[0]


def _spans(data: bytes, start: int, size: int, end: int) -> dict[int, tuple[int, int]]:
    """Each object's bytes: from its offset to the next object's (or the table)."""
    offsets = sorted(
        (int(data[at : at + 10]), number)
        for number, at in enumerate(range(start, start + size * _ENTRY, _ENTRY))
        if data[at + 17 : at + 18] == b"n"
    )
    ends = [offset for offset, _ in offsets[1:]] + [end]
    return {number: (offset, stop) for (offset, number), stop in zip(offsets, ends, strict=True)}


def references(head: bytes) -> list[int]:
    """The object numbers ``head`` refers to, in order."""
    return [int(match[2]) for match in _REFERENCE.finditer(head) if match[2]]


def renumbered(head: bytes, number: Callable[[int], int]) -> bytes:
    """``head`` with every reference to object n made a reference to ``number(n)``."""

    def replace(match: re.Match[bytes]) -> bytes:
        return b"%d 0 R" % number(int(match[2])) if match[2] else match[0]

    return _REFERENCE.sub(replace, head)


def reference(head: bytes, key: bytes) -> int:
    """The object that ``key`` refers to in dictionary ``head``."""
    found = re.search(re.escape(key) + rb"\s+(\d+) 0 R", head)
    if found is None:
        raise LayoutError(f"a handout PDF has no {key.decode()} where one was expected")
    return int(found.group(1))


def integer(head: bytes, key: bytes) -> int:
    found = re.search(re.escape(key) + rb"\s+(-?\d+)(?![\d.])", head)
    if found is None:
        raise LayoutError(f"a handout PDF has no {key.decode()} where one was expected")
    return int(found.group(1))


def array(head: bytes, key: bytes) -> bytes:
    """The inside of the array that ``key`` holds: references, numbers, names and arrays of
    those (no strings)."""
    found = re.search(re.escape(key) + rb"\s*\[", head)
    if found is None:
        return b""
    depth, at = 1, found.end()
    while depth:
        at = _BRACKET.search(head, at).end()  # type: ignore[union-attr]
        depth += 1 if head[at - 1 : at] == b"[" else -1
    return head[found.end() : at - 1]


def inner_dictionary(head: bytes, key: bytes) -> bytes:
    """The inside of a dictionary that ``key`` holds, one with no dictionaries in it."""
    found = re.search(re.escape(key) + rb"\s*<<((?:(?!<<|>>).)*)>>", head, re.S)
    return found.group(1) if found else b""
