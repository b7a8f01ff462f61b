"""Blocks + theme -> reportlab flowables, page templates and finished PDF bytes.

Every page gets a header band (clinic colour, logo, name) and a footer (contact line, review
dates, "Page X of Y"). Finished pages are held until the
document is saved, when the page total is known, so layout runs once instead of twice.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from handouts.errors import LayoutError, Problem
from handouts.markdown import parse
from handouts.render.fonts import BODY, BODY_BOLD, CJK, font_runs, require_glyphs_for
from handouts.render.images import EncodedImage, draw_in_box, encoded_logo
from handouts.render.textblock import TextBlock
from handouts.render.theme import Theme

# Binary streams instead of ASCII85 (smaller, faster), and font subsets without the ASCII
# re-ordering that only makes content streams human-readable.
rl_config.useA85 = 0
rl_config.ttfAsciiReadable = 0

FOOTER_RULE = 18 * mm
FOOTER_LINE_1 = 13 * mm
FOOTER_LINE_2 = 8.5 * mm
BAND_NUMBER_ROOM = 14 * mm
"""Kept clear at the right of the header band, where a pack prints its page numbers."""
MIN_FURNITURE_SIZE = 6.5
"""Smallest type size (points) the header and footer lines may shrink to before a too-long
clinic name or wording is reported instead of running off the page."""
_MIN_PIECE = 36
"""A table row or box taller than the space left splits, leaving at least this many points
(about two lines) on each side of the break."""


# --------------------------------------------------------------------------- inline text


def plain_markup(text: str) -> str:
    """Plain text as reportlab paragraph markup (for the pack's front pages, which use
    reportlab's Paragraph for its alignments): escaped, with the Chinese font where needed."""
    require_glyphs_for(text)
    parts = []
    for font, run in font_runs(text):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == BODY else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


# --------------------------------------------------------------------------- blocks


class SectionHeading(TextBlock):
    """A heading that also becomes a PDF bookmark (once, if it splits)."""

    outline_title: str | None = None
    outline_level = 0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        for part in parts[1:]:
            part.outline_title = None
        return parts


def _section_heading(
    heading: parse.Heading, style: Any, link_colour: Any, outline_level: int
) -> SectionHeading:
    flowable = SectionHeading(heading.inline, style, link_colour)
    flowable.outline_title = parse.plain(heading.inline)
    flowable.outline_level = outline_level
    return flowable


@dataclass
class FlowableBuilder:
    """Turns one parsed document into flowables for one theme."""

    theme: Theme
    outline_level: int = 0
    """Outline level of section headings (a pack nests them under the handout title)."""
    bookmark_title: bool = False
    """Whether the title itself gets a bookmark (it does in a pack)."""
    text_style: str = "body"
    list_style: str = "list"
    in_box: bool = False
    """Inside a callout's table cell, where reportlab cannot keep flowables together."""

    def document(self, document: parse.Document) -> list[Flowable]:
        flowables: list[Flowable] = []
        after_title = False
        for block in document.blocks:
            if after_title and isinstance(block, parse.Paragraph):
                flowables.append(self.text(block.inline, "lead"))
            else:
                flowables.extend(self.block(block))
            after_title = isinstance(block, parse.Heading) and block.level == 1
        return keep_headings_with_content(flowables, self._style("body").leading)

    def block(self, block: parse.Block) -> Iterator[Flowable]:
        if isinstance(block, parse.Heading):
            yield self.heading(block)
        elif isinstance(block, parse.Paragraph):
            yield self.text(block.inline, self.text_style)
        elif isinstance(block, parse.ListBlock):
            yield from self.list_block(block)
        elif isinstance(block, parse.Table):
            yield self.table(block)
        elif isinstance(block, parse.Callout) and block.kind == "fineprint":
            yield from self.fineprint(block)
        elif isinstance(block, parse.Callout):
            yield self.callout(block)
        elif isinstance(block, parse.Rule):
            yield HRFlowable(width="100%", color=self.theme.rule, spaceBefore=4, spaceAfter=8)
        elif isinstance(block, parse.Figure):
            yield from self.figure(block)

    def _style(self, name: str) -> Any:
        return self.theme.styles[name]

    def text(self, inline: parse.Inline, style: str) -> TextBlock:
        return TextBlock(inline, self._style(style), self.theme.primary)

    def figure(self, figure: parse.Figure) -> list[Flowable]:
        """An image from the clinic's folder at 150 dpi, shrunk to fit the column and half
        the page, with its alt text as a caption."""
        if figure.path is None:
            raise LayoutError(f"image '{figure.src}' was not found in the clinic's folders")
        width, height = _fitted(ImageReader(str(figure.path)).getSize(), self.theme)
        parts: list[Flowable] = [Image(str(figure.path), width, height, hAlign="LEFT")]
        if figure.alt:
            parts.append(self.text((parse.Span(figure.alt),), "small"))
        return parts if self.in_box else [KeepTogether(parts)]

    def heading(self, heading: parse.Heading) -> Flowable:
        style = self._style({1: "title", 2: "h2"}.get(heading.level, "h3"))
        if heading.level == 1 and self.bookmark_title:
            return _section_heading(heading, style, self.theme.primary, 0)
        if heading.level == 2:
            return _section_heading(heading, style, self.theme.primary, self.outline_level)
        return TextBlock(heading.inline, style, self.theme.primary)

    def list_block(self, block: parse.ListBlock) -> list[Flowable]:
        """A list of one-paragraph items (nearly every list in a handout) is a run of
        paragraphs with bullets, several times cheaper to lay out than reportlab's
        ListFlowable, which is kept for items holding several blocks."""
        if all(len(item) == 1 and isinstance(item[0], parse.Paragraph) for item in block.items):
            return self._bulleted(block)
        return [self._list_flowable(block)]

    def _bulleted(self, block: parse.ListBlock) -> list[Flowable]:
        style = _bullet_style(self._style(self.list_style), self.theme.primary, block.ordered)
        last = _bullet_style(self._style(self.list_style), self.theme.primary, block.ordered, True)
        paragraphs: list[Flowable] = []
        for number, item in enumerate(block.items, block.start):
            inline = item[0].inline  # type: ignore[union-attr]
            bullet = f"{number}." if block.ordered else "\u2022"
            item_style = last if number == block.start + len(block.items) - 1 else style
            paragraphs.append(TextBlock(inline, item_style, self.theme.primary, bullet))
        return paragraphs

    def _list_flowable(self, block: parse.ListBlock) -> Flowable:
        items = [ListItem(self._item(item) or [Spacer(0, 0)]) for item in block.items]
        size = self._style(self.text_style).fontSize
        options: dict[str, Any] = {
            "leftIndent": size * 1.6,
            "bulletFontName": BODY_BOLD if block.ordered else BODY,
            "bulletFontSize": size,
            "bulletColor": self.theme.primary,
            "spaceBefore": 0,
            "spaceAfter": size * 0.4,
        }
        if block.ordered:
            return ListFlowable(
                items, bulletType="1", start=block.start, bulletFormat="%s.", **options
            )
        return ListFlowable(items, bulletType="bullet", start="\u2022", **options)

    def _item(self, blocks: Iterable[parse.Block]) -> list[Flowable]:
        flowables: list[Flowable] = []
        for block in blocks:
            if isinstance(block, parse.Paragraph):
                flowables.append(self.text(block.inline, self.list_style))
            else:
                flowables.extend(self.block(block))
        return flowables

    def table(self, block: parse.Table) -> Flowable:
        head = [self.text(cell, "cell_head") for cell in block.header]
        rows = [[self.text(cell, "cell") for cell in row] for row in block.rows]
        widths = column_widths([block.header, *block.rows], self.theme, CELL_PADDING)
        table = Table(
            [head, *rows], colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=_MIN_PIECE
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), self.theme.primary),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, self.theme.accent]),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, self.theme.rule),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), BODY),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        table.spaceAfter = self._style("body").spaceAfter
        return table

    def fineprint(self, block: parse.Callout) -> list[Flowable]:
        """Reference material (sources): smaller type, no box."""
        small = replace(self, text_style="small", list_style="small")
        return [flowable for inner in block.blocks for flowable in small.block(inner)]

    def callout(self, block: parse.Callout) -> Flowable:
        """A tinted box with a coloured left edge, kept on one page when it fits.

        One row per block, so a box taller than a page can still split between blocks; the
        title shares the first row so it is never left alone at the foot of a page.
        """
        background, border = self.theme.callout_colours(block.kind)
        boxed = replace(self, in_box=True)
        rows: list[list[Flowable | list[Flowable]]] = [
            [flowable] for inner in block.blocks for flowable in boxed._item([inner])
        ] or [[Spacer(1, 1)]]
        if block.title:
            title = self.text((parse.Span(block.title),), "callout_title")
            rows[0] = [[title, rows[0][0]]]
        box = Table(rows, colWidths=[self.theme.frame_width], hAlign="LEFT", splitInRow=_MIN_PIECE)
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), background),
                    ("FONTNAME", (0, 0), (-1, -1), BODY),
                    ("LINEBEFORE", (0, 0), (0, -1), 4, border),
                    ("LEFTPADDING", (0, 0), (-1, -1), 12),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ]
            )
        )
        box.spaceBefore = 4
        box.spaceAfter = self._style("body").spaceAfter + 4
        return box if self.in_box else KeepTogether([box])


def _fitted(pixels: tuple[int, int], theme: Theme) -> tuple[float, float]:
    width, height = (size * 72 / 150 for size in pixels)
    frame_height = theme.page_size[1] - theme.margin_top - theme.margin_bottom
    scale = min(1.0, theme.frame_width / width, frame_height / 2 / height)
    return width * scale, height * scale


CELL_PADDING = 8.0
"""Left plus right padding of a table cell, in points."""


def column_widths(
    rows: list[tuple[parse.Inline, ...]], theme: Theme, padding: float
) -> list[float]:
    """Share the width by how much text each column holds, but never so narrow that a column's
    longest word has to be broken ("Microdermabrasio-n")."""
    style = theme.styles["cell"]
    columns = max(len(row) for row in rows)
    texts = [[parse.plain(row[i]) for row in rows if i < len(row)] for i in range(columns)]
    widest_word = [
        max((text_width(w, BODY_BOLD, style.fontSize) for t in col for w in t.split()), default=0)
        + padding
        for col in texts
    ]
    weight = [max(sum(len(t) for t in col), 1) ** 0.5 for col in texts]
    spare = theme.frame_width - sum(widest_word)
    if spare <= 0:
        return [theme.frame_width * w / sum(weight) for w in weight]
    return [least + spare * w / sum(weight) for least, w in zip(widest_word, weight, strict=True)]


@cache
def _bullet_style(
    base: ParagraphStyle, colour: colors.Color, ordered: bool, last: bool = False
) -> ParagraphStyle:
    """A list item: indented, with its bullet or number hanging in the margin."""
    size = base.fontSize
    return ParagraphStyle(
        f"{base.name}-{'number' if ordered else 'bullet'}{'-last' if last else ''}",
        parent=base,
        leftIndent=size * 1.6,
        bulletIndent=0,
        bulletFontName=BODY_BOLD if ordered else BODY,
        bulletFontSize=size,
        bulletColor=colour,
        spaceAfter=base.spaceAfter + (size * 0.25 if last else 0),
    )


def keep_headings_with_content(flowables: list[Flowable], line: float) -> list[Flowable]:
    """No heading left alone at the foot of a page.

    reportlab's keepWithNext does not group a heading with a list or a box, so before each run
    of headings a conditional page break asks for room for the headings and two lines of
    text; a heading directly above a box (which never splits) is kept together with it.
    """
    kept: list[Flowable] = []
    index = 0
    while index < len(flowables):
        headings = list(itertools.takewhile(_is_subheading, flowables[index:]))
        if not headings:
            kept.append(flowables[index])
            index += 1
            continue
        following = flowables[index + len(headings) : index + len(headings) + 1]
        if following and isinstance(following[0], KeepTogether):
            kept.append(KeepTogether([*headings, *following[0]._content]))
            index += len(headings) + 1
            continue
        kept.append(CondPageBreak(sum(_height_of(h) for h in headings) + 2 * line))
        kept.extend(headings)
        index += len(headings)
    return kept


def _is_subheading(flowable: Flowable) -> bool:
    return isinstance(flowable, TextBlock) and flowable.style.name in ("h2", "h3")


def _height_of(heading: TextBlock) -> float:
    style = heading.style
    return float(style.spaceBefore + style.leading + style.spaceAfter)


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageDecor:
    """What every page carries besides the content."""

    clinic_name: str
    contact_line: str
    logo: Path | None
    page_label: str = "Page {page} of {pages}"

    @cached_property
    def band_logo(self) -> EncodedImage | None:
        """The logo as the header band draws it: read once per document, not per page."""
        return encoded_logo(self.logo) if self.logo is not None else None


@dataclass(frozen=True)
class PdfInfo:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str


class FooterNote(Flowable):  # type: ignore[misc]
    """Zero-size flowable: sets the review line printed in the footer from this page on."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.handouts_footer_note = self.text


class HandoutCanvas(Canvas):  # type: ignore[misc]
    """Holds finished pages until save, so "Page X of Y" is known after one layout pass.

    Bookmarks point at pages that only exist once they are written, so they are queued with
    their page and replayed then, together with the page numbers.
    """

    handouts_footer_note = ""

    def __init__(
        self, *args: Any, decor: PageDecor, footer_x: float, footer_width: float, **kwargs: Any
    ) -> None:
        # Start every page in an embedded font, not reportlab's default Helvetica.
        kwargs.update(initialFontName=BODY, initialFontSize=12, initialLeading=16)
        super().__init__(*args, **kwargs)
        self.decor = decor
        self.footer_x = footer_x
        self.footer_width = footer_width
        self.pending_bookmarks: list[tuple[str, str, int, float]] = []
        self.finished_pages: list[dict[str, Any]] = []

    def queue_bookmark(self, key: str, title: str, level: int, top: float) -> None:
        self.pending_bookmarks.append((key, title, level, top))

    def showPage(self) -> None:
        self.finished_pages.append(dict(self.__dict__))
        self.pending_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self.finished_pages)
        for page in self.finished_pages:
            self.__dict__.update(page)
            for key, title, level, top in self.pending_bookmarks:
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
                self.addOutlineEntry(title, key, level)
            self._draw_page_number(total)
            super().showPage()
        self.showOutline()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        label = self.decor.page_label.replace("{page}", str(self._pageNumber))
        label = label.replace("{pages}", str(total))
        self.saveState()
        self.setFillColorRGB(0.2, 0.2, 0.2)
        room = self.footer_width / 3
        draw_fitted(self, self.footer_x, FOOTER_LINE_2, label, room, PAGE_LABEL, align_right=True)
        self.restoreState()


class HandoutDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, target: Any, theme: Theme, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(target, pagesize=theme.page_size, **kwargs)
        self.theme = theme
        self.decor = decor
        self._bookmarks = 0
        frame = Frame(
            theme.margin_left,
            theme.margin_bottom,
            theme.frame_width,
            theme.page_size[1] - theme.margin_top - theme.margin_bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        template = PageTemplate(
            "handout", [frame], onPage=self._draw_header, onPageEnd=self._draw_footer
        )
        self.addPageTemplates([template])

    def canvas_maker(self, *args: Any, **kwargs: Any) -> HandoutCanvas:
        right = self.theme.page_size[0] - self.theme.margin_right
        return HandoutCanvas(
            *args, decor=self.decor, footer_x=right, footer_width=self.theme.frame_width, **kwargs
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionHeading) and flowable.outline_title is not None:
            self._bookmarks += 1
            top = self.frame._y + flowable.height + flowable.getSpaceAfter() + 6
            self.canv.queue_bookmark(
                f"s{self._bookmarks}", flowable.outline_title, flowable.outline_level, top
            )

    def _draw_header(self, canvas: Canvas, _doc: Any) -> None:
        draw_header_band(canvas, self.theme, self.decor)

    def _draw_footer(self, canvas: Canvas, _doc: Any) -> None:
        """Contact and review lines; the page number is added when the total is known."""
        canvas.saveState()
        left, right = draw_footer_rule(canvas, self.theme)
        draw_fitted(canvas, left, FOOTER_LINE_1, self.decor.contact_line, right - left, CONTACT)
        widest_label = self.decor.page_label.replace("{page}", "999").replace("{pages}", "999")
        room = right - left - text_width(widest_label, BODY, FOOTER_SIZE) - 6 * mm
        draw_fitted(canvas, left, FOOTER_LINE_2, canvas.handouts_footer_note, room, REVIEW)
        canvas.restoreState()


def draw_footer_rule(canvas: Canvas, theme: Theme) -> tuple[float, float]:
    """The line above the footer, leaving the fill colour set for footer text; returns the
    left and right edges of the text area."""
    left, right = theme.margin_left, theme.page_size[0] - theme.margin_right
    canvas.setStrokeColor(theme.primary)
    canvas.setLineWidth(0.8)
    canvas.line(left, FOOTER_RULE, right, FOOTER_RULE)
    canvas.setFillColorRGB(0.2, 0.2, 0.2)
    return left, right


FOOTER_SIZE = 9.0
NAME_SIZE = 16.0
SMALLEST_SIZE = {BODY: MIN_FURNITURE_SIZE, BODY_BOLD: 11.0}
"""How far header and footer text may shrink to fit before the clinic name wraps, or the
handout fails with a message naming the setting to shorten."""
# The clinic.yaml setting behind each header and footer line, named when it cannot fit.
CONTACT = "contact"
REVIEW = "wording.reviewed"
PAGE_LABEL = "wording.page"
CLINIC_NAME = "name"
NAME_TOO_LONG = "is too long for the header band, even on two lines; shorten it"
LINE_TOO_LONG = "is too long to fit across the page, even in small type; shorten it"


def draw_header_band(canvas: Canvas, theme: Theme, decor: PageDecor) -> None:
    """The clinic's colour band across the top of a page, with its logo and name."""
    width, height = theme.page_size
    band_bottom = height - theme.band_height
    canvas.saveState()
    canvas.setFillColor(theme.primary)
    canvas.rect(0, band_bottom, width, theme.band_height, stroke=0, fill=1)
    text_x = theme.margin_left
    if decor.band_logo is not None:
        size = theme.band_height - 6 * mm
        draw_in_box(canvas, decor.band_logo, theme.margin_left, band_bottom + 3 * mm, size)
        text_x += size + 5 * mm
    canvas.setFillColor(theme.header_text)
    room = width - theme.margin_right - BAND_NUMBER_ROOM - text_x
    _draw_band_name(canvas, text_x, band_bottom + theme.band_height / 2, decor.clinic_name, room)
    canvas.restoreState()


def _fit(text: str, font: str, room: float, largest: float = FOOTER_SIZE) -> float:
    """The largest size, in half points down to the font's smallest, at which text fits."""
    size = largest
    while size > SMALLEST_SIZE[font] and text_width(text, font, size) > room:
        size = max(size - 0.5, SMALLEST_SIZE[font])
    return size


def draw_fitted(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    room: float,
    setting: str,
    align_right: bool = False,
) -> None:
    """A header or footer line, shrunk to fit ``room``. When even the smallest size does not
    fit, the clinic setting behind it is reported (see ``furniture_problems``)."""
    size = _fit(text, BODY, room)
    if text_width(text, BODY, size) > room:
        _report(
            canvas, setting, "is too long to fit across the page, even in small type; shorten it"
        )
    draw_text(canvas, x, y, text, BODY, size, align_right)


def _report(canvas: Canvas, setting: str, message: str) -> None:
    """Note a line that does not fit. Raising here would reach the caller rewritten by
    reportlab's page-event handling, so problems are gathered and raised after the build."""
    problems = canvas.__dict__.setdefault("handouts_problems", {})
    problems.setdefault(setting, message)


def furniture_problems(canvas: Canvas) -> list[Problem]:
    """Header and footer lines that did not fit, each naming its clinic.yaml setting."""
    problems: dict[str, str] = getattr(canvas, "handouts_problems", {})
    return [Problem(None, None, setting, message) for setting, message in problems.items()]


def _draw_band_name(canvas: Canvas, x: float, middle: float, name: str, room: float) -> None:
    """The clinic name on the band: shrunk to fit, or on two lines if it is very long."""
    size = _fit(name, BODY_BOLD, room, NAME_SIZE)
    if text_width(name, BODY_BOLD, size) <= room:
        draw_text(canvas, x, middle - size * 0.35, name, BODY_BOLD, size)
        return
    first, second = _two_lines(name, BODY_BOLD, size, room)
    if max(text_width(first, BODY_BOLD, size), text_width(second, BODY_BOLD, size)) > room:
        _report(canvas, CLINIC_NAME, NAME_TOO_LONG)
    draw_text(canvas, x, middle + size * 0.25, first, BODY_BOLD, size)
    draw_text(canvas, x, middle - size * 0.95, second, BODY_BOLD, size)


def _two_lines(text: str, font: str, size: float, room: float) -> tuple[str, str]:
    """Greedy split at a space; whatever does not fit on the first line goes on the second."""
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        first = " ".join(words[:count])
        if text_width(first, font, size) <= room:
            return first, " ".join(words[count:])
    return text, ""


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align_right: bool = False
) -> float:
    """Draw ``text`` with CJK fallback; returns its width."""
    runs = [(CJK if run_font == CJK else font, run) for run_font, run in font_runs(text)]
    width = text_width(text, font, size)
    cursor = x - width if align_right else x
    for run_font, run in runs:
        canvas.setFont(run_font, size)
        canvas.drawString(cursor, y, run)
        cursor += canvas.stringWidth(run, run_font, size)
    return float(width)


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` as draw_text draws it (CJK runs in the CJK font)."""
    return float(
        sum(
            stringWidth(run, CJK if run_font == CJK else font, size)
            for run_font, run in font_runs(text)
        )
    )


# --------------------------------------------------------------------------- documents


@dataclass
class RenderOptions:
    reproducible: bool = False
    compress: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _too_large(message: str) -> str:
    page = re.search(r"on page (\d+)", message)
    where = f" (page {page.group(1)})" if page else ""
    return (
        f"part of the handout{where} is taller than a page and cannot be split; "
        "break it into shorter paragraphs, list items or table rows"
    )


def render_pdf(
    flowables: list[Flowable],
    theme: Theme,
    decor: PageDecor,
    info: PdfInfo,
    options: RenderOptions | None = None,
) -> bytes:
    """Lay out ``flowables`` on branded pages and return the PDF bytes."""
    options = options or RenderOptions()
    buffer = io.BytesIO()
    document = HandoutDocTemplate(
        buffer,
        theme,
        decor,
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=list(info.keywords),
        creator="handouts",
        lang=info.lang,
        displayDocTitle=True,
        invariant=1 if options.reproducible else 0,
        pageCompression=1 if options.compress else 0,
        leftMargin=theme.margin_left,
        rightMargin=theme.margin_right,
        topMargin=theme.margin_top,
        bottomMargin=theme.margin_bottom,
    )
    try:
        document.build(flowables, canvasmaker=document.canvas_maker)
        problems = furniture_problems(document.canv)
    except LayoutError:
        raise
    except Exception as error:  # reportlab reports layout failures as bare exceptions
        if "too large" in str(error) or "Flowable" in type(error).__name__:
            raise LayoutError(_too_large(str(error))) from None
        raise
    if problems:
        raise LayoutError(problems)
    return buffer.getvalue()
