"""handouts: validated treatment records + a clinic's template -> branded PDF handouts.

The library API is what the command line uses::

    from handouts import ContentDir, build_handout
    content = ContentDir(".")
    build_handout(content, "silicone-gel", "harbour-dermatology")
"""

from handouts.build import RenderedHandout, build_handout, prepare_handout, render_handout
from handouts.errors import (
    ContentError,
    HandoutsError,
    LayoutError,
    Problem,
    TemplateError,
    UnknownIdError,
)
from handouts.layout import RenderOptions
from handouts.load import ContentDir

__version__ = "0.1.0"

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
