"""Blocks + theme -> reportlab flowables: one handler per kind of block.

Paragraphs, headings and list items are TextBlocks (handouts.render.textblock, .lists);
tables and callout boxes come from handouts.render.boxes; figures are drawn from the image
that preflight checked. No heading is left alone at the foot of a page
(handouts.render.keeping). Given a structure element to build into, each block also gets its
elements of the tagged PDF, in reading order; a part in another language is a Div with its
/Lang.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.flowables import HRFlowable

from handouts.errors import LayoutError
from handouts.markdown import blocks
from handouts.render import boxes
from handouts.render.diagrams import diagram_drawing
from handouts.render.images import figure_flowables
from handouts.render.keeping import keep_headings_with_content
from handouts.render.lists import list_flowables
from handouts.render.tagging import Element, artifact
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
    heading: blocks.Heading,
    style: Any,
    link_colour: Any,
    outline_level: int,
    element: Element | None,
) -> SectionHeading:
    flowable = SectionHeading(heading.inline, style, link_colour, tag=element)
    flowable.outline_title = blocks.plain(heading.inline)
    flowable.outline_level = outline_level
    return flowable


@dataclass
class FlowableBuilder:
    """Turns one parsed document into flowables for one theme, and (given ``parent``) into the
    structure tree of a tagged PDF, element by element in reading order."""

    theme: Theme
    outline_level: int = 0
    """Outline level of section headings (a pack nests them under the handout title)."""
    bookmark_title: bool = False
    """Whether the title itself gets a bookmark (it does in a pack)."""
    text_style: str = "body"
    list_style: str = "list"
    nested: bool = False
    """Inside a box or a list item, where reportlab cannot keep flowables together."""
    parent: Element | None = None
    """The structure element what is built goes in; None makes an untagged PDF."""
    level: int = 0
    """Level of the heading above in the structure tree (a heading is at most one deeper)."""
    indent: float = 0.0
    """Extra left indent, for what follows the first paragraph of a list item."""

    def document(self, document: blocks.Document) -> list[Flowable]:
        flowables: list[Flowable] = []
        builder, after_title = self, False
        for block in document.blocks:
            builder = builder.at(block)
            if after_title and isinstance(block, blocks.Paragraph):
                flowables.append(builder.text(block.inline, "lead"))
            else:
                flowables.extend(builder.block(block))
            after_title = isinstance(block, blocks.Heading) and block.level == 1
        return keep_headings_with_content(
            flowables, self.style("body").leading, self.theme.frame_width
        )

    def at(self, block: blocks.Block) -> FlowableBuilder:
        """The builder for ``block`` and what follows it: each section (a level-2 heading)
        is a Sect of the document; a heading sets the level of the next."""
        if not isinstance(block, blocks.Heading):
            return self
        parent = self.parent
        if parent is not None and block.level <= 2:
            parent = _root(parent)
            parent = parent.add("Sect") if block.level == 2 else parent
        return replace(self, parent=parent, level=self.heading_level(block))

    def heading_level(self, heading: blocks.Heading) -> int:
        """The heading's level in the structure tree: never more than one below the last, so
        a template that skips a level still gives a tree without gaps."""
        return min(heading.level, self.level + 1, 6) if heading.level > 1 else 1

    def inside_box(self) -> FlowableBuilder:
        """The same builder for what sits inside a box or a list item."""
        return replace(self, nested=True)

    def under(self, element: Element | None) -> FlowableBuilder:
        """The same builder, putting what it builds inside ``element``."""
        return replace(self, parent=element)

    def tag(self, role: str, **details: Any) -> Element | None:
        """A new structure element at the end of the current one (None when untagged)."""
        return self.parent.add(role, **details) if self.parent is not None else None

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
        return boxes.table(self, block)

    def part(self, block: blocks.Part) -> list[Flowable]:
        """Blocks in another language: a part of the document that says its language, set
        off by a rule."""
        parent = self.parent
        element = _document(parent).add("Div", lang=block.language) if parent else None
        inner = replace(self, parent=element, level=0)
        return [*self.rule(blocks.Rule()), *inner.document(blocks.Document(block.blocks))]

    def rule(self, block: blocks.Rule) -> list[Flowable]:
        return [Rule(width="100%", color=self.theme.rule, spaceBefore=4, spaceAfter=8)]

    def style(self, name: str) -> Any:
        style = self.theme.styles[name]
        return _indented(style, self.indent) if self.indent else style

    def text(self, inline: blocks.Inline, style: str, role: str = "P", **details: Any) -> TextBlock:
        """A paragraph in ``style``, tagged as ``role`` (P, TD, Caption ...)."""
        element = self.tag(role, **details)
        return TextBlock(inline, self.style(style), self.theme.primary, tag=element)

    def figure(self, figure: blocks.Figure) -> list[Flowable]:
        """A picture at 150 dpi, no wider than the column nor taller than half the page, with
        its alt text as a caption (and as the Figure's alternative text)."""
        if figure.path is None:
            raise LayoutError(f"image '{figure.src}' was not found in the clinic's folders")
        element = self.tag("Figure", alt=figure.alt) if figure.alt.strip() else None
        frame = (self.theme.frame_width, self.theme.frame_height / 2)
        parts = figure_flowables(figure.path, *frame, tag=element)
        return self._captioned(parts, element, figure.alt)

    def diagram(self, block: blocks.Diagram) -> list[Flowable]:
        """A drawing as wide as the column, with what it shows as its caption."""
        element = self.tag("Figure", alt=block.alt) if block.alt.strip() else None
        drawing = diagram_drawing(block, self.theme, element)
        return self._captioned([drawing], element, block.alt)

    def _captioned(
        self, parts: list[Flowable], element: Element | None, alt: str
    ) -> list[Flowable]:
        if alt:
            caption = self.under(element) if element is not None else self
            parts = [*parts, caption.text((blocks.Span(alt),), "small", role="Caption")]
        return parts if self.nested else [KeepTogether(parts)]

    def heading(self, heading: blocks.Heading) -> list[Flowable]:
        return [self.heading_flowable(heading)]

    def heading_flowable(self, heading: blocks.Heading) -> Flowable:
        style = self.style({1: "title", 2: "h2"}.get(heading.level, "h3"))
        element = self.tag(f"H{self.heading_level(heading)}")
        if heading.level == 1 and self.bookmark_title:
            return _section_heading(heading, style, self.theme.primary, 0, element)
        if heading.level == 2:
            return _section_heading(heading, style, self.theme.primary, self.outline_level, element)
        return TextBlock(heading.inline, style, self.theme.primary, tag=element)

    def list_block(self, block: blocks.ListBlock) -> list[Flowable]:
        return list_flowables(self, block)

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


class Rule(HRFlowable):  # type: ignore[misc]
    """A horizontal rule: decoration, so an artifact in a tagged PDF."""

    def draw(self) -> None:
        with artifact(self.canv):
            super().draw()


def _document(element: Element) -> Element:
    while element.parent is not None:
        element = element.parent
    return element


def _root(element: Element) -> Element:
    """Where sections go: the document, or the part in another language they are in."""
    while element.parent is not None and element.lang is None:
        element = element.parent
    return element


@cache
def _indented(style: ParagraphStyle, indent: float) -> ParagraphStyle:
    """``style`` moved right by ``indent`` points (same name, so it is treated the same)."""
    return ParagraphStyle(
        style.name,
        parent=style,
        leftIndent=style.leftIndent + indent,
        bulletIndent=style.bulletIndent + indent,
    )


_HANDLERS: dict[type, Callable[[FlowableBuilder, Any], list[Flowable]]] = {
    blocks.Heading: FlowableBuilder.heading,
    blocks.Paragraph: FlowableBuilder.paragraph,
    blocks.ListBlock: FlowableBuilder.list_block,
    blocks.Table: FlowableBuilder.table,
    blocks.Callout: FlowableBuilder.boxed,
    blocks.Rule: FlowableBuilder.rule,
    blocks.Figure: FlowableBuilder.figure,
    blocks.Diagram: FlowableBuilder.diagram,
    blocks.Part: FlowableBuilder.part,
}
