"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright, against the web app served by
uvicorn on a free loopback port, over a database built once from the sample corpus plus an article full of markup.

Every test fails if a page writes an error to the console, opens a dialog, or asks for anything outside the server.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_web_api import XSS_ARTICLE, sample_db

from storyline.web import create_app

CHROMIUM = Path(os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium; .ci/run installs it)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = sample_db(tmp_path_factory.getbasetemp() / "web")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser: Browser, base_url: str, bypass_csp: bool = False) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, bypass_csp=bypass_csp, viewport={"width": 1400, "height": 900})
    outside: list[str] = []
    problems: list[str] = []

    def local_only(route, request):  # type: ignore[no-untyped-def]
        if request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()
    assert not outside, f"the pages asked for things outside the server: {outside}"
    assert not problems, problems


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    yield from _page(browser, base_url)


def _api(page: Page, url: str) -> object:
    response = page.request.get(url)
    assert response.ok, url
    return response.json()


def test_every_page_loads(page: Page) -> None:
    story = _api(page, "/api/stories")[0]["id"]  # type: ignore[index]
    for url, heading in [
        ("/", "Overview"),
        ("/stories", "Stories"),
        (f"/stories/{story}", None),
        ("/events", "Events"),
        ("/articles", "Articles"),
        ("/articles/mw-001", "Syrian army splits rebel enclave in east Aleppo, monitor says"),
        ("/actors", "Actors"),
        ("/actors/rex-tillerson", "Rex Tillerson"),
        ("/search?q=Aleppo", "Search: Aleppo"),
        ("/docs", "Storyline HTTP API"),
    ]:
        response = page.goto(url)
        assert response is not None and response.ok, url
        if heading:
            expect(page.locator("h1")).to_contain_text(heading)
        expect(page.locator("header.top nav a")).to_have_count(5)


def test_events_filter_and_sort(page: Page) -> None:
    page.goto("/events")
    page.select_option("select[name=type]", "ASSAULT")
    page.fill("input[name=country]", "SYR")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"type=ASSAULT"))
    expected = len(_api(page, "/api/events?type=ASSAULT&country=SYR&limit=1000")["items"])  # type: ignore[index]
    assert expected > 3
    expect(page.locator("#count")).to_have_text(f"{expected} events")
    types = page.locator("table.events tbody td.type-cell").all_inner_texts()
    assert len(types) == min(expected, 50) and all(t.startswith("ASSAULT") for t in types)
    page.click("table.events th >> text=date")  # already sorted by date ascending: this turns it round
    page.wait_for_url(re.compile(r"dir=desc"))
    dates = [d.split()[0] for d in page.locator("table.events tbody td.date").all_inner_texts()]
    assert dates == sorted(dates, reverse=True)
    expect(page.locator("select[name=type]")).to_have_value("ASSAULT")


def test_timeline_item_leads_to_its_article(page: Page) -> None:
    stories = _api(page, "/api/stories")
    story = max(stories, key=lambda s: len(s["instance_ids"]))  # type: ignore[arg-type, index]
    page.goto(f"/stories/{story['id']}")
    marks = page.locator("svg.timeline a.mark")
    expect(marks).to_have_count(len(story["instance_ids"]))
    expect(page.locator("table.list tbody tr")).to_have_count(len(story["instance_ids"]))
    first = marks.first
    href = first.get_attribute("href")
    assert href and href.startswith("/articles/") and "#ev-" in href
    first.click()
    page.wait_for_url(re.compile(r"/articles/.+#ev-"))
    event_id = href.split("#ev-", 1)[1]
    article_id = href.split("/articles/", 1)[1].split("#", 1)[0]
    target = page.locator(f'[id="ev-{event_id}"]')
    expect(target).to_be_visible()
    expect(target).to_have_class(re.compile(r"hl-trigger"))
    assert page.evaluate("document.querySelector(':target') !== null")
    title = _api(page, f"/api/articles/{article_id}")["title"]  # type: ignore[index]
    expect(page.locator("h1")).to_have_text(title)


def test_article_shows_evidence_claims_and_removed_boilerplate(page: Page) -> None:
    page.goto("/articles/mw-001")
    for kind in ("actor", "trigger", "date", "place", "claim"):
        assert page.locator(f"#text .hl-{kind}").count() > 0, kind
    events = _api(page, "/api/events?article=mw-001")["items"]  # type: ignore[index]
    expect(page.locator("#events li")).to_have_count(len(events))
    expect(page.locator("#claims")).to_contain_text("Jean-Marc Ayrault")
    assert page.locator("#text").inner_text().startswith("ALEPPO, Syria (Meridian Wire)")
    page.goto("/articles/ft-014")
    removed = _api(page, "/api/articles/ft-014")["removed"]  # type: ignore[index]
    toggle = page.locator("details#removed")
    expect(toggle).to_contain_text(f"Removed boilerplate ({len(removed)} lines)")
    first_line = toggle.locator("td.removed-text").first
    expect(first_line).to_be_hidden()
    toggle.locator("summary").click()
    expect(first_line).to_be_visible()
    expect(first_line).to_have_text(removed[0]["text"])
    assert removed[0]["text"] not in page.locator("#text").inner_text()


def test_actor_page_network_links_to_other_actors(page: Page) -> None:
    page.goto("/actors/rex-tillerson")
    expect(page.locator("svg.timeline a.mark").first).to_be_visible()
    nodes = page.locator("svg.network a.node")
    assert nodes.count() >= 2
    edges = page.locator("svg.network path.edge")
    assert edges.count() >= nodes.count()
    label = nodes.first.locator("text").text_content() or ""
    nodes.first.click()
    page.wait_for_url(re.compile(r"/actors/(?!rex-tillerson)"))
    expect(page.locator("h1")).to_contain_text(label.rstrip("…"))


def test_search_box_finds_articles_and_actors(page: Page) -> None:
    page.goto("/")
    page.fill("header input[name=q]", "Tillerson")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Tillerson"))
    expect(page.locator("#found-actors")).to_contain_text("Rex Tillerson")
    hits = page.locator("#found-articles ol.hits > li")
    assert hits.count() >= 1
    expect(hits.first.locator("mark").first).to_have_text(re.compile("Tillerson", re.I))
    hits.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    expect(page.locator("#text")).to_contain_text("Tillerson")


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_markup_in_an_article_stays_inert(browser: Browser, base_url: str, bypass_csp: bool) -> None:
    for page in _page(browser, base_url, bypass_csp=bypass_csp):
        for url in ("/articles/xss-1", "/articles", "/search?q=minister", "/events?country=FRA", "/"):
            page.goto(url)
            assert page.evaluate("typeof window.__xss") == "undefined", url
            assert page.locator("main img, main script, main b").count() == 0, url
        page.goto("/articles/xss-1")
        expect(page.locator("h1")).to_have_text(XSS_ARTICLE["title"])
        expect(page.locator("#text")).to_contain_text("<script>window.__xss = 4</script>")
        expect(page.locator("p.meta")).to_contain_text(XSS_ARTICLE["source"])
        assert page.locator("a.original").count() == 0  # a javascript: URL is shown as text, never as a link
