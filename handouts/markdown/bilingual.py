"""Two block trees of the same handout in two languages -> one tree that gives each section
in the first language and then in the second, so a family can read it together.

Sections are matched by their id (``{#results}``); the opening (title, summary, key points)
is a section of its own. Each second-language section is a Part that says its language, so a
screen reader reads it with the right voice.
"""

from __future__ import annotations

from collections.abc import Sequence

from handouts.markdown.blocks import Block, Document, Heading, Part

OPENING = "opening"


def interleaved(first: Document, second: Document, language: str) -> Document:
    """``first`` with each of its sections followed by the same section of ``second``;
    sections only ``second`` has come at the end."""
    theirs = dict(_sections(second.blocks))
    merged: list[Block] = []
    for key, blocks in _sections(first.blocks):
        merged += blocks
        if key in theirs:
            merged.append(Part(language, tuple(theirs.pop(key))))
    merged += [Part(language, tuple(blocks)) for blocks in theirs.values()]
    return Document(tuple(merged), first.title, first.sections)


def _sections(blocks: Sequence[Block]) -> list[tuple[str, list[Block]]]:
    """(key, blocks) for the opening and each section: a level-2 heading and what follows."""
    sections: list[tuple[str, list[Block]]] = [(OPENING, [])]
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            sections.append((block.section or f"section-{len(sections)}", []))
        sections[-1][1].append(block)
    return [(key, blocks) for key, blocks in sections if blocks]
