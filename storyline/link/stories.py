"""Stories: articles that follow one developing news story over days and weeks, with a readable label.

Each article is a weighted bag of the names it mentions (people, places, organisations: capitalised words and the
actors and places of its events). Articles are taken in date order; each joins the open story it resembles most
(cosine of tf-idf weights against the story's centroid, the story's last article at most `GAP_DAYS` earlier), or
starts a new one. A copy joins its original's story. Every step is deterministic, so the stories of a corpus do not
depend on the order its articles were ingested in.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

GAP_DAYS = 21
THRESHOLD = 0.08
#: a name: capitalised words, not the first word of a sentence
_NAME = re.compile(r"(?<=[a-z0-9,;] )[A-Z][a-zA-Z\-]+(?:\s+(?:al-|el-|de |of )?[A-Z][a-zA-Z\-]+)*")
_SKIP = {
    "The", "A", "An", "In", "On", "At", "But", "And", "As", "It", "He", "She", "They", "We", "I", "This", "That",
    "These", "Those", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Mr", "Mrs", "Ms", "After", "Before", "When", "While", "If", "However", "Meanwhile", "There", "Its", "His", "Her",
    "Their", "Our", "Some", "Many", "Most", "Reuters", "Share", "Print", "Read", "More", "What", "Why", "How",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Online", "Comment", "News",
    "Update", "Breaking", "Video", "Photo", "Photos", "Less", "Least", "Than", "Over", "About", "Up",
}  # fmt: skip


def article_terms(title: str, text: str, events: list[dict[str, Any]]) -> dict[str, float]:
    """The names an article mentions, with counts; its title's names count double."""
    terms: Counter[str] = Counter()
    for source, weight in ((title, 2), (text, 1)):
        for m in _NAME.finditer(source):
            name = m.group(0)
            if name in _SKIP or len(name) < 3 or name.split()[0] in _SKIP or any(ch.isdigit() for ch in name):
                continue
            terms[name.lower()] += weight
    for e in events:
        for role in ("source", "target"):
            actor = e.get(role) or {}
            if actor.get("name"):
                terms[actor["name"].lower()] += 1
        loc = e.get("location") or {}
        if loc.get("name"):
            terms[loc["name"].lower()] += 1
    return dict(terms)


@dataclass
class _Story:
    id: str
    members: list[str] = field(default_factory=list)
    centroid: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class ArticleFeatures:
    id: str
    date: str | None
    title: str
    terms: dict[str, float]


def _vector(terms: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
    v = {t: (1 + math.log(c)) * idf.get(t, 0.0) for t, c in terms.items() if c > 0}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def _cosine(v: dict[str, float], centroid: Counter[str]) -> float:
    norm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    return sum(x * centroid.get(t, 0.0) for t, x in v.items()) / norm


def cluster(articles: list[ArticleFeatures], copies: dict[str, str]) -> list[_Story]:
    """Stories of a corpus, in date order of their first article."""
    n = len(articles)
    df: Counter[str] = Counter()
    for a in articles:
        df.update(a.terms.keys())
    # names in nearly every article (the corpus's own subject) say nothing about which story an article is in
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items() if c <= max(2, 0.6 * n)}
    stories: list[_Story] = []
    home: dict[str, _Story] = {}
    for a in sorted(articles, key=lambda a: (a.date or "9999-99-99", a.id)):
        day = date.fromisoformat(a.date) if a.date else None
        original = copies.get(a.id)
        story = home.get(original) if original else None
        v = _vector(a.terms, idf)
        if story is None:
            best, best_score = None, THRESHOLD
            for s in stories:
                if day and s.last and (day - s.last).days > GAP_DAYS:
                    continue
                score = _cosine(v, s.centroid)
                if score > best_score:
                    best, best_score = s, score
            story = best
        if story is None:
            story = _Story("s" + hashlib.sha1(a.id.encode("utf-8")).hexdigest()[:10])
            stories.append(story)
        story.members.append(a.id)
        story.centroid.update(v)
        if day:
            story.first = min(story.first or day, day)
            story.last = max(story.last or day, day)
        home[a.id] = story
    return stories


def label(story: _Story, articles: dict[str, ArticleFeatures], idf_terms: int = 4) -> str:
    """A readable label: the names that weigh most in the story, and its dates."""
    top = [t for t, _ in story.centroid.most_common(12)]
    names: list[str] = []
    for t in top:
        if any(t in other or other in t for other in names):
            continue
        names.append(t)
        if len(names) == idf_terms:
            break
    pretty = ", ".join(_pretty(t, story, articles) for t in names) or articles[story.members[0]].title
    if story.first and story.last:
        span = story.first.strftime("%d %b %Y")
        if story.last != story.first:
            span = f"{story.first.strftime('%d %b')} – {story.last.strftime('%d %b %Y')}"
        return f"{pretty} ({span})"
    return pretty


def _pretty(term: str, story: _Story, articles: dict[str, ArticleFeatures]) -> str:
    """The term as the articles spell it."""
    for aid in story.members:
        m = re.search(re.escape(term), articles[aid].title, re.IGNORECASE)
        if m:
            return m.group(0)
    return term.title()
