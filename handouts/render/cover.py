"""What a pack's cover draws around its list of what is inside: the deep band (logo, clinic
name, what the pack is, in large print too, its date) and the contact details below, each
tagged as the cover's elements in reading order (the band and rule are artifacts)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepInFrame

from handouts.content.loaded import LoadedClinic
from handouts.i18n.words import N_
from handouts.render.contents import text_block
from handouts.render.fonts import BODY, BODY_BOLD
from handouts.render.furniture import PageDecor, draw_fitted, draw_text
from handouts.render.images import draw_in_box, encoded_image, pixels_to_print
from handouts.render.tagging import Element, artifact, marked, take_logo
from handouts.render.theme import Theme

SUBTITLE = N_("Patient information")
LARGE_PRINT = N_("Large print")
DATE_LABEL = N_("Updated {date}")
COVER_CONTACT_TOP = 34 * mm
COVER_LOGO = 34 * mm
COVER_CONTACT_SIZE = 10.5


@dataclass
class CoverTags:
    """The structure elements of what the cover draws around its list, in reading order."""

    name: Element
    subtitle: Element
    date: Element | None
    """None: no date line (a patient's cover says the date with their name)."""
    contact: list[Element]


def draw_cover_band(
    canvas: Canvas,
    theme: Theme,
    decor: PageDecor,
    band: tuple[float, str | None],
    cover: CoverTags,
) -> None:
    """The deep band of the cover: logo, clinic name, what the pack is, its date."""
    bottom, date_text = band
    width, height = theme.page_size
    left, scale = theme.margin_left, theme.scale
    logo_bottom = height - 22 * mm - COVER_LOGO
    canvas.saveState()
    with artifact(canvas):
        canvas.setFillColor(theme.primary)
        canvas.rect(0, bottom, width, height - bottom, stroke=0, fill=1)
    if decor.logo is not None:
        logo = encoded_image(decor.logo, pixels_to_print(COVER_LOGO))
        with marked(canvas, take_logo(canvas)):
            draw_in_box(canvas, logo, left, logo_bottom, COVER_LOGO)
    date_y = bottom + 14 * mm
    subtitle_y = date_y + 12 * scale + 5 * mm
    name_bottom = subtitle_y + 18 * scale * 0.9 + 4 * mm
    room = (logo_bottom if decor.logo else height - 15 * mm) - 5 * mm - name_bottom
    name = text_block(decor.clinic_name, _name_style(theme), cover.name)
    fitted = KeepInFrame(theme.frame_width, room, [name], mode="shrink")
    fitted.wrapOn(canvas, theme.frame_width, room)
    fitted.drawOn(canvas, left, name_bottom)
    canvas.setFillColor(theme.header_text)
    words = theme.words
    subtitle = words.gettext(SUBTITLE)
    if theme.large_print:
        subtitle = f"{subtitle}  \u00b7  {words.gettext(LARGE_PRINT)}"
    with marked(canvas, cover.subtitle):
        draw_text(canvas, left, subtitle_y, subtitle, BODY, 18 * scale)
    if date_text is not None and cover.date is not None:
        date = words.gettext(DATE_LABEL, date=date_text)
        with marked(canvas, cover.date):
            draw_text(canvas, left, date_y, date, BODY, 12 * scale)
    canvas.restoreState()


def contact_lines(clinic: LoadedClinic, large_print: bool) -> list[tuple[str, str]]:
    """The cover's contact lines, each with the setting it prints: address, how to reach the
    clinic, opening hours (in large print the phone number on a line of its own)."""
    contact = clinic.record.contact
    reach = [contact.phone, contact.email, contact.website]
    split = [("contact.phone", reach.pop(0))] if large_print else []
    lines = [("contact.address", contact.address), *split]
    lines += [("contact", "  \u00b7  ".join(part for part in reach if part))]
    lines += [("contact.hours", contact.hours or "")]
    return [(setting, line) for setting, line in lines if line]


def draw_cover_contact(
    canvas: Canvas, theme: Theme, lines: list[tuple[tuple[str, str], Element]], top: float
) -> None:
    left, right = theme.margin_left, theme.page_size[0] - theme.margin_right
    canvas.saveState()
    canvas.setStrokeColor(theme.primary)
    canvas.setLineWidth(0.8)
    with artifact(canvas):
        canvas.line(left, top, right, top)
    canvas.setFillColor(theme.text)
    scale = theme.scale
    for number, ((setting, line), element) in enumerate(lines):
        y = top - (7 * mm + number * 5.5 * mm) * scale
        with marked(canvas, element):
            room = right - left
            draw_fitted(
                canvas, left, y, line, room, setting, largest=COVER_CONTACT_SIZE, scale=scale
            )
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
