"""A patient list (CSV, as a spreadsheet exports it) -> one Visit per row, or why a row
cannot be used.

The first row names the columns: ``name`` and ``treatments`` (ids separated by ``;``) are
needed; ``clinician``, ``note``, ``next_visit``, ``area``, ``language`` and ``large_print`` may
be there; any other column is ignored (a clinic's export has many). Commas, semicolons or tabs
may separate the columns. A row that cannot be used fails alone, placed by its line in the
file; a file that cannot be read as a list at all stops the batch.

A patient list is private: no message quotes what a cell holds, only its row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from handouts.batch.csvfile import KNOWN, Columns, column_name, read_list
from handouts.content.patient import Patient
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument
from handouts.errors import ContentError, HandoutsError, Problem
from handouts.files.output import safe_file_stem
from handouts.render.encryption import MIN_PASSWORD
from handouts.render.fonts import describe, uncovered

PATIENT_COLUMNS = ("name", "clinician", "note", "next_visit", "area", "language")
_YES, _NO = ("yes", "y", "true", "1", "x"), ("no", "n", "false", "0", "")


@dataclass(frozen=True)
class Visit:
    """One row: who, what to hand them, and the name of their file."""

    row: int
    """The row as a spreadsheet numbers it (the header is row 1)."""
    line: int
    """The line of the file where the row starts."""
    patient: Patient
    treatments: tuple[str, ...]
    file_stem: str
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RowFailure:
    row: int
    line: int
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class VisitList:
    path: Path
    visits: tuple[Visit, ...]
    failures: tuple[RowFailure, ...]
    ignored: tuple[str, ...]
    """Columns that are not used, as written in the header."""
    named_by_row: bool = True

    @property
    def rows(self) -> int:
        return len(self.visits) + len(self.failures)

    def earlier_file_stem(self, row: int) -> str | None:
        """The name a failed row's file had in an earlier run of this list, if known (files
        named by the row number; a row named by a column it could not read has none)."""
        if self.named_by_row:
            return row_file_stem(row, _last_row(self.visits, self.failures))
        return None


def read_visits(
    path: Path, *, name_by: str | None = None, password_column: str | None = None
) -> VisitList:
    """Every row of the list at ``path``; ``name_by`` names the column to name files by
    (default: the row number), ``password_column`` the column holding each file's password."""
    columns, records = read_list(path, name_by, password_column)
    visits: list[Visit] = []
    failures: list[RowFailure] = []
    for row, (line, values) in enumerate(records, start=2):
        if not any(value.strip() for value in values):
            continue  # a blank row between patients
        outcome = _visit(path, row, line, values, columns)
        if isinstance(outcome, RowFailure):
            failures.append(outcome)
        else:
            visits.append(outcome)
    visits = _with_file_stems(path, visits, failures, columns)
    used = {*KNOWN, columns.name_by, columns.password_column}
    ignored = tuple(name for name in columns.written if column_name(name) not in used)
    failures.sort(key=lambda failure: failure.row)
    return VisitList(path, tuple(visits), tuple(failures), ignored, name_by is None)


# --------------------------------------------------------------------------- one row


def _visit(
    path: Path, row: int, line: int, values: list[str], columns: Columns
) -> Visit | RowFailure:
    def failed(*problems: Problem) -> RowFailure:
        private = tuple(without_values(problem, cells.values()) for problem in problems)
        return RowFailure(row, line, private)

    cells = columns.cells(values)
    if len(values) > len(columns.written):
        return failed(_problem(path, line, None, _too_many(len(values), len(columns.written))))
    try:
        patient = _patient(path, line, cells)
    except HandoutsError as error:
        return failed(*error.problems)
    treatments = tuple(dict.fromkeys(filter(None, map(str.strip, cells["treatments"].split(";")))))
    if not treatments:
        return failed(_problem(path, line, "treatments", "is empty; " + _TREATMENTS_HINT))
    password = cells.get(columns.password_column or "") or None
    if columns.password_column and (password is None or len(password) < MIN_PASSWORD):
        message = f"needs a password of at least {MIN_PASSWORD} characters"
        return failed(_problem(path, line, columns.password_column, message))
    return Visit(row, line, patient, treatments, cells.get(columns.name_by or "", ""), password)


_TREATMENTS_HINT = "list the treatment ids separated by ';', e.g. silicone-gel; laser-resurfacing"


def _too_many(cells: int, columns: int) -> str:
    return (
        f"has {cells} cells but the header names {columns} columns; a comma inside a cell needs "
        "the cell in double quotes"
    )


def _patient(path: Path, line: int, cells: dict[str, str]) -> Patient:
    data: dict[str, Any] = {name: cells[name] for name in PATIENT_COLUMNS if cells.get(name)}
    large = cells.get("large_print", "").lower()
    if large not in _YES + _NO:
        message = "is not yes or no; write yes for large print, or leave it empty"
        raise ContentError([_problem(path, line, "large_print", message)])
    data["large_print"] = large in _YES
    try:
        patient = validate(Patient, YamlDocument(path, data))
    except HandoutsError as error:
        raise ContentError([_in_row(problem, line) for problem in error.problems]) from None
    _require_drawable(path, line, data)
    return patient


def _require_drawable(path: Path, line: int, data: dict[str, Any]) -> None:
    for column in PATIENT_COLUMNS:
        missing = uncovered(str(data.get(column, "")))
        if missing:
            message = f"has {describe(missing[0])}, which no bundled font can print; retype it"
            raise ContentError([_problem(path, line, column, message, "GLYPH001")])


def _in_row(problem: Problem, line: int) -> Problem:
    return replace(problem, code="BATCH002", line=line)


def _problem(
    path: Path, line: int, column: str | None, message: str, code: str = "BATCH002"
) -> Problem:
    return Problem(code, path, line, column, message)


def without_values(problem: Problem, values: Iterable[str]) -> Problem:
    """The problem without any of ``values`` in it (a message may quote what was typed)."""
    message, hint = problem.message, problem.hint
    for value in sorted((v for v in values if v), key=len, reverse=True):
        for quoted in (f"'{value}'", f'"{value}"', repr(value)):
            message = message.replace(quoted, "the cell's value")
            hint = hint.replace(quoted, "the cell's value") if hint else hint
        if len(value) >= 4:
            message = message.replace(value, "...")
            hint = hint.replace(value, "...") if hint else hint
    return replace(problem, message=message, hint=hint)


# --------------------------------------------------------------------------- file names


def _with_file_stems(
    path: Path, visits: list[Visit], failures: list[RowFailure], columns: Columns
) -> list[Visit]:
    """Each visit with its file's name: ``row-007``, or the chosen column's value made safe
    for a file name; a row whose name is empty or taken by an earlier row fails."""
    if columns.name_by is None:
        last = _last_row(visits, failures)
        return [replace(visit, file_stem=row_file_stem(visit.row, last)) for visit in visits]
    named: list[Visit] = []
    taken: dict[str, int] = {}
    for visit in visits:
        stem = safe_file_stem(visit.file_stem)
        why = "is empty" if not stem else _taken(taken.get(stem.lower()))
        if why:
            message = f"{why}; each row needs a file name of its own in this column"
            problem = _problem(path, visit.line, columns.name_by, message)
            failures.append(RowFailure(visit.row, visit.line, (problem,)))
            continue
        taken[stem.lower()] = visit.row
        named.append(replace(visit, file_stem=stem))
    return named


def _last_row(visits: Sequence[Visit], failures: Sequence[RowFailure]) -> int:
    return max([visit.row for visit in visits] + [failure.row for failure in failures] + [1])


def row_file_stem(row: int, last_row: int) -> str:
    """``row-007``: as wide as the list's last row number needs (three digits at least)."""
    return f"row-{row:0{max(3, len(str(last_row)))}d}"


def _taken(row: int | None) -> str:
    return f"gives the same file name as row {row}" if row is not None else ""
