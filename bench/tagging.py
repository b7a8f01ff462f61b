"""What tagging (PDF/UA-1) costs: the same handout rendered tagged and untagged, timed in turns
in one run, and the size of each PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from handouts.content.load import ContentDir
from handouts.options import RenderOptions
from handouts.pipeline import render_handout

Medians = Callable[[list[Callable[[], object]], int], list[float]]


def tagging_cost(
    root: Path, treatment: str, clinic: str, repeats: int, medians: Medians
) -> dict[str, Any]:
    """Median time of a tagged and an untagged render (load to PDF bytes), and their sizes."""
    content = ContentDir(root)

    def render(tagged: bool) -> bytes:
        options = RenderOptions(reproducible=True, tagged=tagged)
        return render_handout(content, treatment, clinic, options).pdf

    tagged, untagged = medians([lambda: render(True), lambda: render(False)], repeats)
    return {
        "tagged_ms": tagged * 1000,
        "untagged_ms": untagged * 1000,
        "tagging_overhead": tagged / untagged - 1,
        "tagged_pdf_bytes": len(render(True)),
        "untagged_pdf_bytes": len(render(False)),
    }
