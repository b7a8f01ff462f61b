"""The structure tree of a tagged PDF, and the marked content that ties each painted thing to it.

In: elements made in reading order while blocks become flowables (a Sect per section, its
headings, paragraphs, lists, tables, figures). Out, while pages are drawn: ``/P <</MCID n>>
BDC ... EMC`` around real content, each MCID owned by one element, and ``/Artifact ... BDC
... EMC`` around decoration (header band, footer, rules, box backgrounds, the DRAFT mark).
handouts.render.structtree writes the finished tree into the PDF.

A canvas is tagged when it carries a ``Tags`` (``tags_of``); on any other canvas every helper
here draws exactly the same and adds nothing, which is how an untagged PDF is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
WATERMARK = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"
LAYOUT = "/Artifact <</Type /Layout>> BDC"
REPEATED = "/Artifact <</Type /Pagination>> BDC"
"""Content drawn again on a later page (a table's heading row): read once, where it began."""
END = "EMC"


@dataclass(frozen=True, slots=True)
class Mark:
    """A marked-content sequence: MCID ``mcid`` on page ``page`` (from 1)."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """A link annotation on page ``page``, by reportlab's annotation name."""

    page: int
    name: str


class Element:
    """A structure element: its role (P, H2, Table ...), attributes, and kids in reading order:
    elements, marked content on a page, and annotations."""

    __slots__ = ("alt", "attributes", "kids", "lang", "parent", "role")

    def __init__(
        self,
        role: str,
        parent: Element | None = None,
        *,
        alt: str | None = None,
        lang: str | None = None,
        attributes: str | None = None,
    ) -> None:
        self.role = role
        self.parent = parent
        self.kids: list[Element | Mark | Annotation] = []
        self.alt = alt
        self.lang = lang
        self.attributes = attributes
        """A PDF attribute dictionary, as written (e.g. table header scope)."""

    def add(self, role: str, **details: Any) -> Element:
        """A new last child of this element."""
        child = Element(role, self, **details)
        self.kids.append(child)
        return child

    def __repr__(self) -> str:
        return f"Element({self.role!r}, {len(self.kids)} kids)"


class Tags:
    """The structure tree of one document being drawn, and who owns each MCID of each page."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        """The document's language (its /Lang); parts in another language say so."""
        self.root = Element("Document")
        self.owners: dict[int, list[Element]] = {}
        """Page -> the element owning each MCID of that page, in MCID order."""
        self.annotations: list[tuple[Annotation, Element]] = []
        self.logo: Element | None = None
        """The logo's Figure, real content where it is first drawn (see ``take_logo``)."""

    def mark(self, element: Element, page: int) -> str:
        """Open a marked-content sequence owned by ``element``; returns the BDC operator."""
        owners = self.owners.setdefault(page, [])
        element.kids.append(Mark(page, len(owners)))
        owners.append(element)
        return f"/{element.role} <</MCID {len(owners) - 1}>> BDC"

    def annotate(self, element: Element, page: int, name: str) -> int:
        """Make annotation ``name`` a kid of ``element``; returns its index among annotations."""
        annotation = Annotation(page, name)
        element.kids.append(annotation)
        self.annotations.append((annotation, element))
        return len(self.annotations) - 1


def tags_of(canvas: Any) -> Tags | None:
    """The tags of the document ``canvas`` draws, or None when it makes an untagged PDF."""
    tags: Tags | None = getattr(canvas, "handouts_tags", None)
    return tags


def take_logo(canvas: Any) -> Element | None:
    """The logo's Figure for its first drawing; None after that, when the logo is part of the
    page furniture (an artifact), and on an untagged canvas."""
    tags = tags_of(canvas)
    if tags is None:
        return None
    logo, tags.logo = tags.logo, None
    return logo


def begin(canvas: Any, element: Element | None, artifact: str = LAYOUT) -> str | None:
    """The operator that opens ``element``'s next marked content on this page (or an artifact
    when there is no element); None on an untagged canvas."""
    tags = tags_of(canvas)
    if tags is None:
        return None
    if element is None:
        return artifact
    return tags.mark(element, canvas.getPageNumber())


@contextmanager
def marked(canvas: Any, element: Element | None, artifact: str = LAYOUT) -> Iterator[None]:
    """Whatever is drawn inside is ``element``'s content (an artifact when it is None)."""
    operator = begin(canvas, element, artifact)
    if operator is None:
        yield
        return
    canvas._code.append(operator)
    yield
    canvas._code.append(END)


def artifact(canvas: Any, kind: str = LAYOUT) -> Any:
    """Whatever is drawn inside is decoration of the kind given (LAYOUT, HEADER ...)."""
    return marked(canvas, None, kind)
