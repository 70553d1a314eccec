"""The per-article stages chained: clean, parse (spaCy, batched), extract.

`process_batch` is a pure function of its input batch, so the local engine, worker processes and Dask all call it
on batches and get the same records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc

from storyline import nlp
from storyline.clean import clean
from storyline.errors import InputError
from storyline.extract import extract, repair_headings, repair_headline
from storyline.model import Article, Processed, RawArticle


def process_batch(raws: Sequence[RawArticle]) -> list[Processed | InputError]:
    """Clean, parse and extract a batch; bad articles come back as `InputError`, in place."""
    out: list[Processed | InputError] = []
    articles: list[Article] = []
    for raw in raws:
        try:
            article = clean(raw)
        except InputError as exc:
            out.append(exc)
            continue
        articles.append(article)
        out.append(Processed(article))
    for processed, (title, body) in zip(
        (p for p in out if isinstance(p, Processed)), parse_articles(articles), strict=True
    ):
        found = extract(processed.article, title, body)
        processed.events = found.events
        processed.claims = found.claims
        processed.statuses = found.statuses
    return out


def parse_articles(articles: Sequence[Article]) -> Iterator[tuple[Doc, list[tuple[int, Doc]]]]:
    """Each article's parsed title and its parsed body chunks (offset, doc), in one batched stream."""
    items = []
    for n, article in enumerate(articles):
        items.append((article.title, (n, "title")))
        items.append((article.text, (n, "body")))
    titles: dict[int, Doc] = {}
    bodies: dict[int, list[tuple[int, Doc]]] = {n: [] for n in range(len(articles))}
    for offset, doc, (n, part) in nlp.parse(items):
        if part == "title":
            titles[n] = repair_headline(doc, nlp.parse_with_verb)
        else:
            bodies[n].append((offset, repair_headings(doc, nlp.parse_with_verb)))
    for n in range(len(articles)):
        yield titles[n], bodies[n]
