"""Property-based tests: on any input, readers, decoding, cleaning, dates and extraction return a result or raise
one of our own errors, never anything else, and what they return holds together.

The inputs are random bytes and text, and text built from news vocabulary, datelines, quotes and boilerplate so that
the deeper code (titles, datelines, claims, events) is reached. In the suite each property runs on a fixed,
derandomised set of examples; `make fuzz` (benchmarks/fuzz.py) runs the same properties on many more random inputs
and counts them. `TRIED` counts the inputs each property was given.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean import article_key, clean
from storyline.dates import parse_absolute_date, parse_dateline
from storyline.errors import InputError, StorylineError
from storyline.extract.when import resolve_expression
from storyline.ingest import ReadOptions, decode, read_inputs
from storyline.model import Processed, Provenance, RawArticle
from storyline.pipeline import process_batch

#: `make fuzz` multiplies every property's number of examples by this and draws them at random
SCALE = int(os.environ.get("STORYLINE_FUZZ_SCALE", "1"))
TRIED: Counter[str] = Counter()
PLOVER = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def fuzz_settings(examples: int, **kw: bool) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        database=None,
        derandomize=SCALE == 1,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **kw,
    )


# --- strategies ---------------------------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "Russia",
        "Turkey",
        "Syrian",
        "government",
        "forces",
        "rebels",
        "the",
        "army",
        "police",
        "shelled",
        "Aleppo",
        "Idlib",
        "on",
        "Monday",
        "Tuesday",
        "said",
        "told",
        "Reuters",
        "ceasefire",
        "agreed",
        "to",
        "talks",
        "in",
        "Geneva",
        "killed",
        "at least",
        "12",
        "2,000",
        "civilians",
        "denied",
        "accused",
        "of",
        "according to",
        "the Syrian Observatory for Human Rights",
        "President",
        "Vladimir Putin",
        "Erdogan",
        "met",
        "with",
        "sanctions",
        "imposed",
        "protesters",
        "marched",
        "arrested",
        "last week",
        "three days ago",
        "in 2014",
        "on 5 March",
        "a",
        "and",
        "but",
        "not",
        "who",
        "which",
        "he",
        "she",
        "they",
        "it",
        '"',
        "“",
        "”",
        "'",
        ",",
        ".",
        ";",
        ":",
        "-",
        "(",
        ")",
        "?",
        "!",
        "...",
        "…",
        "\n",
        "\n\n",
    ]
)
LINES = st.sampled_from(
    [
        "Print Friendly, PDF & Email",
        "Thursday, 15 December 2016",
        "Dec. 13, 2016",
        "in ,",
        "What do you think?",
        "Notify of",
        "0 0 vote Article Rating",
        "Share on Twitter",
        "Related",
        "ALEPPO, Syria (Wire) -",
    ]
)


@st.composite
def news_text(draw: st.DrawFn, max_words: int = 80) -> str:
    """Text that looks enough like news to reach titles, datelines, sentences, claims and events."""
    parts = draw(st.lists(st.one_of(WORDS, WORDS, WORDS, LINES, st.text(max_size=8)), max_size=max_words))
    text = ""
    for part in parts:
        text += part if part in {",", ".", ";", ":", "\n", "\n\n"} else " " + part
    return text


TEXT = st.one_of(news_text(), st.text(max_size=300))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"])


@st.composite
def file_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name suffix and the bytes of a file in that format, well or badly formed."""
    suffix = draw(st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".tsv", ".bin"]))
    kind = draw(st.sampled_from(["random", "text", "structured", "structured", "cut"]))
    if kind == "random":
        return suffix, draw(st.binary(max_size=2048))
    text = draw(TEXT)
    if kind in ("structured", "cut"):
        text = _structured(draw, suffix, text)
    data = text.encode(draw(ENCODINGS), errors="replace")
    if kind == "cut" and data:
        data = data[: draw(st.integers(0, len(data)))]
    return suffix, data


def _structured(draw: st.DrawFn, suffix: str, text: str) -> str:
    fields = st.sampled_from(["id", "title", "text", "date", "source", "url", "author", "body", ""])
    values = st.one_of(TEXT, st.integers(), st.none(), st.booleans(), st.just("2016-12-15"), st.just("not a date"))
    rows = draw(st.lists(st.dictionaries(fields, values, max_size=6), max_size=5))
    if suffix == ".jsonl":
        lines = [json.dumps(row, ensure_ascii=draw(st.booleans())) for row in rows]
        lines.insert(draw(st.integers(0, len(lines))), text)
        return "\n".join(lines)
    if suffix in (".csv", ".tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t" if suffix == ".tsv" else ",")
        writer.writerow(["id", "title", "text", "date"][: draw(st.integers(0, 4))])
        for row in rows:
            writer.writerow([str(v) for v in row.values()])
        return out.getvalue() + draw(st.sampled_from(["", '"', 'x,"y', "\n\n"]))
    if suffix == ".html":
        return f"<html><head><title>{text[:40]}</title><script>{text[:20]}</script></head><body><p>{text}</p></body>"
    return text


# --- properties ---------------------------------------------------------------------------------------------


@fuzz_settings(150)
@given(file_bytes())
def test_readers_yield_articles_or_our_errors(case: tuple[str, bytes]) -> None:
    TRIED["readers (txt, html, jsonl, csv, tsv, binary files)"] += 1
    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        for item in read_inputs([str(path)], ReadOptions(max_article_bytes=4096)):
            if isinstance(item, InputError):
                assert str(item).startswith(str(path)) and "\n" not in str(item), str(item)
            else:
                assert isinstance(item, RawArticle) and item.text.strip()
                assert item.date is None or date.fromisoformat(item.date)


@fuzz_settings(300)
@given(st.one_of(st.binary(max_size=4096), st.builds(lambda t, e: t.encode(e, errors="replace"), TEXT, ENCODINGS)))
def test_decode_gives_text_or_our_error(data: bytes) -> None:
    TRIED["decoding (any bytes)"] += 1
    try:
        text = decode("input", data)
    except InputError as exc:
        assert str(exc).startswith("input: ")
        return
    assert text.strip()


@fuzz_settings(200)
@given(TEXT, st.one_of(st.none(), TEXT), st.booleans(), st.one_of(st.none(), st.text(max_size=20)))
def test_clean_gives_an_article_or_our_error(text: str, title: str | None, has_title: bool, source: str | None) -> None:
    TRIED["cleaning"] += 1
    raw = RawArticle(text=text, provenance=Provenance("f.txt"), title=title, has_title=has_title, source=source)
    try:
        article = clean(raw)
    except InputError as exc:
        assert str(exc).startswith("f.txt: ") and "\n" not in str(exc)
        return
    assert article.text.strip() and article.title.strip()
    assert article.key == article_key(article.text, source)
    assert clean(raw).key == article.key, "cleaning is deterministic"
    assert article.date is None or date.fromisoformat(article.date)


DATE_LIKE = st.one_of(
    st.text(max_size=40),
    st.dates().map(str),
    st.dates().map(lambda d: d.strftime("%A, %d %B %Y")),
    st.dates().map(lambda d: d.strftime("%b. %d, %Y")),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)),
    st.from_regex(r"\d{1,2} [A-Z][a-z]{2,8},? \d{4}", fullmatch=True),
)


@fuzz_settings(120)
@given(DATE_LIKE)
def test_publication_dates_are_real_days_or_none(text: str) -> None:
    TRIED["publication dates and datelines"] += 1
    for parsed in (parse_absolute_date(text), parse_dateline(text)):
        assert parsed is None or date.fromisoformat(parsed).isoformat() == parsed


EXPRESSIONS = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda n, unit: f"{n} {unit} ago",
        st.integers(0, 10**12),
        st.sampled_from(["days", "weeks", "months", "years"]),
    ),
    st.sampled_from(["next year", "last month", "this week", "yesterday", "on Monday", "in March", "in 2014"]),
)


@fuzz_settings(300, report_multiple_bugs=False)
@given(EXPRESSIONS, st.dates().map(str), st.booleans())
def test_time_expressions_resolve_or_give_none(text: str, pub: str, future: bool) -> None:
    TRIED["event date expressions (extract.when)"] += 1
    resolved = resolve_expression(text, pub, future)
    assert resolved is None or date.fromisoformat(resolved[0]).isoformat() == resolved[0]


@fuzz_settings(25)
@given(
    st.lists(st.tuples(news_text(max_words=120), st.one_of(st.none(), news_text(max_words=12))), min_size=1, max_size=3)
)
def test_pipeline_gives_events_or_our_errors(texts: list[tuple[str, str | None]]) -> None:
    TRIED["cleaning, parsing and extraction (one batch)"] += 1
    raws = [
        RawArticle(
            text=t, provenance=Provenance("f.jsonl", n), title=title, has_title=title is not None, date="2016-12-15"
        )
        for n, (t, title) in enumerate(texts, start=1)
    ]
    try:
        results = process_batch(raws)
    except StorylineError:
        return
    assert len(results) == len(raws)
    for result in results:
        if isinstance(result, InputError):
            continue
        assert isinstance(result, Processed)
        article = result.article
        for event in result.events:
            source = article.title if event.from_title else article.text
            assert event.type in PLOVER
            start, end = event.sentence_span
            assert 0 <= start <= event.span[0] <= event.span[1] <= end <= len(source)
            assert source[start:end].strip() == event.sentence.strip()
            assert source[event.span[0] : event.span[1]] == event.trigger
            assert event.date.date is None or date.fromisoformat(event.date.date)
            for actor in (event.source, event.target):
                if actor is not None and actor.span is not None:
                    assert source[actor.span[0] : actor.span[1]] == actor.text
