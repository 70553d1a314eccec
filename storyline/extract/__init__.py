"""The extraction stage: from a parsed article to its events, claims, and confirmations and denials."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from storyline.extract import figures, status
from storyline.extract.actors import ArticleMemory
from storyline.extract.claims import Sentence, extract_claims
from storyline.extract.events import SentenceContext, sentence_events
from storyline.extract.headline import repair as repair_headline
from storyline.extract.headline import repair_headings
from storyline.extract.kb import kb, key
from storyline.extract.lexicon import lexicon
from storyline.extract.when import count_from_earlier_days, day_step, resolve_expression
from storyline.model import Article, Claim, ClaimStatus, Event

__all__ = ["extract", "extract_events", "repair_headings", "repair_headline"]


@dataclass
class Extraction:
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    statuses: list[ClaimStatus] = field(default_factory=list)


def article_countries(docs: Sequence[Doc]) -> Counter[str]:
    """The countries an article names (by name, demonym or capital), with how often: context for places and for
    state actors named only by role ("government forces")."""
    base = kb()
    out: Counter[str] = Counter()
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in {"GPE", "NORP"}:
                k = key(ent.text)
                iso = base.countries.get(k) or base.demonyms.get(k) or base.capitals.get(k)
                if iso:
                    out[iso] += 1
    return out


def extract(article: Article, title: Doc, body: Sequence[tuple[int, Doc]]) -> Extraction:
    """Events (title first, then the body, sentence by sentence), claims and statuses of one article."""
    memory = ArticleMemory(date=article.date, author=article.author)
    counts = article_countries([title, *(doc for _, doc in body)])
    countries = set(counts)
    home = counts.most_common(1)[0][0] if counts else None
    title_events: list[Event] = []
    ctx = SentenceContext(article.id, article.date, memory, countries, from_title=True, home=home)
    for sent in title.sents:
        title_events.extend(sentence_events(sent, ctx))
    sentences: list[Sentence] = []
    body_events: list[Event] = []
    said: set[str] = set()
    for offset, doc in body:
        ctx = SentenceContext(article.id, article.date, memory, countries, from_title=False, offset=offset, home=home)
        for sent in doc.sents:
            # a sentence the article already said (a repeated caption, a pasted quote) reports nothing new: no
            # events, claims or statuses of its own
            words = " ".join(sent.text.split())
            if words not in said:
                said.add(words)
                sentences.append(Sentence(sent, offset + sent.start_char, offset + sent.end_char))
                body_events.extend(sentence_events(sent, ctx))
    claims = extract_claims(article.id, article.text, sentences, memory)
    _attribute(body_events, claims, sentences)
    statuses = status.find_statuses(sentences, body_events, claims, memory)
    headline = status.headline_status(article.title, title_events)
    if headline is not None:
        statuses.append(headline)
    _count_days(title_events, body_events, body, article.date)
    events = title_events + body_events
    status.apply(statuses, events, claims)
    figures.attach(events, title, body, claims, memory)
    return Extraction(events, claims, statuses)


def extract_events(article: Article, title: Doc, body: Sequence[tuple[int, Doc]]) -> list[Event]:
    return extract(article, title, body).events


def _count_days(
    title_events: list[Event], body_events: list[Event], body: Sequence[tuple[int, Doc]], pub: str | None
) -> None:
    """Events dated "a day earlier" with no other date in their sentence count from the last day named before it."""
    if not any(e.date.date is None and e.date.source == "text" for e in (*title_events, *body_events)):
        return  # (the article's dates are resolved only when an event counts from one)
    days = []
    for offset, doc in body:
        for ent in doc.ents:
            if ent.label_ in {"DATE", "TIME"} and day_step(ent.text) is None:
                found = resolve_expression(ent.text, pub)
                if found is not None and found[1] == "day":
                    days.append((offset + ent.start_char, found[0]))
    count_from_earlier_days([e.date for e in title_events], [0] * len(title_events), [], pub)
    count_from_earlier_days([e.date for e in body_events], [e.sentence_span[0] for e in body_events], days, pub)


def _attribute(events: list[Event], claims: list[Claim], sentences: list[Sentence]) -> None:
    """Events inside a claim are relayed: they carry its speaker and outlet. The author's guesses are marked."""
    assessments = [p for p, m in lexicon().modality if m == "assessment"]
    for event in events:
        claim = next((c for c in claims if c.span[0] <= event.span[0] < c.span[1]), None)
        if claim is not None:
            event.attribution = {"speaker": claim.speaker, "outlet": claim.outlet}
            event.voice = "relayed"
            claim.event_ids.append(event.id)
            if event.modality == "asserted":
                event.modality = "reported"
            continue
        if event.modality == "reported":
            event.voice = "relayed"
            continue
        sentence = next((s for s in sentences if s.start <= event.span[0] < s.end), None)
        if sentence is not None:
            text = f" {sentence.text.lower()} "
            if any(f" {p} " in text or f" {p}," in text for p in assessments):
                event.voice = "assessment"
