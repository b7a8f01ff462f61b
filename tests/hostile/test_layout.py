"""Content far bigger than a handout should be: it breaks across lines and pages with nothing
lost, or fails its handout with a clear LayoutError. Checked on the finished PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.content.load import ContentDir
from handouts.errors import ContentError, LayoutError
from handouts.markdown.parse import MAX_NESTING
from handouts.pipeline import RenderedHandout

from helpers import (
    TREATMENT,
    clinic_path,
    line_of,
    override_template,
    read_pdf,
    record_path,
    render,
    replace_in,
)

WORD = "ж" * 5000
"""A 5,000-letter word of a letter that appears nowhere else in a handout."""


def with_title_block(root: Path, markdown: str) -> None:
    override_template(root, "{% block title %}\n# Title\n\n" + markdown + "\n{% endblock %}\n")


def squeezed(rendered: RenderedHandout) -> str:
    """The PDF's text with all white space removed, so words split over lines join up."""
    return "".join(read_pdf(rendered.pdf).text.split())


@pytest.mark.parametrize(
    "markdown",
    [
        "{{ word }}",
        "## {{ word }}",
        "- {{ word }}\n- second",
        "- a\n  - b\n    - c\n      - {{ word }}",
        "| a | b |\n|---|---|\n| {{ word }} | y |",
        "::: warning {{ word }}\nbody\n:::",
        "::: warning Title\n{{ word }}\n:::",
        "**[{{ word }}](https://example.org)**",
    ],
    ids=[
        "paragraph",
        "heading",
        "list",
        "nested-list",
        "table",
        "box-title",
        "box-body",
        "bold-link",
    ],
)
def test_5000_character_word_breaks_across_lines_with_nothing_lost(
    content_root: Path, markdown: str
) -> None:
    with_title_block(content_root, "{% set word = '" + WORD[:1] + "' * 5000 %}" + markdown)
    rendered = render(content_root)
    assert squeezed(rendered).count(WORD[0]) == len(WORD)
    assert rendered.page_count > 3


def test_long_heading_split_over_pages_gets_one_bookmark(content_root: Path) -> None:
    with_title_block(content_root, "## {{ 'ж' * 5000 }}")
    outline = read_pdf(render(content_root).pdf).outline
    assert sum(1 for _, title, _ in outline if title.startswith("жжж")) == 1


def test_400_item_list_continues_over_pages(content_root: Path) -> None:
    with_title_block(content_root, "{% for i in range(400) %}- item{{ i }}x\n{% endfor %}")
    rendered = render(content_root)
    text = squeezed(rendered)
    assert all(f"item{i}x" in text for i in range(400))
    assert rendered.page_count > 10


def comparison_rows(count: int) -> str:
    return "".join(
        f"  - {{treatment: Option-{i}, suits: any scar type {'and skin ' * 12}, sessions: '1', "
        f"downtime: none, results: fair}}\n"
        for i in range(count)
    )


def test_longest_comparison_table_splits_across_pages_with_its_header(
    content_root: Path,
) -> None:
    rows = comparison_rows(40)
    replace_in(record_path(content_root), "precautions:", f"comparison:\n{rows}precautions:")
    rendered = render(content_root)
    text = squeezed(rendered)
    assert all(f"Option-{i}" in text for i in range(40))
    pages_with_table = sum(1 for page in read_pdf(rendered.pdf).page_texts if "Option-" in page)
    assert pages_with_table >= 3
    assert text.count("Bestfor") >= pages_with_table  # the header repeats on every page


def test_a_comparison_longer_than_a_handout_holds_names_its_field(content_root: Path) -> None:
    rows = comparison_rows(41)
    replace_in(record_path(content_root), "precautions:", f"comparison:\n{rows}precautions:")
    with pytest.raises(ContentError, match=r"comparison: List should have at most 40 items"):
        ContentDir(content_root).treatment(TREATMENT)


def test_box_longer_than_a_page_splits_across_pages(content_root: Path) -> None:
    with_title_block(
        content_root,
        "::: warning Read all of this\n{% for i in range(300) %}Sentence {{ i }} here. "
        "{% endfor %}\n\n- a list item\n- another\n:::",
    )
    rendered = render(content_root)
    text = " ".join(read_pdf(rendered.pdf).text.split())
    assert all(f"Sentence {i} here." in text for i in range(300))


def test_record_with_forty_long_warning_signs_fills_its_box_over_pages(
    content_root: Path,
) -> None:
    signs = "".join(f"    - Sign {i} " + "with a long description " * 25 + "\n" for i in range(40))
    path = record_path(content_root)
    text = path.read_text(encoding="utf-8")
    start = text.index("  call_clinic:\n") + len("  call_clinic:\n")
    end = text.index("  urgent_care:")
    path.write_text(text[:start] + signs + text[end:], encoding="utf-8")
    squeezed_text = squeezed(render(content_root))
    assert all(f"Sign{i}with" in squeezed_text for i in range(40))


def test_record_list_over_the_schema_limit_names_its_field(content_root: Path) -> None:
    items = "".join(f"    - Step {i}\n" for i in range(400))
    replace_in(record_path(content_root), "  after:\n", f"  after:\n{items}")
    with pytest.raises(ContentError, match=r"precautions\.after: List should have at most 40"):
        ContentDir(content_root).treatment(TREATMENT)


def test_boxes_and_images_inside_boxes_lay_out(content_root: Path) -> None:
    with_title_block(
        content_root,
        "::: note Outer\n::: warning Inner\n![The logo](logo.png)\n\nInside text\n:::\n:::",
    )
    text = " ".join(read_pdf(render(content_root).pdf).text.split())
    assert "Outer Inner The logo Inside text" in text


def test_empty_list_items_keep_their_bullets(content_root: Path) -> None:
    with_title_block(content_root, "-\n- x\n-\n\n1.\n2. two")
    text = " ".join(read_pdf(render(content_root).pdf).text.split())
    assert "x" in text and "2. two" in text


def test_nesting_at_the_limit_lays_out(content_root: Path) -> None:
    levels = MAX_NESTING
    with_title_block(content_root, "".join(f"{'  ' * i}- level{i}\n" for i in range(levels)))
    text = squeezed(render(content_root))
    assert all(f"level{i}" in text for i in range(levels))


def test_nesting_past_the_limit_is_an_error_not_a_silent_cut(content_root: Path) -> None:
    with_title_block(content_root, "".join(f"{'  ' * i}- level{i}\n" for i in range(30)))
    with pytest.raises(LayoutError, match=r"harbour-dermatology/handout\.md\.j2: lists, quotes"):
        render(content_root)


def test_clinic_name_too_long_for_the_header_is_reported(content_root: Path) -> None:
    replace_in(clinic_path(content_root), "name: Harbour Dermatology", "name: " + "Harbour " * 30)
    with pytest.raises(LayoutError) as raised:
        render(content_root)
    problem = raised.value.problems[0]
    assert (problem.file, problem.field) == (clinic_path(content_root), "name")
    assert problem.line == line_of(clinic_path(content_root), "name: Harbour")
    assert "too long for the header band" in problem.message


def test_longer_clinic_name_shrinks_to_fit_the_header(content_root: Path) -> None:
    name = "Harbour Dermatology and Laser Skin Clinic of Greater London"
    replace_in(clinic_path(content_root), "name: Harbour Dermatology", f"name: {name}")
    first_page = read_pdf(render(content_root).pdf).page_texts[0]
    assert name in " ".join(first_page.split())


def test_page_wording_too_long_for_the_footer_is_reported(content_root: Path) -> None:
    replace_in(
        clinic_path(content_root),
        "locale: en-GB",
        "locale: en-GB\nwording:\n  page: " + "Page {page} of {pages} " * 10,
    )
    with pytest.raises(LayoutError) as raised:
        render(content_root)
    problem = next(p for p in raised.value.problems if p.field == "wording.page")
    assert problem.file == clinic_path(content_root)
    assert problem.line == line_of(clinic_path(content_root), "  page: Page")
    assert "too long to fit across the page" in problem.message
