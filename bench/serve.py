"""The web app's re-preview: a record is saved, then the page's preview and its first page
image are asked for again, as the open page does when told of the change."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from handouts.serve.app import create_app

HANDOUT = "/clinics/harbour-dermatology/silicone-gel"


def re_preview(root: Path, repeats: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(root / "data", folder / "data")
        shutil.copytree(root / "templates", folder / "templates")
        record = folder / "data" / "treatments" / "silicone-gel.yaml"
        original = record.read_text(encoding="utf-8")
        with TestClient(create_app(folder, watch=False), base_url="http://127.0.0.1:8000") as app:
            app.get(HANDOUT), app.get(f"{HANDOUT}/page/1.png")  # warm
            edited, unchanged = [], []
            for number in range(repeats):
                record.write_text(original + f"\n# edit {number}\n", encoding="utf-8")
                edited.append(_seconds(app))
                unchanged.append(_seconds(app))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "re_preview_after_edit_ms": statistics.median(edited) * 1000,
        "preview_unchanged_ms": statistics.median(unchanged) * 1000,
    }


def _seconds(app: TestClient) -> float:
    started = time.perf_counter()
    page = app.get(f"{HANDOUT}/pages")
    image = app.get(f"{HANDOUT}/page/1.png", params={"v": "x"})
    assert page.status_code == image.status_code == 200
    return time.perf_counter() - started
