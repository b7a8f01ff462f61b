"""The parts of ``handouts check`` on their own: contrast maths and suggestions, and the
geometry that finds text outside its area or over other text."""

from __future__ import annotations

from coloraide import Color
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.check.contrast import BODY_TEXT, WHITE, contrast_ratio, nearest_passing, shortfalls
from handouts.check.pages import Box, TextLine, overflows, overlaps, page_areas
from handouts.check.records import latin_share
from handouts.content.clinic import Branding
from handouts.render.theme import build_theme

colours = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert round(contrast_ratio("#000000", WHITE), 2) == 21.0
    assert round(contrast_ratio(WHITE, WHITE), 2) == 1.0
    assert round(contrast_ratio("#777777", WHITE), 2) == 4.48  # just fails AA
    assert round(contrast_ratio("#767676", WHITE), 2) == 4.54  # just passes


@settings(max_examples=40, deadline=None, derandomize=True)
@given(colour=colours, background=colours)
def test_a_suggested_colour_passes_and_keeps_the_hue(colour: str, background: str) -> None:
    suggestion = nearest_passing(colour, [(background, BODY_TEXT)])
    if suggestion is None:
        return
    assert contrast_ratio(suggestion, background) >= BODY_TEXT
    original, fixed = Color(colour).convert("oklch"), Color(suggestion).convert("oklch")
    # Near white or black, fitting into sRGB and rounding to #RRGGBB moves the hue of faint
    # colours; hue is only compared where both colours are clearly coloured.
    if original["chroma"] > 0.05 and fixed["chroma"] > 0.1:
        assert abs((original["hue"] - fixed["hue"] + 180) % 360 - 180) < 12


@settings(max_examples=25, deadline=None, derandomize=True)
@given(primary=colours, accent=colours, text=colours, header=colours)
def test_taking_every_suggestion_leaves_nothing_to_fix(
    primary: str, accent: str, text: str, header: str
) -> None:
    branding = Branding(
        primary_colour=primary, accent_colour=accent, text_colour=text, header_text_colour=header
    )
    found = shortfalls(branding)
    if any(item.suggestion is None for item in found):
        return
    fixed = branding.model_copy(update={item.field: item.suggestion for item in found})
    assert shortfalls(fixed) == []


def test_a_colour_that_passes_is_not_reported() -> None:
    assert shortfalls(Branding()) == []


def line(page: int, text: str, left: float, bottom: float, right: float, top: float) -> TextLine:
    return TextLine(page, text, Box(left, bottom, right, top))


def test_text_is_measured_against_the_area_it_sits_in() -> None:
    theme = build_theme(Branding(page_size="A4"))
    width, height = theme.page_size
    header, body, footer = page_areas(theme)
    in_band = height - theme.band_height / 2
    lines = [
        line(1, "clinic name", 60, in_band - 6, 200, in_band + 6),
        line(1, "long clinic name", 60, in_band - 6, width - 10, in_band + 6),
        line(1, "body text", 60, 400, 300, 412),
        line(1, "footer", 60, 20, 200, 28),
        line(1, "too low", 60, 2, 200, 10),
    ]
    found = {
        item.line.text: (item.area.name, item.side) for item in overflows(lines, page_areas(theme))
    }
    assert found == {
        "long clinic name": ("header band", "right"),
        "too low": ("footer", "bottom"),
    }
    assert header.box.bottom > body.box.top > body.box.bottom >= footer.box.top


def test_overlaps_are_found_on_the_same_page_only() -> None:
    review = line(1, "Reviewed 1 May 2026", 50, 20, 300, 30)
    page_number = line(1, "Page 1 of 2", 280, 20, 340, 30)
    elsewhere = line(2, "Page 2 of 2", 280, 20, 340, 30)
    next_line = line(1, "the next line", 50, 32, 300, 42)
    found = overlaps([review, page_number, elsewhere, next_line])
    assert [(item.first.text, item.second.text) for item in found] == [
        ("Reviewed 1 May 2026", "Page 1 of 2")
    ]


def test_latin_share() -> None:
    assert latin_share("Scar massage") == 1.0
    assert latin_share("疤痕按摩 ok") < 0.5
    assert latin_share("1, 2, 3") == 1.0
