"""What joining needs to know of each handout PDF, and where each goes in the pack.

``handout_facts`` reads the few objects that say how a handout is put together: its pages,
its structure tree and parent tree, its bookmarks, and the fonts and images it carries.
``place_handouts`` then gives every handout its pack page, its structure keys and a block of
object numbers of its own (its object n becomes block start + n), so that each handout can
then be written without looking at any other. A font or image that an earlier part of the
pack already holds is not written again: the handout's references are pointed at that copy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handouts.pack.pdfsource import (
    SourcePdf,
    array,
    inner_dictionary,
    integer,
    reference,
    references,
    renumbered,
)
from handouts.pack.pdfwrite import ObjectRun, pdf_file, streams_needed

if TYPE_CHECKING:
    from handouts.pack.tasks import PackEntry
    from handouts.render.theme import Theme

CATALOG, PAGES, STRUCTURE, PARENT_TREE, OUTLINES, COVER_MARK, CONTENTS_MARK, SAVE_STATE = range(
    1, 9
)
"""The pack's own objects, numbered first; the front pages' objects follow."""
FIRST_FREE = 9
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")
_NUMS = re.compile(rb"(\d+)\s+(\[[^\]]*\]|\d+ 0 R)")


@dataclass(frozen=True)
class Facts:
    """How one PDF is put together, by object number."""

    size: int
    pages: tuple[int, ...]
    pages_root: int
    structure: int
    document: int
    next_key: int
    nums: bytes
    """The inside of its parent tree's /Nums array."""
    dropped: frozenset[int]
    """Objects the pack replaces with its own: catalog, page tree root, structure root..."""
    annotations: frozenset[int]
    font_resources: frozenset[int]
    shared: dict[bytes, int]
    """Fonts (by subset name) and images (by content) -> their object numbers."""
    outlines: int | None = None
    outline_count: int = 0


def pdf_facts(source: SourcePdf) -> Facts:
    catalog = source.head(source.root)
    pages_root = reference(catalog, b"/Pages")
    pages = tuple(references(array(source.head(pages_root), b"/Kids")))
    heads = [source.head(page) for page in pages]
    structure = reference(catalog, b"/StructTreeRoot")
    tree = source.head(structure)
    parent_tree = reference(tree, b"/ParentTree")
    outlines = _outlines(catalog)
    return Facts(
        size=source.size,
        pages=pages,
        pages_root=pages_root,
        structure=structure,
        document=reference(tree, b"/K"),
        next_key=integer(tree, b"/ParentTreeNextKey"),
        nums=array(source.head(parent_tree), b"/Nums"),
        dropped=frozenset({source.root, source.info, parent_tree, *references(catalog)}),
        annotations=frozenset(n for head in heads for n in references(array(head, b"/Annots"))),
        font_resources=frozenset(reference(head, b"/Font") for head in heads),
        shared=_shared(source, heads),
        outlines=outlines,
        outline_count=integer(source.head(outlines), b"/Count") if outlines else 0,
    )


def only_font(source: SourcePdf) -> tuple[bytes, int]:
    """The key and number of the one font of an untagged one-page PDF."""
    pages = reference(source.head(source.root), b"/Pages")
    page = references(array(source.head(pages), b"/Kids"))[0]
    [font] = _shared(source, [source.head(page)]).items()
    return font


def _outlines(catalog: bytes) -> int | None:
    return reference(catalog, b"/Outlines") if b"/Outlines" in catalog else None


def _shared(source: SourcePdf, pages: list[bytes]) -> dict[bytes, int]:
    """Fonts by their subset name (which says which characters of which font they hold, see
    handouts.render.subsets) and images by a digest of their bytes."""
    shared: dict[bytes, int] = {}
    for resources in {reference(head, b"/Font") for head in pages}:
        for font in references(source.head(resources)):
            found = _BASE_FONT.search(source.head(font))
            shared[b"font " + (found.group(1) if found else b"%d" % font)] = font
    for head in pages:
        for image in references(inner_dictionary(head, b"/XObject")):
            shared[b"image " + _digest(source, image)] = image
    return shared


def _digest(source: SourcePdf, number: int) -> bytes:
    head, tail = source.split(number)
    digest = hashlib.blake2b(renumbered(head, lambda _: 0) + tail, digest_size=16)
    for inner in references(head):
        digest.update(source.body(inner))
    return digest.digest()


@dataclass(frozen=True)
class Place:
    """Where one handout goes: its objects from ``base`` (``base`` itself is its bookmark),
    its pages from pack page ``first_page`` (from 0), its structure keys from ``key_offset``."""

    base: int
    first_page: int
    key_offset: int
    moved: dict[int, int]
    """Its objects that the pack holds elsewhere -> their pack numbers."""
    stamps: int
    """The first of its page number stamps, one per page."""
    blank_page: int | None
    object_streams: int
    previous_mark: int
    next_mark: int | None

    def number(self, own: int) -> int:
        return self.moved.get(own, self.base + own)


@dataclass
class Numbering:
    """The pack's running totals as handouts are placed."""

    next_number: int
    next_page: int
    next_key: int
    stored: dict[bytes, int] = field(default_factory=dict)
    """Fonts and images already in the pack -> their pack numbers."""

    def reserve(self, count: int) -> range:
        """``count`` numbers no one else uses."""
        self.next_number += count
        return range(self.next_number - count, self.next_number)


def place_handouts(
    facts: Sequence[Facts], starts: Sequence[int], numbering: Numbering, document: int
) -> list[Place]:
    """Each handout's place; ``starts``: its first pack page (from 1); ``document``: the
    pack's Document element, under which each handout's tree goes."""
    places: list[Place] = []
    previous = CONTENTS_MARK
    for fact, start in zip(facts, starts, strict=True):
        place = _place(fact, start - 1, numbering, document, previous)
        previous = place.base
        places.append(place)
    return [
        _linked(place, later.base if later else None)
        for place, later in zip(places, [*places[1:], None], strict=True)
    ]


def _place(fact: Facts, first: int, numbering: Numbering, document: int, previous: int) -> Place:
    base = numbering.next_number
    stamps = base + fact.size
    blank = stamps + len(fact.pages) if first > numbering.next_page else None
    streams = stamps + len(fact.pages) + 1
    moved = {fact.pages_root: PAGES, fact.structure: document}
    if fact.outlines:
        moved[fact.outlines] = base
    for key, own in fact.shared.items():
        stored = numbering.stored.setdefault(key, base + own)
        if stored != base + own:
            moved[own] = stored
    numbering.next_number = streams + streams_needed(fact.size + 1)
    numbering.next_page = first + len(fact.pages)
    offset = numbering.next_key
    numbering.next_key += fact.next_key
    return Place(base, first, offset, moved, stamps, blank, streams, previous, None)


def shifted_nums(fact: Facts, place: Place) -> bytes:
    """The handout's parent tree entries as the pack's: keys moved on, values renumbered."""
    return b" ".join(
        b"%d %s" % (int(key) + place.key_offset, renumbered(value, place.number))
        for key, value in _NUMS.findall(fact.nums)
    )


def _linked(place: Place, next_mark: int | None) -> Place:
    return Place(**{**place.__dict__, "next_mark": next_mark})


@dataclass(frozen=True)
class Stamping:
    """What the pack gives every handout page: its page number, in ``font``."""

    theme: Theme
    font: int
    codes: dict[str, int]
    """Each digit's code in ``font``."""
    media_box: bytes
    """For a blank page before a handout."""


@dataclass(frozen=True)
class PieceJob:
    """Some of a pack's handouts, to be written as pack objects in a worker."""

    entries: tuple[PackEntry, ...]
    facts: tuple[Facts, ...]
    places: tuple[Place, ...]
    stamping: Stamping


@dataclass(frozen=True)
class PackPlan:
    """A pack with everything written but its handouts' objects (``pieces`` says how to
    write those, in any process), and how to put it all in one file."""

    head: tuple[ObjectRun, ...]
    facts: tuple[Facts, ...]
    places: tuple[Place, ...]
    stamping: Stamping
    info: int
    pages: int
    reproducible: bool

    def pieces(self, entries: Sequence[PackEntry], size: int) -> list[PieceJob]:
        """The handouts in runs of ``size``, in pack order."""
        return [
            PieceJob(
                tuple(entries[start : start + size]),
                self.facts[start : start + size],
                self.places[start : start + size],
                self.stamping,
            )
            for start in range(0, len(entries), size)
        ]

    def file(self, pieces: Sequence[ObjectRun]) -> bytes:
        """The pack PDF, from ``pieces`` written in the order ``pieces()`` gave them."""
        return pdf_file([*self.head, *pieces], CATALOG, self.info, self.reproducible)


@dataclass(frozen=True)
class Planned:
    """A pack planned: everything written but its handouts' objects."""

    plan: PackPlan
    seconds: float


@dataclass(frozen=True)
class Written:
    """Some of a pack's handouts, written as pack objects."""

    objects: ObjectRun
    seconds: float
