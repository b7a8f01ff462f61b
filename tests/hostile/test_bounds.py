"""Content far beyond any handout ends in a clear error, quickly: tables too wide or too long,
hundreds of thousands of lines or list items, tens of thousands of pictures, a pack that lists
a treatment thousands of times, and thousands of mistakes in one file (listed twenty at a
time). The limits are in SECURITY.md; these tests check each is an error naming its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handouts.content.load import ContentDir
from handouts.errors import ContentError, LayoutError
from handouts.markdown.parse import MAX_FIGURES, MAX_LINES
from handouts.render.boxes import MAX_COLUMNS, MAX_ROWS

from helpers import (
    CLINIC,
    TREATMENT,
    build_fails,
    clinic_path,
    invoke,
    override_template,
    record_path,
    render,
    replace_in,
)


def with_title_block(root: Path, markdown: str) -> Path:
    return override_template(
        root, "{% block title %}\n# Title\n\n" + markdown + "\n{% endblock %}\n"
    )


def table(columns: int, rows: int, cell: str = "x") -> str:
    head = "|" + "|".join(f"c{i}" for i in range(columns)) + "|\n"
    rule = "|" + "---|" * columns + "\n"
    return head + rule + ("|" + "|".join([cell] * columns) + "|\n") * rows


def test_a_table_too_wide_for_the_page_is_an_error_naming_the_template(
    content_root: Path,
) -> None:
    template = with_title_block(content_root, table(60, 1, "wordy"))
    output = build_fails(content_root)
    assert f"{template.name}: " in output
    assert f"a table has 60 columns; at most {MAX_COLUMNS} fit across a page" in output


def test_every_column_of_the_widest_table_keeps_room_for_its_text(content_root: Path) -> None:
    with_title_block(content_root, table(MAX_COLUMNS, 2, "x" * 400))
    assert render(content_root).page_count >= 1


def test_a_table_too_long_is_an_error(content_root: Path) -> None:
    with_title_block(content_root, table(2, 5000))
    assert f"a table has 5,000 rows; at most {MAX_ROWS} fit a handout" in build_fails(content_root)


@pytest.mark.parametrize(
    "line", ["- x\n", "para\n\n", "![a](logo.png)\n\n"], ids=["items", "paragraphs", "pictures"]
)
def test_runaway_markdown_is_refused(content_root: Path, line: str) -> None:
    loop = "{% for i in range(50) %}{% for j in range(400) %}" + line + "{% endfor %}{% endfor %}"
    with_title_block(content_root, loop)
    with pytest.raises(LayoutError, match=f"more than the {MAX_LINES:,} a handout can hold"):
        render(content_root)


def test_too_many_pictures_is_refused(content_root: Path) -> None:
    with_title_block(content_root, "![a](logo.png)\n\n" * (MAX_FIGURES + 1))
    with pytest.raises(LayoutError, match=f"at most {MAX_FIGURES} fit a handout"):
        render(content_root)


def test_a_handout_that_runs_to_dozens_of_pages_is_refused(content_root: Path) -> None:
    paragraph = "This sentence repeats to fill the page with words. " * 40
    with_title_block(content_root, "{% for i in range(400) %}" + paragraph + "\n\n{% endfor %}")
    with pytest.raises(LayoutError, match="more than 60 pages"):
        render(content_root)


def test_a_pack_that_lists_a_treatment_twice_names_both_places(content_root: Path) -> None:
    path = clinic_path(content_root)
    replace_in(path, "  - silicone-gel\n", "  - silicone-gel\n" * 3)
    with pytest.raises(ContentError, match="lists 'silicone-gel' twice"):
        ContentDir(content_root).clinic(CLINIC)


def test_thousands_of_mistakes_are_listed_twenty_at_a_time(content_root: Path) -> None:
    empty = "  - '\u200b'\n" * 35  # each item has nothing visible: one problem each
    path = record_path(content_root)
    replace_in(path, "not_suitable_for:\n", "not_suitable_for:\n" + empty)
    replace_in(path, "questions:\n", "questions:\n" + empty)
    with pytest.raises(ContentError) as raised:
        ContentDir(content_root).treatment(TREATMENT)
    problems = raised.value.problems
    assert len(problems) <= 21 and "more problems like these" in problems[-1].message
    result = invoke("check", CLINIC, "--format", "json", "--root", str(content_root))
    assert len(json.loads(result.stdout)["findings"]) < 40
