"""The stories of a pack's front pages: the list of what is inside (on the cover) and the
contents pages, whose rows link to the pack page where each handout starts.

All their text is set by the handouts' own text engine (handouts.render.textblock), as in the
handouts themselves: plain text, never markup, with the Chinese font where a character needs
it and bold Chinese drawn bold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.platypus import (
    Flowable,
    Spacer,
    Table,
    TableStyle,
)

from handouts.i18n.words import N_
from handouts.markdown.blocks import Span
from handouts.render.fonts import BODY_BOLD
from handouts.render.tagging import Element, marked, tags_of
from handouts.render.textblock import TextBlock
from handouts.render.theme import Theme

INSIDE = N_("In this pack")
CONTENTS = N_("Contents")
CONTENTS_LEAD = N_(
    "Page numbers here match the number at the top right of each page. Each handout also "
    "numbers its own pages at the foot, so it can be given out on its own."
)
NUMBER_COLUMN = 16 * mm
COVER_NOTES_UP_TO = 10
"""A longer pack lists only titles on its cover (the contents page has the rest), and so does
every large-print pack, whose notes would have to shrink to fit."""
GREY = colors.HexColor("#555555")


@dataclass(frozen=True)
class ContentsItem:
    title: str
    note: str
    """One line under the title: what the handout is about."""
    start: int
    """Pack page (from 1, the cover) where the handout starts."""


def child(parent: Element | None, role: str) -> Element | None:
    """A new ``role`` element in ``parent``, or None when untagged."""
    return parent.add(role) if parent is not None else None


def inside_list(
    items: Sequence[ContentsItem],
    theme: Theme,
    width: float,
    parent: Element | None,
    heading: str = INSIDE,
) -> list[Flowable]:
    """What is inside, under ``heading`` (a catalog message): titles with notes, or for a
    long pack titles in two columns. Tagged as an H2 and a list in ``parent``."""
    heading_text = theme.words.gettext(heading)
    title = text_block(heading_text, theme.styles["h2"], child(parent, "H2"))
    element = child(parent, "L")
    if len(items) <= COVER_NOTES_UP_TO:
        return [title, *_numbered(items, theme, 1, not theme.large_print, element)]
    half = (len(items) + 1) // 2
    columns = [
        _numbered(items[:half], theme, 1, False, element),
        _numbered(items[half:], theme, half + 1, False, element),
    ]
    return [title, Table([columns], colWidths=[width / 2] * 2, style=_COLUMNS)]


def least_list_height(count: int, theme: Theme) -> float:
    """The least height ``inside_list`` can take for ``count`` items, without laying it out:
    a line for each entry of the longer column."""
    rows = count if count <= COVER_NOTES_UP_TO else (count + 1) // 2
    return float(rows * _item_title_style(theme).leading)


_COLUMNS = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)


def _numbered(
    items: Sequence[ContentsItem],
    theme: Theme,
    start: int,
    with_notes: bool,
    element: Element | None,
) -> list[Flowable]:
    """Numbered entries, each an LI of ``element`` with its number as the Lbl."""
    size = theme.styles["body"].fontSize
    number_style = ParagraphStyle(
        "cover_number", _item_title_style(theme), fontName=BODY_BOLD, textColor=theme.primary
    )
    entries = []
    for number, item in enumerate(items, start):
        entry = child(element, "LI")
        label = text_block(f"{number}.", number_style, child(entry, "Lbl"))
        body = child(entry, "LBody")
        entries.append(CoverEntry(label, _cover_entry(item, theme, with_notes, body), size * 1.8))
    return entries


class CoverEntry(Flowable):  # type: ignore[misc]
    """A numbered entry of the cover's list: its number, then its paragraphs indented."""

    def __init__(self, label: TextBlock, body: list[TextBlock], indent: float) -> None:
        super().__init__()
        self.label, self.body, self.indent = label, body, indent

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        room = available_width - self.indent
        self.heights = [part.wrap(room, available_height)[1] for part in self.body]
        self.label.wrap(self.indent, available_height)
        spaces = sum(part.getSpaceAfter() for part in self.body)
        self.width, self.height = available_width, sum(self.heights) + spaces
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        self.label.drawOn(self.canv, 0, top - self.label.height)
        for part, height in zip(self.body, self.heights, strict=True):
            top -= height
            part.drawOn(self.canv, self.indent, top)
            top -= part.getSpaceAfter()


def _cover_entry(
    item: ContentsItem, theme: Theme, with_note: bool, body: Element | None
) -> list[TextBlock]:
    entry = [text_block(item.title, _item_title_style(theme), child(body, "P"))]
    if with_note:
        note = _sentence_case(item.note)
        entry.append(text_block(note, _note_style(theme), child(body, "P")))
    return entry


def contents_story(
    items: Sequence[ContentsItem], theme: Theme, parent: Element | None
) -> list[Any]:
    """The contents pages: a title, a note on page numbers, then one linked row per handout
    (tagged H1, P and a TOC with a TOCI per handout, in ``parent``)."""
    styles = theme.styles
    words = theme.words
    title = text_block(words.gettext(CONTENTS), styles["title"], child(parent, "H1"))
    lead = text_block(words.gettext(CONTENTS_LEAD), _note_style(theme), child(parent, "P"))
    toc = child(parent, "TOC")
    rows = [ContentsRow(item, theme, _toc_link(toc)) for item in items]
    return [title, lead, Spacer(1, 4 * mm), *rows]


def _toc_link(toc: Element | None) -> Element | None:
    """A TOCI holding a Reference holding the Link to the handout."""
    return child(child(child(toc, "TOCI"), "Reference"), "Link")


class ContentsRow(Flowable):  # type: ignore[misc]
    """Title and note on the left, pack page on the right, all one link to that page (whose
    destination the assembler sets)."""

    def __init__(self, item: ContentsItem, theme: Theme, link: Element | None) -> None:
        super().__init__()
        self.item = item
        self.theme = theme
        self.link = link
        title_style = _item_title_style(theme)
        self.title = text_block(item.title, title_style, link)
        self.number = text_block(str(item.start), title_style, link)
        self.note = text_block(_sentence_case(item.note), _note_style(theme), link)
        self.padding = 2.5 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        text_width = available_width - NUMBER_COLUMN
        self.title_height = self.title.wrap(text_width, available_height)[1]
        self.note_height = self.note.wrap(text_width, available_height)[1]
        self.number_height = self.number.wrap(NUMBER_COLUMN, available_height)[1]
        self.width = available_width
        self.height = self.title_height + self.note_height + 2 * self.padding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height - self.padding
        self.title.drawOn(canvas, 0, top - self.title_height)
        number_width = max((line.width for line in self.number.lines), default=0.0)
        self.number.drawOn(canvas, self.width - number_width, top - self.number_height)
        self.note.drawOn(canvas, 0, top - self.title_height - self.note_height)
        canvas.saveState()
        canvas.setStrokeColor(self.theme.rule)
        canvas.setLineWidth(0.5)
        with marked(canvas, None):
            canvas.line(0, 0, self.width, 0)
        canvas.restoreState()
        x, y = canvas.absolutePosition(0, 0)
        rect = (x, y, x + self.width, y + self.height)
        words = self.theme.words
        description = words.gettext(
            "{title}, page {page}", title=self.item.title, page=self.item.start
        )
        _annotate(canvas, self.link, rect, self.item, description)


def text_block(text: str, style: ParagraphStyle, tag: Element | None) -> TextBlock:
    """Plain text (``\n`` for a line break) as the content of ``tag``, set by the handouts'
    own text engine: the Chinese font where a character needs it, bold Chinese drawn bold."""
    return TextBlock((Span(text),), style, style.textColor, tag=tag)


def _annotate(
    canvas: Any,
    link: Element | None,
    rect: tuple[float, ...],
    item: ContentsItem,
    description: str,
) -> None:
    """A link annotation over a contents row, going to (for now) the pack page number; the
    assembler points it at that page once the handouts are in."""
    annotation = PDFDictionary(
        {
            "Type": PDFName("Annot"),
            "Subtype": PDFName("Link"),
            "Rect": PDFArray(list(rect)),
            "Border": PDFArray([0, 0, 0]),
            "Dest": PDFArray([item.start - 1, PDFName("Fit")]),
            "Contents": PDFString(description),
            "F": 4,
        }
    )
    tags = tags_of(canvas)
    if tags is not None and link is not None:
        annotation["StructParent"] = canvas.annotation_key()
    canvas._addAnnotation(annotation)
    if tags is not None and link is not None:
        tags.annotate(link, canvas.getPageNumber(), f"NUMBER{canvas._annotationCount}")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _item_title_style(theme: Theme) -> ParagraphStyle:
    body = theme.styles["body"]
    return ParagraphStyle(
        "item_title", body, fontName=BODY_BOLD, textColor=theme.primary, spaceAfter=0
    )


def _note_style(theme: Theme) -> ParagraphStyle:
    body = theme.styles["body"]
    size = body.fontSize * 0.85
    return ParagraphStyle(
        "item_note", body, fontSize=size, leading=size * 1.3, textColor=GREY, spaceAfter=size * 0.6
    )
