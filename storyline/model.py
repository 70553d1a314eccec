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
