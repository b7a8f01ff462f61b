"""Blocks + theme -> reportlab flowables: one handler per kind of block.

Paragraphs, headings and one-paragraph list items are TextBlocks (handouts.render.textblock);
tables and callout boxes come from handouts.render.boxes; figures are drawn from the image
that preflight checked. No heading is left alone at the foot of a page.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, ListFlowable, ListItem, Spacer
from reportlab.platypus.flowables import HRFlowable

from handouts.errors import LayoutError
from handouts.markdown import blocks
from handouts.render import boxes
from handouts.render.diagrams import diagram_drawing
from handouts.render.fonts import BODY, BODY_BOLD
from handouts.render.images import figure_flowables
from handouts.render.textblock import TextBlock
from handouts.render.theme import Theme


class SectionHeading(TextBlock):
    """A heading that also becomes a PDF bookmark (once, if it splits)."""

    outline_title: str | None = None
    outline_level = 0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        for part in parts[1:]:
            part.outline_title = None
        return parts


def _section_heading(
    heading: blocks.Heading, style: Any, link_colour: Any, outline_level: int
) -> SectionHeading:
    flowable = SectionHeading(heading.inline, style, link_colour)
    flowable.outline_title = blocks.plain(heading.inline)
    flowable.outline_level = outline_level
    return flowable


@dataclass
class FlowableBuilder:
    """Turns one parsed document into flowables for one theme."""

    theme: Theme
    outline_level: int = 0
    """Outline level of section headings (a pack nests them under the handout title)."""
    bookmark_title: bool = False
    """Whether the title itself gets a bookmark (it does in a pack)."""
    text_style: str = "body"
    list_style: str = "list"
    nested: bool = False
    """Inside a box or a list item, where reportlab cannot keep flowables together."""

    def document(self, document: blocks.Document) -> list[Flowable]:
        flowables: list[Flowable] = []
        after_title = False
        for block in document.blocks:
            if after_title and isinstance(block, blocks.Paragraph):
                flowables.append(self.text(block.inline, "lead"))
            else:
                flowables.extend(self.block(block))
            after_title = isinstance(block, blocks.Heading) and block.level == 1
        return keep_headings_with_content(
            flowables, self.style("body").leading, self.theme.frame_width
        )

    def inside_box(self) -> FlowableBuilder:
        """The same builder for what sits inside a box or a list item."""
        return replace(self, nested=True)

    def block(self, block: blocks.Block) -> list[Flowable]:
        """The flowables of one block, from the handler for its kind."""
        return _HANDLERS[type(block)](self, block)

    def paragraph(self, block: blocks.Paragraph) -> list[Flowable]:
        return [self.text(block.inline, self.text_style)]

    def boxed(self, block: blocks.Callout) -> list[Flowable]:
        if block.kind == "fineprint":
            return self.fineprint(block)
        return [boxes.callout(self, block)]

    def table(self, block: blocks.Table) -> list[Flowable]:
        return [boxes.table(self, block)]

    def rule(self, block: blocks.Rule) -> list[Flowable]:
        return [HRFlowable(width="100%", color=self.theme.rule, spaceBefore=4, spaceAfter=8)]

    def style(self, name: str) -> Any:
        return self.theme.styles[name]

    def text(self, inline: blocks.Inline, style: str) -> TextBlock:
        return TextBlock(inline, self.style(style), self.theme.primary)

    def figure(self, figure: blocks.Figure) -> list[Flowable]:
        """A picture at 150 dpi, no wider than the column nor taller than half the page, with
        its alt text as a caption."""
        if figure.path is None:
            raise LayoutError(f"image '{figure.src}' was not found in the clinic's folders")
        caption = [self.text((blocks.Span(figure.alt),), "small")] if figure.alt else []
        parts = figure_flowables(figure.path, self.theme.frame_width, self.theme.frame_height / 2)
        parts += caption
        return parts if self.nested else [KeepTogether(parts)]

    def diagram(self, block: blocks.Diagram) -> list[Flowable]:
        """A drawing as wide as the column, with what it shows as its caption."""
        drawing = diagram_drawing(block, self.theme)
        caption = [self.text((blocks.Span(block.alt),), "small")] if block.alt else []
        parts: list[Flowable] = [drawing, *caption]
        return parts if self.nested else [KeepTogether(parts)]

    def heading(self, heading: blocks.Heading) -> list[Flowable]:
        return [self.heading_flowable(heading)]

    def heading_flowable(self, heading: blocks.Heading) -> Flowable:
        style = self.style({1: "title", 2: "h2"}.get(heading.level, "h3"))
        if heading.level == 1 and self.bookmark_title:
            return _section_heading(heading, style, self.theme.primary, 0)
        if heading.level == 2:
            return _section_heading(heading, style, self.theme.primary, self.outline_level)
        return TextBlock(heading.inline, style, self.theme.primary)

    def list_block(self, block: blocks.ListBlock) -> list[Flowable]:
        """A list of one-paragraph items (nearly every list in a handout) is a run of
        paragraphs with bullets, several times cheaper to lay out than reportlab's
        ListFlowable, which is kept for items holding several blocks."""
        if all(len(item) == 1 and isinstance(item[0], blocks.Paragraph) for item in block.items):
            return self._bulleted(block)
        return [self._list_flowable(block)]

    def _bulleted(self, block: blocks.ListBlock) -> list[Flowable]:
        style = _bullet_style(self.style(self.list_style), self.theme.primary, block.ordered)
        last = _bullet_style(self.style(self.list_style), self.theme.primary, block.ordered, True)
        paragraphs: list[Flowable] = []
        for number, item in enumerate(block.items, block.start):
            inline = item[0].inline  # type: ignore[union-attr]
            bullet = f"{number}." if block.ordered else "\u2022"
            item_style = last if number == block.start + len(block.items) - 1 else style
            paragraphs.append(TextBlock(inline, item_style, self.theme.primary, bullet))
        return paragraphs

    def _list_flowable(self, block: blocks.ListBlock) -> Flowable:
        inside = self.inside_box()
        items = [ListItem(inside.item(item) or [Spacer(0, 0)]) for item in block.items]
        size = self.style(self.text_style).fontSize
        options: dict[str, Any] = {
            "leftIndent": size * 1.6,
            "bulletFontName": BODY_BOLD if block.ordered else BODY,
            "bulletFontSize": size,
            "bulletColor": self.theme.primary,
            "spaceBefore": 0,
            "spaceAfter": size * 0.4,
        }
        if block.ordered:
            return ListFlowable(
                items, bulletType="1", start=block.start, bulletFormat="%s.", **options
            )
        return ListFlowable(items, bulletType="bullet", start="\u2022", **options)

    def item(self, contents: Iterable[blocks.Block]) -> list[Flowable]:
        """The flowables of a list item or a box row: paragraphs in the list style."""
        flowables: list[Flowable] = []
        for block in contents:
            if isinstance(block, blocks.Paragraph):
                flowables.append(self.text(block.inline, self.list_style))
            else:
                flowables.extend(self.block(block))
        return flowables

    def fineprint(self, block: blocks.Callout) -> list[Flowable]:
        """Reference material (sources): smaller type, no box."""
        small = replace(self, text_style="small", list_style="small")
        return [flowable for inner in block.blocks for flowable in small.block(inner)]


@cache
def _bullet_style(
    base: ParagraphStyle, colour: colors.Color, ordered: bool, last: bool = False
) -> ParagraphStyle:
    """A list item: indented, with its bullet or number hanging in the margin."""
    size = base.fontSize
    return ParagraphStyle(
        f"{base.name}-{'number' if ordered else 'bullet'}{'-last' if last else ''}",
        parent=base,
        leftIndent=size * 1.6,
        bulletIndent=0,
        bulletFontName=BODY_BOLD if ordered else BODY,
        bulletFontSize=size,
        bulletColor=colour,
        spaceAfter=base.spaceAfter + (size * 0.25 if last else 0),
    )


def keep_headings_with_content(
    flowables: list[Flowable], line: float, width: float
) -> list[Flowable]:
    """No heading left alone at the foot of a page.

    reportlab's keepWithNext does not group a heading with a list or a box, so before each run
    of headings a conditional page break asks for room for the headings and the start of what
    follows (see ``_first_piece``); a heading directly above a box (which never splits) is
    kept together with it.
    """
    kept: list[Flowable] = []
    index = 0
    while index < len(flowables):
        headings = list(itertools.takewhile(_is_subheading, flowables[index:]))
        if not headings:
            kept.append(flowables[index])
            index += 1
            continue
        following = flowables[index + len(headings) : index + len(headings) + 1]
        if following and isinstance(following[0], KeepTogether):
            kept.append(KeepTogether([*headings, *following[0]._content]))
            index += len(headings) + 1
            continue
        room = sum(_height_at(h, width) for h in headings) + _first_piece(following, width, line)
        kept.append(CondPageBreak(room))
        kept.extend(headings)
        index += len(headings)
    return kept


def _first_piece(following: list[Flowable], width: float, line: float) -> float:
    """How much of what follows a heading must fit under it: a paragraph of up to three lines
    whole (a paragraph splits only with two lines on each side), else two lines."""
    if not following or not isinstance(following[0], TextBlock):
        return 2 * line
    block = following[0]
    lines = block.wrap(width, 1e9)[1] / block.style.leading
    return float(
        block.getSpaceBefore() + min(round(lines), 3 if lines < 4 else 2) * block.style.leading
    )


def _is_subheading(flowable: Flowable) -> bool:
    return isinstance(flowable, TextBlock) and flowable.style.name in ("h2", "h3")


def _height_at(heading: Flowable, width: float) -> float:
    """A heading's height at ``width`` with the space around it (long ones wrap)."""
    return float(heading.getSpaceBefore() + heading.wrap(width, 1e9)[1] + heading.getSpaceAfter())


_HANDLERS: dict[type, Callable[[FlowableBuilder, Any], list[Flowable]]] = {
    blocks.Heading: FlowableBuilder.heading,
    blocks.Paragraph: FlowableBuilder.paragraph,
    blocks.ListBlock: FlowableBuilder.list_block,
    blocks.Table: FlowableBuilder.table,
    blocks.Callout: FlowableBuilder.boxed,
    blocks.Rule: FlowableBuilder.rule,
    blocks.Figure: FlowableBuilder.figure,
    blocks.Diagram: FlowableBuilder.diagram,
}
