"""A clinic and the handouts in its pack -> the pack's front pages, as PDF bytes.

The cover carries the clinic's logo, name and contact details, the date, and the list of what
is inside; the contents pages give the pack page each handout starts on, as a link to it. Both
are drawn in the clinic's branding (colours, fonts, page size) from the same theme and header
band as its handouts, with the pack page number where handouts.render.packnumbers puts it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from handouts.content.loaded import LoadedClinic
from handouts.errors import LayoutError
from handouts.i18n.words import N_
from handouts.render.contents import (
    INSIDE,
    ContentsItem,
    child,
    contents_story,
    inside_list,
    least_list_height,
    text_block,
)
from handouts.render.cover import (
    COVER_CONTACT_TOP,
    CoverTags,
    contact_lines,
    draw_cover_band,
    draw_cover_contact,
)
from handouts.render.fonts import BODY
from handouts.render.furniture import (
    PageDecor,
    draw_fitted,
    draw_footer_rule,
    draw_header_band,
    footer_lines,
    furniture_problems,
    page_decor,
)
from handouts.render.packnumbers import draw_pack_page_number
from handouts.render.structtree import TaggedCanvas
from handouts.render.tagging import FOOTER, HEADER, Element, Tags, artifact
from handouts.render.theme import Theme, build_theme

TITLE = N_("{clinic} patient handouts")
SUBJECT = N_("Patient information handouts from {clinic}")
PACK_HOLDS = N_(
    "This pack holds {count} handouts. The contents pages list them all, with the page where "
    "each one starts."
)
SHRINK_AT_MOST = 0.8
"""The least a cover's list of handouts is shrunk to (text under about 10 points is too small
for many patients to read)."""


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


def cover_story(
    items: Sequence[ContentsItem], theme: Theme, box: tuple[float, float], parent: Element | None
) -> list[Any]:
    """What is inside, shrunk to fit the cover's ``box`` (width, height) if it is a little too
    long, then the contents pages. A list that would have to shrink to under SHRINK_AT_MOST
    of its size (a pack of many handouts) gives way to how many there are: the contents pages
    list them all."""
    width, height = box
    if least_list_height(len(items), theme) * SHRINK_AT_MOST > height:
        inside = _how_many(len(items), theme, parent)  # no need to lay the list out
    else:
        inside = inside_list(items, theme, width, parent)
        needed = sum(_height(flowable, width, height) for flowable in inside)
        if needed * SHRINK_AT_MOST > height:  # its elements, never drawn, stay out of the tags
            inside = _how_many(len(items), theme, parent)
    return [
        KeepInFrame(width, height, inside, mode="shrink"),
        NextPageTemplate("contents"),
        PageBreak(),
    ]


def _height(flowable: Flowable, width: float, height: float) -> float:
    space = flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return float(flowable.wrap(width, height)[1] + space)


def _how_many(count: int, theme: Theme, parent: Element | None) -> list[Flowable]:
    words = theme.words
    heading = words.gettext(INSIDE)
    text = words.gettext(PACK_HOLDS, count=words.number(count))
    return [
        text_block(heading, theme.styles["h2"], child(parent, "H2")),
        text_block(text, theme.styles["body"], child(parent, "P")),
    ]


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
