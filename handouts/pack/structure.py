"""Tagged handout PDFs joined into one tagged pack: structure trees merged, shared parts stored
once.

Each handout's pages are copied into the pack after the front pages. Its structure tree is
copied with them: its Document element becomes a Part of the pack's Document, and its parent
tree keys (each page's /StructParents, each link's /StructParent) move past the keys already
used, so every MCID and annotation still leads to the element that owns it. Font subsets
(named by their characters, see handouts.render.subsets) and images (by their bytes) that
several handouts carry are then kept once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Name, Pdf


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


def front_links(pack: Pdf, pages: int) -> Iterator[Any]:
    """The link annotations of the first ``pages`` pages (the contents rows), in order."""
    for page in pack.pages[:pages]:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == Name.Link and "/Dest" in annotation:
                yield annotation


def point_links(pack: Pdf, pages: int) -> None:
    """Point each contents row's link, drawn with the pack page number it goes to, at that
    page."""
    for annotation in front_links(pack, pages):
        target = annotation.Dest[0]
        if isinstance(target, int):
            annotation.Dest = Array([pack.pages[int(target)].obj, Name.Fit])
