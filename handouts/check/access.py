"""Records, templates and built handouts -> accessibility findings, each at its file and line.

In the sources: a picture without alternative text (ACCESS001), a link whose text is a bare
web address (ACCESS003), and a heading in a clinic's template more than one level below the
heading before it (ACCESS002). In the built handout: text patients read that is set below
12 pt (ACCESS004), read back with pdfium from the tagged PDF, where page furniture is marked
as artifacts and diagram labels belong to a figure with alternative text, so neither counts.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

from handouts.check.findings import Finding, finding
from handouts.check.pages import from_each_page
from handouts.compose.templates import TEMPLATE_NAME
from handouts.content.fields import dotted, string_fields
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.markdown import blocks
from handouts.render.theme import SMALLEST_TEXT

_NO_ALT = re.compile(r"!\[\s*\]\(")
_BARE_URL = re.compile(r"\[\s*((?:https?://|www\.)[^\]\s]*)\s*\]\(|<(https?://[^>\s]+)>")
_HEADING = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*$")
_NOT_READ = frozenset({"Artifact", "Figure"})
"""Marked content whose text is not checked: furniture, and labels inside a drawing."""


def source_findings(
    text: str, place: tuple[Path, int | None], field: str | None = None
) -> list[Finding]:
    """Pictures without alternative text and bare-address links in one piece of Markdown."""
    found = []
    if _NO_ALT.search(text):
        message = "a picture has no alternative text: screen readers can only skip it"
        found.append(finding("ACCESS001", place, message, field))
    for match in _BARE_URL.finditer(text):
        address = match.group(1) or match.group(2)
        message = f"the link text is the bare address {address}, which is read out letter by letter"
        found.append(finding("ACCESS003", place, message, field))
    return found


def record_findings(treatment: LoadedTreatment) -> list[Finding]:
    """Source findings in every text field of a record, each at the field's line."""
    found = []
    for path, text in string_fields(treatment.record.model_dump(mode="json")):
        place = (treatment.path, treatment.document.line_of(path))
        found += source_findings(text, place, dotted(path))
    return found


def template_findings(clinic: LoadedClinic) -> list[Finding]:
    """Source findings in the clinic's own template, line by line."""
    path = clinic.folders[0] / TEMPLATE_NAME
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [
        item
        for number, line in enumerate(lines, 1)
        for item in source_findings(line, (path, number))
    ]


def heading_findings(clinic: LoadedClinic, document: blocks.Document) -> list[Finding]:
    """Headings that skip a level (## then ####), where a clinic's template writes them."""
    found = []
    previous = 0
    for block in document.blocks:
        if not isinstance(block, blocks.Heading):
            continue
        if previous and block.level > previous + 1:
            place = _template_line(clinic, block)
            if place is not None:
                message = (
                    f"the heading '{blocks.plain(block.inline)}' is at level {block.level}, "
                    f"but the heading before it is at level {previous}"
                )
                found.append(finding("ACCESS002", place, message))
        previous = block.level
    return found


def _template_line(clinic: LoadedClinic, heading: blocks.Heading) -> tuple[Path, int] | None:
    """The clinic template line that writes ``heading``, or None if its template does not."""
    text = blocks.plain(heading.inline)
    for folder in clinic.folders:
        path = folder / TEMPLATE_NAME
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = _HEADING.match(line)
            if match and len(match.group(1)) == heading.level and text in match.group(2):
                return path, number
    return None


@dataclass(frozen=True)
class SmallText:
    page: int
    text: str
    size: float


def small_text(pdf: bytes) -> list[SmallText]:
    """Text patients read (not furniture, not inside a figure) set below ``SMALLEST_TEXT``."""
    return from_each_page(pdf, _page_small_text)


def _page_small_text(page: pypdfium2.PdfPage, number: int) -> Iterator[SmallText]:
    textpage = page.get_textpage()
    for item in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT]):
        if _marks(item.raw) & _NOT_READ:
            continue
        size = _size(item)
        if size < SMALLEST_TEXT - 0.05:
            text = _text(item.raw, textpage.raw).strip()
            if text:
                yield SmallText(number, text, size)


def _size(item: pypdfium2.PdfObject) -> float:
    """The size the text prints at: its font size times the scale of its matrix."""
    size = ctypes.c_float()
    pdfium.FPDFTextObj_GetFontSize(item.raw, ctypes.byref(size))
    matrix = item.get_matrix()
    return float(size.value * math.hypot(matrix.b, matrix.d))


def _marks(raw: object) -> set[str]:
    names = set()
    for index in range(pdfium.FPDFPageObj_CountMarks(raw)):
        mark = pdfium.FPDFPageObj_GetMark(raw, index)
        buffer = (ctypes.c_ushort * 64)()
        length = ctypes.c_ulong()
        if pdfium.FPDFPageObjMark_GetName(
            mark, buffer, ctypes.sizeof(buffer), ctypes.byref(length)
        ):
            names.add(bytes(buffer)[: max(length.value - 2, 0)].decode("utf-16-le"))
    return names


def _text(raw: object, textpage: object) -> str:
    length = pdfium.FPDFTextObj_GetText(raw, textpage, None, 0)
    buffer = (ctypes.c_ushort * max(length // 2, 1))()
    pdfium.FPDFTextObj_GetText(raw, textpage, buffer, length)
    return bytes(buffer)[: max(length - 2, 0)].decode("utf-16-le", errors="replace")
