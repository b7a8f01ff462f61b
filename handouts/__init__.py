"""handouts: validated treatment records + a clinic's template -> branded PDF handouts.

The library API is what the command line uses::

    from handouts import ContentDir, build_handout
    content = ContentDir(".")
    build_handout(content, "silicone-gel", "harbour-dermatology")

Names are imported on first use, so ``handouts --help`` starts without loading reportlab.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "ContentDir": "handouts.content.load",
    "ContentError": "handouts.errors",
    "HandoutsError": "handouts.errors",
    "LayoutError": "handouts.errors",
    "Problem": "handouts.errors",
    "RenderOptions": "handouts.options",
    "RenderedHandout": "handouts.pipeline",
    "TemplateError": "handouts.errors",
    "UnknownIdError": "handouts.errors",
    "build_handout": "handouts.pipeline",
    "prepare_handout": "handouts.pipeline",
    "render_handout": "handouts.pipeline",
}

__all__ = [
    "ContentDir",
    "ContentError",
    "HandoutsError",
    "LayoutError",
    "Problem",
    "RenderOptions",
    "RenderedHandout",
    "TemplateError",
    "UnknownIdError",
    "__version__",
    "build_handout",
    "prepare_handout",
    "render_handout",
]

if TYPE_CHECKING:
    from handouts.content.load import ContentDir
    from handouts.errors import (
        ContentError,
        HandoutsError,
        LayoutError,
        Problem,
        TemplateError,
        UnknownIdError,
    )
    from handouts.options import RenderOptions
    from handouts.pipeline import RenderedHandout, build_handout, prepare_handout, render_handout


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'handouts' has no attribute {name!r}")
