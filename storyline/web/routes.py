"""The HTTP JSON API under /api: the same records as `storyline events|claims|articles --format jsonl`, with the
same filters, paginated with `limit` and `offset`."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from storyline import api
from storyline.store import EventQuery, Store
from storyline.web.deps import open_store, settings
from storyline.web.views import links_of, matching_actors, snippet_parts, status_by_event, summarise_actors

router = APIRouter(prefix="/api")

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
StoreDep = Annotated[Store, Depends(open_store)]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items.")]
Since = Annotated[str | None, Query(pattern=DATE, description="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[str | None, Query(pattern=DATE, description="On or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
Status = Literal["corroborated", "single-source", "disputed", "denied"]

#: one ingest at a time in this process (the pipeline holds one spaCy model)
_INGEST = threading.Lock()


class Page(BaseModel):
    """One page of a list; ask again with `offset=next_offset` for the next one (null: this was the last)."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None


def _page(rows: list[Any], limit: int, offset: int) -> Page:
    """`rows` holds up to limit + 1 items: the extra one only says that there is a next page."""
    return Page(
        items=rows[:limit], limit=limit, offset=offset, next_offset=offset + limit if len(rows) > limit else None
    )


@router.get("/articles", response_model=Page, summary="List articles")
def list_articles(
    store: StoreDep,
    source: Annotated[str | None, Query(description="Only this outlet.")] = None,
    since: Since = None,
    until: Until = None,
    text: Annotated[bool, Query(description="Include the clean text.")] = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page:
    """Stored articles by date (undated last): id, title, date, source, url, author, removed lines (and text)."""
    rows = store.articles(source=source, since=since, until=until, limit=limit + 1, offset=offset)
    return _page([_article_dict(a.to_dict(with_text=text)) for a in rows], limit, offset)


def _article_dict(d: dict[str, Any]) -> dict[str, Any]:
    d.pop("provenance", None)
    return d


@router.get("/articles/{article_id:path}", summary="One article")
def get_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """One article with its clean text and the boilerplate lines cleaning removed (with the rule for each)."""
    article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return _article_dict(article.to_dict())


@router.get("/events", response_model=Page, summary="List events")
def list_events(
    store: StoreDep,
    article: Annotated[str | None, Query(description="Only this article's events.")] = None,
    type: Annotated[str | None, Query(description="Only this PLOVER type (e.g. ASSAULT).")] = None,
    actor: Annotated[str | None, Query(description="Source or target matches this text or actor id.")] = None,
    country: Annotated[str | None, Query(description="Source or target of this ISO 3166 alpha-3 country.")] = None,
    since: Since = None,
    until: Until = None,
    modality: Annotated[str | None, Query(description="Only this modality (asserted, reported, denied, ...).")] = None,
    status: Annotated[Status | None, Query(description="Only events whose instance has this status.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page:
    """Events by date (undated last), exactly as `storyline events --format jsonl` prints them."""
    query = EventQuery(article, type, actor, country, since, until, modality, limit=limit + 1, offset=offset)
    if status is None:
        return _page(store.events(query), limit, offset)
    statuses = status_by_event(store.instances())
    rows = [e for e in store.events(replace(query, limit=None, offset=0)) if statuses.get(e["id"]) == status]
    return _page(rows[offset : offset + limit + 1], limit, offset)


@router.get("/claims", response_model=Page, summary="List claims")
def list_claims(
    store: StoreDep,
    article: Annotated[str | None, Query(description="Only this article's claims.")] = None,
    speaker: Annotated[str | None, Query(description="Speaker matches this text.")] = None,
    outlet: Annotated[str | None, Query(description="Relayed by an outlet matching this text.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page:
    """Claims (who says what, through which outlet) with the confirmations and denials found for them."""
    return _page(
        store.claims(article=article, speaker=speaker, outlet=outlet, limit=limit + 1, offset=offset), limit, offset
    )


@router.get("/statuses", summary="List confirmations and denials")
def list_statuses(
    store: StoreDep, article: Annotated[str | None, Query(description="Only this article's.")] = None
) -> list[dict[str, Any]]:
    """Statements that confirm or deny a claim or an event, with the article they were found in."""
    return store.statuses(article)


@router.get("/instances", response_model=Page, summary="List event instances")
def list_instances(
    store: StoreDep,
    story: Annotated[str | None, Query(description="Only this story's instances.")] = None,
    status: Annotated[Status | None, Query(description="Only instances with this status.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page:
    """Real-world events as reported by one or more outlets: status, independent sources and every report."""
    return _page(store.instances(story=story, status=status, limit=limit + 1, offset=offset), limit, offset)


@router.get("/stories", summary="List stories")
def list_stories(store: StoreDep) -> list[dict[str, Any]]:
    """Stories: linked reports of many outlets, with their dates, articles and event instances."""
    return store.stories()


@router.get("/stories/{story_id:path}", summary="One story")
def get_story(story_id: str, store: StoreDep) -> dict[str, Any]:
    """One story with its event instances."""
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return {**story, "instances": store.instances(story=story_id)}


@router.get("/actors", response_model=Page, summary="List actors")
def list_actors(
    store: StoreDep,
    q: Annotated[str | None, Query(description="Name, other name or id contains this text.")] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-3 country.")] = None,
    sector: Annotated[str | None, Query(description="Sector code (GOV, MIL, REB, ...).")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page:
    """Actors derived from events' sources and targets, most active first."""
    actors = matching_actors(summarise_actors(store.events()), q)
    if country:
        actors = [a for a in actors if (a.country or "").upper() == country.upper()]
    if sector:
        actors = [a for a in actors if (a.sector or "").upper() == sector.upper()]
    return _page([a.to_dict() for a in actors[offset : offset + limit + 1]], limit, offset)


@router.get("/actors/{actor_id:path}", summary="One actor")
def get_actor(actor_id: str, store: StoreDep) -> dict[str, Any]:
    """An actor, and whom it deals with: other actor, event type, direction (outgoing: this actor is the source)."""
    events = store.events(EventQuery(actor=actor_id))
    found = [a for a in summarise_actors(events) if a.actor_id == actor_id]
    if not found:
        raise HTTPException(404, f"no actor {actor_id!r}")
    links = [
        {"actor_id": k.other_id, "name": k.other_label, "type": k.type, "outgoing": k.outgoing, "events": k.count}
        for k in links_of(actor_id, events)
    ]
    return {**found[0].to_dict(), "links": links}


@router.get("/search", summary="Search articles and actors")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to look for.")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Articles whose title or text holds every word (full-text, best first, with a snippet; matches in
    `snippet_parts` as [text, matched]) and actors whose name contains the text."""
    articles = [
        {key: value for key, value in row.items() if key != "snippet"}
        | {"snippet_parts": snippet_parts(row["snippet"])}
        for row in store.search(q, limit=limit)
    ]
    actors = [a.to_dict() for a in matching_actors(summarise_actors(store.events()), q)[:limit]]
    return {"query": q, "articles": articles, "actors": actors}


class ArticleIn(BaseModel):
    """An article to ingest; the same fields as a row of a JSONL corpus."""

    text: str = Field(min_length=1)
    title: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    source: str | None = None
    url: str | None = None
    author: str | None = None
    id: str | None = None


class IngestOut(BaseModel):
    read: int
    new: int
    duplicates: int
    errors: list[str]


@router.post("/articles", response_model=IngestOut, status_code=201, summary="Ingest articles")
def post_articles(request: Request, articles: Annotated[list[ArticleIn], Field(max_length=1000)]) -> IngestOut:
    """Clean, extract and store articles (only when the server was started with `--allow-ingest`; else 403)."""
    config = settings(request)
    if not config.allow_ingest:
        raise HTTPException(403, "this server is read-only; start it with `storyline serve --allow-ingest`")
    lines = "".join(json.dumps(a.model_dump(exclude_none=True), ensure_ascii=False) + "\n" for a in articles)
    with _INGEST:
        report = api.ingest(["-"], config.db, stdin=io.StringIO(lines))
    return IngestOut(
        read=report.read, new=report.new, duplicates=report.duplicates, errors=[str(e) for e in report.errors]
    )
