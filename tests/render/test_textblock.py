"""The paragraph engine: line breaking, page splits, Chinese text and links, on real PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from handouts.content.load import ContentDir
from handouts.markdown import blocks
from handouts.pipeline import render_handout
from handouts.render.fonts import BODY, BODY_BOLD, register_fonts
from handouts.render.lines import SPACE_SHRINK, break_lines
from handouts.render.textblock import TextBlock
from handouts.render.words import unit_width, words_of

from helpers import CLINIC, TREATMENT, normalise, override_template, read_pdf

STYLE = ParagraphStyle("body", fontName=BODY, fontSize=12, leading=16)
LINK = colors.HexColor("#1f5f8b")
WIDTH = 300.0
COMMA = "\uff0c"
"""Chinese full-width comma: closing punctuation that may not start a line."""


@pytest.fixture(autouse=True, scope="module")
def fonts() -> None:
    register_fonts()


def block(text: str, **span: object) -> TextBlock:
    return TextBlock((blocks.Span(text, **span),), STYLE, LINK)  # type: ignore[arg-type]


def line_texts(flowable: TextBlock) -> list[str]:
    return ["".join(run.text for run in line.runs) for line in flowable.lines]


def pdf_of(*flowables: TextBlock) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=72, rightMargin=72)
    document.build(list(flowables))
    return buffer.getvalue()


words = st.text(alphabet="abcdefghij", min_size=1, max_size=14)


@given(st.lists(words, min_size=1, max_size=80))
def test_lines_keep_every_word_in_order_and_fit_the_width(text_words: list[str]) -> None:
    paragraph = block(" ".join(text_words))
    paragraph.wrap(WIDTH, 1000)
    assert " ".join(line_texts(paragraph)).split() == text_words
    for line in paragraph.lines:
        spaces = unit_width(" ", BODY) * 12 * sum(1 for run in line.runs if run.text == " ")
        assert line.width <= WIDTH + SPACE_SHRINK * spaces + 1e-6


def test_a_line_that_needs_its_spaces_squeezed_is_drawn_inside_the_margin() -> None:
    """One more word is allowed on a line when its spaces give up a little width; the line is
    then drawn very slightly narrower, never past the right margin."""
    text = (
        "For 5 to 7 days, use only the creams your clinic advises. No retinoids, acids or scrubs."
    )
    box = unit_width(text, BODY) * 12 - 1.0
    paragraph = block(text)
    paragraph.wrap(box, 100)
    assert len(paragraph.lines) == 1 and paragraph.lines[0].width > box
    with pdfplumber.open(io.BytesIO(_in_box(paragraph, box))) as pdf:
        chars = pdf.pages[0].chars
    assert "".join(char["text"] for char in chars) == text
    assert max(char["x1"] for char in chars) <= 72 + box + 0.01


def _in_box(paragraph: TextBlock, width: float) -> bytes:
    """Text starting at x = 72 in a column ``width`` wide (frames pad their content by 6)."""
    buffer = io.BytesIO()
    right_margin = A4[0] - 66 - (width + 12)
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=66, rightMargin=right_margin)
    document.build([paragraph])
    return buffer.getvalue()


def test_a_split_never_leaves_one_line_alone_and_loses_nothing() -> None:
    paragraph = block(" ".join(f"word{n}" for n in range(200)))
    paragraph.wrap(WIDTH, 1000)
    lines = len(paragraph.lines)
    assert paragraph.split(WIDTH, STYLE.leading * 1.5) == []  # one line would be an orphan
    head, tail = paragraph.split(WIDTH, STYLE.leading * (lines - 1))  # leaves a widow
    assert len(head.lines) == lines - 2 and len(tail.lines) == 2
    assert line_texts(head) + line_texts(tail) == line_texts(paragraph)
    assert head.getSpaceAfter() == 0 and tail.getSpaceBefore() == 0


def test_a_part_of_a_split_rebreaks_at_another_width_with_nothing_lost() -> None:
    """A table measures a cell at one width and splits it at another."""
    paragraph = block(" ".join(f"word{n}" for n in range(200)))
    paragraph.wrap(WIDTH + 20, 1000)
    head, tail = paragraph.split(WIDTH + 20, STYLE.leading * 5)
    head.wrap(WIDTH, 1000)
    tail.wrap(WIDTH, 1000)
    rejoined = " ".join(line_texts(head) + line_texts(tail)).split()
    assert rejoined == [f"word{n}" for n in range(200)]


def test_chinese_breaks_between_characters_but_never_before_closing_punctuation() -> None:
    text = f"气血运行{COMMA}" * 60
    paragraph = block(text)
    paragraph.wrap(WIDTH, 1000)
    lines = line_texts(paragraph)
    assert len(lines) > 3 and "".join(lines) == text
    assert not any(line.startswith(COMMA) for line in lines)
    assert all(line.width <= WIDTH + 1e-6 for line in paragraph.lines)
    text_on_paper = read_pdf(pdf_of(paragraph)).text
    assert "".join(text_on_paper.split()) == text


def test_bold_italic_and_fallback_runs_pick_the_right_faces() -> None:
    inline = (
        blocks.Span("Plain "),
        blocks.Span("bold", bold=True),
        blocks.Span(" and "),
        blocks.Span("both 气血", bold=True, italic=True),
    )
    runs = [run for word in words_of(inline, STYLE, LINK) for run in word.runs]
    fonts = [
        font
        for index, font in enumerate(run.font for run in runs)
        if index == 0 or font != runs[index - 1].font
    ]
    assert fonts == [
        "NotoSans",
        "NotoSans-Bold",
        "NotoSans",
        "NotoSans-BoldItalic",
        "WenQuanYiMicroHei+bold",
    ]


def test_mixed_chinese_and_latin_break_on_either_side_of_a_latin_word() -> None:
    inline = (blocks.Span("请查HIV和SPF 30的说明。用SPF."),)
    units = ["".join(run.text for run in word.runs) for word in words_of(inline, STYLE, LINK)]
    assert units == ["请", "查", "HIV", "和", "SPF", "30", "的", "说", "明。", "用", "SPF."]
    text = "请检查HIV和SPF30的说明。" * 30
    paragraph = block(text)
    paragraph.wrap(120, 5000)
    assert "".join(line_texts(paragraph)) == text, "nothing added or lost, no space inserted"


def test_bold_chinese_is_drawn_with_an_outline_and_extracts_as_written() -> None:
    bold = TextBlock((blocks.Span("要点 Key points", bold=True),), STYLE, LINK)
    plain = block("要点 Key points")
    pdf = pdf_of(bold, plain)
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert content.count(" 2 Tr") == 1 and "0 Tr" in content, "only the bold Chinese is stroked"
    assert normalise(read_pdf(pdf).text) == "要点 Key points 要点 Key points"


def test_typed_line_breaks_are_kept() -> None:
    paragraph = block("first line\nsecond line\n\nafter a blank")
    paragraph.wrap(WIDTH, 1000)
    assert line_texts(paragraph) == ["first line", "second line", "", "after a blank"]


def test_links_are_underlined_clickable_areas_over_their_words(content_root: Path) -> None:
    """Every line of a link that wraps gets its own clickable area, over the link's text."""
    long_link = "[" + " ".join(["read the full guidance"] * 6) + "](https://example.org/guide)"
    override_template(
        content_root, "{% block title %}\n# Title\n\n" + long_link + "\n{% endblock %}\n"
    )
    pdf = render_handout(ContentDir(content_root), TREATMENT, CLINIC).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        areas = [a for a in page.annots if a.get("uri") == "https://example.org/guide"]
        assert len(areas) == len({round(a["top"]) for a in areas}) >= 2  # one per line
        linked = [
            word["text"]
            for word in page.extract_words()
            for a in areas
            if a["x0"] <= (word["x0"] + word["x1"]) / 2 <= a["x1"]
            and a["top"] <= word["top"]
            and word["bottom"] <= a["bottom"] + 1
        ]
        assert " ".join(linked) == " ".join(["read the full guidance"] * 6)
        underlines = [line for line in page.lines if line["top"] > areas[0]["top"]]
        assert len(underlines) >= len(areas)


def test_break_lines_of_nothing_is_one_empty_line() -> None:
    assert len(break_lines([], WIDTH, 12)) == 1


def test_a_soft_hyphen_shows_only_where_a_line_breaks_at_it() -> None:
    word = "micro\u00adneedling"
    one_line = block(f"Ask about {word} today")
    one_line.wrap(WIDTH, 100)
    assert line_texts(one_line) == ["Ask about microneedling today"]
    narrow = block(f"Ask about {word} today")
    room = unit_width("Ask about micro-", BODY) * 12 + 1
    narrow.wrap(room, 100)
    assert line_texts(narrow)[:2] == ["Ask about micro-", "needling today"]
    with pdfplumber.open(io.BytesIO(_in_box(narrow, room))) as pdf:
        assert pdf.pages[0].extract_text().splitlines()[:2] == line_texts(narrow)[:2]


def test_zero_width_spaces_and_tabs_break_without_showing_anything() -> None:
    paragraph = block("aaaaaaaaaa\u200bbbbbbbbbbb")
    paragraph.wrap(unit_width("aaaaaaaaaabb", BODY) * 12 + 1, 100)
    assert line_texts(paragraph) == ["aaaaaaaaaa", "bbbbbbbbbb"]  # not cut after "bb"
    tabbed = block("before\tafter")
    tabbed.wrap(WIDTH, 100)
    assert line_texts(tabbed) == ["before after"]


def test_a_list_number_wider_than_its_indent_pushes_the_first_line_right() -> None:
    """CommonMark starts a list at any number: "1999. The year..." is item 1999."""
    style = ParagraphStyle(
        "list",
        parent=STYLE,
        leftIndent=19.2,
        bulletIndent=0,
        bulletFontName=BODY_BOLD,
        bulletFontSize=12,
        bulletColor=LINK,
    )
    words = " ".join(["Apply the gel twice a day"] * 8)
    item = TextBlock((blocks.Span(words),), style, LINK, bullet="1999.")
    with pdfplumber.open(io.BytesIO(_in_box(item, WIDTH))) as pdf:
        chars = pdf.pages[0].chars
        lines = pdf.pages[0].extract_text().splitlines()
    number_end = max(
        c["x1"] for c in chars if c["text"] in "1999." and c["top"] < chars[0]["bottom"]
    )
    first_text = min(c["x0"] for c in chars if c["text"] == "A" and c["top"] < chars[0]["bottom"])
    assert number_end < first_text
    assert lines[0].startswith("1999. Apply")
    assert max(c["x1"] for c in chars) <= 72 + WIDTH + 0.01


def test_closing_punctuation_in_the_next_span_or_the_body_font_never_starts_a_line() -> None:
    quote = "\u201d"  # a closing quotation mark, drawn by the body font
    inline = tuple(
        span
        for _ in range(40)
        for span in (blocks.Span("气血运行", bold=True), blocks.Span(f"{COMMA}气血{quote}"))
    )
    paragraph = TextBlock(inline, STYLE, LINK)
    paragraph.wrap(WIDTH, 5000)
    lines = line_texts(paragraph)
    assert len(lines) > 5
    assert not [line for line in lines if line[0] in (COMMA, quote)]


def test_a_long_word_of_several_spans_breaks_within_the_width() -> None:
    """Here the first span fills a line exactly: the next one must start a new line."""
    inline = (blocks.Span("A" * 36), blocks.Span("b" * 40, bold=True), blocks.Span("C" * 40))
    room = unit_width("A" * 12, BODY) * 12 + 0.1
    paragraph = TextBlock(inline, STYLE, LINK)
    paragraph.wrap(room, 5000)
    assert "".join(line_texts(paragraph)) == "A" * 36 + "b" * 40 + "C" * 40
    assert line_texts(paragraph)[2] == "A" * 12
    assert all(line.width <= room + 1e-6 for line in paragraph.lines)


def test_a_web_address_too_wide_for_a_line_breaks_after_a_slash_or_hyphen() -> None:
    url = "https://www.example.org/tests-procedures/laser-resurfacing/about/pac-20385114"
    paragraph = block(f"Read {url} today.", href=url)
    paragraph.wrap(unit_width("https://www.example.org/tests-", BODY) * 12 + 1, 5000)
    lines = line_texts(paragraph)
    assert "".join(lines).replace(" ", "") == f"Read{url}today."
    assert all(line[-1] in "/-." or line.endswith(" ") for line in lines[:-1]), lines
    assert any(line.startswith("pac-20385114") or line.endswith("pac-") for line in lines)


def test_cmyk_text_stays_cmyk() -> None:
    cmyk = ParagraphStyle("cmyk", parent=STYLE, textColor=colors.CMYKColor(0, 0, 0, 1))
    pdf = _in_box(TextBlock((blocks.Span("Black ink only"),), cmyk, LINK), WIDTH)
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert b"0 0 0 1 k" in content and b" rg" not in content.split(b"BT")[1]


def test_opening_punctuation_never_ends_a_line() -> None:
    opening = ("\u300c", "\u201c")  # a corner bracket (Chinese font), a quote (body font)
    paragraph = TextBlock((blocks.Span(f"气血{opening[0]}运行{opening[1]}气血" * 40),), STYLE, LINK)
    paragraph.wrap(WIDTH, 5000)
    lines = line_texts(paragraph)
    assert len(lines) > 5
    assert not [line for line in lines if line[-1] in opening]


def test_no_space_is_added_beside_full_width_punctuation() -> None:
    inline = (blocks.Span("关于证据：", italic=True), blocks.Span(" 研究 （注）和 “quoted” text"))
    paragraph = TextBlock(inline, STYLE, LINK)
    paragraph.wrap(WIDTH, 1000)
    assert line_texts(paragraph) == ["关于证据：研究（注）和 “quoted” text"]
