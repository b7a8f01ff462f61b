"""Tagged handout PDFs joined behind a patient's cover with pikepdf: pages and structure
trees copied, structure keys moved on, bookmarks nested, shared fonts and images kept once.

Each handout's pages are copied after the pages already there. Its structure tree is copied
with them: its Document element becomes a Part of the bundle's Document, and its parent tree
keys (each page's /StructParents, each link's /StructParent) move past the keys already used,
so every MCID and annotation still leads to the element that owns it. Font subsets (named by
their characters, see handouts.render.subsets) and images (by their bytes) that several
handouts carry are then kept once. (Packs, with hundreds of handouts, are joined as bytes
instead: see handouts.pack.join.)
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pikepdf
from pikepdf import Array, Name, OutlineItem, Pdf


def append_handout(pack: Pdf, handout: Pdf) -> None:
    """Copy every page of ``handout`` to the end of ``pack``, its structure tree with them."""
    tree = pack.Root.StructTreeRoot
    offset = int(tree.ParentTreeNextKey)
    first = len(pack.pages)
    pack.pages.extend(handout.pages)
    for page in pack.pages[first:]:
        _shift_keys(page, offset)
    source = handout.Root.StructTreeRoot
    document = pack.copy_foreign(source.K)
    document.S = Name.Part
    document.P = tree.K
    tree.K.K.append(document)
    nums = pack.copy_foreign(source.ParentTree).Nums
    merged: Any = tree.ParentTree.Nums
    for index in range(0, len(nums), 2):
        merged.extend([int(nums[index]) + offset, nums[index + 1]])
    tree.ParentTreeNextKey = offset + int(source.ParentTreeNextKey)


def _shift_keys(page: pikepdf.Page, offset: int) -> None:
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def store_shared_once(pack: Pdf) -> None:
    """Point every page at one copy of each font and image that several pages carry."""
    kept: dict[tuple[str, bytes], pikepdf.Object] = {}
    for page in pack.pages:
        resources = page.obj.get("/Resources")
        if resources is None:
            continue
        for kind, key_of in (("/Font", _font_key), ("/XObject", _image_key)):
            entries: Any = resources.get(kind)
            for name, value in list(entries.items()) if entries is not None else []:
                key = (kind, key_of(value))
                entries[name] = kept.setdefault(key, value)


def _font_key(font: pikepdf.Object) -> bytes:
    """A subset's name says which characters of which font it holds."""
    return bytes(str(font.get("/BaseFont", font.objgen)), "utf-8")


def _image_key(image: pikepdf.Object) -> bytes:
    digest = hashlib.blake2b(_stream_bytes(image), digest_size=16)
    mask = image.get("/SMask")
    if mask is not None:
        digest.update(_stream_bytes(mask))
    return digest.digest()


def _stream_bytes(stream: pikepdf.Object) -> bytes:
    if not isinstance(stream, pikepdf.Stream):
        return repr(stream.objgen).encode()
    return bytes(stream.read_raw_bytes()) + repr(sorted(stream.stream_dict.keys())).encode()


def pad_to(pack: Pdf, pages: int) -> None:
    """Blank pages until ``pack`` has ``pages`` (so the next handout starts on an odd page)."""
    while len(pack.pages) < pages:
        width, height = (float(side) for side in pack.pages[0].mediabox[2:])
        pack.add_blank_page(page_size=(width, height)).obj.Tabs = Name.S


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
