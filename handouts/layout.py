"""Blocks + theme -> reportlab flowables, page templates and finished PDF bytes.

Every page gets a header band (clinic colour, logo, name) and a footer (contact line, review
dates, "Page X of Y"). Finished pages are held until the
document is saved, when the page total is known, so layout runs once instead of twice.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from handouts import parse
from handouts.errors import LayoutError
from handouts.fonts import BODY, BODY_BOLD, CJK, describe, font_runs, uncovered
from handouts.theme import Theme

FOOTER_RULE = 18 * mm
FOOTER_LINE_1 = 13 * mm
FOOTER_LINE_2 = 8.5 * mm
MIN_FURNITURE_SIZE = 6.5
"""Smallest type size (points) the header and footer lines may shrink to before a too-long
clinic name or wording is reported instead of running off the page."""
_MIN_PIECE = 36
"""A table row or box taller than the space left splits, leaving at least this many points
(about two lines) on each side of the break."""


# --------------------------------------------------------------------------- inline text


def markup(inline: parse.Inline, theme: Theme) -> str:
    """Spans -> reportlab paragraph markup. All text is escaped; fonts fall back per run."""
    return "".join(_span_markup(span, theme) for span in inline)


def _span_markup(span: parse.Span, theme: Theme) -> str:
    text = _text_markup(span.text)
    if span.italic:
        text = f"<i>{text}</i>"
    if span.bold:
        text = f"<b>{text}</b>"
    if span.href:
        colour = theme.primary.hexval().replace("0x", "#")
        text = f"<a href={quoteattr(span.href)} color={quoteattr(colour)}><u>{text}</u></a>"
    return text


def _text_markup(text: str) -> str:
    missing = uncovered(text)
    if missing:
        raise LayoutError(f"no bundled font has the character {describe(missing[0])}")
    parts = []
    for font, run in font_runs(text):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == BODY else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


# --------------------------------------------------------------------------- blocks


class SectionHeading(Paragraph):  # type: ignore[misc]
    """A heading paragraph that also becomes a PDF bookmark (once, if it splits)."""

    outline_title: str | None = None
    outline_level = 0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(available_width, available_height)
        if parts:
            parts[0].outline_title, parts[0].outline_level = self.outline_title, self.outline_level
        return parts


def _section_heading(text: str, style: Any, title: str, outline_level: int) -> SectionHeading:
    heading = SectionHeading(text, style)
    heading.outline_title, heading.outline_level = title, outline_level
    return heading


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
                flowables.append(Paragraph(markup(block.inline, self.theme), self._style("lead")))
            else:
                flowables.extend(self.block(block))
            after_title = isinstance(block, parse.Heading) and block.level == 1
        return flowables

    def block(self, block: parse.Block) -> Iterator[Flowable]:
        if isinstance(block, parse.Heading):
            yield self.heading(block)
        elif isinstance(block, parse.Paragraph):
            yield Paragraph(markup(block.inline, self.theme), self._style(self.text_style))
        elif isinstance(block, parse.ListBlock):
            yield self.list_block(block)
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

    def figure(self, figure: parse.Figure) -> list[Flowable]:
        """An image from the clinic's folder at 150 dpi, shrunk to fit the column and half
        the page, with its alt text as a caption."""
        if figure.path is None:
            raise LayoutError(f"image '{figure.src}' was not found in the clinic's folders")
        width, height = _fitted(_image(figure.path).getSize(), self.theme)
        parts: list[Flowable] = [Image(str(figure.path), width, height, hAlign="LEFT")]
        if figure.alt:
            caption = markup((parse.Span(figure.alt),), self.theme)
            parts.append(Paragraph(caption, self._style("small")))
        return parts if self.in_box else [KeepTogether(parts)]

    def heading(self, heading: parse.Heading) -> Flowable:
        style = {1: "title", 2: "h2"}.get(heading.level, "h3")
        text = markup(heading.inline, self.theme)
        if heading.level == 1 and self.bookmark_title:
            return _section_heading(text, self._style(style), parse.plain(heading.inline), 0)
        if heading.level == 2:
            title = parse.plain(heading.inline)
            return _section_heading(text, self._style(style), title, self.outline_level)
        return Paragraph(text, self._style(style))

    def list_block(self, block: parse.ListBlock) -> Flowable:
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
                paragraph = Paragraph(
                    markup(block.inline, self.theme), self._style(self.list_style)
                )
                flowables.append(paragraph)
            else:
                flowables.extend(self.block(block))
        return flowables

    def table(self, block: parse.Table) -> Flowable:
        head = [
            Paragraph(markup(cell, self.theme), self._style("cell_head")) for cell in block.header
        ]
        rows = [
            [Paragraph(markup(cell, self.theme), self._style("cell")) for cell in row]
            for row in block.rows
        ]
        widths = _column_widths(len(head), self.theme.frame_width)
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
            title = markup((parse.Span(block.title),), self.theme)
            rows[0] = [[Paragraph(title, self._style("callout_title")), rows[0][0]]]
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


def _column_widths(columns: int, width: float) -> list[float]:
    """First column a little wider: it names the row."""
    if columns <= 1:
        return [width] * columns
    first = width * (1.35 / (columns + 0.35))
    rest = (width - first) / (columns - 1)
    return [first] + [rest] * (columns - 1)


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageDecor:
    """What every page carries besides the content."""

    clinic_name: str
    contact_line: str
    logo: Path | None
    page_label: str = "Page {page} of {pages}"


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
        fit = (self.footer_width / 3, "the page label (wording.page in clinic.yaml)")
        _draw_text(self, self.footer_x, FOOTER_LINE_2, label, BODY, 9, fit, align_right=True)
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
        theme, decor = self.theme, self.decor
        width, height = theme.page_size
        band_bottom = height - theme.band_height
        canvas.saveState()
        canvas.setFillColor(theme.primary)
        canvas.rect(0, band_bottom, width, theme.band_height, stroke=0, fill=1)
        text_x = theme.margin_left
        if decor.logo is not None:
            size = theme.band_height - 6 * mm
            canvas.drawImage(
                _image(decor.logo),
                theme.margin_left,
                band_bottom + 3 * mm,
                width=size,
                height=size,
                mask="auto",
                preserveAspectRatio=True,
            )
            text_x += size + 5 * mm
        canvas.setFillColor(theme.header_text)
        name_y = band_bottom + theme.band_height / 2 - 5.5
        fit = (width - theme.margin_right - text_x, "the clinic name (name in clinic.yaml)")
        _draw_text(canvas, text_x, name_y, decor.clinic_name, BODY_BOLD, 16, fit)
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas, _doc: Any) -> None:
        """Contact and review lines; the page number is added when the total is known."""
        theme = self.theme
        left, right = theme.margin_left, theme.page_size[0] - theme.margin_right
        canvas.saveState()
        canvas.setStrokeColor(theme.primary)
        canvas.setLineWidth(0.8)
        canvas.line(left, FOOTER_RULE, right, FOOTER_RULE)
        canvas.setFillColorRGB(0.2, 0.2, 0.2)
        contact = (right - left, "the contact line (phone, email and website in clinic.yaml)")
        _draw_text(canvas, left, FOOTER_LINE_1, self.decor.contact_line, BODY, 9, contact)
        review = (
            (right - left) * 2 / 3 - 12,
            "the review line (wording.reviewed and wording.next_review in clinic.yaml)",
        )
        _draw_text(canvas, left, FOOTER_LINE_2, canvas.handouts_footer_note, BODY, 9, review)
        canvas.restoreState()


def _draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    fit: tuple[float, str],
    align_right: bool = False,
) -> float:
    """Draw ``text`` with CJK fallback, shrunk to fit ``fit = (width, what it is)``, never
    below MIN_FURNITURE_SIZE (a LayoutError naming ``what`` instead); returns its width."""
    runs = [(CJK if run_font == CJK else font, run) for run_font, run in font_runs(text)]
    width = sum(canvas.stringWidth(run, run_font, size) for run_font, run in runs)
    if width > fit[0]:
        size, width = size * fit[0] / width, fit[0]
        if size < MIN_FURNITURE_SIZE:
            raise LayoutError(f"{fit[1]} is too long to fit across the page; shorten it")
    cursor = x - width if align_right else x
    for run_font, run in runs:
        canvas.setFont(run_font, size)
        canvas.drawString(cursor, y, run)
        cursor += canvas.stringWidth(run, run_font, size)
    return float(width)


@cache
def _image(path: Path) -> ImageReader:
    """Logos are decoded once per process, not once per page."""
    return ImageReader(str(path))


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
    except LayoutError:
        raise
    except Exception as error:  # reportlab reports layout failures as bare exceptions
        if "too large" in str(error) or "Flowable" in type(error).__name__:
            raise LayoutError(_too_large(str(error))) from None
        raise
    return buffer.getvalue()
