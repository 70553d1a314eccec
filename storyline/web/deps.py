"""What the app's routes share: the settings, a read-only store per request, and the page renderer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from storyline import __version__
from storyline.store import Store
from storyline.web.charts import STATUS_COLOURS, TYPE_COLOURS

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    db: Path
    allow_ingest: bool = False


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def open_store(request: Request) -> Iterator[Store]:
    """A read-only store for one request (a FastAPI dependency)."""
    store = Store(settings(request).db, readonly=True)
    try:
        yield store
    finally:
        store.close()


def safe_url(value: str | None) -> str | None:
    """An article's own URL, only when it is http(s): anything else (javascript:, data:) is shown as text."""
    if not value:
        return None
    return value if urlsplit(value).scheme.lower() in ("http", "https") else None


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["u"] = lambda value: quote(str(value), safe="")
    env.filters["safe_url"] = safe_url
    env.globals.update(type_colours=TYPE_COLOURS, status_colours=STATUS_COLOURS, version=__version__)
    return Jinja2Templates(env=env)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """A page from templates/ (autoescaped), with the settings every page shows."""
    tpl: Jinja2Templates = request.app.state.templates
    context = {"settings": settings(request), **context}
    return tpl.TemplateResponse(request, name, context, status_code=status_code)
