"""A patient's cover and their handouts -> one tagged PDF: the cover, then each handout from
a new page (from an odd page with ``duplex``), one bookmark per handout with its sections
beneath. Unlike a pack there is no contents page and no pack page numbers: a few handouts,
each numbering its own pages, need neither.

Joining PDFs copies every object of every handout, which costs far more than drawing a
cover; but every patient given the same handouts gets the same pages behind their cover. So
the handouts are joined once behind a stand-in cover (``bundle_template``), and each
patient's PDF is that template with its cover page and the cover's structure elements
replaced (``with_cover``). The handouts' parent tree keys start at COVER_KEYS in every
template, so any one-page cover with fewer keys fits without renumbering them; a cover that
does not fit (a very long note) is joined the slow way, which gives the same document.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf

from handouts.batch.pdfjoin import (
    append_handout,
    handout_bookmarks,
    pad_to,
    pdf_bytes,
    saved_pdf,
    store_shared_once,
)
from handouts.i18n.words import N_, Words
from handouts.pack.joinplan import PackEntry
from handouts.render.front import FrontMatter

COVER_BOOKMARK = N_("Prepared for you")
COVER_KEYS = 64
"""Parent tree keys kept for the cover (its page, and one per link on it)."""
_COVER_PAGE = Name("/HandoutsCoverPage")
"""Stands for the cover page in its structure elements while they are copied."""


def assemble_bundle(
    cover: FrontMatter,
    entries: Sequence[PackEntry],
    words: Words,
    *,
    duplex: bool,
    reproducible: bool,
) -> tuple[bytes, int]:
    """The patient's PDF and its page count, joined the slow way (any cover)."""
    bundle = Pdf.open(io.BytesIO(cover.pdf))
    tree = bundle.Root.StructTreeRoot
    tree.ParentTreeNextKey = max(int(tree.ParentTreeNextKey), COVER_KEYS)
    outline = [OutlineItem(words.gettext(COVER_BOOKMARK), 0)]
    for entry in entries:
        if duplex and len(bundle.pages) % 2:
            pad_to(bundle, len(bundle.pages) + 1)
        handout = Pdf.open(io.BytesIO(entry.pdf))
        start = len(bundle.pages)
        append_handout(bundle, handout)
        outline.append(handout_bookmarks(entry.title, handout, start))
    store_shared_once(bundle)
    return saved_pdf(bundle, outline, reproducible), len(bundle.pages)


def with_cover(template: bytes, cover: FrontMatter, reproducible: bool) -> bytes | None:
    """``template`` (from ``assemble_bundle`` with a one-page cover) with ``cover`` in place
    of its cover; None when ``cover`` has more than one page or too many links to fit."""
    new = Pdf.open(io.BytesIO(cover.pdf))
    new_tree = new.Root.StructTreeRoot
    if len(new.pages) != 1 or int(new_tree.ParentTreeNextKey) > COVER_KEYS:
        return None
    bundle = Pdf.open(io.BytesIO(template))
    page = bundle.pages[0].obj
    # Each /Pg naming the cover page is set to a stand-in name while the elements are copied
    # (copying would otherwise copy the page with them), then to the bundle's cover page.
    cover_page = new.pages[0].obj.objgen
    _set_page(new_tree.K, lambda pg: pg.objgen == cover_page, _COVER_PAGE)
    for kid in new_tree.K.K:
        del kid["/P"]
    _replace_page(bundle, new, page)
    _replace_elements(bundle, new, page)
    return pdf_bytes(bundle, reproducible)


def _copied(bundle: Pdf, source: Pdf, item: Any) -> Any:
    """``item`` of ``source`` copied into ``bundle`` (with everything it refers to)."""
    return bundle.copy_foreign(item if item.is_indirect else source.make_indirect(item))


def _replace_page(bundle: Pdf, new: Pdf, page: Dictionary) -> None:
    """The cover page's content, resources and links in place of the stand-in's; images the
    stand-in has too (the logo: named by its content) are kept rather than copied again."""
    new_page = new.pages[0].obj
    kept = _shared_images(page, new_page)
    for key in ("/Contents", "/Resources", "/Annots"):
        if key in new_page:
            page[key] = _copied(bundle, new, new_page[key])
        elif key in page:
            del page[key]
    for name, image in kept.items():
        page.Resources.XObject[name] = image


def _shared_images(page: Dictionary, new_page: Dictionary) -> dict[str, Any]:
    """The stand-in's images that the new cover draws too, taken out of the new cover's
    resources so that they are not copied."""
    old: Any = page.Resources.get("/XObject", Dictionary())
    new: Any = new_page.Resources.get("/XObject", Dictionary())
    shared = {name: old[name] for name in new if name in old}
    for name in shared:
        del new[name]
    return shared


def _replace_elements(bundle: Pdf, new: Pdf, page: Dictionary) -> None:
    """The cover's elements in place of the stand-in's (those before the first handout's
    Part), and its parent tree entries in place of theirs."""
    new_tree = new.Root.StructTreeRoot
    tree = bundle.Root.StructTreeRoot
    document = tree.K
    kids: Any = _copied(bundle, new, new_tree.K.K)
    for kid in kids:
        kid.P = document
        _set_page(kid, lambda pg: pg == _COVER_PAGE, page)
    handouts = [kid for kid in document.K if kid.get("/S") == Name.Part]
    document.K = Array([*kids, *handouts])
    cover_nums: Any = _copied(bundle, new, new_tree.ParentTree.Nums)
    nums: Any = tree.ParentTree.Nums
    kept = [(nums[i], nums[i + 1]) for i in range(0, len(nums), 2) if int(nums[i]) >= COVER_KEYS]
    tree.ParentTree.Nums = Array([*cover_nums, *(item for pair in kept for item in pair)])


def _set_page(node: Any, is_page: Callable[[Any], bool], page: Any) -> None:
    """Every /Pg in the elements of ``node`` (and their marked-content and object
    references) for which ``is_page`` holds, set to ``page``."""
    if isinstance(node, Array):
        for item in node:
            _set_page(item, is_page, page)
    elif isinstance(node, Dictionary):
        if "/Pg" in node and is_page(node.Pg):
            node.Pg = page
        if "/K" in node:
            _set_page(node.K, is_page, page)
