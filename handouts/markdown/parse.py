"""Markdown text -> the block tree of :mod:`handouts.markdown.blocks`.

markdown-it-py does the parsing with raw HTML and character references off, so ``<b>`` and
``&amp;`` in content stay exactly the characters typed (and ``&#x202E;`` cannot smuggle in a
character the record checks would refuse). Inline text becomes spans with plain strings; the
layout stage escapes them, so no content ever reaches reportlab as markup. Links keep only
https, mailto and tel targets; any other link prints as its text. An image alone in its
paragraph becomes a Figure naming a file, which is looked up only in the clinic's folders
(see :mod:`handouts.content.images`); an image inside running text prints as its alt text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin

from handouts.errors import LayoutError
from handouts.markdown.blocks import (
    CONTAINER_KINDS,
    Block,
    Callout,
    Diagram,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Rule,
    Span,
    Table,
    plain,
)

MAX_NESTING = 12
"""Deepest nesting of list items, quotes and boxes that is laid out. markdown-it stops
reading at ``_PARSER_NESTING`` of its own levels (about two per list) and would silently drop
the rest of the handout; anything near that deep is an error instead."""
_PARSER_NESTING = 40
MAX_LINES = 10_000
"""Lines of Markdown in one handout (a handout has a few hundred)."""
MAX_FIGURES = 40
"""Pictures in one handout."""
_NESTS = ("list_item", "blockquote", "container_")
SAFE_LINK_SCHEMES = ("https://", "mailto:", "tel:")


@cache
def _markdown() -> MarkdownIt:
    options = {"html": False, "linkify": False, "maxNesting": _PARSER_NESTING}
    md = MarkdownIt("commonmark", options).enable("table")
    md.disable("entity")
    md.use(attrs_block_plugin)
    # One container rule for every kind of box: each rule is tried on every line.
    md.use(container_plugin, name="callout", validate=_is_callout)
    return md


def _is_callout(params: str, *_: object) -> bool:
    words = params.split(maxsplit=1)
    return bool(words) and words[0] in CONTAINER_KINDS


def parse(markdown: str) -> Document:
    """The block tree of ``markdown``; a LayoutError for Markdown no handout could hold."""
    _refuse_too_many_lines(markdown)
    tokens = _markdown().parse(markdown)
    _refuse_deep_nesting(tokens)
    _refuse_too_many_figures(tokens)
    blocks, _ = _blocks(tokens, 0, None)
    headings = [b for b in blocks if isinstance(b, Heading)]
    title = next((plain(h.inline) for h in headings if h.level == 1), "")
    sections = {h.section: plain(h.inline) for h in headings if h.section}
    return Document(tuple(blocks), title, sections)


def _refuse_too_many_lines(markdown: str) -> None:
    """Checked before parsing, which takes seconds for the hundreds of thousands of lines a
    runaway loop in a template can write."""
    lines = markdown.count("\n") + 1
    if lines > MAX_LINES:
        raise LayoutError(
            f"the handout's Markdown has {lines:,} lines, more than the {MAX_LINES:,} a handout "
            "can hold; look for a loop in the template that repeats text"
        )


def _refuse_too_many_figures(tokens: Sequence[Token]) -> None:
    images = sum(
        1
        for token in tokens
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "image"
    )
    if images > MAX_FIGURES:
        raise LayoutError(
            f"the handout shows {images:,} pictures; at most {MAX_FIGURES} fit a handout"
        )


def _refuse_deep_nesting(tokens: Sequence[Token]) -> None:
    depth = 0
    for token in tokens:
        if token.type.startswith(_NESTS):
            depth += token.nesting
        if depth > MAX_NESTING:
            raise LayoutError(
                f"lists, quotes or boxes are nested more than {MAX_NESTING} levels deep; "
                "flatten them"
            )


def _blocks(tokens: Sequence[Token], index: int, until: str | None) -> tuple[list[Block], int]:
    """Read blocks from ``index`` until a closing token of type ``until``."""
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == until:
            return blocks, index + 1
        block, index = _block(tokens, index)
        if block is not None:
            blocks.append(block)
    return blocks, index


def _block(tokens: Sequence[Token], index: int) -> tuple[Block | None, int]:
    """The block that starts at ``index`` (None for a token that makes no block) and the
    index after it."""
    handler = _HANDLERS.get(tokens[index].type)
    return handler(tokens, index) if handler else (None, index + 1)


def _heading(tokens: Sequence[Token], index: int) -> tuple[Block, int]:
    token = tokens[index]
    section = token.attrs.get("id")
    inline = _inline(tokens[index + 1])
    return Heading(int(token.tag[1]), inline, str(section) if section else None), index + 3


def _paragraph(tokens: Sequence[Token], index: int) -> tuple[Block, int]:
    figure = _lone_image(tokens[index + 1])
    return figure or Paragraph(_inline(tokens[index + 1])), index + 3


def _callout(tokens: Sequence[Token], index: int) -> tuple[Block, int]:
    callout_kind, *title = tokens[index].info.split(maxsplit=1)
    blocks, index = _blocks(tokens, index + 1, "container_callout_close")
    if callout_kind == "diagram":
        return _diagram(" ".join(title).split(), blocks), index
    return Callout(callout_kind, unescapeAll(" ".join(title).strip()), tuple(blocks)), index


def _diagram(words: list[str], blocks: list[Block]) -> Diagram:
    """The words of a diagram: what it shows (its paragraphs) and its labels (its list)."""
    alt = " ".join(plain(b.inline) for b in blocks if isinstance(b, Paragraph))
    labels = tuple(
        plain(item[0].inline)
        for block in blocks
        if isinstance(block, ListBlock)
        for item in block.items
        if item and isinstance(item[0], Paragraph)
    )
    kind, reach = [*words, "", ""][:2]
    return Diagram(kind, alt, labels, reach or None)


def _rule(tokens: Sequence[Token], index: int) -> tuple[Block, int]:
    return Rule(), index + 1


def _code(tokens: Sequence[Token], index: int) -> tuple[Block, int]:
    """Code blocks print as their plain text: handouts have no use for code."""
    return Paragraph((Span(tokens[index].content.rstrip("\n")),)), index + 1


def _list(tokens: Sequence[Token], index: int) -> tuple[ListBlock, int]:
    opening = tokens[index]
    ordered = opening.type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(opening.attrs.get("start", 1))
    items: list[tuple[Block, ...]] = []
    index += 1
    while tokens[index].type != close:
        item, index = _blocks(tokens, index + 1, "list_item_close")
        items.append(tuple(item))
    return ListBlock(ordered, tuple(items), start), index + 1


def _table(tokens: Sequence[Token], index: int) -> tuple[Table, int]:
    rows: list[tuple[Inline, ...]] = []
    row: list[Inline] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "inline":
            row.append(_inline(token))
        elif token.type == "tr_close":
            rows.append(tuple(row))
            row = []
        index += 1
    header, *body = rows or [()]
    return Table(header, tuple(body)), index + 1


def _inline(token: Token) -> Inline:
    spans: list[Span] = []
    bold = italic = 0
    href: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            spans.append(Span(child.content, bold > 0, italic > 0, href))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span(" " if kind == "softbreak" else "\n", bold > 0, italic > 0, href))
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            href = _safe_href(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            href = None
        elif kind == "image":
            spans.append(Span(child.content or "", bold > 0, italic > 0))
    return _merge(spans)


def _lone_image(token: Token) -> Figure | None:
    children = [c for c in token.children or [] if c.type != "text" or c.content.strip()]
    if len(children) != 1 or children[0].type != "image":
        return None
    return Figure(str(children[0].attrs.get("src", "")), children[0].content or "")


def _safe_href(url: str) -> str | None:
    return url if url.lower().startswith(SAFE_LINK_SCHEMES) else None


def _merge(spans: list[Span]) -> Inline:
    """Join neighbouring spans with the same formatting; drop empty ones."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (
            span.bold,
            span.italic,
            span.href,
        ):
            last = merged.pop()
            span = Span(last.text + span.text, span.bold, span.italic, span.href)
        merged.append(span)
    return tuple(merged)


_HANDLERS: dict[str, Callable[[Sequence[Token], int], tuple[Block, int]]] = {
    "heading_open": _heading,
    "paragraph_open": _paragraph,
    "bullet_list_open": _list,
    "ordered_list_open": _list,
    "table_open": _table,
    "container_callout_open": _callout,
    "hr": _rule,
    "fence": _code,
    "code_block": _code,
}
