"""Objects -> the bytes of a PDF file: streams written as they are, every other object packed
into compressed object streams, and a cross-reference stream at the end (ISO 32000-1 7.5.7
and 7.5.8).

A large file is written in pieces (``ObjectRun``), each of which knows only its own objects
and their offsets from its own start; ``pdf_file`` puts the pieces one after another and
writes the one cross-reference stream for them all. Numbers that no piece uses are free.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
_PER_OBJECT_STREAM = 200
_ROW = struct.Struct(">BIH")
"""One cross-reference stream entry: kind, offset (or object stream), generation (or index)."""


@dataclass
class ObjectRun:
    """Objects written one after another; ``entries``: (number, kind, field 2, field 3) as
    in a cross-reference stream, offsets counted from the start of ``data``."""

    data: bytearray = field(default_factory=bytearray)
    entries: list[tuple[int, int, int, int]] = field(default_factory=list)
    packed: list[tuple[int, bytes]] = field(default_factory=list)
    """Objects waiting to go into an object stream."""

    def stream(self, number: int, head: bytes, tail: bytes) -> None:
        """An object with a stream: ``tail`` runs from ``stream`` to ``endstream``."""
        self.entries.append((number, 1, len(self.data), 0))
        self.data += b"%d 0 obj\n%s\n%s\nendobj\n" % (number, head, tail)

    def object(self, number: int, head: bytes) -> None:
        self.packed.append((number, head))

    def pack(self, numbers: Sequence[int]) -> None:
        """Put the waiting objects into object streams numbered from ``numbers``; there must be
        one number for every ``_PER_OBJECT_STREAM`` objects (see ``streams_needed``)."""
        waiting, self.packed = self.packed, []
        for index, start in enumerate(range(0, len(waiting), _PER_OBJECT_STREAM)):
            self._object_stream(numbers[index], waiting[start : start + _PER_OBJECT_STREAM])

    def _object_stream(self, number: int, objects: list[tuple[int, bytes]]) -> None:
        offsets, body, at = [], bytearray(), 0
        for index, (member, head) in enumerate(objects):
            offsets.append(b"%d %d" % (member, at))
            body += head + b"\n"
            at = len(body)
            self.entries.append((member, 2, number, index))
        header = b" ".join(offsets) + b"\n"
        data = zlib.compress(header + body)
        head = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
            len(objects),
            len(header),
            len(data),
        )
        self.stream(number, head, b"stream\n" + data + b"\nendstream")


def streams_needed(objects: int) -> int:
    """Object streams ``ObjectRun.pack`` makes for ``objects`` objects."""
    return -(-objects // _PER_OBJECT_STREAM)


def pdf_file(runs: Sequence[ObjectRun], root: int, info: int, reproducible: bool) -> bytes:
    """The file: header, each run's objects, and the cross-reference stream naming them."""
    out = bytearray(HEADER)
    size = 2 + max((entry[0] for run in runs for entry in run.entries), default=0)
    rows = bytearray(_ROW.size * size)  # all free (zeros) but those written below
    _ROW.pack_into(rows, 0, 0, 0, 65535)
    for run in runs:
        assert not run.packed, "objects left out of every object stream"
        start = len(out)
        out += run.data
        for number, kind, second, third in run.entries:
            at = number * _ROW.size
            assert rows[at] == 0, f"object {number} written twice"
            _ROW.pack_into(rows, at, kind, second + start if kind == 1 else second, third)
    return bytes(out + _cross_references(out, rows, root, info, reproducible))


def _cross_references(body: bytearray, rows: bytearray, root: int, info: int, same: bool) -> bytes:
    """The cross-reference stream, itself the last object (its row is filled in here)."""
    number = len(rows) // _ROW.size - 1
    _ROW.pack_into(rows, number * _ROW.size, 1, len(body), 0)
    data = zlib.compress(rows)
    identifier = _identifier(body, same).hex().encode()
    head = (
        b"<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ] "
        b"/Filter /FlateDecode /Length %d >>"
        % (number + 1, root, info, identifier, identifier, len(data))
    )
    xref = b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, head, data)
    return xref + b"startxref\n%d\n%%%%EOF\n" % len(body)


def _identifier(body: bytearray, reproducible: bool) -> bytes:
    """The file identifier: from the content alone when the output must be reproducible."""
    digest = hashlib.md5(body, usedforsecurity=False)
    if not reproducible:
        digest.update(os.urandom(16))
    return digest.digest()


def text_string(text: str) -> bytes:
    """A PDF text string: plain where the text is printable ASCII, else UTF-16 with its
    byte order mark (ISO 32000-1 7.9.2.2)."""
    if text.isascii() and text.isprintable():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
