"""Handout PDFs and their clinic -> one tagged pack PDF, its pages numbered for the pack.

The cover and contents (from handouts.render.front, tagged, with the pack's title and
language) start the pack; each handout follows from a new page (from an odd page with
``duplex``, after a blank page when needed), its structure tree a Part of the pack's Document.
The pack gets one bookmark per handout with the handout's own section bookmarks beneath, its
page number stamped into the header band of each handout page (an artifact), and each contents
row links to its handout. Fonts and images the handouts share (such as the logo) are stored
once. Each handout keeps its own "Page X of Y" footer, so it can still be taken out and handed
over on its own.

Objects are copied as bytes (handouts.pack.pdfsource). Each handout is given a block of object
numbers and structure keys first (handouts.pack.joinplan); then the handouts are written in
pieces (handouts.pack.joinwrite) while the front pages are drawn, each on any worker, since
neither needs the other: the front pages are numbered after the last handout, and they write
everything that depends on where the handouts' pages fall (page number stamps, blank pages,
the page tree and bookmarks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from handouts.content.loaded import LoadedClinic
from handouts.errors import LayoutError
from handouts.i18n.words import N_, Words
from handouts.pack.joinplan import (
    CATALOG,
    CONTENTS_MARK,
    COVER_MARK,
    DOCUMENT,
    OUTLINES,
    PAGES,
    PARENT_TREE,
    SAVE_STATE,
    STAMP_FONT,
    STAMP_FONT_NUMBERS,
    STRUCTURE,
    Facts,
    Numbering,
    PackEntry,
    PieceJob,
    Place,
    Written,
    only_font,
    pdf_facts,
    shifted_nums,
)
from handouts.pack.joinwrite import (
    blank_page,
    bookmark,
    closure,
    key_edit,
    stamp,
    stream,
    write_handout,
    write_objects,
)
from handouts.pack.pdfsource import (
    SourcePdf,
    array,
    outside_strings,
    reference,
    renumbered,
    substituted,
)
from handouts.pack.pdfwrite import ObjectRun, streams_needed
from handouts.render.contents import ContentsItem
from handouts.render.front import FrontMatter, draw_front_matter
from handouts.render.packnumbers import pack_number_font
from handouts.render.theme import Theme, build_theme

FRONT_BOOKMARKS = (N_("Cover"), N_("Contents"))
_LINK_TO_PAGE = outside_strings(rb"/Dest \[ (\d+) /Fit \]")
_KIDS = outside_strings(rb"(/K \[[^\]]*)\]")
_PAGE_MODE = outside_strings(rb"/PageMode /\w+")


def write_piece(job: PieceJob) -> ObjectRun:
    """A run of handouts' objects, written without looking at any other handout."""
    run = ObjectRun()
    for entry, fact, place in zip(job.entries, job.facts, job.places, strict=True):
        write_handout(SourcePdf(entry.pdf), fact, place, entry.title, run)
    return run


class FrontPages:
    """The pack's cover and contents, and every object of the pack that is not a handout's."""

    def __init__(
        self, clinic: LoadedClinic, duplex: bool, date: dt.date, reproducible: bool, large: bool
    ) -> None:
        self.clinic, self.duplex, self.words = clinic, duplex, Words(clinic.language)
        self.cover = (self.words.date(date), reproducible, large)
        self.theme = build_theme(clinic.record.branding, large, clinic.language)

    def write(
        self,
        entries: Sequence[PackEntry],
        facts: Sequence[Facts],
        places: Sequence[Place],
        numbering: Numbering,
    ) -> Written:
        """Front pages, stamps, blank pages and the pack's own objects; ``numbering``: what
        placing the handouts left for them (not changed here). ``entries`` need not carry
        their PDFs."""
        numbering = replace(numbering)
        counts = [len(fact.pages) for fact in facts]
        front, starts = front_matter(self.clinic, entries, counts, self.duplex, self.cover)
        layout = PackLayout(SourcePdf(front.pdf), facts, places, starts, numbering)
        run = ObjectRun()
        layout.write_front(run)
        number_font = pack_number_font(self.theme, self.cover[1])
        _write_stamp_font(SourcePdf(number_font.pdf), run)
        layout.write_stamps(run, self.theme, number_font.codes)
        layout.write_own(run, self.words)
        run.pack(numbering.reserve(streams_needed(len(run.packed))))
        return Written(run, 0.0, len(layout.page_numbers), layout.number(layout.front.info))


class PackLayout:
    """Where everything falls once the front pages are drawn: every page in order (with blank
    pages where two-sided printing needs them), the front pages' objects after the handouts'."""

    def __init__(
        self,
        front: SourcePdf,
        facts: Sequence[Facts],
        places: Sequence[Place],
        starts: Sequence[int],
        numbering: Numbering,
    ) -> None:
        self.front, self.facts = front, pdf_facts(front)
        self.handouts = list(zip(facts, places, starts, strict=True))
        self.base = numbering.reserve(front.size).start - 1
        self.key_offset = numbering.next_key
        self.moved = {
            self.facts.pages_root: PAGES,
            self.facts.structure: STRUCTURE,
            self.facts.document: DOCUMENT,
            **numbering.share(self.facts.shared, self.base),
        }
        self.page_numbers = [self.number(page) for page in self.facts.pages]
        for fact, place, start in self.handouts:
            if start - 1 > len(self.page_numbers):
                self.page_numbers.append(place.blank_page)
            self.page_numbers += [place.number(page) for page in fact.pages]

    def number(self, own: int) -> int:
        return self.moved.get(own, self.base + own)

    def write_front(self, run: ObjectRun) -> None:
        shift = key_edit(b"/StructParent", self.key_offset)
        edits: dict[int, Callable[[bytes], bytes]] = {
            page: key_edit(b"/StructParents", self.key_offset) for page in self.facts.pages
        }
        edits |= dict.fromkeys(self.facts.annotations, lambda head: shift(self._link(head)))
        parts = b" ".join(
            b"%d 0 R" % place.number(fact.document) for fact, place, _ in self.handouts
        )
        edits[self.facts.document] = _kids_edit(parts)
        tree = self.front.head(self.facts.structure)
        skip = {self.front.root, self.facts.pages_root, self.facts.structure}
        skip |= {reference(tree, b"/ParentTree")}
        skip |= closure(self.front, set(self.moved) - skip - {self.facts.document})
        write_objects(self.front, skip, self.number, edits, run)

    def _link(self, head: bytes) -> bytes:
        """A contents row's link, drawn to a pack page index, to that page."""
        pages = self.page_numbers
        return substituted(
            head, _LINK_TO_PAGE, lambda m: b"/Dest [ %d 0 R /Fit ]" % pages[int(m[2])]
        )

    def write_own(self, run: ObjectRun, words: Words) -> None:
        """Catalog, page tree, structure root, parent tree, bookmarks, and the ``q`` that
        starts every handout page (its stamp ends with the matching ``Q``)."""
        run.object(CATALOG, self._catalog())
        kids = b" ".join(b"%d 0 R" % page for page in self.page_numbers)
        run.object(
            PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(self.page_numbers), kids)
        )
        next_key = self.key_offset + self.facts.next_key
        root = b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
        run.object(STRUCTURE, root % (DOCUMENT, PARENT_TREE, next_key))
        nums = [
            shifted_nums(fact.nums, place.key_offset, place.number)
            for fact, place, _ in self.handouts
        ]
        nums.append(shifted_nums(self.facts.nums, self.key_offset, self.number))
        run.object(PARENT_TREE, b"<< /Nums [ %s ] >>" % b" ".join(nums))
        self._bookmarks(run, words)
        run.stream(SAVE_STATE, b"<< /Length 2 >>", stream(b"q\n"))

    def write_stamps(self, run: ObjectRun, theme: Theme, codes: dict[str, int]) -> None:
        """Each handout page's pack page number, and the blank pages before handouts."""
        media_box = array(self.front.head(self.facts.pages[0]), b"/MediaBox")
        in_pack = set(self.page_numbers)
        for fact, place, start in self.handouts:
            for index in range(len(fact.pages)):
                data = stamp(theme, start + index, codes)
                run.stream(place.stamps + index, b"<< /Length %d >>" % len(data), stream(data))
            if place.blank_page in in_pack:
                run.object(place.blank_page, blank_page(media_box))

    def _catalog(self) -> bytes:
        head = renumbered(self.front.head(self.front.root), self.number)
        head = substituted(head, _PAGE_MODE, lambda _: b"")
        end = head.rindex(b">>")
        return head[:end] + b" /PageMode /UseOutlines /Outlines %d 0 R\n" % OUTLINES + head[end:]

    def _bookmarks(self, run: ObjectRun, words: Words) -> None:
        """The bookmark root, and the cover's and contents' bookmarks before the handouts'."""
        places = [place for _, place, _ in self.handouts]
        first, last = (places[0].base, places[-1].base) if places else (None, CONTENTS_MARK)
        count = len(FRONT_BOOKMARKS) + sum(1 + fact.outline_count for fact, _, _ in self.handouts)
        root = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
        run.object(OUTLINES, root % (COVER_MARK, last, count))
        cover, contents = (words.gettext(title) for title in FRONT_BOOKMARKS)
        run.object(COVER_MARK, bookmark(cover, self.page_numbers[0], None, CONTENTS_MARK))
        run.object(CONTENTS_MARK, bookmark(contents, self.page_numbers[1], COVER_MARK, first))


def _write_stamp_font(source: SourcePdf, run: ObjectRun) -> None:
    """The font of ``source`` (a PDF with one font) as STAMP_FONT, its parts after it."""
    _, font = only_font(source)
    parts = closure(source, [font])
    if max(parts) > STAMP_FONT_NUMBERS:
        raise LayoutError("the font for pack page numbers came out larger than expected")

    def number(own: int) -> int:
        return STAMP_FONT if own == font else STAMP_FONT + own

    write_objects(source, set(source.numbers) - parts, number, {}, run)


def _kids_edit(parts: bytes) -> Callable[[bytes], bytes]:
    def edit(head: bytes) -> bytes:
        return substituted(head, _KIDS, lambda m: m[2] + b" " + parts + b"]", limit=1)

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
