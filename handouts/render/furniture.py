"""What every page carries besides the content: the header band (clinic colour, logo, name)
and the footer (contact line, review line, page number).

Header and footer lines shrink to fit; a clinic name wraps onto two lines. What still does not
fit is reported naming the clinic.yaml setting behind it, never drawn off the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from handouts.content.loaded import LoadedClinic
from handouts.errors import Problem
from handouts.i18n.words import Words
from handouts.render.fonts import BODY, BODY_BOLD, CJK, font_runs
from handouts.render.images import EncodedImage, draw_in_box, encoded_image
from handouts.render.tagging import HEADER, artifact, marked, take_logo
from handouts.render.theme import Theme

FOOTER_RULE = 18 * mm
FOOTER_LINE_1 = 13 * mm
FOOTER_LINE_2 = 8.5 * mm
BAND_NUMBER_ROOM = 14 * mm
"""Kept clear at the right of the header band, where a pack prints its page numbers."""
MIN_FURNITURE_SIZE = 6.5
"""Smallest type size (points) the header and footer lines may shrink to before a too-long
clinic name or wording is reported instead of running off the page."""


@dataclass(frozen=True)
class PageDecor:
    """What every page carries besides the content."""

    clinic_name: str
    contact_line: str
    logo: Path | None
    page_label: str = "Page {page} of {pages}"
    logo_alt: str = ""
    """The logo's alternative text: the clinic's name and "logo", in the handout's language."""
    draft_mark: str | None = None
    """Printed across every page of a handout no clinician has approved."""

    @cached_property
    def band_logo(self) -> EncodedImage | None:
        """The logo as the header band draws it: read once per document, not per page."""
        return encoded_image(self.logo) if self.logo is not None else None


def page_decor(clinic: LoadedClinic) -> PageDecor:
    """The header and footer of every page of this clinic's handouts, in the language of
    ``clinic.language``."""
    words = Words(clinic.language)
    contact = clinic.record.contact
    parts = [contact.phone, contact.email, contact.website]
    return PageDecor(
        clinic_name=clinic.record.name,
        contact_line="  \u00b7  ".join(part for part in parts if part),
        logo=clinic.logo_path,
        page_label=clinic.record.wording.page or words.translate("Page {page} of {pages}"),
        logo_alt=words.gettext("{clinic} logo", clinic=clinic.record.name),
    )


def footer_lines(theme: Theme) -> tuple[float, float]:
    """The baselines of the footer's two lines."""
    return FOOTER_LINE_1 * theme.scale, FOOTER_LINE_2 * theme.scale


def draw_footer_rule(canvas: Canvas, theme: Theme) -> tuple[float, float]:
    """The line above the footer, leaving the fill colour set for footer text; returns the
    left and right edges of the text area."""
    left, right = theme.margin_left, theme.page_size[0] - theme.margin_right
    canvas.setStrokeColor(theme.primary)
    canvas.setLineWidth(0.8)
    rule = FOOTER_RULE * theme.scale
    canvas.line(left, rule, right, rule)
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
    """The clinic's colour band across the top of a page, with its logo and name: page furniture
    (artifacts), except the logo where it is first drawn, a Figure with alternative text."""
    width, height = theme.page_size
    band_bottom = height - theme.band_height
    canvas.saveState()
    with artifact(canvas, HEADER):
        canvas.setFillColor(theme.primary)
        canvas.rect(0, band_bottom, width, theme.band_height, stroke=0, fill=1)
    text_x = theme.margin_left
    if decor.band_logo is not None:
        size = theme.band_height - 6 * mm * theme.scale
        bottom = band_bottom + 3 * mm * theme.scale
        with marked(canvas, take_logo(canvas), HEADER):
            draw_in_box(canvas, decor.band_logo, theme.margin_left, bottom, size)
        text_x += size + 5 * mm
    canvas.setFillColor(theme.header_text)
    room = width - theme.margin_right - BAND_NUMBER_ROOM * theme.scale - text_x
    with artifact(canvas, HEADER):
        middle = band_bottom + theme.band_height / 2
        _draw_band_name(canvas, text_x, middle, decor.clinic_name, room, theme.scale)
    canvas.restoreState()


DRAFT_COLOUR = colors.HexColor("#c62828")
DRAFT_OPACITY = 0.2
"""Strong enough to see from across a room, light enough to read the text under it."""


def draw_draft_mark(canvas: Canvas, theme: Theme, text: str) -> None:
    """``text`` in large red letters from corner to corner of the page."""
    width, height = theme.page_size
    room = math.hypot(width, height) * 0.72
    size = min(56.0, 56.0 * room / max(text_width(text, BODY_BOLD, 56.0), 1.0))
    canvas.saveState()
    canvas.setFillColor(DRAFT_COLOUR)
    canvas.setFillAlpha(DRAFT_OPACITY)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    draw_text(canvas, -text_width(text, BODY_BOLD, size) / 2, -size * 0.35, text, BODY_BOLD, size)
    canvas.restoreState()


def _fit(text: str, font: str, room: float, largest: float, scale: float) -> float:
    """The largest size, in half points down to the font's smallest (times ``scale``), at
    which text fits."""
    size, smallest = largest, SMALLEST_SIZE[font] * scale
    while size > smallest and text_width(text, font, size) > room:
        size = max(size - 0.5, smallest)
    return size


def draw_fitted(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    room: float,
    setting: str,
    align_right: bool = False,
    largest: float = FOOTER_SIZE,
    scale: float = 1.0,
    shrink_to_small: bool = False,
) -> None:
    """A header or footer line (``largest`` at most, ``scale`` times that in large print),
    shrunk to fit ``room``; with ``shrink_to_small``, even in large print down to the
    smallest standard size. When even that does not fit, the clinic setting behind it is
    reported (see ``furniture_problems``)."""
    size = _fit(text, BODY, room, largest * scale, 1.0 if shrink_to_small else scale)
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
    return [
        Problem("LAYOUT001", None, None, setting, message) for setting, message in problems.items()
    ]


def _draw_band_name(
    canvas: Canvas, x: float, middle: float, name: str, room: float, scale: float
) -> None:
    """The clinic name on the band: shrunk to fit, or on two lines if it is very long."""
    size = _fit(name, BODY_BOLD, room, NAME_SIZE * scale, scale)
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
