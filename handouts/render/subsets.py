"""A registered TrueType font -> the font subsets a document embeds, named and mapped as
ISO 32000-1 and PDF/UA ask.

reportlab names the subsets of every document AAAAAA+, AAAAAB+ ... by their order, so when a
pack joins handouts, different subsets of one font share a tag (ISO 32000-1 9.6.4 wants each
subset's tag to be its own). Here the tag is made from the subset's characters, so equal
subsets share a name (and a pack can store them once) and different ones never do. reportlab
also maps code 0, the .notdef slot it reserves in each subset, to U+0000 in the ToUnicode
map; that entry is left out, since no text is ever drawn with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont


class SubsetFont(TTFont):  # type: ignore[misc]
    """A TrueType font whose subsets have tags of their own and a clean ToUnicode map."""

    def addObjects(self, doc: Any) -> None:
        """Add one Font (with its descriptor, program and ToUnicode map) per subset used in
        ``doc`` to the document's fonts; as reportlab's own, apart from name and map."""
        state = self._assignState(doc)
        state.frozen = 1
        fonts = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(number, doc)[1:]
            fonts[internal] = self._subset_font(doc, internal, subset)
        del self.state[doc]

    def _subset_font(self, doc: Any, internal: str, subset: Sequence[int]) -> Any:
        base_name = f"{subset_tag(self.face.name, subset)}+{self._face_name()}"
        font = pdfdoc.PDFTrueTypeFont()
        font.__Comment__ = f"Font {self.fontName} subset"
        font.Name = internal
        font.BaseFont = base_name
        font.FirstChar = 0
        font.LastChar = len(subset) - 1
        font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
        cmap = pdfdoc.PDFStream()
        cmap.content = to_unicode_cmap(base_name, subset)
        if doc.compression:
            cmap.filters = [pdfdoc.PDFZCompress]
        font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
        font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
        doc.Reference(font, internal)
        return font

    def _face_name(self) -> str:
        name: bytes = self.face.name + self.face.subfontNameX
        return name.decode("pdfdoc")


def subset_tag(face: bytes, subset: Sequence[int]) -> str:
    """Six capital letters made from the font and the characters in the subset."""
    digest = hashlib.blake2b(face + repr(list(subset)).encode(), digest_size=8).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


def to_unicode_cmap(font_name: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap of a subset: each code to its character, except code 0 (.notdef),
    in blocks of at most 100 as the CMap format allows."""
    mapped = [f"<{code:02X}> <{_utf16(char)}>" for code, char in enumerate(subset) if code]
    blocks = [mapped[start : start + 100] for start in range(0, len(mapped), 100)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name})",
            "/Supplement 0 >> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *(line for block in blocks for line in _bfchar(block)),
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _utf16(char: int) -> str:
    """A character as the CMap writes it: UTF-16BE in hex (a surrogate pair above U+FFFF)."""
    return chr(char).encode("utf-16-be", errors="surrogatepass").hex().upper()


def _bfchar(mapped: list[str]) -> list[str]:
    return [f"{len(mapped)} beginbfchar", *mapped, "endbfchar"]
