"""The HTTP JSON API and the pages' server side, on a database built once from the bundled sample corpus (plus an
article full of markup), and the pure helpers behind the pages (highlight segments, timeline geometry)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import storyline
from storyline.cli import app as cli
from storyline.web import create_app, routes
from storyline.web.charts import TimelineItem, timeline
from storyline.web.views import Span, article_segments, links_of, segments, snippet_parts

#: an article whose every field tries to run script in the reader's browser
XSS_ARTICLE = {
    "id": "xss-1",
    "title": 'Minister <script>window.__xss = 1</script> resigns <img src=x onerror="window.__xss = 2">',
    "text": 'PARIS - Protesters <img src=x onerror="window.__xss = 3"> marched on parliament in Paris on Monday, and '
    "the police arrested <script>window.__xss = 4</script> twelve people, officials said.\n\n"
    "The interior minister said the police would not tolerate violence.",
    "date": "2016-12-12",
    "source": '<b onmouseover="window.__xss = 5">Evil</b> Outlet',
    "url": "javascript:window.__xss = 6",
}


@functools.cache
def sample_db(folder: Path) -> Path:
    """The sample corpus and the markup article, ingested (and linked) once per test session in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "web.db"
    corpus = folder / "xss.jsonl"
    corpus.write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
    report = storyline.ingest([str(storyline.sample_corpus_path()), str(corpus)], db)
    assert report.ok and report.new == 50
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_db(tmp_path_factory.getbasetemp() / "web")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        yield c


def _all_pages(client: TestClient, url: str, limit: int = 40) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        sep = "&" if "?" in url else "?"
        page = client.get(f"{url}{sep}limit={limit}&offset={offset}").json()
        items.extend(page["items"])
        offset = page["next_offset"]
    return items


def _cli_jsonl(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, [*args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_api_events_are_the_cli_events(client: TestClient, db: Path) -> None:
    from_cli = _cli_jsonl("events", "--db", str(db))
    assert len(from_cli) > 200
    assert _all_pages(client, "/api/events") == from_cli


@pytest.mark.parametrize(
    ("api_query", "cli_args"),
    [
        ("type=assault", ["--type", "ASSAULT"]),
        (
            "country=SYR&since=2016-12-01&until=2016-12-15",
            ["--country", "SYR", "--since", "2016-12-01", "--until", "2016-12-15"],
        ),
        ("actor=tillerson", ["--actor", "tillerson"]),
        ("article=mw-001", ["--article", "mw-001"]),
    ],
)
def test_event_filters_are_the_cli_filters(client: TestClient, db: Path, api_query: str, cli_args: list[str]) -> None:
    from_cli = _cli_jsonl("events", "--db", str(db), *cli_args)
    assert from_cli, cli_args
    assert _all_pages(client, f"/api/events?{api_query}", limit=7) == from_cli


def test_status_filter_keeps_only_events_of_instances_with_that_status(client: TestClient) -> None:
    instances = _all_pages(client, "/api/instances")
    statuses = {r["event_id"]: i["status"] for i in instances for r in i["reports"]}
    for status in ("corroborated", "single-source"):
        events = _all_pages(client, f"/api/events?status={status}")
        assert events, status
        assert {statuses[e["id"]] for e in events} == {status}
        assert len(events) == sum(1 for s in statuses.values() if s == status)
    assert client.get("/api/events?status=rumoured").status_code == 422


def test_pagination_and_validation(client: TestClient) -> None:
    first = client.get("/api/articles?limit=5").json()
    assert len(first["items"]) == 5 and first["next_offset"] == 5 and "text" not in first["items"][0]
    second = client.get("/api/articles?limit=5&offset=5").json()
    assert {a["id"] for a in first["items"]}.isdisjoint(a["id"] for a in second["items"])
    assert client.get("/api/articles?limit=1000&offset=49").json()["next_offset"] is None
    for bad in ("limit=0", "limit=5000", "offset=-1", "since=yesterday"):
        assert client.get(f"/api/events?{bad}").status_code == 422, bad


def test_article_and_missing_things(client: TestClient) -> None:
    article = client.get("/api/articles/ft-014").json()
    assert article["text"] and article["removed"]
    assert all(r["reason"] for r in article["removed"])
    for url in ("/api/articles/nope", "/api/stories/nope", "/api/actors/nope"):
        response = client.get(url)
        assert response.status_code == 404 and "nope" in response.json()["detail"]
    page = client.get("/articles/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_full_text_search(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "Masaken Hanano"}).json()
    ids = [a["id"] for a in found["articles"]]
    assert "mw-001" in ids
    parts = found["articles"][0]["snippet_parts"]
    assert {text.lower() for text, matched in parts if matched} <= {"masaken", "hanano"}
    assert any(matched for _, matched in parts)
    assert client.get("/api/search", params={"q": "Masak*"}).json()["articles"]
    for hostile in ('"; DROP TABLE articles; --', "NEAR(", "title:x OR", "*"):
        assert client.get("/api/search", params={"q": hostile}).status_code == 200, hostile
    assert client.get("/api/articles?limit=1").json()["items"]
    actors = client.get("/api/search", params={"q": "tillerson"}).json()["actors"]
    assert [a["actor_id"] for a in actors] == ["rex-tillerson"]


def test_actors_are_derived_from_event_sources_and_targets(client: TestClient) -> None:
    events = _all_pages(client, "/api/events", limit=500)
    roles = [e[role]["actor_id"] for e in events for role in ("source", "target") if e[role]]
    actors = _all_pages(client, "/api/actors", limit=500)
    assert {a["actor_id"] for a in actors} == set(roles)
    assert sum(a["events"] for a in actors) == len(roles)
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    tillerson = client.get("/api/actors/rex-tillerson").json()
    assert tillerson["country"] == "USA" and tillerson["sector"] == "GOV"
    assert tillerson["links"] and all(k["type"] and k["events"] >= 1 for k in tillerson["links"])
    assert client.get("/api/actors?country=USA&sector=GOV").json()["items"]


def test_stories_hold_their_instances(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    assert stories
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert story["instances"] and {i["story_id"] for i in story["instances"]} == {story["id"]}
    assert [i["id"] for i in story["instances"]] == [
        i["id"] for i in _all_pages(client, f"/api/instances?story={story['id']}")
    ]


def test_docs_list_every_endpoint(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    schema = client.get("/openapi.json").json()
    assert len(routes.router.routes) >= 12
    for route in routes.router.routes:
        path = route.path.replace(":path", "")  # type: ignore[attr-defined]
        for method in route.methods:  # type: ignore[attr-defined]
            assert f"{method} {path}" in docs.text, path
            assert method.lower() in schema["paths"][path], path


def test_read_only_unless_ingest_is_allowed(tmp_path: Path, client: TestClient) -> None:
    item = {"title": "Talks resume", "text": "Ministers of Chile and Peru met in Lima on Tuesday to discuss trade."}
    assert client.post("/api/articles", json=[item]).status_code == 403
    db = tmp_path / "ingest.db"
    with TestClient(create_app(db, allow_ingest=True), base_url="http://127.0.0.1") as writer:
        first = writer.post("/api/articles", json=[item])
        assert first.status_code == 201 and first.json()["new"] == 1
        assert writer.post("/api/articles", json=[item]).json()["duplicates"] == 1
        assert [a["title"] for a in writer.get("/api/search?q=Lima").json()["articles"]] == ["Talks resume"]
        assert writer.post("/api/articles", json=[{"title": "no text"}]).status_code == 422


def test_security_headers_and_host_check(client: TestClient, db: Path) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "default-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_markup_in_an_article_is_escaped_everywhere(client: TestClient) -> None:
    for url in ("/articles/xss-1", "/search?q=minister", "/articles", "/events?country=FRA", "/", "/actors?q=police"):
        body = client.get(url).text
        assert "<script>window" not in body and "<img src=x" not in body and "<b onmouseover" not in body, url
    page = client.get("/articles/xss-1").text
    assert "&lt;script&gt;window.__xss = 4&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    as_json = client.get("/api/articles/xss-1")
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.json()["text"] == XSS_ARTICLE["text"]  # the API gives the text as stored; JSON is not rendered


def test_every_page_renders(client: TestClient) -> None:
    story = client.get("/api/stories").json()[0]["id"]
    for url in (
        "/",
        "/stories",
        f"/stories/{story}",
        "/events",
        "/events?type=ASSAULT&sort=confidence&dir=desc&page=2",
        "/events?since=garbage&status=denied",
        "/articles",
        "/articles/mw-001",
        "/actors",
        "/actors?q=russia",
        "/actors/RUS-UNK",
        "/search?q=aleppo",
        "/search",
        "/docs",
        "/colours.css",
        "/static/style.css",
    ):
        assert client.get(url).status_code == 200, url


def test_segments_nest_and_cover_the_text() -> None:
    text = "Russia said troops shelled Aleppo on Monday."
    spans = [
        Span(0, 44, "claim", "claim by Russia"),
        Span(0, 6, "actor", "speaker"),
        Span(19, 26, "trigger", "ASSAULT", anchor="ev-1"),
        Span(27, 33, "place", "Aleppo"),
        Span(40, 99, "date", "out of range: dropped"),
    ]
    out = segments(text, spans)
    assert "".join(s.text for s in out) == text
    shelled = next(s for s in out if s.text == "shelled")
    assert set(shelled.kinds) == {"claim", "trigger"} and shelled.anchors == ("ev-1",)
    assert next(s for s in out if s.text == "Russia").kinds == ("claim", "actor")
    assert all("date" not in s.kinds for s in out)


def test_snippet_parts() -> None:
    assert snippet_parts("…the \x02siege\x03 of \x02Aleppo\x03") == [
        ("…the ", False),
        ("siege", True),
        (" of ", False),
        ("Aleppo", True),
    ]


def test_timeline_puts_far_dates_beside_the_axis() -> None:
    items = [
        TimelineItem("Russia → UN", "2016-12-06", "REJECT", "/a", "veto", "single-source"),
        TimelineItem("Russia → UN", "2016-12-06", "REJECT", "/b", "second veto", "corroborated"),
        TimelineItem("Army → rebels", "2016-12-12", "ASSAULT", "/c", "shelling"),
        TimelineItem("Russia → UN", "2011-01-01", "REJECT", "/d", "background"),
        TimelineItem("Army → rebels", None, "ASSAULT", "/e", "undated"),
    ]
    chart = timeline(items, start="2016-11-20", end="2016-12-30")
    assert [c.label for c in chart.columns] == ["earlier", "undated"]
    x = {m.href: m.x for m in chart.marks}
    columns = {c.label: c.x for c in chart.columns}
    assert x["/d"] == columns["earlier"] and x["/e"] == columns["undated"]
    assert chart.plot_left < x["/a"] < x["/c"] < chart.plot_right
    assert x["/a"] != x["/b"]  # same lane and day: dodged apart
    assert [lane.label for lane in chart.lanes] == ["Russia → UN", "Army → rebels"]
    assert all(chart.plot_left <= t.x <= chart.plot_right for t in chart.ticks)


def test_a_confirmation_is_highlighted_where_its_sentence_is() -> None:
    title = "CONFIRMED: the city falls"
    text = "Troops entered the city on Monday.\n\nNobody has denied it."
    in_title = {"kind": "confirmed", "by": [], "sentence": title, "span": [0, len(title)]}
    in_text = {"kind": "unconfirmed", "by": [], "sentence": "Nobody has denied it.", "span": [36, 57]}
    title_segments, text_segments = article_segments(title, text, [], [], [in_title, in_text])
    assert [s.text for s in title_segments if "status" in s.kinds] == [title]
    assert [s.text for s in text_segments if "status" in s.kinds] == ["Nobody has denied it."]


def test_an_actor_known_only_by_its_sector_is_not_a_partner() -> None:
    def actor(aid: str, name: str) -> dict[str, str]:
        return {"actor_id": aid, "name": name, "text": name}

    me = actor("rex-tillerson", "Rex Tillerson")
    events = [
        {"type": "CONSULT", "source": me, "target": actor("UNK-GOV", "emir")},
        {"type": "CONSULT", "source": me, "target": actor("sabah-al-ahmad", "Sabah Al-Ahmad")},
        {"type": "REQUEST", "source": actor("KWT-GOV", "Kuwait"), "target": me},
    ]
    # "the emir" of no known country shares UNK-GOV with every other unnamed official: no one to link to
    assert [(k.other_id, k.outgoing) for k in links_of("rex-tillerson", events)] == [
        ("KWT-GOV", False),
        ("sabah-al-ahmad", True),
    ]
