"""The drawings a record can ask for: each kind draws its labels in the bundled fonts, prints
what it shows as a caption, and a label that cannot fit is an error, never clipped."""

from __future__ import annotations

import pytest

from handouts.content.clinic import Branding
from handouts.errors import LayoutError
from handouts.markdown.blocks import Diagram
from handouts.markdown.parse import parse
from handouts.render.diagrams import HEIGHT, diagram_drawing
from handouts.render.document import PdfInfo, render_pdf
from handouts.render.flowables import FlowableBuilder
from handouts.render.furniture import PageDecor
from handouts.render.theme import build_theme

from helpers import normalise, read_pdf

THEME = build_theme(Branding())
KINDS = {
    "scar-types": ("Ice-pick scar", "Boxcar scar", "Rolling scar", "Raised scar"),
    "skin-depth": ("Top layer", "Middle layer", "Fat layer", "Needles reach here"),
    "gel-steps": ("Wash and pat dry", "Spread a thin layer", "Let it dry", "Use every day"),
}


def pdf_of(markdown: str) -> bytes:
    flowables = FlowableBuilder(THEME).document(parse(markdown))
    decor = PageDecor("Clinic", "020 0000 0000", None)
    return render_pdf(flowables, THEME, decor, PdfInfo("t", "a", "s", (), "en-GB")).pdf


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_draws_its_labels_and_caption(kind: str) -> None:
    labels = "\n".join(f"- {label}" for label in KINDS[kind])
    markdown = f"::: diagram {kind} upper\nWhat the drawing shows.\n\n{labels}\n:::\n"
    facts = read_pdf(pdf_of(markdown))
    text = normalise(facts.text)
    assert all(label in text for label in KINDS[kind])
    assert "What the drawing shows." in text
    assert all(facts.fonts.values()) and all("NotoSans" in name for name in facts.fonts)


def test_chinese_labels_use_the_chinese_font() -> None:
    labels = ("表皮层", "真皮层", "脂肪层", "针到达这里")
    drawing = diagram_drawing(Diagram("skin-depth", "皮肤分层", labels, "upper"), THEME)
    assert drawing.wrap(THEME.frame_width, 1000) == (THEME.frame_width, HEIGHT)
    markdown = "::: diagram skin-depth upper\n皮肤分层\n\n" + "".join(f"- {x}\n" for x in labels)
    assert "针到达这里" in read_pdf(pdf_of(markdown + ":::\n")).text


@pytest.mark.parametrize(
    ("diagram", "message"),
    [
        (Diagram("volcano", "x", ("a", "b", "c", "d")), "no diagram called 'volcano'"),
        (Diagram("scar-types", "x", ("a", "b")), "needs 4 labels, not 2"),
        (Diagram("scar-types", "x", ("a", "b", "c", "word " * 30)), "too long to fit"),
    ],
)
def test_a_diagram_that_cannot_be_drawn_is_a_layout_error(diagram: Diagram, message: str) -> None:
    with pytest.raises(LayoutError, match=message):
        diagram_drawing(diagram, THEME)


def test_latin_letters_and_digits_in_a_chinese_label_print_in_the_body_font() -> None:
    """The Chinese font has no Latin letters: a mixed label falls back run by run, so
    "涂 Gel 1 层" never prints as boxes."""
    labels = ("洗净擦干", "涂 Gel 1 层", "等它变干", "每天使用")
    markdown = "::: diagram gel-steps\n硅酮凝胶\n\n" + "".join(f"- {x}\n" for x in labels)
    facts = read_pdf(pdf_of(markdown + ":::\n"))
    assert "涂 Gel 1 层" in normalise(facts.text)
    assert any("NotoSans-Bold" in name for name in facts.fonts)
