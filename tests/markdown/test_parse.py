"""The Markdown parser on its own: the block tree it makes from the Markdown a template writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import LayoutError
from handouts.markdown.blocks import (
    Callout,
    Diagram,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Rule,
    Span,
    Table,
    figures,
    plain,
    with_figures,
)
from handouts.markdown.parse import MAX_NESTING, parse


def test_headings_keep_their_level_and_section_id() -> None:
    document = parse("# Title\n\n{#mechanism}\n## How it works\n\n### Before\n")
    assert document.blocks == (
        Heading(1, (Span("Title"),)),
        Heading(2, (Span("How it works"),), "mechanism"),
        Heading(3, (Span("Before"),)),
    )
    assert document.title == "Title"
    assert document.sections == {"mechanism": "How it works"}


def test_inline_formatting_becomes_spans_of_plain_text() -> None:
    (paragraph,) = parse("Plain *slanted* **strong** [link](https://nhs.uk) <b>&amp;").blocks
    assert paragraph == Paragraph(
        (
            Span("Plain "),
            Span("slanted", italic=True),
            Span(" "),
            Span("strong", bold=True),
            Span(" "),
            Span("link", href="https://nhs.uk"),
            Span(" <b>&amp;"),
        )
    )


@pytest.mark.parametrize("target", ["http://x.org", "ftp://x.org", "sms:123", "x.html"])
def test_links_other_than_https_mail_and_phone_print_as_their_text(target: str) -> None:
    (paragraph,) = parse(f"[click]({target})").blocks
    assert paragraph == Paragraph((Span("click"),))


@pytest.mark.parametrize("target", ["javascript:alert(1)", "file:///etc/passwd"])
def test_links_markdown_itself_refuses_print_as_typed(target: str) -> None:
    (paragraph,) = parse(f"[click]({target})").blocks
    assert paragraph == Paragraph((Span(f"[click]({target})"),))


def test_lists_hold_their_items_and_start_number() -> None:
    bullets, numbers = parse("- one\n- two\n\n0. zero\n1. one\n").blocks
    assert bullets == ListBlock(False, ((Paragraph((Span("one"),)),), (Paragraph((Span("two"),)),)))
    assert isinstance(numbers, ListBlock) and numbers.ordered and numbers.start == 0


def test_a_table_has_a_header_and_rows() -> None:
    (table,) = parse("| A | B |\n|---|---|\n| 1 | **2** |\n").blocks
    assert table == Table(((Span("A"),), (Span("B"),)), (((Span("1"),), (Span("2", bold=True),)),))


def test_callouts_nest_their_blocks_under_a_kind_and_title() -> None:
    (box,) = parse("::: warning Call us if\n- pain\n:::\n").blocks
    assert box == Callout(
        "warning", "Call us if", (ListBlock(False, ((Paragraph((Span("pain"),)),),)),)
    )


def test_an_unknown_box_kind_is_plain_text() -> None:
    blocks = parse("::: shout Hello\ntext\n:::\n").blocks
    assert all(isinstance(block, Paragraph) for block in blocks)


def test_rules_code_and_lone_images() -> None:
    rule, code, figure, inline = parse(
        "---\n\n```\nx = 1\n```\n\n![Gel on a scar](gel.png)\n\nSee ![icon](i.png) here\n"
    ).blocks
    assert rule == Rule()
    assert code == Paragraph((Span("x = 1"),))
    assert figure == Figure("gel.png", "Gel on a scar")
    assert plain(inline.inline) == "See icon here"  # type: ignore[union-attr]


def test_figures_are_found_inside_lists_and_boxes_and_placed() -> None:
    document = parse("- ![a](a.png)\n\n::: note Box\n![b](b.png)\n:::\n")
    assert [figure.src for figure in figures(document.blocks)] == ["a.png", "b.png"]
    placed = with_figures(document, {"b.png": Path("/clinic/b.png")})
    assert [figure.path for figure in figures(placed.blocks)] == [None, Path("/clinic/b.png")]


def test_nesting_deeper_than_the_limit_is_refused_not_dropped() -> None:
    deep = "".join("  " * level + "- item\n" for level in range(MAX_NESTING + 2))
    with pytest.raises(LayoutError, match="nested more than"):
        parse(deep)


def test_an_empty_document() -> None:
    assert parse("") == Document(())


def test_a_diagram_is_its_kind_reach_words_and_labels() -> None:
    (diagram,) = parse("::: diagram skin-depth upper\nHow deep.\n\n- Top\n- Middle\n:::\n").blocks
    assert diagram == Diagram("skin-depth", "How deep.", ("Top", "Middle"), "upper")
