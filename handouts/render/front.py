"""A clinic and the handouts in its pack -> the pack's front pages, as PDF bytes.

The cover carries the clinic's logo, name and contact details, the date, and the list of what
is inside; the contents pages give the pack page each handout starts on, as a link to it. Both
are drawn in the clinic's branding (colours, fonts, page size) from the same theme and header
band as its handouts. ``pack_number_stamp`` gives the pack page number that the assembler
stamps into the header band of every handout page, where the contents page says to look.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from handouts.content.loaded import LoadedClinic
from handouts.errors import LayoutError
from handouts.i18n.words import N_
from handouts.render.contents import (
    ContentsItem,
    contents_story,
    cover_story,
)
from handouts.render.cover import (
    COVER_CONTACT_TOP,
    CoverTags,
    contact_lines,
    draw_cover_band,
    draw_cover_contact,
)
from handouts.render.fonts import BODY, BODY_BOLD
from handouts.render.furniture import (
    PageDecor,
    draw_fitted,
    draw_footer_rule,
    draw_header_band,
    footer_lines,
    furniture_problems,
    page_decor,
)
from handouts.render.structtree import TaggedCanvas
from handouts.render.tagging import FOOTER, HEADER, Element, Tags, artifact
from handouts.render.theme import Theme, build_theme

TITLE = N_("{clinic} patient handouts")
SUBJECT = N_("Patient information handouts from {clinic}")
DIGITS = 1234567890
"""Drawn once, so that the font pack page numbers are stamped in has every digit."""


@dataclass(frozen=True)
class FrontMatter:
    pdf: bytes
    pages: int


def draw_front_matter(
    clinic: LoadedClinic,
    items: Sequence[ContentsItem],
    date_text: str,
    reproducible: bool,
    large_print: bool = False,
) -> FrontMatter:
    """Cover and contents pages for ``items``, whose start pages must already be known: the
    start of a tagged pack, whose Document the handouts' own trees join."""
    theme = build_theme(clinic.record.branding, large_print, clinic.language)
    buffer = io.BytesIO()
    tags, name, subtitle = cover_tags(clinic)
    root = tags.root
    date = root.add("P")
    document = FrontDoc(buffer, theme, clinic, date_text, reproducible)
    cover = cover_story(items, theme, document.cover_box[2:], root)
    document.cover_tags = CoverTags(
        name, subtitle, date, [root.add("P") for _ in contact_lines(clinic, theme.large_print)]
    )
    contents = contents_story(items, theme, root)
    return built(document, [*cover, *contents], tags, buffer)


def cover_tags(clinic: LoadedClinic) -> tuple[Tags, Element, Element]:
    """A cover's tags, starting with its band: the logo (if any), the clinic's name (H1)
    and what the document is (P)."""
    tags = Tags(clinic.language)
    if clinic.logo_path is not None:
        tags.logo = tags.root.add("Figure", alt=page_decor(clinic).logo_alt)
    return tags, tags.root.add("H1"), tags.root.add("P")


def built(document: FrontDoc, story: list[Any], tags: Tags, buffer: io.BytesIO) -> FrontMatter:
    """The front pages laid out; a band or contact line that does not fit is the clinic's
    setting to shorten."""
    document.build(story, canvasmaker=document.canvas_maker(tags))
    problems = furniture_problems(document.canv)
    if problems:
        raise LayoutError(problems)
    return FrontMatter(buffer.getvalue(), document.page)


@dataclass(frozen=True)
class NumberFont:
    """A one-page PDF whose only font is the one pack page numbers are stamped in, and the
    code of each digit in that font."""

    pdf: bytes
    codes: dict[str, int]


def pack_number_font(theme: Theme, reproducible: bool) -> NumberFont:
    """The font every stamp (``pack_number_stamp``) uses, holding all ten digits: the pack
    stores it once."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=theme.page_size,
        invariant=1 if reproducible else 0,
        initialFontName=BODY_BOLD,
        initialFontSize=12,
    )
    draw_pack_page_number(canvas, theme, DIGITS)
    [(_, codes)] = getFont(BODY_BOLD).splitString(str(DIGITS), canvas._doc)
    canvas.showPage()
    canvas.save()
    return NumberFont(buffer.getvalue(), dict(zip(str(DIGITS), codes, strict=True)))


def pack_number_stamp(theme: Theme, number: int, font: bytes, codes: dict[str, int]) -> bytes:
    """The drawing operators for ``number`` where ``draw_pack_page_number`` puts it, in the
    font that ``font`` names in the page's resources, whose digit codes are ``codes``."""
    text = str(number)
    x, y, size = _pack_number_place(theme, text)
    colour = theme.header_text
    return b"q\n%s rg\nBT 1 0 0 1 %s %s Tm %s %s Tf <%s> Tj ET\nQ\n" % (
        fp_str(colour.red, colour.green, colour.blue).encode(),
        fp_str(x).encode(),
        fp_str(y).encode(),
        font,
        fp_str(size).encode(),
        bytes(codes[digit] for digit in text).hex().encode(),
    )


def draw_pack_page_number(canvas: Canvas, theme: Theme, number: int) -> None:
    x, y, size = _pack_number_place(theme, str(number))
    canvas.saveState()
    canvas.setFillColor(theme.header_text)
    canvas.setFont(BODY_BOLD, size)
    canvas.drawString(x, y, str(number))
    canvas.restoreState()


def _pack_number_place(theme: Theme, text: str) -> tuple[float, float, float]:
    """Where a pack page number starts, right-aligned at the end of the header band."""
    width, height = theme.page_size
    size = 13 * theme.scale
    y = height - theme.band_height / 2 - size * 0.35
    return width - theme.margin_right - stringWidth(text, BODY_BOLD, size), y, size


# --------------------------------------------------------------------------- pages


class FrontDoc(BaseDocTemplate):  # type: ignore[misc]
    """Two page templates: the cover, then contents pages with the usual header band."""

    def __init__(
        self,
        target: Any,
        theme: Theme,
        clinic: LoadedClinic,
        date_text: str | None,
        reproducible: bool,
    ) -> None:
        super().__init__(
            target,
            pagesize=theme.page_size,
            title=theme.words.gettext(TITLE, clinic=clinic.record.name),
            author=clinic.record.name,
            subject=theme.words.gettext(SUBJECT, clinic=clinic.record.name),
            creator="handouts",
            lang=clinic.language,
            displayDocTitle=True,
            invariant=1 if reproducible else 0,
            initialFontName=BODY,  # not reportlab's Helvetica, which is never embedded
            initialFontSize=12,
            initialLeading=16,
        )
        self.theme = theme
        self.clinic = clinic
        self.decor = page_decor(clinic)
        self.date_text = date_text
        self.cover_tags: CoverTags | None = None
        cover = PageTemplate(
            "cover", [self.cover_frame()], onPage=self._draw_cover, onPageEnd=self._draw_contact
        )
        contents = PageTemplate("contents", [self.body_frame()], onPage=self._draw_contents_page)
        self.addPageTemplates([cover, contents])

    def canvas_maker(self, tags: Tags) -> Any:
        def make(*args: Any, **kwargs: Any) -> TaggedCanvas:
            return TaggedCanvas(*args, tags=tags, title=self.title, **kwargs)

        return make

    @property
    def band_bottom(self) -> float:
        """The cover's band is much deeper than a handout's."""
        return self.theme.page_size[1] * 0.6

    @property
    def cover_box(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the space for the list of what is inside."""
        bottom = (COVER_CONTACT_TOP + 6 * mm) * self.theme.scale
        top = self.band_bottom - 12 * mm
        return self.theme.margin_left, bottom, self.theme.frame_width, top - bottom

    def cover_frame(self) -> Frame:
        return _frame(*self.cover_box)

    def body_frame(self) -> Frame:
        theme = self.theme
        height = theme.page_size[1] - theme.margin_top - theme.margin_bottom
        return _frame(theme.margin_left, theme.margin_bottom, theme.frame_width, height)

    def _draw_cover(self, canvas: Canvas, _doc: Any) -> None:
        assert self.cover_tags is not None
        band = (self.band_bottom, self.date_text)
        draw_cover_band(canvas, self.theme, self.decor, band, self.cover_tags)

    def _draw_contact(self, canvas: Canvas, _doc: Any) -> None:
        """After the list, as it is read."""
        assert self.cover_tags is not None
        contact = contact_lines(self.clinic, self.theme.large_print)
        lines = zip(contact, self.cover_tags.contact, strict=True)
        draw_cover_contact(canvas, self.theme, list(lines), COVER_CONTACT_TOP * self.theme.scale)

    def _draw_contents_page(self, canvas: Canvas, _doc: Any) -> None:
        draw_header_band(canvas, self.theme, self.decor)
        with artifact(canvas, HEADER):
            draw_pack_page_number(canvas, self.theme, canvas.getPageNumber())
        with artifact(canvas, FOOTER):
            _draw_footer(canvas, self.theme, self.decor, self.clinic.record.contact.address)


def _frame(x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _draw_footer(canvas: Canvas, theme: Theme, decor: PageDecor, address: str) -> None:
    canvas.saveState()
    left, right = draw_footer_rule(canvas, theme)
    first, second = footer_lines(theme)
    room, scale = right - left, theme.scale
    draw_fitted(canvas, left, first, decor.contact_line, room, "contact", scale=scale)
    draw_fitted(canvas, left, second, address, room, "contact.address", scale=scale)
    canvas.restoreState()
