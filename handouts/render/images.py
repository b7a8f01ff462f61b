"""Images decoded, downscaled and compressed once per process, then placed in any document:
the header logo, the cover logo and pictures in the text.

A logo is drawn on every page of every handout. reportlab's ``drawImage`` hashes the pixels,
converts them and compresses them again for each document, which costs more than laying out
a page of text. Here the finished PDF image stream (and its transparency mask) is made once per
image content and copied into each document that draws it.
"""

from __future__ import annotations

import copy
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handouts.render.tagging import Element, marked

LOGO_PIXELS = 200
"""Longest side of a header logo as embedded: 360 dpi at the 14 mm it prints (print needs 300)."""
PRINT_DPI = 360


@dataclass(frozen=True)
class EncodedImage:
    """An image ready to place: its PDF image object and soft mask, if it has one.

    These two are templates, never placed themselves: a document registers its objects, so
    each document gets shallow copies (the compressed pixels are shared, not copied).
    """

    image: PDFImageXObject
    soft_mask: PDFImageXObject | None

    @property
    def pixels(self) -> tuple[int, int]:
        return self.image.width, self.image.height


_ENCODED: dict[tuple[str, int], EncodedImage] = {}
_MAX_ENCODED = 32


def encoded_image(path: Path, longest: int = LOGO_PIXELS) -> EncodedImage:
    """The image at ``path`` at most ``longest`` pixels on its longest side, read now (an edited
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
    encoded = PDFImageXObject(f"img-{digest}", ImageReader(logo), mask="auto")
    soft_mask = encoded.__dict__.pop("_smask", None)  # reportlab's hand-over to drawImage
    if soft_mask is not None:
        soft_mask.name = f"img-mask-{digest}"
    return EncodedImage(encoded, soft_mask)


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
        image = copy.copy(encoded.image)
        if encoded.soft_mask is not None:
            mask = copy.copy(encoded.soft_mask)
            image.smask = document.Reference(mask, document.getXObjectName(mask.name))
        document.Reference(image, name)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(encoded.image.name)
    canvas._currentPageHasImages = 1


FIGURE_DPI = 150
"""A picture prints at this many pixels per inch, unless that is too large for its room."""


class PictureFlowable(Flowable):  # type: ignore[misc]
    """A picture from a clinic's folder, placed at the left of the column."""

    def __init__(
        self, encoded: EncodedImage, width: float, height: float, tag: Element | None = None
    ) -> None:
        super().__init__()
        self.tag = tag
        """Its Figure element (None: a picture without alternative text, an artifact)."""
        self.encoded = encoded
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        with marked(self.canv, self.tag):
            _draw(self.canv, self.encoded, 0, 0, self.width, self.height)


def figure_flowables(
    path: Path, max_width: float, max_height: float, tag: Element | None = None
) -> list[Flowable]:
    """The picture at ``path`` at ``FIGURE_DPI``, shrunk to fit ``max_width`` by ``max_height``,
    embedded sharp enough to print at the size it is drawn."""
    with PILImage.open(path) as image:
        pixel_width, pixel_height = image.size
    width, height = (size * 72 / FIGURE_DPI for size in (pixel_width, pixel_height))
    scale = min(1.0, max_width / width, max_height / height)
    width, height = width * scale, height * scale
    encoded = encoded_image(path, pixels_to_print(max(width, height)))
    return [PictureFlowable(encoded, width, height, tag)]
