"""Images decoded, downscaled and compressed once per process, then placed in any document.

A logo is drawn on every page of every handout. reportlab's ``drawImage`` hashes the pixels,
converts them and compresses them again for each document, which costs more than laying out
a page of text. Here the finished PDF image stream (and its transparency mask) is made once per
image content and copied into each document that draws it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfgen.canvas import Canvas

LOGO_PIXELS = 200
"""Longest side of a header logo as embedded: 360 dpi at the 14 mm it prints (print needs 300)."""
PRINT_DPI = 360


@dataclass(frozen=True)
class _Stream:
    """The parts of a PDF image object that do not depend on the document."""

    name: str
    width: int
    height: int
    colour_space: str
    bits: int
    filters: tuple[str, ...]
    content: bytes
    decode: tuple[int, ...] | None
    mask: tuple[int, ...] | None

    @classmethod
    def of(cls, image: PDFImageXObject) -> _Stream:
        return cls(
            image.name,
            image.width,
            image.height,
            image.colorSpace,
            image.bitsPerComponent,
            tuple(image._filters),
            image.streamContent,
            tuple(getattr(image, "_decode", None) or ()) or None,
            tuple(image.mask) if image.mask else None,
        )

    def xobject(self) -> PDFImageXObject:
        """A fresh object for one document (reportlab objects belong to the document)."""
        image = PDFImageXObject(self.name)
        image.width, image.height = self.width, self.height
        image.colorSpace, image.bitsPerComponent = self.colour_space, self.bits
        image._filters, image.streamContent = self.filters, self.content
        image.mask = list(self.mask) if self.mask else None
        if self.decode:
            image._decode = list(self.decode)
        return image


@dataclass(frozen=True)
class EncodedImage:
    """An image ready to place: its PDF stream, its soft mask if it has one, and its size."""

    image: _Stream
    soft_mask: _Stream | None

    @property
    def pixels(self) -> tuple[int, int]:
        return self.image.width, self.image.height


_ENCODED: dict[tuple[str, int], EncodedImage] = {}
_MAX_ENCODED = 32


def encoded_logo(path: Path, longest: int = LOGO_PIXELS) -> EncodedImage:
    """The logo at ``path`` at most ``longest`` pixels on its longest side, read now (an edited
    file is never stale), but decoded, downscaled and compressed only the first time this
    process sees its content. Named by content, so the PDF does not depend on where it lives."""
    data = path.read_bytes()
    key = (hashlib.blake2b(data, digest_size=16).hexdigest(), longest)
    if key not in _ENCODED:
        if len(_ENCODED) >= _MAX_ENCODED:
            _ENCODED.clear()
        _ENCODED[key] = _encode(f"{key[0]}-{longest}", data, longest)
    return _ENCODED[key]


def pixels_to_print(size: float) -> int:
    """Pixels along ``size`` points for a sharp print."""
    return round(size / 72 * PRINT_DPI)


def _encode(digest: str, data: bytes, longest: int) -> EncodedImage:
    with PILImage.open(io.BytesIO(data)) as image:
        image.load()
        logo = image.convert("RGBA") if image.mode in ("P", "LA", "PA") else image.copy()
    logo.thumbnail((longest, longest), PILImage.Resampling.LANCZOS)
    encoded = PDFImageXObject(f"logo-{digest}", ImageReader(logo), mask="auto")
    soft_mask = getattr(encoded, "_smask", None)
    if soft_mask is not None:
        soft_mask.name = f"logo-mask-{digest}"
    return EncodedImage(_Stream.of(encoded), _Stream.of(soft_mask) if soft_mask else None)


def draw_in_box(canvas: Canvas, encoded: EncodedImage, x: float, y: float, box: float) -> None:
    """Draw ``encoded`` as large as fits a ``box``-sided square at (x, y), centred in it."""
    pixel_width, pixel_height = encoded.pixels
    scale = box / max(pixel_width, pixel_height)
    width, height = pixel_width * scale, pixel_height * scale
    _draw(canvas, encoded, x + (box - width) / 2, y + (box - height) / 2, width, height)


def _draw(
    canvas: Canvas, encoded: EncodedImage, x: float, y: float, width: float, height: float
) -> None:
    """Draw ``encoded`` filling the given box, registering it once per document."""
    document = canvas._doc
    name = document.getXObjectName(encoded.image.name)
    if name not in document.idToObject:
        image = encoded.image.xobject()
        if encoded.soft_mask is not None:
            mask = encoded.soft_mask.xobject()
            image.smask = document.Reference(mask, document.getXObjectName(mask.name))
        document.Reference(image, name)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(encoded.image.name)
    canvas._currentPageHasImages = 1
