"""The block tree a handout is made of: headings, paragraphs, lists, tables, callouts, rules
and figures, each holding inline text as spans of plain strings.

The tree is what every later stage reads: preflight looks for figures and sections in it,
render lays it out. Nothing in it is markup: a span's text is exactly what prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

CALLOUT_KINDS = ("note", "warning", "danger", "contact", "fineprint")
CONTAINER_KINDS = (*CALLOUT_KINDS, "diagram")
"""What may follow ``:::``: a kind of box, or a diagram."""


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Inline = tuple[Span, ...]


def plain(inline: Inline) -> str:
    return "".join(span.text for span in inline)


@dataclass(frozen=True)
class Heading:
    level: int
    inline: Inline
    section: str | None = None


@dataclass(frozen=True)
class Paragraph:
    inline: Inline


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Callout:
    kind: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Figure:
    """``![alt](src)`` alone in a paragraph; ``path`` is set once src is found and checked."""

    src: str
    alt: str
    path: Path | None = None


@dataclass(frozen=True)
class Diagram:
    """A drawing the tool makes, written ``::: diagram KIND [REACH]`` with what it shows in
    words (its first paragraph, read aloud and printed as its caption) and a list of labels."""

    kind: str
    alt: str
    labels: tuple[str, ...]
    reach: str | None = None


@dataclass(frozen=True)
class Part:
    """Blocks in another language than the document's (a bilingual handout's second one)."""

    language: str
    blocks: tuple[Block, ...]


Block = Heading | Paragraph | ListBlock | Table | Callout | Rule | Figure | Diagram | Part


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    title: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    """Section id -> heading text, for every heading tagged with a section id."""


def figures(blocks: Sequence[Block]) -> Iterator[Figure]:
    """Every Figure in ``blocks``, however deeply nested in lists and callouts."""
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from figures(item)
        elif isinstance(block, Callout):
            yield from figures(block.blocks)


def with_figures(document: Document, found: Mapping[str, Path]) -> Document:
    """``document`` with each Figure's path set from ``found`` (src -> checked file)."""
    return replace(document, blocks=_placed(document.blocks, found))


def _placed(blocks: Sequence[Block], found: Mapping[str, Path]) -> tuple[Block, ...]:
    placed: list[Block] = []
    for block in blocks:
        if isinstance(block, Figure):
            block = replace(block, path=found.get(block.src))
        elif isinstance(block, ListBlock):
            block = replace(block, items=tuple(_placed(item, found) for item in block.items))
        elif isinstance(block, Callout):
            block = replace(block, blocks=_placed(block.blocks, found))
        placed.append(block)
    return tuple(placed)
