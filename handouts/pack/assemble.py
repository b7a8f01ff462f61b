"""Handout PDFs and their clinic -> one pack PDF, its pages numbered for the pack.

Every handout's page count is known before the front pages are drawn, so the contents page
numbers are exact without laying out any handout again. pypdf then joins the cover and
contents (from handouts.render.front) and each handout from a new page (from an odd page with
``duplex``, after a blank page when needed); adds one bookmark per handout with the
handout's own section bookmarks beneath; stamps the pack page number into the header band of
each handout page; links each contents row to its handout; sets the pack's title, author and
language; and stores parts the handouts share (such as the logo) once. Each handout keeps
its own "Page X of Y" footer, so it can still be taken out and handed over on its own.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    Destination,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from handouts.compose.environment import format_date
from handouts.content.load import LoadedClinic
from handouts.errors import LayoutError
from handouts.render.contents import ContentsItem
from handouts.render.front import FrontMatter, draw_front_matter, page_number_overlay
from handouts.render.theme import build_theme

if TYPE_CHECKING:
    from handouts.pack.tasks import PackEntry

TITLE = "{clinic} patient handouts"
FRONT_BOOKMARKS = ("Cover", "Contents")


def assemble_pack(
    clinic: LoadedClinic,
    entries: Sequence[PackEntry],
    *,
    duplex: bool,
    date: dt.date,
    reproducible: bool,
) -> tuple[bytes, int]:
    """The pack PDF and its page count; ``date`` is printed on the cover."""
    date_text = format_date(date.isoformat(), clinic.record.locale)
    readers = [PdfReader(io.BytesIO(entry.pdf)) for entry in entries]
    counts = [len(reader.pages) for reader in readers]
    front, starts = _front_matter(clinic, entries, counts, duplex, date_text, reproducible)
    writer = PdfWriter()
    _add_front(writer, front)
    for entry, reader, start in zip(entries, readers, starts, strict=True):
        _add_handout(writer, entry.title, reader, start)
    _stamp_page_numbers(writer, clinic, starts, counts, reproducible)
    for link in front.links:
        writer.add_annotation(link.page, Link(rect=link.rect, target_page_index=link.target - 1))
    _describe(writer, clinic, reproducible)
    writer.compress_identical_objects()  # the logo and other shared parts are stored once
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)


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
    date_text: str,
    reproducible: bool,
) -> tuple[FrontMatter, list[int]]:
    """Front pages whose page numbers account for their own length (a long contents list
    takes more pages, which moves every handout; page numbers never change that length)."""
    front_pages = 2
    for _ in range(3):
        starts = start_pages(front_pages, counts, duplex)
        items = [
            ContentsItem(entry.title, entry.note, start)
            for entry, start in zip(entries, starts, strict=True)
        ]
        front = draw_front_matter(clinic, items, date_text, reproducible)
        if front.pages == front_pages:
            return front, starts
        front_pages = front.pages
    raise LayoutError("the contents pages did not settle on a page count")


def _add_front(writer: PdfWriter, front: FrontMatter) -> None:
    writer.append(PdfReader(io.BytesIO(front.pdf)), import_outline=False)
    for page, title in enumerate(FRONT_BOOKMARKS):
        writer.add_outline_item(title=title, page_number=page, fit=Fit.fit())


def _add_handout(writer: PdfWriter, title: str, reader: PdfReader, start: int) -> None:
    while len(writer.pages) < start - 1:
        writer.add_blank_page()
    writer.append(reader, import_outline=False)
    parent = writer.add_outline_item(
        title=title, page_number=start - 1, fit=Fit.fit(), is_open=False
    )
    _copy_outline(writer, reader, reader.outline, parent, start - 1)


def _copy_outline(
    writer: PdfWriter, reader: PdfReader, items: list[Any], parent: IndirectObject, offset: int
) -> None:
    """The handout's own bookmarks, beneath ``parent``, pointing at its pages in the pack."""
    last = parent
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, last, offset)
        elif isinstance(item, Destination):
            page = offset + (reader.get_destination_page_number(item) or 0)
            last = writer.add_outline_item(
                title=str(item.title), page_number=page, parent=parent, fit=_fit(item)
            )


def _fit(item: Destination) -> Fit:
    if item.typ == "/XYZ":
        return Fit.xyz(left=item.left, top=item.top, zoom=item.zoom)
    return Fit.fit()


def _stamp_page_numbers(
    writer: PdfWriter,
    clinic: LoadedClinic,
    starts: Sequence[int],
    counts: Sequence[int],
    reproducible: bool,
) -> None:
    numbers = [
        number
        for start, count in zip(starts, counts, strict=True)
        for number in range(start, start + count)
    ]
    theme = build_theme(clinic.record.branding)
    overlay = PdfReader(io.BytesIO(page_number_overlay(theme, numbers, reproducible)))
    save_state = writer._add_object(_stream(b"q\n"))
    for number, stamp in zip(numbers, overlay.pages, strict=True):
        _draw_over(writer, writer.pages[number - 1], stamp, save_state)


def _draw_over(
    writer: PdfWriter, page: PageObject, stamp: PageObject, save_state: IndirectObject
) -> None:
    """Draw ``stamp``'s content over ``page`` by adding content streams around the page's own.

    pypdf's merge_page parses and rewrites the whole content stream of the page to do this,
    which took longer than laying the handout out. Here the page keeps its stream untouched
    between "q" and "Q", and the stamp's fonts join the page's under names of their own.
    """
    content = stamp.get_contents()
    data = content.get_data() if content is not None else b""
    page_fonts = _fonts_of(page)
    for name, font in _fonts_of(stamp).items():
        own_name = NameObject(f"/PackNumber{name[1:]}")
        data = data.replace(f"{name} ".encode(), f"{own_name} ".encode())
        page_fonts[own_name] = font.clone(writer)
    contents = page.raw_get("/Contents")  # the reference: a stream cannot be inlined
    drawn = writer._add_object(_stream(b"Q\n" + data))
    page[NameObject("/Contents")] = ArrayObject([save_state, contents, drawn])


def _fonts_of(page: PageObject) -> DictionaryObject:
    resources = cast(DictionaryObject, page["/Resources"].get_object())
    return cast(DictionaryObject, resources["/Font"].get_object())


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    return stream.flate_encode()


def _describe(writer: PdfWriter, clinic: LoadedClinic, reproducible: bool) -> None:
    record = clinic.record
    metadata = {
        "/Title": TITLE.format(clinic=record.name),
        "/Author": record.name,
        "/Subject": f"Patient information handouts from {record.name}",
        "/Creator": "handouts",
    }
    if not reproducible:
        metadata["/CreationDate"] = dt.datetime.now(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata(metadata)
    writer.root_object[NameObject("/Lang")] = TextStringObject(record.locale)
    writer.create_viewer_preferences()[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.page_mode = "/UseOutlines"
