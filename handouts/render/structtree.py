"""A finished structure tree (handouts.render.tagging) -> the PDF objects of a tagged PDF.

``TaggedCanvas`` is the canvas of every tagged document: each page it writes gets
``/StructParents`` (its key in the parent tree) and ``/Tabs /S``; on save it adds the
StructTreeRoot, one StructElem per element (empty ones left out), the ParentTree mapping each
page's MCIDs and each link annotation back to their elements, ``/MarkInfo``, and XMP
metadata naming the title and PDF/UA-1. The objects are written as PDF text directly: the tree
of a handout has a few hundred elements, and reportlab's generic dictionaries would make
writing it slower than drawing the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from handouts.render.metadata import xmp_metadata
from handouts.render.tagging import Annotation, Element, Mark, Tags

_PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
KEEP_EMPTY = frozenset({"TD", "TH", "TR", "Document"})
"""Roles kept without content: a table stays regular with an empty cell."""


class Raw(PDFObject):  # type: ignore[misc]
    """A PDF object whose text is made when the file is written, once every object it refers
    to has its number."""

    def __init__(self, make: Callable[[Any], bytes]) -> None:
        self.make = make

    def format(self, document: Any) -> bytes:
        return self.make(document)


class LateNumber(PDFObject):  # type: ignore[misc]
    """A number known only when the file is written (an annotation's parent-tree key)."""

    def __init__(self) -> None:
        self.value = 0

    def format(self, document: Any) -> bytes:
        return str(self.value).encode()


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes a tagged PDF when it is given ``Tags`` (``tags=None``: untagged)."""

    def __init__(self, *args: Any, tags: Tags | None = None, title: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.handouts_tags = tags
        self.handouts_title = title
        self.handouts_annotation_keys: list[LateNumber] = []

    def _setAnnotations(self, page: PDFPage) -> None:
        super()._setAnnotations(page)
        if self.handouts_tags is not None:
            page.__NoDefault__ = _PAGE_KEYS
            page.StructParents = self._pageNumber - 1
            page.Tabs = PDFName("S")

    def annotation_key(self) -> LateNumber:
        """The /StructParent of the next link annotation, numbered once pages are counted."""
        key = LateNumber()
        self.handouts_annotation_keys.append(key)
        return key

    def save(self) -> None:
        if self.handouts_tags is not None:
            pages = self._doc.pageCounter - 1 + (1 if self._code else 0)
            for index, key in enumerate(self.handouts_annotation_keys):
                key.value = pages + index
            write_tree(self._doc, self.handouts_tags, pages, self.handouts_title)
        super().save()


def write_tree(document: Any, tags: Tags, pages: int, title: str) -> None:
    """Add ``tags`` to a reportlab document whose ``pages`` pages are all drawn."""
    _prune(tags.root)
    refs: dict[int, PDFObjectReference] = {}
    root = Raw(lambda doc: b"")
    root_ref = document.Reference(root)
    for element in _walk(tags.root):
        refs[id(element)] = document.Reference(Raw(_element_text(element, refs, root_ref)))
    parent_tree = document.Reference(Raw(_parent_tree_text(tags, pages, refs)))
    next_key = pages + len(tags.annotations)
    top = refs[id(tags.root)]
    root.make = lambda doc: (
        b"<< /Type /StructTreeRoot /K " + _ref(top, doc) + b" /ParentTree "
        + _ref(parent_tree, doc) + b" /ParentTreeNextKey " + str(next_key).encode() + b" >>"
    )  # fmt: skip
    catalog = document.Catalog
    catalog.StructTreeRoot = root
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Metadata = xmp_metadata(title)


def _walk(root: Element) -> Iterator[Element]:
    """Every element under ``root`` and itself, parents before children, in reading order.
    A stack, not nested generators: a handout's tree is several levels deep."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(kid for kid in reversed(element.kids) if isinstance(kid, Element))


def _prune(element: Element) -> bool:
    """Leave out elements with no content (built but never drawn); True if ``element`` stays."""
    element.kids = [
        kid for kid in element.kids if not isinstance(kid, Element) or _prune(kid)
    ]  # fmt: skip
    if element.role == "Figure":  # its caption was made before its picture was drawn
        element.kids.sort(key=lambda kid: isinstance(kid, Element))
    return bool(element.kids) or element.role in KEEP_EMPTY


def _element_text(
    element: Element, refs: dict[int, PDFObjectReference], root: PDFObjectReference
) -> Callable[[Any], bytes]:
    def make(doc: Any) -> bytes:
        parent = refs[id(element.parent)] if element.parent is not None else root
        page = _first_page(element)
        parts = [b"<</S /", element.role.encode(), b" /P ", _ref(parent, doc)]
        if page is not None:
            parts += [b" /Pg ", _page_ref(page, doc)]
        parts += [b" /K [", b" ".join(_kid(kid, page, refs, doc) for kid in element.kids), b"]"]
        parts += _details(element, doc)
        return b"".join([*parts, b" >>"])

    return make


def _details(element: Element, doc: Any) -> list[bytes]:
    parts = []
    if element.alt is not None:
        parts += [b" /Alt ", PDFString(element.alt).format(doc)]
    if element.lang is not None:
        parts += [b" /Lang ", PDFString(element.lang).format(doc)]
    if element.attributes is not None:
        parts += [b" /A ", element.attributes.encode()]
    return parts


def _kid(kid: Element | Mark | Annotation, page: int | None, refs: Any, doc: Any) -> bytes:
    if isinstance(kid, Element):
        return _ref(refs[id(kid)], doc)
    if isinstance(kid, Mark):
        if kid.page == page:
            return str(kid.mcid).encode()
        return b"<< /Type /MCR /Pg " + _page_ref(kid.page, doc) + b" /MCID %d >>" % kid.mcid
    annotation = _ref(doc.refAnnotation(kid.name), doc)
    return b"<< /Type /OBJR /Pg " + _page_ref(kid.page, doc) + b" /Obj " + annotation + b" >>"


def _first_page(element: Element) -> int | None:
    for kid in element.kids:
        if isinstance(kid, Mark | Annotation):
            return kid.page
    return None


def _parent_tree_text(
    tags: Tags, pages: int, refs: dict[int, PDFObjectReference]
) -> Callable[[Any], bytes]:
    def make(doc: Any) -> bytes:
        nums = []
        for page in range(1, pages + 1):
            owners = b" ".join(_ref(refs[id(e)], doc) for e in tags.owners.get(page, []))
            nums.append(b"%d [%s]" % (page - 1, owners))
        for index, (_, element) in enumerate(tags.annotations):
            nums.append(b"%d %s" % (pages + index, _ref(refs[id(element)], doc)))
        return b"<< /Nums [" + b" ".join(nums) + b"] >>"

    return make


def _ref(ref: PDFObjectReference, doc: Any) -> bytes:
    """``n 0 R`` for a registered object (as reportlab writes it, without its detours)."""
    return b"%d 0 R" % doc.idToObjectNumberAndVersion[ref.name][0]


def _page_ref(page: int, doc: Any) -> bytes:
    return b"%d 0 R" % doc.idToObjectNumberAndVersion[f"Page{page}"][0]
