"""The stories of a pack's front pages: the list of what is inside (on the cover) and the
contents pages, whose rows link to the pack page where each handout starts.

Front-page text goes through reportlab's Paragraph (for its alignments), so it is escaped
here first, with the Chinese font where a character needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from handouts.render.fonts import BODY, BODY_BOLD, font_runs, require_glyphs_for
from handouts.render.theme import Theme

INSIDE = "In this pack"
CONTENTS = "Contents"
CONTENTS_LEAD = (
    "Page numbers here match the number at the top right of each page. Each handout also "
    "numbers its own pages at the foot, so it can be given out on its own."
)
NUMBER_COLUMN = 16 * mm
COVER_NOTES_UP_TO = 10
"""A longer pack lists only titles on its cover (the contents page has the rest)."""
GREY = colors.HexColor("#555555")


@dataclass(frozen=True)
class ContentsItem:
    title: str
    note: str
    """One line under the title: what the handout is about."""
    start: int
    """Pack page (from 1, the cover) where the handout starts."""


@dataclass(frozen=True)
class Link:
    """A clickable area on a front page that goes to a pack page."""

    page: int
    """Front page index, from 0."""
    rect: tuple[float, float, float, float]
    target: int
    """Pack page number, from 1."""


def plain_markup(text: str) -> str:
    """Plain text as reportlab paragraph markup (for the pack's front pages, which use
    reportlab's Paragraph for its alignments): escaped, with the Chinese font where needed."""
    require_glyphs_for(text)
    parts = []
    for font, run in font_runs(text):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == BODY else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def cover_story(items: Sequence[ContentsItem], theme: Theme, box: tuple[float, float]) -> list[Any]:
    """What is inside: titles with notes, or for a long pack titles in two columns; shrunk
    to fit the cover's ``box`` (width, height) if even that is too long."""
    width, height = box
    if len(items) <= COVER_NOTES_UP_TO:
        listing = _numbered(items, theme, 1, with_notes=True)
    else:
        half = (len(items) + 1) // 2
        columns = [
            _numbered(items[:half], theme, 1, with_notes=False),
            _numbered(items[half:], theme, half + 1, with_notes=False),
        ]
        listing = Table([columns], colWidths=[width / 2] * 2, style=_COLUMNS)
    inside = [Paragraph(INSIDE, theme.styles["h2"]), listing]
    return [
        KeepInFrame(width, height, inside, mode="shrink"),
        NextPageTemplate("contents"),
        PageBreak(),
    ]


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
    items: Sequence[ContentsItem], theme: Theme, start: int, with_notes: bool
) -> ListFlowable:
    size = theme.styles["body"].fontSize
    return ListFlowable(
        [ListItem(_cover_entry(item, theme, with_notes)) for item in items],
        bulletType="1",
        start=start,
        bulletFormat="%s.",
        bulletFontName=BODY_BOLD,
        bulletFontSize=size,
        bulletColor=theme.primary,
        leftIndent=size * 1.8,
    )


def _cover_entry(item: ContentsItem, theme: Theme, with_note: bool) -> list[Paragraph]:
    entry = [Paragraph(plain_markup(item.title), _item_title_style(theme))]
    if with_note:
        entry.append(Paragraph(plain_markup(_sentence_case(item.note)), _note_style(theme)))
    return entry


def contents_story(items: Sequence[ContentsItem], theme: Theme, links: list[Link]) -> list[Any]:
    """The contents pages: a title, a note on page numbers, then one linked row per handout."""
    styles = theme.styles
    return [
        Paragraph(CONTENTS, styles["title"]),
        Paragraph(CONTENTS_LEAD, _note_style(theme)),
        Spacer(1, 4 * mm),
        *(ContentsRow(item, theme, links) for item in items),
    ]


class ContentsRow(Flowable):  # type: ignore[misc]
    """Title and note on the left, pack page on the right; records where it was drawn."""

    def __init__(self, item: ContentsItem, theme: Theme, links: list[Link]) -> None:
        super().__init__()
        self.item = item
        self.theme = theme
        self.links = links
        title_style = _item_title_style(theme)
        self.title = Paragraph(plain_markup(item.title), title_style)
        self.number = Paragraph(
            str(item.start), ParagraphStyle("number", title_style, alignment=TA_RIGHT)
        )
        self.note = Paragraph(plain_markup(_sentence_case(item.note)), _note_style(theme))
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
        self.number.drawOn(canvas, self.width - NUMBER_COLUMN, top - self.number_height)
        self.note.drawOn(canvas, 0, top - self.title_height - self.note_height)
        canvas.saveState()
        canvas.setStrokeColor(self.theme.rule)
        canvas.setLineWidth(0.5)
        canvas.line(0, 0, self.width, 0)
        canvas.restoreState()
        x, y = canvas.absolutePosition(0, 0)
        rect = (x, y, x + self.width, y + self.height)
        self.links.append(Link(canvas.getPageNumber() - 1, rect, self.item.start))


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
