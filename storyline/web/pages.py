"""The HTML pages: stories and their timelines, the events table, articles with their evidence highlighted, actors
with their activity and network, search, and the API reference. Forms use GET, so every view has a shareable URL.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import RedirectResponse

from storyline.credibility import article_profiles, outlet_profiles
from storyline.model import MODALITIES
from storyline.store import EventQuery, Store
from storyline.web.charts import STATUS_COLOURS, TYPE_COLOURS, TimelineItem, network, timeline
from storyline.web.deps import open_store, render
from storyline.web.views import (
    EVENT_SORTS,
    STATUSES,
    actor_id_of,
    actor_label,
    article_segments,
    instance_by_event,
    involving,
    links_of,
    matching_actors,
    snippet_parts,
    sort_events,
    summarise_actors,
)

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(open_store)]
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PER_PAGE = 50
#: a story's timeline shows this many days either side of its articles' dates; older or later events go beside it
STORY_MARGIN = 14


def _clean(value: str | None) -> str | None:
    """A form field: empty means not given."""
    value = (value or "").strip()
    return value or None


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.items() if v}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def _shift(day: str | None, days: int) -> str | None:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat() if day else None
    except ValueError:
        return None


def _report_href(instance: dict[str, Any]) -> str:
    """Where a timeline item leads: the first report's article, at the event's trigger."""
    reports = instance.get("reports") or []
    if not reports:
        return f"/stories/{quote(instance.get('story_id') or '', safe='')}"
    first = next((r for r in reports if r["event_id"] == instance.get("first_report")), reports[0])
    return _event_href(first["article_id"], first["event_id"])


def _event_href(article_id: str, event_id: str) -> str:
    return f"/articles/{quote(article_id, safe='')}#ev-{quote(event_id, safe=':')}"


@router.get("/")
def home(request: Request, store: StoreDep) -> Response:
    counts = {table: store.count(table) for table in ("articles", "events", "claims", "instances", "stories")}
    events = store.events()
    types: dict[str, int] = {}
    for e in events:
        types[e["type"]] = types.get(e["type"], 0) + 1
    context = {
        "counts": counts,
        "stories": store.stories()[:10],
        "actors": summarise_actors(events)[:12],
        "types": sorted(types.items(), key=lambda kv: -kv[1]),
    }
    return render(request, "home.html", context)


@router.get("/stories")
def stories(request: Request, store: StoreDep) -> Response:
    rows = []
    for story in store.stories():
        instances = store.instances(story=story["id"])
        tally = {s: sum(1 for i in instances if i["status"] == s) for s in STATUSES}
        rows.append({**story, "tally": tally, "instance_count": len(instances)})
    return render(request, "stories.html", {"stories": rows})


@router.get("/stories/{story_id:path}")
def story(request: Request, story_id: str, store: StoreDep) -> Response:
    found = store.story(story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r}")
    instances = store.instances(story=story_id)
    items = [
        TimelineItem(
            lane=f"{actor_label(i.get('source'))} → {actor_label(i.get('target'))}",
            date=i.get("date"),
            type=i["type"],
            href=_report_href(i),
            title=f"{i['type']}: {actor_label(i.get('source'))} → {actor_label(i.get('target'))}, "
            f"{i.get('date') or 'undated'}; {i['status']}, {i.get('independent_sources', 0)} independent source(s), "
            f"{len(i.get('reports') or [])} report(s)",
            status=i["status"],
            item_id=i["id"],
        )
        for i in instances
    ]
    articles = {a.id: a for a in store.articles(ids=found.get("article_ids") or [])}
    context = {
        "story": found,
        "instances": instances,
        "chart": timeline(
            items, start=_shift(found.get("start"), -STORY_MARGIN), end=_shift(found.get("end"), STORY_MARGIN)
        ),
        "articles": articles,
        "event_href": _event_href,
    }
    return render(request, "story.html", context)


@router.get("/events")
def events(
    request: Request,
    store: StoreDep,
    type: str | None = None,
    actor: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    status: str | None = None,
    sort: str | None = None,
    dir: str | None = None,
    page: str | None = None,
) -> Response:
    problems = []
    since, until = _clean(since), _clean(until)
    for name, value in (("since", since), ("until", until)):
        if value and not DATE.match(value):
            problems.append(f"{name}: {value!r} is not a date (YYYY-MM-DD); ignored")
    query = EventQuery(
        type=_clean(type),
        actor=_clean(actor),
        country=_clean(country),
        since=since if since and DATE.match(since) else None,
        until=until if until and DATE.match(until) else None,
        modality=_clean(modality),
    )
    instances = instance_by_event(store.instances())
    rows = [
        {**e, "instance_status": instances[e["id"]]["status"] if e["id"] in instances else None}
        for e in store.events(query)
    ]
    status = _clean(status)
    if status:
        rows = [e for e in rows if e["instance_status"] == status]
    key = sort if sort in EVENT_SORTS else "date"
    descending = dir == "desc"
    rows = sort_events(rows, key, descending)
    number = _page_number(page)
    pages = max(1, -(-len(rows) // PER_PAGE))
    context = {
        "rows": rows[(number - 1) * PER_PAGE : number * PER_PAGE],
        "total": len(rows),
        "page": number,
        "pages": pages,
        "filters": query,
        "status": status,
        "sort": key,
        "descending": descending,
        "problems": problems,
        "types": list(TYPE_COLOURS),
        "modalities": MODALITIES,
        "statuses": STATUSES,
        "sorts": list(EVENT_SORTS),
        "url": lambda **changes: _with(request, **changes),
        "event_href": _event_href,
        "instances": instances,
    }
    return render(request, "events.html", context)


@router.get("/articles")
def articles(request: Request, store: StoreDep, source: str | None = None, page: str | None = None) -> Response:
    number = _page_number(page)
    rows = store.articles(source=_clean(source), limit=PER_PAGE + 1, offset=(number - 1) * PER_PAGE)
    context = {
        "rows": rows[:PER_PAGE],
        "more": len(rows) > PER_PAGE,
        "page": number,
        "source": _clean(source),
        "url": lambda **changes: _with(request, **changes),
        "outlet": next(iter(outlet_profiles(store, outlet=_clean(source))), None) if _clean(source) else None,
    }
    return render(request, "articles.html", context)


@router.get("/articles/{article_id:path}")
def article(request: Request, article_id: str, store: StoreDep) -> Response:
    found = store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    events = store.events(EventQuery(article=article_id))
    claims = store.claims(article=article_id)
    statuses = store.statuses(article_id)
    title, body = article_segments(found.title, found.text, events, claims, statuses)
    instances = instance_by_event(store.instances())
    context = {
        "article": found,
        "title_segments": title,
        "body_segments": body,
        "events": events,
        "claims": claims,
        "statuses": statuses,
        "instances": instances,
        "stories": [s for s in store.stories() if article_id in s.get("article_ids", [])],
        "profile": article_profiles(store, article=article_id)[0],
    }
    return render(request, "article.html", context)


@router.get("/actors")
def actors(request: Request, store: StoreDep, q: str | None = None, page: str | None = None) -> Response:
    rows = matching_actors(summarise_actors(store.events()), _clean(q))
    number = _page_number(page)
    context = {
        "rows": rows[(number - 1) * PER_PAGE : number * PER_PAGE],
        "total": len(rows),
        "page": number,
        "pages": max(1, -(-len(rows) // PER_PAGE)),
        "q": _clean(q),
        "url": lambda **changes: _with(request, **changes),
    }
    return render(request, "actors.html", context)


@router.get("/actors/{actor_id:path}")
def actor(request: Request, actor_id: str, store: StoreDep) -> Response:
    events = involving(store.events(EventQuery(actor=actor_id)), actor_id)
    found = [a for a in summarise_actors(events) if a.actor_id == actor_id]
    if not found:
        raise HTTPException(404, f"no actor {actor_id!r}")
    summary = found[0]
    links = links_of(actor_id, events)
    others = {k.other_id: f"/actors/{quote(k.other_id, safe='')}" for k in links}
    items = [
        TimelineItem(
            lane=e["type"],
            date=e.get("date"),
            type=e["type"],
            href=_event_href(e["article_id"], e["id"]),
            title=f"{e.get('date') or 'undated'} {e['type']}: {actor_label(e.get('source'))} → "
            f"{actor_label(e.get('target'))} ({e['modality']})",
            item_id=e["id"],
        )
        for e in events
    ]
    context = {
        "actor": summary,
        "events": events,
        "links": links,
        "chart": timeline(items),
        "net": network(summary.name, links, others),
        "event_href": _event_href,
        "actor_id_of": actor_id_of,
    }
    return render(request, "actor.html", context)


@router.get("/search")
def search(request: Request, store: StoreDep, q: str | None = None) -> Response:
    text = _clean(q)
    hits: list[dict[str, Any]] = []
    found_actors = []
    if text:
        hits = [{**row, "parts": snippet_parts(row["snippet"])} for row in store.search(text[:500], limit=50)]
        found_actors = matching_actors(summarise_actors(store.events()), text)[:50]
    return render(request, "search.html", {"q": text, "articles": hits, "actors": found_actors})


@router.get("/docs")
def docs(request: Request) -> Response:
    """Every endpoint of the JSON API, read from the app's own OpenAPI schema."""
    schema = request.app.openapi()
    endpoints = [
        {
            "anchor": op["operationId"],
            "path": path,
            "method": method.upper(),
            "summary": op.get("summary", ""),
            "description": op.get("description") or op.get("summary", ""),
            "parameters": [_parameter(p) for p in op.get("parameters", [])],
            "body": "requestBody" in op,
            "responses": list(op.get("responses", {})),
        }
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]
    return render(request, "docs.html", {"endpoints": endpoints, "info": schema["info"]})


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    schema = p.get("schema", {})
    kinds = [schema["type"]] if "type" in schema else [s["type"] for s in schema.get("anyOf", []) if "type" in s]
    enum = schema.get("enum") or next((s["enum"] for s in schema.get("anyOf", []) if "enum" in s), None)
    kind = " or ".join(k for k in kinds if k != "null") + (f" ({', '.join(map(str, enum))})" if enum else "")
    if schema.get("default") is not None:
        kind += f", default {schema['default']}"
    return {
        "name": p["name"],
        "in": p["in"],
        "type": kind,
        "required": bool(p.get("required")),
        "description": p.get("description", ""),
    }


@router.get("/colours.css")
def colours() -> Response:
    """The badge colours of event types and statuses, from the same table the charts use."""
    rules = [f".t-{name} {{ background: {c}; color: {_ink(c)}; }}" for name, c in TYPE_COLOURS.items()]
    rules += [f".s-{name} {{ border-color: {c}; color: {c}; }}" for name, c in STATUS_COLOURS.items()]
    return Response("\n".join(rules) + "\n", media_type="text/css")


def _ink(colour: str) -> str:
    """Black or white text, whichever reads better on this background."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#1a202c" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg")
