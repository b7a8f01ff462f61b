"""Reading a built PDF the way a person or a screen reader would: text, fonts, outline."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2
from pypdf import PdfReader


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    text: str
    page_texts: list[str]
    metadata: dict[str, str]
    lang: str | None
    display_title: bool
    fonts: dict[str, bool]
    """Base font name -> whether its program is embedded."""
    outline: list[tuple[int, str, int]]
    """(level, title, zero-based page) for every bookmark, in order."""


def read_pdf(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    preferences = root.get("/ViewerPreferences") or {}
    page_texts = _pdfium_text(data)
    return PdfFacts(
        pages=len(reader.pages),
        text="\n".join(page_texts),
        page_texts=page_texts,
        metadata={k: str(v) for k, v in (reader.metadata or {}).items()},
        lang=str(root["/Lang"]) if "/Lang" in root else None,
        display_title=bool(preferences.get("/DisplayDocTitle")),
        fonts=_fonts(reader),
        outline=list(_outline(reader, reader.outline, 0)),
    )


def _pdfium_text(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def _fonts(reader: PdfReader) -> dict[str, bool]:
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def _outline(reader: PdfReader, items: list, level: int):  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, list):
            yield from _outline(reader, item, level + 1)
        else:
            yield level, str(item.title), reader.get_destination_page_number(item)


def normalise(text: str) -> str:
    """Collapse white space and line breaks so wrapped lines compare as one."""
    return " ".join(text.replace("\u00ad", "").split())
