"""The web app: an HTTP JSON API and HTML pages served by one process, both thin layers over `storyline.Store` and
`storyline.api`.

The app is read-only unless created with `allow_ingest=True`. Every request opens its own read-only connection, so
a running ingest (ours or another process's) never blocks the pages. Every page and chart is rendered on the server
with Jinja (autoescape on); the pages carry no script at all and a Content-Security-Policy that forbids scripts, so
an article's text can never run in the reader's browser.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from storyline import __version__
from storyline.errors import StoreError
from storyline.store import Store
from storyline.web import pages, routes
from storyline.web.deps import HERE, Settings, render, templates

#: no scripts, nothing from another origin, no framing: the pages are server-rendered HTML, CSS and inline SVG
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: the Host header values a loopback-bound server answers to
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(
    db: str | Path, *, allow_ingest: bool = False, allowed_hosts: Sequence[str] | None = LOOPBACK_NAMES
) -> FastAPI:
    """The Storyline web app over the database `db`.

    `allowed_hosts` are the Host header values accepted (by default the loopback names, which stops a web page
    elsewhere from reaching this server through DNS rebinding); None accepts any.
    """
    app = FastAPI(
        title="Storyline",
        version=__version__,
        description="Articles, events, claims, event instances, stories and actors extracted from news articles. "
        "Lists are paginated with `limit` and `offset`; `next_offset` is null on the last page.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = Settings(Path(db), allow_ingest)
    app.state.templates = templates()
    app.middleware("http")(_security_headers)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(StoreError, _store_error)
    return app


async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return render(request, "error.html", {"status": exc.status_code, "message": exc.detail}, exc.status_code)


async def _store_error(request: Request, exc: Exception) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": str(exc)}, status_code=503)
    return render(request, "error.html", {"status": 503, "message": str(exc)}, 503)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False) -> None:
    """Run the web app with uvicorn until interrupted. The database must exist unless ingest is allowed."""
    if allow_ingest:
        Store(db).close()  # creates or migrates the database
    else:
        Store(db, readonly=True).close()  # fails early, with the reason, on a missing or outdated database
    app = create_app(db, allow_ingest=allow_ingest, allowed_hosts=LOOPBACK_NAMES if is_loopback(host) else None)
    uvicorn.run(app, host=host, port=port, log_level="info")
