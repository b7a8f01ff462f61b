"""The accessibility checks on their own: bare-address links in records, and text below 12 pt
read back from a tagged PDF, where furniture and figures do not count."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle

from handouts import ContentDir
from handouts.check.access import record_findings, small_text
from handouts.markdown import blocks
from handouts.render.fonts import BODY, register_fonts
from handouts.render.structtree import TaggedCanvas
from handouts.render.tagging import Tags, artifact
from handouts.render.textblock import TextBlock

from helpers import TREATMENT, line_of, record_path, replace_in


def test_a_link_whose_text_is_its_address_is_found_at_its_line(content_root: Path) -> None:
    path = record_path(content_root)
    old = "and it does little for pitted acne scars."
    replace_in(path, old, "see [www.nhs.uk](https://www.nhs.uk/).")
    found = record_findings(ContentDir(content_root).treatment(TREATMENT))
    assert [(item.code, item.line) for item in found] == [
        ("ACCESS003", line_of(path, "summary: >-"))
    ]
    assert "www.nhs.uk" in found[0].message


def _page_with(size: float, wrap: str) -> bytes:
    """One tagged page with a paragraph at ``size`` points, drawn as content, furniture or in
    a figure."""
    register_fonts()
    buffer = io.BytesIO()
    tags = Tags()
    canvas = TaggedCanvas(buffer, tags=tags, title="test", initialFontName=BODY)
    style = ParagraphStyle("test", fontName=BODY, fontSize=size, leading=size * 1.3)
    element = None if wrap == "artifact" else tags.root.add(wrap)
    paragraph = TextBlock((blocks.Span("Small words here"),), style, style.textColor, tag=element)
    paragraph.wrapOn(canvas, 300, 100)
    with artifact(canvas) if wrap == "artifact" else _nothing():
        paragraph.drawOn(canvas, 72, 700)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_text_below_12_pt_is_found_with_its_size() -> None:
    (item,) = small_text(_page_with(10, "P"))
    assert (item.page, item.text, round(item.size, 1)) == (1, "Small words here", 10.0)
    assert small_text(_page_with(12, "P")) == []


def test_furniture_and_labels_inside_a_figure_do_not_count() -> None:
    assert small_text(_page_with(9, "Figure")) == []
    assert small_text(_page_with(9, "artifact")) == []
