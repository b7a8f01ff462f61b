"""List blocks -> paragraphs with a hanging bullet or number, tagged L / LI / Lbl / LBody.

Each item's first paragraph carries the bullet; what else the item holds (more paragraphs, a
list inside it) follows indented to the item's text. Lists are set as TextBlocks rather than
reportlab's ListFlowable: several times quicker to lay out, and every bullet is our own text,
so it can be tagged as the item's label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any, Protocol, Self

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from handouts.markdown import blocks
from handouts.render.fonts import BODY, BODY_BOLD
from handouts.render.tagging import Element
from handouts.render.textblock import TextBlock
from handouts.render.theme import Theme

NUMBERING = {
    True: "<< /O /List /ListNumbering /Decimal >>",
    False: "<< /O /List /ListNumbering /Disc >>",
}
INDENT = 1.6
"""An item's text starts this many ems right of its bullet's left edge."""
_EMPTY: blocks.Inline = (blocks.Span("\u00a0"),)


class Builder(Protocol):
    """What a list needs from the flowable builder that calls it."""

    theme: Theme
    list_style: str
    indent: float
    parent: Element | None

    def style(self, name: str) -> Any: ...

    def tag(self, role: str, **details: Any) -> Element | None: ...

    def item(self, contents: Iterable[blocks.Block]) -> list[Flowable]: ...

    def under(self, element: Element | None) -> Self: ...


def list_flowables(builder: Builder, block: blocks.ListBlock) -> list[Flowable]:
    """The items of ``block``, each a bulleted paragraph and what else the item holds."""
    base = builder.style(builder.list_style)
    primary = builder.theme.primary
    styles = (
        _bullet_style(base, primary, block.ordered),
        _bullet_style(base, primary, block.ordered, True),
    )
    element = builder.tag("L", attributes=NUMBERING[block.ordered])
    flowables: list[Flowable] = []
    last = block.start + len(block.items) - 1
    for number, item in enumerate(block.items, block.start):
        bullet = f"{number}." if block.ordered else "\u2022"
        style = styles[number == last and len(item) <= 1]
        flowables += _item(builder, element, item, bullet, style)
    return flowables


def _item(
    builder: Builder,
    element: Element | None,
    item: tuple[blocks.Block, ...],
    bullet: str,
    style: ParagraphStyle,
) -> list[Flowable]:
    entry = element.add("LI") if element is not None else None
    label = entry.add("Lbl") if entry is not None else None
    body = entry.add("LBody") if entry is not None else None
    first, rest = item[:1], item[1:]
    if not (first and isinstance(first[0], blocks.Paragraph)):
        first, rest = (), item
    inline = first[0].inline if first else _EMPTY  # type: ignore[union-attr]
    text = TextBlock(inline, style, builder.theme.primary, bullet, tag=body, label=label)
    if not rest:
        return [text]
    inner = replace(builder.under(body), indent=builder.indent + style.fontSize * INDENT)  # type: ignore[type-var]
    return [text, *inner.item(rest)]


@cache
def _bullet_style(
    base: ParagraphStyle, colour: colors.Color, ordered: bool, last: bool = False
) -> ParagraphStyle:
    """A list item: indented, with its bullet or number hanging in the margin."""
    size = base.fontSize
    return ParagraphStyle(
        f"{base.name}-{'number' if ordered else 'bullet'}{'-last' if last else ''}",
        parent=base,
        leftIndent=base.leftIndent + size * INDENT,
        bulletIndent=base.leftIndent,
        bulletFontName=BODY_BOLD if ordered else BODY,
        bulletFontSize=size,
        bulletColor=colour,
        spaceAfter=base.spaceAfter + (size * 0.25 if last else 0),
    )
