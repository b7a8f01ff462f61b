"""A clinic and the handouts in its pack -> the pack's front pages, as PDF bytes.

The cover carries the clinic's logo, name and contact details, the date, and the list of what
is inside; the contents pages give the pack page each handout starts on, as a link to it. Both
are drawn in the clinic's branding (colours, fonts, page size) from the same theme and header
band as its handouts. ``page_number_overlay`` draws the pack page numbers that the assembler
stamps into the header band of every handout page, where the contents page says to look.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepInFrame,
    PageTemplate,
    Paragraph,
)

from handouts.content.load import LoadedClinic
from handouts.errors import LayoutError
from handouts.render.contents import (
    CONTENTS,
    ContentsItem,
    Link,
    contents_story,
    cover_story,
    plain_markup,
)
from handouts.render.fonts import BODY, BODY_BOLD
from handouts.render.furniture import (
    FOOTER_LINE_1,
    FOOTER_LINE_2,
    PageDecor,
    draw_fitted,
    draw_footer_rule,
    draw_header_band,
    draw_text,
    furniture_problems,
    page_decor,
)
from handouts.render.images import draw_in_box, encoded_image, pixels_to_print
from handouts.render.theme import Theme, build_theme

SUBTITLE = "Patient information"
DATE_LABEL = "Updated {date}"
COVER_CONTACT_TOP = 34 * mm
COVER_LOGO = 34 * mm
COVER_CONTACT_SIZE = 10.5


@dataclass(frozen=True)
class FrontMatter:
    pdf: bytes
    pages: int
    links: tuple[Link, ...]


def draw_front_matter(
    clinic: LoadedClinic, items: Sequence[ContentsItem], date_text: str, reproducible: bool
) -> FrontMatter:
    """Cover and contents pages for ``items``, whose start pages must already be known."""
    theme = build_theme(clinic.record.branding)
    buffer = io.BytesIO()
    links: list[Link] = []
    document = FrontDoc(buffer, theme, clinic, date_text, reproducible)
    cover_box = document.cover_box[2:]
    document.build([*cover_story(items, theme, cover_box), *contents_story(items, theme, links)])
    problems = furniture_problems(document.canv)
    if problems:
        raise LayoutError(problems)
    return FrontMatter(buffer.getvalue(), document.page, tuple(links))


def page_number_overlay(theme: Theme, numbers: Sequence[int], reproducible: bool) -> bytes:
    """One page per number, blank but for the number where the header band shows it."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=theme.page_size,
        invariant=1 if reproducible else 0,
        initialFontName=BODY,
        initialFontSize=12,
    )
    for number in numbers:
        draw_pack_page_number(canvas, theme, number)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_pack_page_number(canvas: Canvas, theme: Theme, number: int) -> None:
    width, height = theme.page_size
    y = height - theme.band_height / 2 - 4.5
    canvas.saveState()
    canvas.setFillColor(theme.header_text)
    draw_text(canvas, width - theme.margin_right, y, str(number), BODY_BOLD, 13, align_right=True)
    canvas.restoreState()


# --------------------------------------------------------------------------- pages


class FrontDoc(BaseDocTemplate):  # type: ignore[misc]
    """Two page templates: the cover, then contents pages with the usual header band."""

    def __init__(
        self,
        target: Any,
        theme: Theme,
        clinic: LoadedClinic,
        date_text: str,
        reproducible: bool,
    ) -> None:
        super().__init__(
            target,
            pagesize=theme.page_size,
            title=f"{clinic.record.name}: {CONTENTS}",
            author=clinic.record.name,
            creator="handouts",
            invariant=1 if reproducible else 0,
            initialFontName=BODY,  # not reportlab's Helvetica, which is never embedded
            initialFontSize=12,
            initialLeading=16,
        )
        self.theme = theme
        self.clinic = clinic
        self.decor = page_decor(clinic)
        self.date_text = date_text
        self.addPageTemplates(
            [
                PageTemplate("cover", [self.cover_frame()], onPage=self._draw_cover),
                PageTemplate("contents", [self.body_frame()], onPage=self._draw_contents_page),
            ]
        )

    @property
    def band_bottom(self) -> float:
        """The cover's band is much deeper than a handout's."""
        return self.theme.page_size[1] * 0.6

    @property
    def cover_box(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the space for the list of what is inside."""
        bottom = COVER_CONTACT_TOP + 6 * mm
        top = self.band_bottom - 12 * mm
        return self.theme.margin_left, bottom, self.theme.frame_width, top - bottom

    def cover_frame(self) -> Frame:
        return _frame(*self.cover_box)

    def body_frame(self) -> Frame:
        theme = self.theme
        height = theme.page_size[1] - theme.margin_top - theme.margin_bottom
        return _frame(theme.margin_left, theme.margin_bottom, theme.frame_width, height)

    def _draw_cover(self, canvas: Canvas, _doc: Any) -> None:
        _draw_cover_band(canvas, self.theme, self.decor, self.band_bottom, self.date_text)
        _draw_cover_contact(canvas, self.theme, self.clinic, COVER_CONTACT_TOP)

    def _draw_contents_page(self, canvas: Canvas, _doc: Any) -> None:
        draw_header_band(canvas, self.theme, self.decor)
        draw_pack_page_number(canvas, self.theme, canvas.getPageNumber())
        _draw_footer(canvas, self.theme, self.decor, self.clinic.record.contact.address)


def _frame(x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _draw_cover_band(
    canvas: Canvas, theme: Theme, decor: PageDecor, bottom: float, date_text: str
) -> None:
    width, height = theme.page_size
    left = theme.margin_left
    logo_bottom = height - 22 * mm - COVER_LOGO
    canvas.saveState()
    canvas.setFillColor(theme.primary)
    canvas.rect(0, bottom, width, height - bottom, stroke=0, fill=1)
    if decor.logo is not None:
        logo = encoded_image(decor.logo, pixels_to_print(COVER_LOGO))
        draw_in_box(canvas, logo, left, logo_bottom, COVER_LOGO)
    canvas.setFillColor(theme.header_text)
    draw_text(canvas, left, bottom + 14 * mm, DATE_LABEL.format(date=date_text), BODY, 12)
    draw_text(canvas, left, bottom + 23 * mm, SUBTITLE, BODY, 18)
    name_bottom = bottom + 33 * mm
    room = (logo_bottom if decor.logo else height - 15 * mm) - 5 * mm - name_bottom
    name = Paragraph(plain_markup(decor.clinic_name), _name_style(theme))
    fitted = KeepInFrame(theme.frame_width, room, [name], mode="shrink")
    fitted.wrapOn(canvas, theme.frame_width, room)
    fitted.drawOn(canvas, left, name_bottom)
    canvas.restoreState()


def _draw_cover_contact(canvas: Canvas, theme: Theme, clinic: LoadedClinic, top: float) -> None:
    contact = clinic.record.contact
    reach = "  \u00b7  ".join(
        part for part in (contact.phone, contact.email, contact.website) if part
    )
    lines = [("contact.address", contact.address), ("contact", reach)]
    lines += [("contact.hours", contact.hours)] if contact.hours else []
    left, right = theme.margin_left, theme.page_size[0] - theme.margin_right
    canvas.saveState()
    canvas.setStrokeColor(theme.primary)
    canvas.setLineWidth(0.8)
    canvas.line(left, top, right, top)
    canvas.setFillColor(theme.text)
    for number, (setting, line) in enumerate(lines):
        y = top - 7 * mm - number * 5.5 * mm
        draw_fitted(canvas, left, y, line, right - left, setting, largest=COVER_CONTACT_SIZE)
    canvas.restoreState()


def _draw_footer(canvas: Canvas, theme: Theme, decor: PageDecor, address: str) -> None:
    canvas.saveState()
    left, right = draw_footer_rule(canvas, theme)
    draw_fitted(canvas, left, FOOTER_LINE_1, decor.contact_line, right - left, "contact")
    draw_fitted(canvas, left, FOOTER_LINE_2, address, right - left, "contact.address")
    canvas.restoreState()


def _name_style(theme: Theme) -> ParagraphStyle:
    return ParagraphStyle(
        "cover_name",
        theme.styles["body"],
        fontName=BODY_BOLD,
        fontSize=30,
        leading=35,
        textColor=theme.header_text,
    )
