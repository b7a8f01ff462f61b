"""Redraw the pictures of handouts in docs/ from the bundled content.

    .venv/bin/python docs/make_pictures.py

Each picture is the first page of a handout as the tool prints it today, at 66 dots per inch,
with its colours reduced to a palette so the files stay small; and, where Chromium is
installed, a screenshot of ``handouts serve`` previewing a handout.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import tempfile
import threading
import time
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
    if shutil.which("chromium"):
        app_screenshot(ROOT / "docs" / "serve-preview.png")
        print("wrote docs/serve-preview.png")


CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,860",
)  # fmt: skip


def app_screenshot(target: Path) -> None:
    """The web app previewing Jade's micro-needling handout in Chinese, as a browser shows it."""
    import uvicorn

    from handouts.serve.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(ROOT, port=port, watch=False), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    address = f"http://127.0.0.1:{port}/clinics/jade-integrative/micro-needling?lang=zh-Hans"
    with tempfile.TemporaryDirectory() as profile:
        shot = Path(profile) / "shot.png"
        command = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}/p"]
        command += [f"--screenshot={shot}", address]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        from PIL import Image

        Image.open(shot).convert("RGB").quantize(colors=192).save(target, optimize=True)
    server.should_exit = True


if __name__ == "__main__":
    main()
