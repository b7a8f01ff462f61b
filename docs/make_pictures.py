"""Redraw the pictures of handouts in docs/ from the bundled content.

    .venv/bin/python docs/make_pictures.py

Each picture is the first page of a handout as the tool prints it today, at 66 dots per inch,
with its colours reduced to a palette so the files stay small.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2

from handouts.content.load import ContentDir
from handouts.options import RenderOptions
from handouts.pipeline import render_handout

ROOT = Path(__file__).resolve().parent.parent
PICTURES = {
    "handout-page-1.png": ("micro-needling", "jade-integrative", None),
    "handout-zh-Hans-page-1.png": ("micro-needling", "jade-integrative", "zh-Hans"),
    "handout-es-page-1.png": ("micro-needling", "jade-integrative", "es"),
}
DATE = dt.date(2026, 11, 30)


def first_page_png(pdf: bytes, target: Path, scale: float = 66 / 72) -> None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    image.convert("RGB").quantize(colors=128).save(target, optimize=True)


def main() -> None:
    content = ContentDir(ROOT)
    for name, (treatment, clinic, language) in PICTURES.items():
        options = RenderOptions(reproducible=True, date=DATE, language=language)
        first_page_png(
            render_handout(content, treatment, clinic, options).pdf, ROOT / "docs" / name
        )
        print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
