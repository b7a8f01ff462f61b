"""Pack page numbers: where they go in the header band, the contents pages drawing their own,
and what a pack stamps over each handout page (an operator string in one stored font, so a
pack of a thousand pages needs no overlay drawn page by page)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

from handouts.render.fonts import BODY_BOLD
from handouts.render.theme import Theme

DIGITS = 1234567890
"""Drawn once, so that the font pack page numbers are stamped in has every digit."""


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
