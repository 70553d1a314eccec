"""Headlines the small parser misreads: a present-tense verb taken for a noun ("Police fire tear gas at protesters",
"ICC issues arrest warrant for Putin", "Myanmar and Bangladesh sign deal").

Headlines drop the articles and auxiliaries that tell a verb from a noun. A word after a noun phrase that could be
an event verb of the lexicon is tried as the verb (the parse is asked for again with that reading); the new parse is
kept only when more of the headline's event verbs then have a subject than before. This is done for an article's
title and for the headings in its text (a paragraph of one sentence with no final stop: a scraped page often
repeats its headline at the top of the body).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from spacy.tokens import Doc, Span, Token

from storyline.extract.lexicon import lexicon

#: (doc, index, verb lemma) -> the doc parsed with that word as a verb, or None
Reparse = Callable[[Doc, int, str], Doc | None]
#: how many misread verbs one headline may have repaired
_MOST_REPAIRS = 2
_SUBJECTS = {"nsubj", "nsubjpass"}


@cache
def _event_verbs() -> frozenset[str]:
    lex = lexicon()
    return frozenset(lex.verbs) | frozenset(lex.by_argument) | lex.light


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in tok.children)


def _verbs_with_subjects(doc: Doc) -> int:
    known = _event_verbs()
    return sum(1 for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in known and _has_subject(t))


def _verb_lemma(tok: Token) -> str | None:
    """The event verb a headline word would be ("issues" -> "issue", "fire" -> "fire", "pushes" -> "push"), if any."""
    word = tok.lower_
    forms = [word]
    if word.endswith("s") and not word.endswith("ss"):
        forms = [tok.lemma_.lower(), word[:-1], *([word[:-2]] if word.endswith("es") else [])]
    known = _event_verbs()
    return next((form for form in forms if form in known), None)


def _ends_noun_trigger(before: Token, tok: Token) -> bool:
    pair = (before.lemma_.lower(), tok.lemma_.lower())
    return any(trig.words[-2:] == pair for trig in lexicon().nouns.get(pair[1], ()))


def _candidates(doc: Doc) -> list[tuple[int, str]]:
    known = _event_verbs()
    found = []
    for tok in doc[1:-1]:
        if not tok.is_alpha or tok.ent_type_ or tok.pos_ not in {"NOUN", "VERB", "ADJ"}:
            continue
        if tok.pos_ == "ADJ" and tok.dep_ != "amod":
            continue  # "Colombia and Venezuela reopen border": the verb read as an adjective of the noun after it
        if tok.pos_ == "VERB" and _has_subject(tok):
            continue
        before = doc[tok.i - 1]
        # "North fires missiles", but not "Russian strikes pound Kharkiv": a demonym begins a noun phrase
        named = before.pos_ in {"NOUN", "PROPN"} or (before.pos_ == "ADJ" and before.is_title and not before.ent_type_)
        if not named or doc[tok.i + 1].is_punct:
            continue
        head = tok.head
        if tok.dep_ in _SUBJECTS and head.pos_ == "VERB" and head.lemma_.lower() in known:
            continue  # the subject of an event verb ("air strikes kill 20")
        if tok.dep_ in {"dobj", "attr"} and head.pos_ == "VERB" and _has_subject(head):
            continue  # the object of a verb read as one ("launches air strikes", "strike Taliban targets")
        if _ends_noun_trigger(before, tok):
            continue  # "tear gas", "air strikes"
        lemma = _verb_lemma(tok)
        if lemma is not None:
            found.append((tok.i, lemma))
    return found


def repair(title: Doc, reparse: Reparse) -> Doc:
    """`title` with misread headline verbs read as verbs, when that gives more of its event verbs a subject."""
    best, score = title, _verbs_with_subjects(title)
    for _ in range(_MOST_REPAIRS):
        found = None
        for i, lemma in _candidates(best):
            variant = reparse(best, i, lemma)
            if variant is None or not _has_subject(variant[i]):
                continue
            gained = _verbs_with_subjects(variant)
            if gained > score:
                found, score = variant, gained
        if found is None:
            break
        best = found
    return best


def is_heading(sent: Span) -> bool:
    """A line of its own with no full stop at its end (a heading in an article's body), of three words or more."""
    doc = sent.doc
    starts_paragraph = sent.start == 0 or "\n" in doc[sent.start - 1].text or "\n" in doc[sent.start - 1].whitespace_
    last = sent.end - 1
    while last > sent.start and doc[last].is_space:
        last -= 1
    ends_paragraph = sent.end == len(doc) or "\n" in doc[last].whitespace_ or doc[last + 1].is_space
    return starts_paragraph and ends_paragraph and last - sent.start >= 2 and not doc[last].is_punct


def repair_headings(doc: Doc, reparse: Reparse) -> Doc:
    """`doc` (a piece of an article's text) with its headings repaired as `repair` does a title; the text and
    every other sentence's parse are kept as they were."""
    parts: list[Doc] = []
    start = 0
    for sent in doc.sents:
        if not is_heading(sent):
            continue
        piece = sent.as_doc()
        fixed = repair(piece, reparse)
        if fixed is not piece:
            if start < sent.start:
                parts.append(doc[start : sent.start].as_doc())
            parts.append(fixed)
            start = sent.end
    if not parts:
        return doc
    if start < len(doc):
        parts.append(doc[start:].as_doc())
    joined = Doc.from_docs(parts, ensure_whitespace=False)
    return joined if joined.text == doc.text else doc
