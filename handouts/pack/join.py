"""Handout PDFs and their clinic -> one tagged pack PDF, its pages numbered for the pack.

Every handout's page count is known before the front pages are drawn, so the contents page
numbers are exact without laying out any handout again. The cover and contents (from
handouts.render.front, tagged, with the pack's title and language) start the pack; each
handout follows from a new page (from an odd page with ``duplex``, after a blank page when
needed), its structure tree a Part of the pack's Document. The pack gets one bookmark per
handout with the handout's own section bookmarks beneath, its page number stamped into the
header band of each handout page (an artifact), and each contents row links to its handout.
Fonts and images the handouts share (such as the logo) are stored once. Each handout keeps its
own "Page X of Y" footer, so it can still be taken out and handed over on its own.

The objects are copied as bytes (handouts.pack.pdfsource): a handout's place in the pack is
worked out first (handouts.pack.joinplan), then each is written on its own
(handouts.pack.joinwrite), then the pack's own objects tie them together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from handouts.content.loaded import LoadedClinic
from handouts.errors import LayoutError
from handouts.i18n.words import N_, Words
from handouts.pack.joinplan import (
    CATALOG,
    CONTENTS_MARK,
    COVER_MARK,
    FIRST_FREE,
    OUTLINES,
    PAGES,
    PARENT_TREE,
    SAVE_STATE,
    STRUCTURE,
    Facts,
    Numbering,
    PackPlan,
    PieceJob,
    Place,
    Stamping,
    only_font,
    pdf_facts,
    place_handouts,
    shifted_nums,
)
from handouts.pack.joinwrite import (
    bookmark,
    closure,
    stream,
    write_handout,
    write_objects,
)
from handouts.pack.pdfsource import SourcePdf, array, reference, renumbered
from handouts.pack.pdfwrite import ObjectRun, streams_needed
from handouts.render.contents import ContentsItem
from handouts.render.front import FrontMatter, draw_front_matter, pack_number_font
from handouts.render.theme import build_theme

if TYPE_CHECKING:
    from handouts.pack.tasks import PackEntry

FRONT_BOOKMARKS = (N_("Cover"), N_("Contents"))
_LINK_TO_PAGE = re.compile(rb"/Dest \[ (\d+) /Fit \]")


def join_pack(
    clinic: LoadedClinic,
    entries: Sequence[PackEntry],
    *,
    duplex: bool,
    date: dt.date,
    reproducible: bool,
    large_print: bool = False,
) -> tuple[bytes, int]:
    """The pack PDF and its page count, in this process; ``date`` is printed on the cover."""
    plan = plan_pack(
        clinic,
        entries,
        duplex=duplex,
        date=date,
        reproducible=reproducible,
        large_print=large_print,
    )
    pieces = [write_piece(job) for job in plan.pieces(entries, len(entries))]
    return plan.file(pieces), plan.pages


def plan_pack(
    clinic: LoadedClinic,
    entries: Sequence[PackEntry],
    *,
    duplex: bool,
    date: dt.date,
    reproducible: bool,
    large_print: bool = False,
) -> PackPlan:
    """Everything but the handouts' own objects: front pages, stamp font, the pack's own
    objects, and where each handout goes."""
    words = Words(clinic.language)
    facts = [pdf_facts(SourcePdf(entry.pdf)) for entry in entries]
    cover = (words.date(date), reproducible, large_print)
    front, starts = front_matter(clinic, entries, [len(f.pages) for f in facts], duplex, cover)
    theme = build_theme(clinic.record.branding, large_print, clinic.language)
    number_font = pack_number_font(theme, reproducible)
    pack = PackStart(SourcePdf(front.pdf), SourcePdf(number_font.pdf))
    places = place_handouts(facts, starts, pack.numbering, pack.document)
    media_box = array(pack.front_page, b"/MediaBox")
    stamping = Stamping(theme, pack.stamp_font, number_font.codes, media_box)
    head = pack.front_run(places, facts)
    own = pack.own_objects(facts, places, words)
    pages = pack.page_count(facts, places)
    return PackPlan(
        (head, own), tuple(facts), tuple(places), stamping, pack.info, pages, reproducible
    )


def write_piece(job: PieceJob) -> ObjectRun:
    """A run of handouts' objects, written without looking at any other handout."""
    run = ObjectRun()
    for entry, fact, place in zip(job.entries, job.facts, job.places, strict=True):
        write_handout(SourcePdf(entry.pdf), fact, place, entry.title, job.stamping, run)
    return run


class PackStart:
    """The front pages, the stamp font, and the objects of the pack itself."""

    def __init__(self, front: SourcePdf, stamp_font: SourcePdf) -> None:
        self.front, self.facts = front, pdf_facts(front)
        self.base = FIRST_FREE - 1
        self.stamp_source = stamp_font
        font = only_font(stamp_font)
        self.stamp_base = self.base + front.size
        self.stamp_font = self.stamp_base + font[1]
        self.numbering = Numbering(
            self.stamp_base + stamp_font.size, len(self.facts.pages), self.facts.next_key
        )
        self.numbering.stored = {key: self.number(own) for key, own in self.facts.shared.items()}
        self.numbering.stored[font[0]] = self.stamp_font
        self.info = self.number(front.info)
        self.document = self.number(self.facts.document)
        self.front_page = front.head(self.facts.pages[0])

    def number(self, own: int) -> int:
        moved = {self.facts.pages_root: PAGES, self.facts.structure: STRUCTURE}
        return moved.get(own, self.base + own)

    def front_run(self, places: Sequence[Place], facts: Sequence[Facts]) -> ObjectRun:
        """The front pages' objects and the stamp font's: the first objects of the pack."""
        run = ObjectRun()
        pages = self.page_numbers(facts, places)
        edits = dict.fromkeys(self.facts.annotations, _link_edit(pages))
        parts = b" ".join(
            b"%d 0 R" % place.number(f.document) for f, place in zip(facts, places, strict=True)
        )
        edits[self.facts.document] = _kids_edit(parts)
        skip = {self.front.root, self.facts.pages_root, self.facts.structure}
        skip |= {reference(self.front.head(self.facts.structure), b"/ParentTree")}
        write_objects(self.front, skip, self.number, edits, run)
        font = closure(self.stamp_source, [self.stamp_font - self.stamp_base])
        skip = set(self.stamp_source.numbers) - font
        write_objects(self.stamp_source, skip, lambda own: self.stamp_base + own, {}, run)
        run.pack(self.numbering.reserve(streams_needed(len(run.packed))))
        return run

    def page_numbers(self, facts: Sequence[Facts], places: Sequence[Place]) -> list[int]:
        numbers = [self.number(page) for page in self.facts.pages]
        for fact, place in zip(facts, places, strict=True):
            numbers += [] if place.blank_page is None else [place.blank_page]
            numbers += [place.number(page) for page in fact.pages]
        return numbers

    def page_count(self, facts: Sequence[Facts], places: Sequence[Place]) -> int:
        return len(self.page_numbers(facts, places))

    def own_objects(
        self, facts: Sequence[Facts], places: Sequence[Place], words: Words
    ) -> ObjectRun:
        """Catalog, page tree, structure root, parent tree, bookmarks."""
        run = ObjectRun()
        pages = self.page_numbers(facts, places)
        run.object(CATALOG, self.catalog())
        kids = b" ".join(b"%d 0 R" % page for page in pages)
        run.object(PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(pages), kids))
        run.object(STRUCTURE, self.structure_root())
        nums = [renumbered(self.facts.nums, self.number)]
        nums += [shifted_nums(fact, place) for fact, place in zip(facts, places, strict=True)]
        run.object(PARENT_TREE, b"<< /Nums [ %s ] >>" % b" ".join(nums))
        self.bookmarks(run, facts, places, words)
        run.stream(SAVE_STATE, b"<< /Length 2 >>", stream(b"q\n"))
        run.pack(self.numbering.reserve(streams_needed(len(run.packed))))
        return run

    def catalog(self) -> bytes:
        head = renumbered(self.front.head(self.front.root), self.number)
        head = re.sub(rb"/PageMode /\w+", b"", head)
        end = head.rindex(b">>")
        return head[:end] + b" /PageMode /UseOutlines /Outlines %d 0 R\n" % OUTLINES + head[end:]

    def structure_root(self) -> bytes:
        return b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>" % (
            self.document,
            PARENT_TREE,
            self.numbering.next_key,
        )

    def bookmarks(
        self, run: ObjectRun, facts: Sequence[Facts], places: Sequence[Place], words: Words
    ) -> None:
        """The bookmark root, and the cover's and contents' bookmarks before the handouts'."""
        first, last = (places[0].base, places[-1].base) if places else (None, CONTENTS_MARK)
        count = len(FRONT_BOOKMARKS) + sum(1 + fact.outline_count for fact in facts)
        root = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
        run.object(OUTLINES, root % (COVER_MARK, last, count))
        cover, contents = (words.gettext(title) for title in FRONT_BOOKMARKS)
        pages = [self.number(page) for page in self.facts.pages]
        run.object(COVER_MARK, bookmark(cover, pages[0], None, CONTENTS_MARK))
        run.object(CONTENTS_MARK, bookmark(contents, pages[1], COVER_MARK, first))


def _link_edit(pages: list[int]) -> Callable[[bytes], bytes]:
    def edit(head: bytes) -> bytes:
        return _LINK_TO_PAGE.sub(lambda m: b"/Dest [ %d 0 R /Fit ]" % pages[int(m[1])], head)

    return edit


def _kids_edit(parts: bytes) -> Callable[[bytes], bytes]:
    def edit(head: bytes) -> bytes:
        return re.sub(rb"(/K \[[^\]]*)\]", lambda m: m[1] + b" " + parts + b"]", head, count=1)

    return edit


def start_pages(front_pages: int, counts: Sequence[int], duplex: bool) -> list[int]:
    """The pack page (from 1) where each handout starts."""
    starts = []
    page = front_pages + 1
    for count in counts:
        if duplex and page % 2 == 0:
            page += 1
        starts.append(page)
        page += count
    return starts


def front_matter(
    clinic: LoadedClinic,
    entries: Sequence[PackEntry],
    counts: Sequence[int],
    duplex: bool,
    cover: tuple[str, bool, bool],
) -> tuple[FrontMatter, list[int]]:
    """Front pages whose page numbers account for their own length (a long contents list
    takes more pages, which moves every handout; page numbers never change that length).
    ``cover``: the date printed on it, whether reproducible, whether in large print."""
    date_text, reproducible, large_print = cover
    front_pages = 2
    for _ in range(3):
        starts = start_pages(front_pages, counts, duplex)
        items = [
            ContentsItem(entry.title, entry.note, start)
            for entry, start in zip(entries, starts, strict=True)
        ]
        front = draw_front_matter(clinic, items, date_text, reproducible, large_print)
        if front.pages == front_pages:
            return front, starts
        front_pages = front.pages
    raise LayoutError("the contents pages did not settle on a page count")
