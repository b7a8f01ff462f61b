"""Headings kept with what follows them: no heading is left alone at the foot of a page."""

from __future__ import annotations

import itertools

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from handouts.render.textblock import TextBlock


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
