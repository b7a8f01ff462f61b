"""What every page of the web app shares: the HTML templates (jinja2, every value escaped),
the app's state, and the page frame with its form token."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from handouts import __version__
from handouts.i18n.tags import language_name
from handouts.serve.previews import Previewer
from handouts.serve.security import Guard


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("handouts.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["language_name"] = language_name
    return environment


def previewer(request: Request) -> Previewer:
    made: Previewer = request.app.state.previewer
    return made


def guard(request: Request) -> Guard:
    made: Guard = request.app.state.guard
    return made


def template(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """``name`` rendered with ``context``, and the form token of this browser."""
    context |= {"request": request, "form_token": guard(request).form_token(request)}
    context |= {"version": __version__}
    body = _environment().get_template(name).render(context)
    return HTMLResponse(body, status_code=status_code, headers={"Cache-Control": "no-store"})
