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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

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

(
    CATALOG,
    PAGES,
    STRUCTURE,
    PARENT_TREE,
    OUTLINES,
    COVER_MARK,
    CONTENTS_MARK,
    SAVE_STATE,
    DOCUMENT,
) = range(1, 10)
"""The pack's own objects, numbered first. DOCUMENT is the front pages' Document element,
which becomes the pack's, with each handout's tree a Part of it."""
STAMP_FONT = DOCUMENT + 1
"""The font the pack page numbers are stamped in; the other objects of the PDF it comes from
(handouts.render.front.pack_number_font), n, are numbered STAMP_FONT + n."""
STAMP_FONT_NUMBERS = 32
FIRST_FREE = STAMP_FONT + STAMP_FONT_NUMBERS + 1
"""The first handout's block starts here; the front pages' objects come after the last."""
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")
_NUMS = re.compile(rb"(\d+)\s+(\[[^\]]*\]|\d+ 0 R)")


@dataclass(frozen=True)
class PackEntry:
    """One handout in a pack: its title and note for the contents, and its PDF."""

    title: str
    note: str
    pdf: bytes


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
    pages_root, pages = _pages(source, catalog)
    heads = [source.head(page) for page in pages]
    font_resources = frozenset(reference(head, b"/Font") for head in heads)
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
        font_resources=font_resources,
        shared=_shared(source, font_resources, heads),
        outlines=outlines,
        outline_count=integer(source.head(outlines), b"/Count") if outlines else 0,
    )


def only_font(source: SourcePdf) -> tuple[bytes, int]:
    """The key and number of the one font of an untagged one-page PDF."""
    _, pages = _pages(source, source.head(source.root))
    page = source.head(pages[0])
    [font] = _shared(source, {reference(page, b"/Font")}, [page]).items()
    return font


def _pages(source: SourcePdf, catalog: bytes) -> tuple[int, tuple[int, ...]]:
    """The page tree root and the pages (reportlab's page tree is one level deep)."""
    root = reference(catalog, b"/Pages")
    return root, tuple(references(array(source.head(root), b"/Kids")))


def _outlines(catalog: bytes) -> int | None:
    return reference(catalog, b"/Outlines") if b"/Outlines" in catalog else None


def _shared(
    source: SourcePdf, font_resources: Iterable[int], pages: list[bytes]
) -> dict[bytes, int]:
    """Fonts by their subset name (which says which characters of which font they hold, see
    handouts.render.subsets) and images by a digest of their bytes, each read once however
    many pages use it."""
    shared: dict[bytes, int] = {}
    for resources in font_resources:
        for font in references(source.head(resources)):
            found = _BASE_FONT.search(source.head(font))
            if found:  # a font without a name is kept as it is, never shared
                shared[b"font " + found.group(1)] = font
    images = dict.fromkeys(
        n for head in pages for n in references(inner_dictionary(head, b"/XObject"))
    )
    for image in images:
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
    its structure keys from ``key_offset``. The front pages, written last, fill in what
    depends on where its pages fall: the page number stamps (from ``stamps``, one per page)
    and, printing two-sided, a blank page before it (``blank_page``)."""

    base: int
    key_offset: int
    moved: dict[int, int]
    """Its objects that the pack holds elsewhere -> their pack numbers."""
    stamps: int
    blank_page: int
    object_streams: int
    previous_mark: int
    next_mark: int | None

    def number(self, own: int) -> int:
        return self.moved.get(own, self.base + own)


@dataclass
class Numbering:
    """The pack's running totals as handouts are placed."""

    next_number: int = FIRST_FREE
    next_key: int = 0
    last_mark: int = CONTENTS_MARK
    """The bookmark before the next handout's."""
    stored: dict[bytes, int] = field(default_factory=dict)
    """Fonts and images already in the pack -> their pack numbers."""

    def share(self, shared: dict[bytes, int], base: int) -> dict[int, int]:
        """Of a PDF's fonts and images (its object n to be numbered ``base + n``), those the
        pack holds already -> their pack numbers; the others are recorded as held."""
        moved = {}
        for key, own in shared.items():
            stored = self.stored.setdefault(key, base + own)
            if stored != base + own:
                moved[own] = stored
        return moved

    def reserve(self, count: int) -> range:
        """``count`` numbers no one else uses."""
        self.next_number += count
        return range(self.next_number - count, self.next_number)


def place_handouts(facts: Sequence[Facts]) -> tuple[list[Place], Numbering]:
    """Each handout's place, and the numbers and keys left for the front pages."""
    numbering = Numbering()
    places = [
        place_next(fact, numbering, index == len(facts) - 1) for index, fact in enumerate(facts)
    ]
    return places, numbering


def place_next(fact: Facts, numbering: Numbering, last: bool) -> Place:
    """The place of the handout after those ``numbering`` has placed (in pack order)."""
    base = numbering.next_number
    stamps = base + fact.size
    blank = stamps + len(fact.pages)
    streams = blank + 1
    moved = {fact.pages_root: PAGES, fact.structure: DOCUMENT}
    if fact.outlines:
        moved[fact.outlines] = base
    moved |= numbering.share(fact.shared, base)
    numbering.next_number = streams + streams_needed(fact.size)
    offset = numbering.next_key
    numbering.next_key += fact.next_key
    previous, numbering.last_mark = numbering.last_mark, base
    following = None if last else numbering.next_number
    return Place(base, offset, moved, stamps, blank, streams, previous, following)


def shifted_nums(nums: bytes, offset: int, number: Callable[[int], int]) -> bytes:
    """Parent tree entries as the pack's: keys moved on by ``offset``, values renumbered."""
    return b" ".join(
        b"%d %s" % (int(key) + offset, renumbered(value, number))
        for key, value in _NUMS.findall(nums)
    )


PIECE_HANDOUTS = 20
"""Handouts per piece of a pack, written in one worker: enough pieces for every worker to
take a share of a large pack, few enough that each is worth sending."""


@dataclass(frozen=True)
class PieceJob:
    """Some of a pack's handouts, to be written as pack objects in a worker."""

    entries: tuple[PackEntry, ...]
    facts: tuple[Facts, ...]
    places: tuple[Place, ...]
    part: int
    """Its place among the pack's parts (the front pages are part 0)."""


def part_count(handouts: int) -> int:
    """The front pages and the pieces of a pack of ``handouts``."""
    return 1 + -(-handouts // PIECE_HANDOUTS)


@dataclass(frozen=True)
class Written:
    """Part of a pack's objects, written; for the front pages, also the pack's page count
    and its document information dictionary."""

    objects: ObjectRun
    seconds: float
    pages: int = 0
    info: int = 0


def pack_file(front: Written, pieces: Sequence[Written], reproducible: bool) -> bytes:
    """The pack PDF, from the front pages' objects and every piece's, in pack order."""
    runs = [front.objects, *(piece.objects for piece in pieces)]
    return pdf_file(runs, CATALOG, front.info, reproducible)
