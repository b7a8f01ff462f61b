"""The yardstick: the same handout text laid out by a plain reportlab platypus script.

This is what a competent developer would write by hand: fonts registered once, one
paragraph style per block kind, and the usual two-pass build for "Page X of Y" (build once to
count pages, then again with the total). It has no templates, no validation, no callouts,
no tables and no fallback fonts, so it is a floor that our full pipeline is measured against.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reportlab.platypus.flowables import Flowable

from handouts.content.load import ContentDir
from handouts.markdown import blocks
from handouts.options import RenderOptions
from handouts.pipeline import prepare_handout
from handouts.render.fonts import font_dir
from handouts.render.metadata import xml_escaped

Block = tuple[str, str]
"""(style name, plain text) for one paragraph of the handout."""


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont("Yard", str(font_dir() / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Yard-Bold", str(font_dir() / "NotoSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Yard-Chinese", str(font_dir() / "wqy-microhei.ttf")))


@cache
def styles(chinese: bool = False) -> dict[str, ParagraphStyle]:
    """One style per block kind; for Chinese, the Chinese font (for headings too) and
    reportlab's CJK line breaking, as a plain script would set Chinese text."""
    regular, bold = ("Yard-Chinese",) * 2 if chinese else ("Yard", "Yard-Bold")
    wrap = "CJK" if chinese else None
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=12, leading=16, spaceAfter=5, wordWrap=wrap
    )
    return {
        "body": body,
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=22, leading=27),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=16, leading=20),
        "h3": ParagraphStyle("h3", parent=body, fontName=bold, fontSize=13, leading=17),
        "item": ParagraphStyle("item", parent=body, leftIndent=18, bulletIndent=6),
    }


def blocks_from(document: blocks.Document) -> list[Block]:
    """Flatten our parsed document to the paragraphs the yardstick lays out."""
    blocks: list[Block] = []
    for block in document.blocks:
        _flatten(block, blocks)
    return blocks


def pack_workload(root: Path) -> list[tuple[list[Block], bool]]:
    """The text of every handout that a pack run of ``root`` lays out: each clinic's pack in
    each language it offers (less treatments not translated into it), as the yardstick's
    paragraphs, with whether it is Chinese."""
    content = ContentDir(root)
    work = []
    for clinic_id in content.clinic_ids():
        for language in content.clinic(clinic_id).record.languages:
            clinic = content.clinic(clinic_id, language)
            left_out = set(content.untranslated(clinic))
            for treatment in (t for t in clinic.record.treatments if t not in left_out):
                options = RenderOptions(language=language)
                handout = prepare_handout(content, treatment, clinic_id, None, options)
                work.append((blocks_from(handout.document), language.startswith("zh")))
    return work


def _flatten(block: blocks.Block, out: list[Block]) -> None:
    if isinstance(block, blocks.Heading):
        out.append((f"h{min(block.level, 3)}", blocks.plain(block.inline)))
    elif isinstance(block, blocks.Paragraph):
        out.append(("body", blocks.plain(block.inline)))
    elif isinstance(block, blocks.ListBlock):
        for item in block.items:
            out.extend(("item", text) for _, text in _texts(item))
    elif isinstance(block, blocks.Callout):
        for inner in block.blocks:
            _flatten(inner, out)
    elif isinstance(block, blocks.Table):
        for row in (block.header, *block.rows):
            out.append(("body", " | ".join(blocks.plain(cell) for cell in row)))


def _texts(blocks: tuple[blocks.Block, ...]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        _flatten(block, out)
    return out


def _story(blocks: list[Block], chinese: bool) -> list[Flowable]:
    style = styles(chinese)
    return [
        Paragraph(xml_escaped(text), style[kind], bulletText="\u2022" if kind == "item" else None)
        for kind, text in blocks
    ]


def render(blocks: list[Block], chinese: bool = False) -> bytes:
    """Two passes: the first counts pages, the second prints 'Page X of Y'."""
    register_fonts()
    total = _build(blocks, None, chinese)[1]
    return _build(blocks, total, chinese)[0]


def lay_out_once(blocks: list[Block], chinese: bool = False) -> bytes:
    """The first pass alone: reportlab laying the text out once, with no page total and
    nothing else a handout needs. Any pipeline built on reportlab's layout pays at least
    this much."""
    register_fonts()
    return _build(blocks, None, chinese)[0]


def _build(blocks: list[Block], total: int | None, chinese: bool) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    pages = [0]

    def footer(canvas: object, doc: SimpleDocTemplate) -> None:
        pages[0] = doc.page
        if total is not None:
            canvas.setFont("Yard", 9)  # type: ignore[attr-defined]
            canvas.drawRightString(  # type: ignore[attr-defined]
                A4[0] - 20 * mm, 10 * mm, f"Page {doc.page} of {total}"
            )

    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm)
    document.build(_story(blocks, chinese), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), pages[0]


def floor(blocks: list[Block], pages: int = 2) -> bytes:
    """The no-layout floor: the same text drawn one block per line at fixed places on the same
    number of pages, with the same embedded fonts and page numbers, but no line breaking, no
    page breaking decisions and no styles. Nothing a handout needs can be faster than this."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    per_page = -(-len(blocks) // pages)
    for page in range(pages):
        y = A4[1] - 25 * mm
        for kind, text in blocks[page * per_page : (page + 1) * per_page]:
            canvas.setFont("Yard-Bold" if kind.startswith("h") else "Yard", 12)
            canvas.drawString(20 * mm, y, text)
            y -= 16
        canvas.setFont("Yard", 9)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Page {page + 1} of {pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
