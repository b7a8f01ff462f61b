"""Words -> lines: greedy line breaking, and words too wide for a line broken between
characters, so nothing is lost."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from handouts.render.words import Line, Run, Word, unit_width

SPACE_SHRINK = 0.05
"""How much of their width the spaces of a line may give up so one more word fits (as in
reportlab); such a line is drawn very slightly narrower (at most about 0.5%), inside the margin."""


def break_lines(
    words: Sequence[Word], width: float, size: float, first_line_cut: float = 0.0
) -> list[Line]:
    """Greedy line breaking: as many words on each line as fit in ``width`` (the first line
    ``first_line_cut`` less, for a wide list number), letting the spaces of a line give up to
    ``SPACE_SHRINK`` of their width (see ``TextBlock.draw``)."""
    lines: list[Line] = []
    runs: list[Run] = []
    taken: list[Word] = []
    used = spaces = 0.0
    pending: Run | None = None
    for word in _fitting(words, width - first_line_cut, size):
        gap = pending.width if pending and runs else 0.0
        needed = word.width + (word.hyphen.width if word.hyphen else 0.0)
        room = width - (0.0 if lines else first_line_cut)
        if runs and used + gap + needed > room + SPACE_SHRINK * (spaces + gap):
            hyphen = taken[-1].hyphen
            if hyphen:
                runs.append(hyphen)
                used += hyphen.width
            lines.append(Line(tuple(runs), used, tuple(taken)))
            runs, taken, used, spaces, gap = [], [], 0.0, 0.0, 0.0
        if gap and pending:
            runs.append(pending)
        runs.extend(word.runs)
        taken.append(word)
        used += gap + word.width
        spaces += gap
        pending = word.space
        if word.hard_break:
            lines.append(Line(tuple(runs), used, tuple(taken)))
            runs, taken, used, spaces, pending = [], [], 0.0, 0.0, None
    if taken or not lines:
        lines.append(Line(tuple(runs), used, tuple(taken)))
    return lines


_BREAK_AFTER = re.compile(r"(?<=[/\-.?&=#_])(?=.)")
"""Where a word too wide for a line (a web address, say) breaks first: after a slash, hyphen,
dot or the like, so that "example.org/about/page-20385114" never ends a line inside
"20385114"."""


def _fitting(words: Sequence[Word], width: float, size: float) -> Iterator[Word]:
    """Words, with any wider than a whole line broken after a slash, hyphen or dot, and a
    piece still too wide between characters."""
    for word in words:
        if word.width <= width:
            yield word
            continue
        for piece in _at_break_points(word, size):
            if piece.width <= width:
                yield piece
            else:
                yield from _broken(piece, width, size)


def _at_break_points(word: Word, size: float) -> list[Word]:
    """``word`` as pieces that may each end a line, the last keeping what followed it."""
    runs = [_piece(run, text, size) for run in word.runs for text in _BREAK_AFTER.split(run.text)]
    pieces = [Word((run,), run.width) for run in runs[:-1]]
    last = runs[-1]
    return [*pieces, Word((last,), last.width, word.space, word.hard_break, word.hyphen)]


def _broken(word: Word, width: float, size: float) -> Iterator[Word]:
    """A word too wide for a line, in line-wide pieces (at least one character each)."""
    pieces: list[Run] = []
    used = 0.0
    for run in word.runs:
        start = 0
        for index, char in enumerate(run.text):
            advance = unit_width(char, run.font) * size
            if used + advance > width and (pieces or index > start):
                if index > start:
                    pieces.append(_piece(run, run.text[start:index], size))
                yield Word(tuple(pieces), sum(piece.width for piece in pieces))
                pieces, used, start = [], 0.0, index
            used += advance
        if start < len(run.text):
            pieces.append(_piece(run, run.text[start:], size))
    width_left = sum(piece.width for piece in pieces)
    yield Word(tuple(pieces), width_left, word.space, word.hard_break, word.hyphen)


def _piece(run: Run, text: str, size: float) -> Run:
    return Run(text, run.font, run.colour, run.href, unit_width(text, run.font) * size)
