"""Handouts -> their objects in the pack. Each handout is written from its own PDF and its
``Place`` alone, so that runs of handouts can be written side by side in worker processes.

A handout's objects are copied with their references renumbered, except those the pack
replaces (its catalog, page tree root, structure root, parent tree, bookmark root) and the
fonts and images an earlier part of the pack already holds. A few are edited on the way: each
page's content is followed by its pack page number stamp (written with the front pages, which
know where each page falls: see handouts.pack.join) and its structure keys move on, as do its
link annotations'; its Document element becomes a Part of the pack's Document; its font
resources gain the font the stamps are drawn in. Its bookmarks go under one bookmark for the
handout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from functools import cache

from handouts.pack.joinplan import OUTLINES, PAGES, SAVE_STATE, STAMP_FONT, Facts, Place
from handouts.pack.pdfsource import (
    SourcePdf,
    outside_strings,
    reference,
    references,
    renumbered,
    substituted,
)
from handouts.pack.pdfwrite import ObjectRun, streams_needed, text_string
from handouts.render.packnumbers import pack_number_stamp
from handouts.render.theme import Theme

Edit = Callable[[bytes], bytes]
_CONTENTS = outside_strings(rb"/Contents (\d+) 0 R")
_DOCUMENT = outside_strings(rb"/S /Document(?![\w])")
STAMP_FONT_NAME = b"/PackNumber"
"""The stamp font's name in each handout's font resources."""
_ARTIFACT = (b"Q\n/Artifact <</Type /Pagination /Subtype /Header>> BDC\n", b"EMC\n")
"""Around the pack page number drawn over a handout page: decoration, not content. The page's
own content runs between the pack's ``q`` and this ``Q``, so none of its state leaks out."""


def write_objects(
    source: SourcePdf,
    skip: Collection[int],
    number: Callable[[int], int],
    edits: dict[int, Edit],
    run: ObjectRun,
) -> None:
    """Every object of ``source`` but ``skip``, renumbered by ``number``, ``edits`` applied."""
    for own in sorted(source.numbers):
        if own in skip:
            continue
        head, tail = source.split(own)
        head = renumbered(head, number)
        if own in edits:
            head = edits[own](head)
        if tail:
            run.stream(number(own), head, tail)
        else:
            run.object(number(own), head)


def write_handout(source: SourcePdf, fact: Facts, place: Place, title: str, run: ObjectRun) -> None:
    skip = fact.dropped | closure(source, place.moved.keys() - fact.dropped)
    write_objects(source, skip, place.number, _edits(fact, place), run)
    run.object(place.base, _bookmark(source, fact, place, title))
    run.pack(range(place.object_streams, place.object_streams + streams_needed(len(run.packed))))


def stamp(theme: Theme, number: int, codes: dict[str, int]) -> bytes:
    """The content drawn over a handout page: its pack page number, as an artifact."""
    return _ARTIFACT[0] + pack_number_stamp(theme, number, STAMP_FONT_NAME, codes) + _ARTIFACT[1]


def closure(source: SourcePdf, numbers: Iterable[int]) -> set[int]:
    """``numbers`` and every object they lead to."""
    found: set[int] = set()
    waiting = list(numbers)
    while waiting:
        number = waiting.pop()
        if number not in found:
            found.add(number)
            waiting += references(source.head(number))
    return found


def _edits(fact: Facts, place: Place) -> dict[int, Edit]:
    edits: dict[int, Edit] = {
        page: _page_edit(place, index) for index, page in enumerate(fact.pages)
    }
    edits.update(dict.fromkeys(fact.annotations, key_edit(b"/StructParent", place.key_offset)))
    edits.update(dict.fromkeys(fact.font_resources, _add_stamp_font))
    edits[fact.document] = _as_part
    return edits


def _page_edit(place: Place, index: int) -> Edit:
    shift = key_edit(b"/StructParents", place.key_offset)
    before, after = SAVE_STATE, place.stamps + index

    def contents(match: re.Match[bytes]) -> bytes:
        return b"/Contents [ %d 0 R %s 0 R %d 0 R ]" % (before, match[2], after)

    def edit(head: bytes) -> bytes:
        return shift(substituted(head, _CONTENTS, contents, limit=1))

    return edit


def key_edit(key: bytes, offset: int) -> Edit:
    """``key``'s number (a structure key) moved on by ``offset``."""
    pattern = _key_pattern(key)

    def edit(head: bytes) -> bytes:
        return substituted(head, pattern, lambda m: key + b" %d" % (int(m[2]) + offset), 1)

    return edit


@cache
def _key_pattern(key: bytes) -> re.Pattern[bytes]:
    return outside_strings(re.escape(key) + rb" (\d+)(?![\w])")


def _add_stamp_font(head: bytes) -> bytes:
    end = head.rindex(b">>")
    return head[:end] + b" %s %d 0 R\n" % (STAMP_FONT_NAME, STAMP_FONT) + head[end:]


def _as_part(head: bytes) -> bytes:
    return substituted(head, _DOCUMENT, lambda _: b"/S /Part", limit=1)


def _bookmark(source: SourcePdf, fact: Facts, place: Place, title: str) -> bytes:
    """The handout's bookmark: at its first page, its own bookmarks beneath."""
    first_page = place.number(fact.pages[0])
    head = bookmark(title, first_page, place.previous_mark, place.next_mark)
    if fact.outlines is None:
        return head
    own = source.head(fact.outlines)
    first, last = (place.number(reference(own, key)) for key in (b"/First", b"/Last"))
    kids = b" /First %d 0 R /Last %d 0 R /Count %d >>" % (first, last, fact.outline_count)
    return head[: -len(b" >>")] + kids


def bookmark(title: str, page: int, previous: int | None, following: int | None) -> bytes:
    """A top-level bookmark to ``page``, between bookmarks ``previous`` and ``following``."""
    links = b"".join(
        b" /%s %d 0 R" % (key, number)
        for key, number in ((b"Prev", previous), (b"Next", following))
        if number is not None
    )
    return b"<< /Title %s /Parent %d 0 R%s /Dest [ %d 0 R /Fit ] >>" % (
        text_string(title),
        OUTLINES,
        links,
        page,
    )


def blank_page(media_box: bytes) -> bytes:
    return b"<< /Type /Page /Parent %d 0 R /MediaBox [ %s ] /Resources << >> /Tabs /S >>" % (
        PAGES,
        media_box,
    )


def stream(data: bytes) -> bytes:
    return b"stream\n" + data + b"\nendstream"
