"""Flowables + theme + page furniture -> finished PDF bytes and their page count.

Finished pages are held until the document is saved, when the page total is known, so
"Page X of Y" needs one layout pass instead of two. Section headings become bookmarks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as ReportlabLayoutError

from handouts.errors import LayoutError
from handouts.render.flowables import SectionHeading
from handouts.render.fonts import BODY
from handouts.render.furniture import (
    CONTACT,
    FOOTER_SIZE,
    PAGE_LABEL,
    REVIEW,
    PageDecor,
    draw_draft_mark,
    draw_fitted,
    draw_footer_rule,
    draw_header_band,
    footer_lines,
    furniture_problems,
    text_width,
)
from handouts.render.structtree import TaggedCanvas
from handouts.render.tagging import FOOTER, WATERMARK, Tags, artifact
from handouts.render.theme import Theme

MAX_PAGES = 60
"""Pages in one handout: far more than any handout needs, and a bound on the time it takes."""
# Binary streams instead of ASCII85 (smaller, faster), and font subsets without the ASCII
# re-ordering that only makes content streams human-readable.
rl_config.useA85 = 0
rl_config.ttfAsciiReadable = 0


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


def handout_tags(decor: PageDecor, language: str) -> Tags:
    """An empty structure tree for a handout in ``language``, starting with its logo (if it
    has one)."""
    tags = Tags(language)
    if decor.logo is not None:
        tags.logo = tags.root.add("Figure", alt=decor.logo_alt)
    return tags


class HandoutCanvas(TaggedCanvas):
    """Holds finished pages until save, so "Page X of Y" is known after one layout pass.

    Bookmarks point at pages that only exist once they are written, so they are queued with
    their page and replayed then, together with the page numbers.
    """

    handouts_footer_note = ""
    handouts_pages = 0

    def __init__(self, *args: Any, decor: PageDecor, theme: Theme, **kwargs: Any) -> None:
        # Start every page in an embedded font, not reportlab's default Helvetica.
        kwargs.update(initialFontName=BODY, initialFontSize=12, initialLeading=16)
        super().__init__(*args, **kwargs)
        self.decor = decor
        self.theme = theme
        self.pending_bookmarks: list[tuple[str, str, int, float]] = []
        self.finished_pages: list[dict[str, Any]] = []

    def queue_bookmark(self, key: str, title: str, level: int, top: float) -> None:
        self.pending_bookmarks.append((key, title, level, top))

    def showPage(self) -> None:
        if len(self.finished_pages) >= MAX_PAGES:
            raise LayoutError(
                f"the handout runs to more than {MAX_PAGES} pages; a handout that long is a "
                "mistake (look for text or a loop in the template that repeats)"
            )
        self.finished_pages.append(dict(self.__dict__))
        self.pending_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = self.handouts_pages = len(self.finished_pages)
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
        theme = self.theme
        room = theme.frame_width / 3
        with artifact(self, FOOTER):
            x, y = theme.page_size[0] - theme.margin_right, footer_lines(theme)[1]
            draw_fitted(self, x, y, label, room, PAGE_LABEL, align_right=True, scale=theme.scale)
        self.restoreState()


class HandoutDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    def __init__(
        self, target: Any, theme: Theme, decor: PageDecor, tags: Tags | None, **kwargs: Any
    ) -> None:
        super().__init__(
            target,
            pagesize=theme.page_size,
            leftMargin=theme.margin_left,
            rightMargin=theme.margin_right,
            topMargin=theme.margin_top,
            bottomMargin=theme.margin_bottom,
            **kwargs,
        )
        self.theme = theme
        self.decor = decor
        self.tags = tags
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
        kwargs.update(tags=self.tags, title=self.title)
        return HandoutCanvas(*args, decor=self.decor, theme=self.theme, **kwargs)

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
        scale = self.theme.scale
        first, second = footer_lines(self.theme)
        with artifact(canvas, FOOTER):
            left, right = draw_footer_rule(canvas, self.theme)
            contact = self.decor.contact_line
            draw_fitted(canvas, left, first, contact, right - left, CONTACT, scale=scale)
            widest_label = self.decor.page_label.replace("{page}", "999").replace("{pages}", "999")
            room = right - left - text_width(widest_label, BODY, FOOTER_SIZE * scale) - 6 * mm
            note = canvas.handouts_footer_note
            # The leaflet's reference and review (or draft) line is for staff more than for
            # the patient: in large print it may shrink as far as in standard print.
            draw_fitted(canvas, left, second, note, room, REVIEW, scale=scale, shrink_to_small=True)
        canvas.restoreState()
        if self.decor.draft_mark:
            with artifact(canvas, WATERMARK):
                draw_draft_mark(canvas, self.theme, self.decor.draft_mark)


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    pages: int
    last_page_filled: float = 1.0
    """How much of the last page's text area is used, from 0 to 1."""


def render_pdf(
    flowables: list[Flowable],
    theme: Theme,
    decor: PageDecor,
    info: PdfInfo,
    *,
    reproducible: bool = False,
    compress: bool = True,
    tags: Tags | None = None,
) -> RenderedPdf:
    """Lay out ``flowables`` on branded pages; the PDF bytes and how many pages it has.
    ``reproducible`` fixes the dates and id inside the PDF so its bytes depend only on its
    content; ``tags`` (from ``handout_tags``, filled in as the flowables were made) makes it a
    tagged PDF."""
    buffer = io.BytesIO()
    settings = _document_settings(info, reproducible, compress)
    document = HandoutDocTemplate(buffer, theme, decor, tags, **settings)
    try:
        document.build(flowables, canvasmaker=document.canvas_maker)
    except ReportlabLayoutError:
        raise LayoutError(_too_large(document.page)) from None
    problems = furniture_problems(document.canv)
    if problems:
        raise LayoutError(problems)
    return RenderedPdf(buffer.getvalue(), document.canv.handouts_pages, _filled(document.frame))


def _filled(frame: Frame) -> float:
    """The share of ``frame``'s height that its flowables have taken so far."""
    top = frame._y2 - frame._topPadding
    return float(min(1.0, max(0.0, (top - frame._y) / frame._aH)))


def _document_settings(info: PdfInfo, reproducible: bool, compress: bool) -> dict[str, Any]:
    return {
        "title": info.title,
        "author": info.author,
        "subject": info.subject,
        "keywords": list(info.keywords),
        "creator": "handouts",
        "lang": info.lang,
        "displayDocTitle": True,
        "invariant": 1 if reproducible else 0,
        "pageCompression": 1 if compress else 0,
    }


def _too_large(page: int) -> str:
    return (
        f"part of the handout (page {page}) is taller than a page and cannot be split; "
        "break it into shorter paragraphs, list items or table rows"
    )
