"""Tables and callout boxes -> reportlab Tables: shaded header rows, tinted boxes with a
coloured edge, column widths shared by how much text each column holds.

A row or box taller than the space left splits, leaving at least ``MIN_PIECE`` points on each
side of the break; a box that fits is kept on one page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, Self

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from handouts.errors import LayoutError
from handouts.markdown import blocks
from handouts.render.fonts import BODY
from handouts.render.tagging import Element, artifact
from handouts.render.theme import Theme
from handouts.render.words import words_of

COLUMN_HEADER = "<< /O /Table /Scope /Column >>"
ROW_HEADER = "<< /O /Table /Scope /Row >>"


class Builder(Protocol):
    """What a table or box needs from the flowable builder that calls it."""

    theme: Theme
    nested: bool
    level: int

    def text(
        self, inline: blocks.Inline, style: str, role: str = "P", **details: Any
    ) -> Flowable: ...

    def style(self, name: str) -> Any: ...

    def item(self, contents: Iterable[blocks.Block]) -> list[Flowable]: ...

    def inside_box(self) -> Self: ...

    def tag(self, role: str, **details: Any) -> Element | None: ...

    def under(self, element: Element | None) -> Self: ...


class BoxTable(Table):  # type: ignore[misc]
    """A reportlab Table whose backgrounds and lines are artifacts in a tagged PDF; the text
    in its cells is tagged by the cells themselves."""

    def _drawBkgrnd(self) -> None:
        with artifact(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self) -> None:
        with artifact(self.canv):
            super()._drawLines()


MIN_PIECE = 36
"""A table row or box taller than the space left splits, leaving at least this many points
(about two lines) on each side of the break."""
CELL_PADDING = 8.0
"""Left plus right padding of a table cell, in points."""
MIN_COLUMN = 36.0
"""The narrowest a table column gets, in points (a word or two of body text)."""
MAX_COLUMNS = 8
MAX_ROWS = 300


def table(builder: Builder, block: blocks.Table) -> list[Flowable]:
    """A table with the clinic colour behind its header row and every other row tinted; one
    whose columns cannot sit side by side without breaking words is stacked instead."""
    _refuse_oversized(block)
    theme = builder.theme
    widths = column_widths([block.header, *block.rows], theme, CELL_PADDING * theme.scale)
    if widths is None:
        return stacked_table(builder, block)
    element = builder.tag("Table")
    head = _row(builder, element, block.header, "cell_head", "TH")
    rows = [_row(builder, element, row, "cell", "TD") for row in block.rows]
    flowable = BoxTable(
        [head, *rows], colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=MIN_PIECE
    )
    flowable.setStyle(_table_style(theme, theme.scale))
    flowable.spaceAfter = builder.style("body").spaceAfter
    return [flowable]


def stacked_table(builder: Builder, block: blocks.Table) -> list[Flowable]:
    """Each row of a table too wide for its words (large print, or many columns) as a box of
    its own: its first cell as the heading band, then every other cell under its column's
    name, so no word is broken. Tagged as the same table, a TR per row whose first cell is a
    TH for the row; the column names are printed in the cells."""
    theme = builder.theme
    element = builder.tag("Table")
    boxes: list[Flowable] = []
    for cells in block.rows:
        row = builder.under(element.add("TR") if element is not None else None)
        lines = [[row.text(cells[0], "cell_head", "TH", attributes=ROW_HEADER)]]
        for name, cell in zip(block.header[1:], cells[1:], strict=False):
            named = (blocks.Span(f"{blocks.plain(name)}: ", bold=True), *cell)
            lines.append([row.text(named, "cell", "TD")])
        box = BoxTable(lines, colWidths=[theme.frame_width], hAlign="LEFT", splitInRow=MIN_PIECE)
        box.setStyle(_stacked_style(theme, theme.scale))
        box.spaceAfter = builder.style("body").spaceAfter + 4 * theme.scale
        boxes.append(KeepTogether([box]))
    return boxes


def _row(
    builder: Builder, table: Element | None, cells: tuple[blocks.Inline, ...], style: str, role: str
) -> list[Flowable]:
    """One row of cells, tagged TR with a TH (heading the column) or TD per cell."""
    row = builder.under(table.add("TR") if table is not None else None)
    details = {"attributes": COLUMN_HEADER} if role == "TH" else {}
    return [row.text(cell, style, role, **details) for cell in cells]


def _refuse_oversized(block: blocks.Table) -> None:
    """A table wider or longer than a handout can show is a mistake; its layout time also
    grows with the square of its rows."""
    columns = max((len(row) for row in (block.header, *block.rows)), default=0)
    if columns > MAX_COLUMNS:
        raise LayoutError(f"a table has {columns} columns; at most {MAX_COLUMNS} fit across a page")
    if len(block.rows) > MAX_ROWS:
        raise LayoutError(
            f"a table has {len(block.rows):,} rows; at most {MAX_ROWS} fit a handout, split it"
        )


def _table_style(theme: Theme, scale: float) -> TableStyle:
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), theme.primary),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, theme.accent]),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, theme.rule),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), BODY),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * scale),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * scale),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * scale),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4 * scale),
        ]
    )


def _stacked_style(theme: Theme, scale: float) -> TableStyle:
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), theme.primary),
            ("BACKGROUND", (0, 1), (-1, -1), theme.accent),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, theme.rule),
            ("FONTNAME", (0, 0), (-1, -1), BODY),
            ("TOPPADDING", (0, 0), (-1, -1), 3 * scale),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * scale),
            ("TOPPADDING", (0, 0), (-1, 0), 5 * scale),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 6 * scale),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 7 * scale),
            ("LEFTPADDING", (0, 0), (-1, -1), 6 * scale),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6 * scale),
        ]
    )


def callout(builder: Builder, block: blocks.Callout) -> Flowable:
    """A tinted box with a coloured left edge, kept on one page when it fits.

    One row per block, so a box taller than a page can still split between blocks; the
    title shares the first row so it is never left alone at the foot of a page.
    """
    theme = builder.theme
    inside = builder.inside_box().under(builder.tag("Div"))
    title = None
    if block.title:
        heading = f"H{min(builder.level + 1, 6)}"
        title = inside.text((blocks.Span(block.title),), "callout_title", heading)
    rows: list[list[Flowable | list[Flowable]]] = [
        [flowable] for inner in block.blocks for flowable in inside.item([inner])
    ] or [[Spacer(1, 1)]]
    if title is not None:
        rows[0] = [[title, rows[0][0]]]
    box = BoxTable(rows, colWidths=[theme.frame_width], hAlign="LEFT", splitInRow=MIN_PIECE)
    box.setStyle(_box_style(*theme.callout_colours(block.kind), theme.scale))
    box.spaceBefore = 4
    box.spaceAfter = builder.style("body").spaceAfter + 4
    return box if builder.nested else KeepTogether([box])


def _box_style(background: object, border: object, scale: float) -> TableStyle:
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, -1), background),
            ("FONTNAME", (0, 0), (-1, -1), BODY),
            ("LINEBEFORE", (0, 0), (0, -1), 4 * scale, border),
            ("LEFTPADDING", (0, 0), (-1, -1), 12 * scale),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10 * scale),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * scale),
            ("TOPPADDING", (0, 0), (-1, 0), 8 * scale),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6 * scale),
        ]
    )


def column_widths(
    rows: list[tuple[blocks.Inline, ...]], theme: Theme, padding: float
) -> list[float] | None:
    """Share the width by how much text each column holds, but never so narrow that a column's
    longest word has to be broken ("Microdermabrasio-n"); None if the columns' longest words
    cannot all sit side by side."""
    bold = theme.styles["cell_head"]  # the wider weight, for header and body cells alike
    columns = max(len(row) for row in rows)
    cells = [[row[i] for row in rows if i < len(row)] for i in range(columns)]
    texts = [[blocks.plain(cell) for cell in column] for column in cells]
    widest_word = [_widest_word(column, bold) + padding for column in cells]
    weight = [max(sum(len(t) for t in col), 1) ** 0.5 for col in texts]
    least = [max(width, MIN_COLUMN) for width in widest_word]
    if sum(least) > theme.frame_width:
        return None
    spare = theme.frame_width - sum(least)
    return [low + spare * w / sum(weight) for low, w in zip(least, weight, strict=True)]


def _widest_word(cells: list[blocks.Inline], style: Any) -> float:
    """The widest stretch of these cells that a line may not break: a word, or in Chinese a
    character with the punctuation that clings to it."""
    widths = (word.width for cell in cells for word in words_of(cell, style, style.textColor))
    return max(widths, default=0.0)
