"""What keeps the web app to the people it is for.

- **Who may connect**: by default it listens on 127.0.0.1 only, and answers only requests
  addressed to this machine by name (so a web page elsewhere cannot reach it through a
  rebound DNS name). On another address it needs an access token: given once in the link
  printed at start, then kept in a cookie.
- **Forms**: each carries a token tied to the browser's cookie (CSRF), and a POST without
  the right one, or from another site, is refused.
- **Size**: a request body over MAX_BODY is refused before it is read.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

MAX_BODY = 128 * 1024
BROWSER_COOKIE = "handouts_browser"
ACCESS_COOKIE = "handouts_access_{port}"
"""Named for the port: browsers send a host's cookies to all of its ports."""
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Guard:
    port: int
    access_token: str | None = None
    """Required from every browser when the app listens beyond this machine."""
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        refused = self.refusal(request)
        if refused is not None:
            return PlainTextResponse(refused[1], status_code=refused[0])
        if self.access_token and "token" in request.query_params:
            response: Response = RedirectResponse(_without_token(request), status_code=303)
            response.set_cookie(self.access_cookie, self.access_token, **_COOKIE)  # type: ignore[arg-type]
            return response
        response = await call_next(request)
        if request.cookies.get(BROWSER_COOKIE) is None:
            response.set_cookie(BROWSER_COOKIE, _browser_id(request), **_COOKIE)  # type: ignore[arg-type]
        return response

    @property
    def access_cookie(self) -> str:
        return ACCESS_COOKIE.format(port=self.port)

    def refusal(self, request: Request) -> tuple[int, str] | None:
        if self.access_token is None and not self._local_host(request):
            return 400, "This app answers only at http://127.0.0.1 on this computer."
        if self.access_token is not None and not self._has_access(request):
            return 403, "Open the link with ?token=... that 'handouts serve' printed."
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return 413, "That form is too large to send."
        if request.method == "POST" and not self._same_site(request):
            return 403, "Forms are only accepted from this app's own pages."
        return None

    def _local_host(self, request: Request) -> bool:
        host = request.headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in LOCAL_NAMES

    def _has_access(self, request: Request) -> bool:
        given = request.query_params.get("token") or request.cookies.get(self.access_cookie) or ""
        return hmac.compare_digest(given.encode(), (self.access_token or "").encode())

    def _same_site(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        return origin is None or origin.split("://", 1)[-1] == request.headers.get("host")

    def form_token(self, request: Request) -> str:
        """The token a form on this page carries, tied to the browser's cookie."""
        browser = request.cookies.get(BROWSER_COOKIE) or _browser_id(request)
        return hmac.new(self.secret, browser.encode(), hashlib.sha256).hexdigest()

    def form_token_ok(self, request: Request, token: str) -> bool:
        if request.cookies.get(BROWSER_COOKIE) is None:
            return False
        return hmac.compare_digest(token.encode(), self.form_token(request).encode())


_COOKIE = {"httponly": True, "samesite": "lax"}
"""Lax, not strict: a link from the intranet or an e-mail still opens the app signed in;
forms are guarded by their token and the Origin check."""


def _without_token(request: Request) -> str:
    """The address asked for, without the token (kept out of history and the address bar)."""
    kept = [(name, value) for name, value in request.query_params.multi_items() if name != "token"]
    return request.url.path + ("?" + urlencode(kept) if kept else "")


def _browser_id(request: Request) -> str:
    """This browser's id: the one it sent, or a new one given with this response (the page
    that sets it is also the page whose form carries the token made from it)."""
    existing = request.cookies.get(BROWSER_COOKIE)
    if existing:
        return existing
    made = request.scope.setdefault("handouts_browser", secrets.token_urlsafe(18))
    return str(made)
