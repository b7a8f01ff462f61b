"""Handout PDFs and their clinic -> one tagged pack PDF, its pages numbered for the pack.

Every handout's page count is known before the front pages are drawn, so the contents page
numbers are exact without laying out any handout again. The cover and contents (from
handouts.render.front, tagged, with the pack's title and language) start the pack; each
handout follows from a new page (from an odd page with ``duplex``, after a blank page when
needed), its structure tree joining the pack's (handouts.pack.structure). The pack gets one
bookmark per handout with the handout's own section bookmarks beneath, its page number
stamped into the header band of each handout page (an artifact), and each contents row links
to its handout. Fonts and images the handouts share (such as the logo) are stored once. Each
handout keeps its own "Page X of Y" footer, so it can still be taken out and handed over on
its own.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf

from handouts.content.loaded import LoadedClinic
from handouts.errors import LayoutError
from handouts.i18n.words import N_, Words
from handouts.pack.structure import append_handout, point_links, store_shared_once
from handouts.render.contents import ContentsItem
from handouts.render.front import FrontMatter, draw_front_matter, page_number_overlay
from handouts.render.theme import Theme, build_theme

if TYPE_CHECKING:
    from handouts.pack.tasks import PackEntry

FRONT_BOOKMARKS = (N_("Cover"), N_("Contents"))
_STAMP = (b"Q\n/Artifact <</Type /Pagination /Subtype /Header>> BDC\n", b"\nEMC\n")
"""Around the pack page number drawn over a handout page: decoration, not content."""


def assemble_pack(
    clinic: LoadedClinic,
    entries: Sequence[PackEntry],
    *,
    duplex: bool,
    date: dt.date,
    reproducible: bool,
    large_print: bool = False,
) -> tuple[bytes, int]:
    """The pack PDF and its page count; ``date`` is printed on the cover."""
    words = Words(clinic.language)
    date_text = words.date(date)
    handouts = [Pdf.open(io.BytesIO(entry.pdf)) for entry in entries]
    counts = [len(handout.pages) for handout in handouts]
    cover = (date_text, reproducible, large_print)
    front, starts = _front_matter(clinic, entries, counts, duplex, cover)
    pack = Pdf.open(io.BytesIO(front.pdf))
    outline: list[OutlineItem] = [
        OutlineItem(words.gettext(title), page) for page, title in enumerate(FRONT_BOOKMARKS)
    ]
    for entry, handout, start in zip(entries, handouts, starts, strict=True):
        pad_to(pack, start - 1)
        append_handout(pack, handout)
        outline.append(handout_bookmarks(entry.title, handout, start - 1))
    theme = build_theme(clinic.record.branding, large_print, clinic.language)
    _stamp_page_numbers(pack, theme, starts, counts, reproducible)
    point_links(pack, front.pages)
    store_shared_once(pack)
    return saved_pdf(pack, outline, reproducible), len(pack.pages)


def pad_to(pack: Pdf, pages: int) -> None:
    """Blank pages until ``pack`` has ``pages`` (so the next handout starts on an odd page)."""
    while len(pack.pages) < pages:
        width, height = (float(side) for side in pack.pages[0].mediabox[2:])
        pack.add_blank_page(page_size=(width, height)).obj.Tabs = Name.S


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


def _front_matter(
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


def handout_bookmarks(title: str, handout: Pdf, offset: int) -> OutlineItem:
    """A bookmark for the handout, its own bookmarks beneath, at its pages in the pack."""
    item = OutlineItem(title, offset)
    pages = {page.obj.objgen: index for index, page in enumerate(handout.pages)}
    own = pikepdf.Outline(handout)  # read only: not as a context, which writes it back
    item.children.extend(_moved(child, pages, offset) for child in own.root)
    return item


def _moved(item: OutlineItem, pages: dict[tuple[int, int], int], offset: int) -> OutlineItem:
    destination: Any = item.destination
    page = offset
    top = None
    if isinstance(destination, Array) and len(destination) >= 4:
        page += pages.get(destination[0].objgen, 0)
        top = float(destination[3])
    moved = (
        OutlineItem(item.title, page, "XYZ", left=0, top=top)
        if top is not None
        else OutlineItem(item.title, page)
    )
    moved.children.extend(_moved(child, pages, offset) for child in item.children)
    return moved


def _stamp_page_numbers(
    pack: Pdf, theme: Theme, starts: Sequence[int], counts: Sequence[int], reproducible: bool
) -> None:
    numbers = [
        number
        for start, count in zip(starts, counts, strict=True)
        for number in range(start, start + count)
    ]
    overlay = Pdf.open(io.BytesIO(page_number_overlay(theme, numbers, reproducible)))
    fonts: Any = pack.copy_foreign(overlay.pages[0].Resources.Font)
    save_state = pack.make_stream(b"q\n")
    for number, stamp in zip(numbers, overlay.pages, strict=True):
        _draw_over(pack, pack.pages[number - 1], stamp, fonts, save_state)


def _draw_over(
    pack: Pdf,
    page: pikepdf.Page,
    stamp: pikepdf.Page,
    fonts: Any,
    save_state: pikepdf.Object,
) -> None:
    """Draw ``stamp``'s content over ``page`` by adding content streams around the page's own,
    which is never parsed or rewritten; the stamp's fonts join the page's under names of their
    own."""
    data = b"".join(bytes(part.read_bytes()) for part in _contents(stamp.obj))
    page_fonts = page.obj.Resources.Font
    for name in list(fonts.keys()):
        own = f"/PackNumber{str(name)[1:]}"
        data = re.sub(re.escape(str(name).encode()) + rb"(?=\s)", own.encode(), data)
        page_fonts[own] = fonts[name]
    drawn = pack.make_stream(_STAMP[0] + data + _STAMP[1])
    page.obj.Contents = Array([save_state, *_contents(page.obj), drawn])


def _contents(page: Dictionary) -> list[pikepdf.Object]:
    contents = page.Contents
    return list(contents) if isinstance(contents, Array) else [contents]


def saved_pdf(pack: Pdf, outline: list[OutlineItem], reproducible: bool) -> bytes:
    with pack.open_outline() as bookmarks:
        bookmarks.root.extend(outline)
    pack.Root.PageMode = Name.UseOutlines
    return pdf_bytes(pack, reproducible)


def pdf_bytes(pack: Pdf, reproducible: bool) -> bytes:
    """The PDF as a pack or bundle is saved: object streams, compressed."""
    buffer = io.BytesIO()
    pack.save(
        buffer,
        deterministic_id=reproducible,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
    )
    return buffer.getvalue()
