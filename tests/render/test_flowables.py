"""The flowable builder on its own: which flowable each kind of block becomes, in which style."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from PIL import Image
from reportlab.platypus import CondPageBreak, KeepTogether, Table
from reportlab.platypus.flowables import HRFlowable

from handouts.content.clinic import Branding
from handouts.errors import LayoutError
from handouts.markdown import blocks
from handouts.markdown.parse import parse
from handouts.render.flowables import _HANDLERS, FlowableBuilder, SectionHeading
from handouts.render.images import PictureFlowable
from handouts.render.textblock import TextBlock
from handouts.render.theme import build_theme

THEME = build_theme(Branding())


def build(markdown: str, **options: typing.Any) -> list[typing.Any]:
    return FlowableBuilder(THEME, **options).document(parse(markdown))


def test_every_kind_of_block_has_a_handler() -> None:
    assert set(_HANDLERS) == set(typing.get_args(blocks.Block))


def test_title_and_the_paragraph_under_it_are_set_large() -> None:
    title, lead, body = build("# Gel\n\nThe main message.\n\nMore text.\n")
    assert isinstance(title, TextBlock) and title.style.name == "title"
    assert lead.style.name == "lead" and body.style.name == "body"


def test_section_headings_become_bookmarks_and_are_kept_with_what_follows() -> None:
    keep, heading, text = build("## How it works\n\nText.\n")
    assert isinstance(keep, CondPageBreak)
    assert isinstance(heading, SectionHeading)
    assert (heading.outline_title, heading.outline_level) == ("How it works", 0)
    assert isinstance(text, TextBlock)


def test_in_a_pack_the_title_is_a_bookmark_and_sections_sit_under_it() -> None:
    title, _, heading, _ = build("# Gel\n\n## How\n\nText.\n", bookmark_title=True, outline_level=1)
    assert isinstance(title, SectionHeading) and title.outline_level == 0
    assert heading.outline_level == 1


def test_one_paragraph_items_are_bulleted_paragraphs_numbered_from_their_start() -> None:
    first, second = build("3. three\n4. four\n")
    assert (first.bullet, second.bullet) == ("3.", "4.")
    assert second.style.spaceAfter > first.style.spaceAfter  # a little room after a list


def test_what_else_an_item_holds_follows_its_bulleted_paragraph_indented() -> None:
    first, more, second = build("- one\n\n  second paragraph\n- two\n")
    assert (first.bullet, more.bullet, second.bullet) == ("\u2022", None, "\u2022")
    assert more.style.leftIndent == pytest.approx(first.style.leftIndent)
    assert more.plain_text == "second paragraph"


def test_a_table_gets_one_width_per_column_filling_the_frame() -> None:
    (table,) = build("| A | B |\n|---|---|\n| 1 | 2 |\n")
    assert isinstance(table, Table)
    assert sum(table._colWidths) == pytest.approx(THEME.frame_width)


def test_a_box_is_kept_on_one_page_and_its_title_shares_the_first_row() -> None:
    (box,) = build("::: warning Call us if\n- pain\n- fever\n:::\n")
    assert isinstance(box, KeepTogether)
    (table,) = box._content
    first_row = table._cellvalues[0][0]
    assert [part.style.name for part in first_row] == ["callout_title", "list-bullet"]


def test_fineprint_is_small_text_without_a_box() -> None:
    flowables = build("::: fineprint\n1. A source. NHS, 2023.\n:::\n")
    assert [flowable.style.name for flowable in flowables] == ["small-number-last"]


def test_a_rule() -> None:
    assert isinstance(build("---\n")[0], HRFlowable)


def test_a_picture_fits_the_column_with_its_caption(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("RGB", (3000, 300), "white").save(path)
    document = blocks.with_figures(parse("![Where to put it](wide.png)\n"), {"wide.png": path})
    (kept,) = FlowableBuilder(THEME).document(document)
    picture, caption = kept._content
    assert isinstance(picture, PictureFlowable)
    assert picture.width == pytest.approx(THEME.frame_width)
    assert caption.style.name == "small" and caption.plain_text == "Where to put it"


def test_a_picture_that_was_never_found_is_a_layout_error() -> None:
    with pytest.raises(LayoutError, match=r"missing\.png"):
        build("![x](missing.png)\n")
