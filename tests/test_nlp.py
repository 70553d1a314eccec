"""The spaCy stage: our quick attribute ruler gives every token the tag, part of speech, morphology and lemma the
model's own attribute ruler gives it."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline import api, nlp

#: the model's special cases: two-token rules, regular expressions, IN and NOT_IN, dependencies and spaces
TRICKY = [
    "Y'all ain't gonna believe it, c'mon, let's go: there were gotta be two of them, he gets what he got.",
    "There is a deal.  It's done \n\n and they're leaving; ya'll isn't a word, y all is two.",
    "I can't say whether she'd agree, but we'll see what he's said of it.",
]


def _attributes(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.fixture(scope="module")
def models() -> tuple[Language, Language]:
    """The model with spaCy's attribute ruler and with ours (no NER: it reads neither)."""
    shipped = importlib.import_module(nlp.MODEL_PACKAGE).load(exclude=["ner"])
    quick = importlib.import_module(nlp.MODEL_PACKAGE).load(exclude=["ner"])
    nlp.quick_attributes(quick)
    return shipped, quick


def _same(models: tuple[Language, Language], texts: list[str]) -> None:
    shipped, quick = models
    for a, b in zip(shipped.pipe(texts), quick.pipe(texts), strict=True):
        assert _attributes(b) == _attributes(a), a.text[:80]


def test_pipeline_uses_the_quick_ruler() -> None:
    assert isinstance(nlp.load().get_pipe("attribute_ruler"), nlp.QuickAttributeRuler)


def test_same_attributes_on_the_sample_corpus_and_special_cases(models: tuple[Language, Language]) -> None:
    texts = list(TRICKY)
    with api.sample_corpus_path().open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts += [record["title"], record["text"]]
    _same(models, texts)


def test_same_attributes_on_the_seeds(models: tuple[Language, Language], seeds_dir: Path) -> None:
    _same(models, [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))])


def test_special_cases_are_applied(models: tuple[Language, Language]) -> None:
    doc = models[1]("They ain't gonna go. There are two.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert [t.pos_ for t in doc if t.text == "are"] == ["VERB"]  # after expletive "there"


def test_longer_patterns_are_refused() -> None:
    ruler = nlp.QuickAttributeRuler(nlp.load().vocab)
    with pytest.raises(ValueError, match="3 tokens"):
        ruler.add([[{"LOWER": "a"}, {"LOWER": "b"}, {"LOWER": "c"}]], {"LEMMA": "x"})
