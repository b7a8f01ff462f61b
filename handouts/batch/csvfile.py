"""A CSV file as spreadsheets export it -> its header's columns and its records, each with the
line it starts on. A file that cannot be read as a list at all is one BATCH001 problem."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import ContentError, Problem
from handouts.files.read import FileRefused, read_text

REQUIRED = ("name", "treatments")
KNOWN = (*REQUIRED, "clinician", "note", "next_visit", "area", "language", "large_print")
"""The columns a list may have; any other is ignored."""
MAX_LIST = 32 * 1024 * 1024
MAX_ROWS = 100_000
MAX_CELL = 20_000
"""Characters in one cell: far above any note, and what csv may hold in memory per cell."""


@dataclass(frozen=True)
class Columns:
    """The header: each column's position by its name (lowercase, spaces as underscores)."""

    positions: dict[str, int]
    written: tuple[str, ...]
    name_by: str | None = None
    password_column: str | None = None

    def cells(self, values: list[str]) -> dict[str, str]:
        return {name: values[at].strip() for name, at in self.positions.items() if at < len(values)}


def read_list(
    path: Path, name_by: str | None, password_column: str | None
) -> tuple[Columns, Iterator[tuple[int, list[str]]]]:
    """The header's columns and the records after it."""
    records = _records(path, _text(path))
    header_line, header = next(records, (1, []))
    return _columns(path, header_line, header, name_by, password_column), records


def whole_list_problem(path: Path, line: int | None, message: str) -> ContentError:
    return ContentError([Problem("BATCH001", path, line, None, message)])


def _text(path: Path) -> str:
    try:
        return read_text(path, MAX_LIST)
    except FileRefused as refused:
        message = refused.message
        if "UTF-8" in message:
            message = "is not UTF-8 text; export it from your spreadsheet as 'CSV UTF-8'"
        raise whole_list_problem(path, refused.line, message) from None


def _records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may hold line breaks)."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line else "," if "," in first_line else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    limit = csv.field_size_limit(MAX_CELL)  # the module's setting: put back when done
    try:
        for count, values in enumerate(reader):
            if count > MAX_ROWS:
                message = f"has more than {MAX_ROWS:,} rows; split it into several lists"
                raise whole_list_problem(path, line, message)
            yield line, values
            line = reader.line_num + 1
    except csv.Error as error:
        message = f"cannot be read as CSV from here ({_csv_words(error)}); re-export it as CSV"
        raise whole_list_problem(path, line, message) from None
    finally:
        csv.field_size_limit(limit)


def _csv_words(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a cell holds more than {MAX_CELL:,} characters"
    return text


def column_name(written: str) -> str:
    return re.sub(r"[\s\-]+", "_", written.strip().lower())


def _columns(
    path: Path, line: int, header: list[str], name_by: str | None, password_column: str | None
) -> Columns:
    names = [column_name(cell) for cell in header]
    if not any(name in KNOWN for name in names):
        raise whole_list_problem(path, line, _no_header(len(header)))
    positions = {name: at for at, name in enumerate(names) if name}
    for required in REQUIRED:
        if required not in positions:
            raise whole_list_problem(path, line, _missing_column(required, names))
    _refuse_repeated(path, line, names)
    chosen = {"--name-by": name_by, "--password-column": password_column}
    for option, column in chosen.items():
        if column is not None and column_name(column) not in positions:
            message = f"{option} {column}: no such column; the columns are {', '.join(header)}"
            raise whole_list_problem(path, line, message)
    return Columns(
        positions,
        tuple(header),
        column_name(name_by) if name_by else None,
        column_name(password_column) if password_column else None,
    )


def _refuse_repeated(path: Path, line: int, names: list[str]) -> None:
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        message = f"the header names a column twice: {', '.join(repeated)}; rename one of them"
        raise whole_list_problem(path, line, message)


def _no_header(cells: int) -> str:
    """Said without quoting the first row: without a header, it is a patient's."""
    if cells == 0:
        return (
            f"is empty: it needs a header row naming the columns ({', '.join(KNOWN)}), then a "
            "row for each patient"
        )
    return (
        f"does not start with a header row: none of the {cells} cells of its first row names "
        f"a column ({', '.join(KNOWN)}); add a first row naming the columns"
    )


def _missing_column(column: str, names: list[str]) -> str:
    close = difflib.get_close_matches(column, [name for name in names if name], n=1, cutoff=0.6)
    guess = f" Is '{close[0]}' meant to be '{column}'?" if close else ""
    found = ", ".join(name for name in names if name in KNOWN)
    return f"the header row has no '{column}' column (columns it has: {found}).{guess}"
