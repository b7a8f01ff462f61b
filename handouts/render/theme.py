"""Clinic branding -> a Theme: page geometry, colours and reportlab paragraph styles.

Styles are data with inheritance: every style derives from ``body``, so a clinic that changes
its body size or text colour changes everything consistently. Built once per branding and
cached, because a pack lays out many handouts with the same look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from handouts.content.clinic import Branding
from handouts.i18n.words import Words
from handouts.render.fonts import BODY, BODY_BOLD, register_fonts

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
# Callout colours carry meaning (caution, danger), so they are fixed rather than branded.
CALLOUT_COLOURS = {
    "warning": ("#fff4e0", "#a34f00"),
    "danger": ("#fdeceb", "#b3261e"),
}


@dataclass(frozen=True)
class Theme:
    page_size: tuple[float, float]
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    band_height: float
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    header_text: colors.Color
    rule: colors.Color
    styles: dict[str, ParagraphStyle]
    large_print: bool = False
    scale: float = 1.0
    """How much larger than usual the page furniture, boxes and diagrams are (large print)."""
    words: Words = field(default_factory=lambda: Words("en"))
    """The fixed wording (and dates) in the language of the document."""

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margin_left - self.margin_right

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margin_top - self.margin_bottom

    def callout_colours(self, kind: str) -> tuple[colors.Color, colors.Color]:
        """(background, border) for a callout box of ``kind``."""
        if kind in CALLOUT_COLOURS:
            background, border = CALLOUT_COLOURS[kind]
            return colors.HexColor(background), colors.HexColor(border)
        return self.accent, self.primary


SMALLEST_TEXT = 12.0
"""Clear-print guidance: nothing patients read is set below 12 pt."""
LARGE_PRINT_SIZES = (16.0, 18.0)
"""Body text in large print, in points: clear-print guidance asks for 16 to 18."""


def large_print_size(body_size: float) -> float:
    """The large-print body size for a clinic whose usual body size is ``body_size``."""
    return max(LARGE_PRINT_SIZES[0], min(LARGE_PRINT_SIZES[1], body_size + 4))


COMPACT_SPACING = 0.75
"""The space around paragraphs, headings and list items in a compact theme, as a share of
the usual: enough to pull a few lines back from an almost empty last page."""


@cache
def build_theme(
    branding: Branding, large_print: bool = False, language: str = "en", compact: bool = False
) -> Theme:
    """The theme of a clinic's handouts in ``language``; in large print (asked for here, or
    by the clinic's ``branding.large_print``) with body text of 16 to 18 pt and everything
    else to match; ``compact``: with less space between blocks (type sizes unchanged)."""
    register_fonts()
    text = colors.HexColor(branding.text_colour)
    primary = colors.HexColor(branding.primary_colour)
    large = large_print or branding.large_print
    size = large_print_size(branding.body_size) if large else branding.body_size
    scale = size / 12 if large else 1.0
    return Theme(
        page_size=PAGE_SIZES[branding.page_size],
        margin_left=18 * mm,
        margin_right=18 * mm,
        margin_top=27.5 * mm * scale,
        margin_bottom=23 * mm * scale,
        band_height=20 * mm * scale,
        primary=primary,
        accent=colors.HexColor(branding.accent_colour),
        text=text,
        header_text=colors.HexColor(branding.header_text_colour),
        rule=colors.HexColor("#c8ccd0"),
        styles=_styles(size, text, primary, large, COMPACT_SPACING if compact else 1.0),
        large_print=large,
        scale=scale,
        words=Words(language),
    )


def _styles(
    size: float,
    text: colors.Color,
    primary: colors.Color,
    large: bool = False,
    spacing: float = 1.0,
) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName=BODY,
        fontSize=size,
        leading=round(size * 1.32, 1),
        textColor=text,
        alignment=TA_LEFT,
        spaceAfter=size * 0.45,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **changes)

    heading = {"fontName": BODY_BOLD, "textColor": primary}
    styles = {
        "body": body,
        "title": derive(
            "title", fontSize=size * 1.9, leading=size * 2.3, spaceAfter=size * 0.5, **heading
        ),
        "lead": derive("lead", fontSize=size * 1.15, leading=size * 1.6, spaceAfter=size),
        "h2": derive(
            "h2",
            fontSize=size * 1.35,
            leading=size * 1.55,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.45,
            **heading,
        ),
        "h3": derive(
            "h3",
            fontSize=size * 1.08,
            leading=size * 1.3,
            spaceBefore=size * 0.5,
            spaceAfter=size * 0.3,
            **{**heading, "textColor": text},
        ),
        "list": derive("list", spaceAfter=size * 0.15),
        # Captions and sources: smaller than the body where it is large, never below 12 pt.
        "small": derive(
            "small",
            fontSize=max(SMALLEST_TEXT, size * 0.85),
            leading=max(SMALLEST_TEXT, size * 0.85) * 1.2,
            spaceAfter=2,
        ),
        "cell": derive("cell", leading=size * 1.3, spaceAfter=0),
        "cell_head": derive(
            "cell_head",
            fontName=BODY_BOLD,
            leading=size * 1.3,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "callout_title": derive(
            "callout_title", fontName=BODY_BOLD, spaceAfter=size * 0.35, keepWithNext=1
        ),
    }
    for style in styles.values():
        style.spaceBefore *= spacing
        style.spaceAfter *= spacing
    return styles
