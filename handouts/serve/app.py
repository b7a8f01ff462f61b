"""A content directory -> the web app of ``handouts serve`` (an ASGI app: Starlette, served by
uvicorn).

Pages, for people who edit content: clinics, a clinic's treatments, and the live preview of
a handout (pages as images, the PDF, its findings). For the front desk: a form that gives a
patient their PDF. Every page is rendered on the server from jinja2 templates, with one small
script that fetches the preview again when a file is saved (``/events``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from handouts.serve import frontdesk, pages
from handouts.serve.previews import Previewer
from handouts.serve.security import Guard
from handouts.serve.views import template
from handouts.serve.watch import Changes

STATIC = Path(__file__).parent / "static"
FONTS = Path(__file__).parent.parent / "builtin" / "fonts"
"""The handouts' own fonts, so that every browser shows Chinese titles and names too."""
HANDOUT = "/clinics/{clinic}/{treatment}"


def create_app(
    root: Path, *, port: int = 8000, access_token: str | None = None, watch: bool = True
) -> Starlette:
    """The app for the content at ``root``; ``access_token`` is required of every browser
    (give one when listening beyond this machine); ``watch`` follows saved files."""
    changes = Changes(root)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(changes.watch()) if watch else None
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    guard = Guard(port, access_token)
    app = Starlette(
        routes=_routes(changes),
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)],
        exception_handlers={HTTPException: _not_there},
        lifespan=lifespan,
    )
    app.state.previewer = Previewer(root)
    app.state.guard = guard
    app.state.changes = changes
    return app


def _routes(changes: Changes) -> list[Route | Mount]:
    async def events(request: Request) -> Response:
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        stream = changes.events(request)
        return StreamingResponse(stream, media_type="text/event-stream", headers=headers)

    return [
        Route("/", pages.clinics),
        Route("/clinics/{clinic}", pages.clinic),
        Route(HANDOUT, pages.preview),
        Route(HANDOUT + "/pages", pages.preview_fragment),
        Route(HANDOUT + "/findings", pages.findings_fragment),
        Route(HANDOUT + "/page/{page:int}.png", pages.page_image),
        Route(HANDOUT + "/handout.pdf", pages.pdf),
        Route("/front-desk", frontdesk.choose),
        Route("/front-desk/{clinic}", frontdesk.form, methods=["GET"]),
        Route("/front-desk/{clinic}", frontdesk.submit, methods=["POST"]),
        Route("/events", events),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Mount("/fonts", StaticFiles(directory=FONTS), name="fonts"),
    ]


async def _not_there(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return template(request, "error.html", status_code=error.status_code, message=error.detail)
