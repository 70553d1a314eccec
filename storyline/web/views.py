"""What the pages show, computed from the store's records: actors derived from events, an actor's links, the
highlighted segments of an article, event sorting, and search snippets. Pure functions over dicts and articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from storyline.store import MATCH_END, MATCH_START
from storyline.web.charts import Link

#: how well an event is attested across outlets, from the linking stage
STATUSES = ("corroborated", "single-source", "disputed", "denied")


def actor_label(actor: Any) -> str:
    """A readable name for an actor given as an export dict, a plain id or nothing."""
    if isinstance(actor, dict):
        return str(actor.get("name") or actor.get("text") or actor.get("actor_id") or "—")
    return str(actor) if actor else "—"


def actor_id_of(actor: Any) -> str | None:
    if isinstance(actor, dict):
        value = actor.get("actor_id")
        return str(value) if value else None
    return str(actor) if actor else None


@dataclass
class ActorSummary:
    """An actor as the events show it: its id, the names it goes by, and how often it acts or is acted upon."""

    actor_id: str
    name: str
    country: str | None
    sector: str | None
    events: int = 0
    as_source: int = 0
    as_target: int = 0
    first: str | None = None
    last: str | None = None
    names: list[str] = field(default_factory=list)
    types: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "events": self.events,
            "as_source": self.as_source,
            "as_target": self.as_target,
            "first": self.first,
            "last": self.last,
            "names": self.names,
            "types": self.types,
        }


def summarise_actors(events: Iterable[dict[str, Any]]) -> list[ActorSummary]:
    """Every actor that is the source or target of an event, most active first."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    found: dict[str, ActorSummary] = {}
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for e in events:
        for role in ("source", "target"):
            actor = e.get(role)
            if not actor or not actor.get("actor_id"):
                continue
            key = actor["actor_id"]
            summary = found.setdefault(key, ActorSummary(key, actor["name"], actor.get("country"), actor.get("sector")))
            summary.events += 1
            if role == "source":
                summary.as_source += 1
            else:
                summary.as_target += 1
            names[key][actor["name"]] += 1
            types[key][e["type"]] += 1
            if e.get("date"):
                summary.first = min(summary.first or e["date"], e["date"])
                summary.last = max(summary.last or e["date"], e["date"])
    for key, summary in found.items():
        ranked = [name for name, _ in names[key].most_common()]
        summary.name, summary.names = ranked[0], ranked
        summary.types = dict(types[key].most_common())
    return sorted(found.values(), key=lambda s: (-s.events, s.name.lower()))


def matching_actors(actors: Iterable[ActorSummary], text: str | None) -> list[ActorSummary]:
    """The actors whose id and names hold every word of `text` (case-insensitive); all when it is empty."""
    words = (text or "").lower().split()
    out = []
    for a in actors:
        names = " ".join((a.actor_id, a.name, *a.names)).lower()
        if all(word in names for word in words):
            out.append(a)
    return out


def involving(events: Iterable[dict[str, Any]], actor_id: str) -> list[dict[str, Any]]:
    """The events whose source or target is exactly this actor."""
    return [e for e in events if actor_id in (actor_id_of(e.get("source")), actor_id_of(e.get("target")))]


def links_of(actor_id: str, events: Iterable[dict[str, Any]]) -> list[Link]:
    """The actor's dealings: for each other actor, event type and direction, how many events. Actors known only by a
    sector ("UNK-GOV": an unnamed official of no known country) are left out: their id is no one in particular."""
    counts: Counter[tuple[str, str, bool]] = Counter()
    labels: dict[str, str] = {}
    for e in events:
        source, target = e.get("source"), e.get("target")
        if actor_id_of(source) == actor_id and target and actor_id_of(target) != actor_id:
            other, outgoing = target, True
        elif actor_id_of(target) == actor_id and source and actor_id_of(source) != actor_id:
            other, outgoing = source, False
        else:
            continue
        other_id = actor_id_of(other) or actor_label(other)
        if other_id.startswith("UNK-"):
            continue  # "the emir", "officials" with no country: many different people under one id, not one actor
        labels.setdefault(other_id, actor_label(other))
        counts[(other_id, e["type"], outgoing)] += 1
    return [
        Link(other_id, labels[other_id], event_type, outgoing, n)
        for (other_id, event_type, outgoing), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def instance_by_event(instances: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The instance each reported event belongs to."""
    return {report["event_id"]: instance for instance in instances for report in instance.get("reports", [])}


def status_by_event(instances: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each reported event's instance status (corroborated, single-source, disputed, denied)."""
    return {event_id: instance["status"] for event_id, instance in instance_by_event(instances).items()}


#: the columns the events table sorts by, and each one's value (None: missing)
EVENT_SORTS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "date": lambda e: e.get("date"),
    "type": lambda e: e["type"],
    "source": lambda e: actor_label(e["source"]).lower() if e.get("source") else None,
    "target": lambda e: actor_label(e["target"]).lower() if e.get("target") else None,
    "modality": lambda e: e["modality"],
    "status": lambda e: e.get("instance_status"),
    "confidence": lambda e: e["confidence"],
    "article": lambda e: e["article_id"],
}


def sort_events(events: Sequence[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Events ordered by one column, missing values last either way, ties kept in store order."""
    get = EVENT_SORTS[key]
    present = [e for e in events if get(e) is not None]
    missing = [e for e in events if get(e) is None]
    return sorted(present, key=get, reverse=descending) + missing


@dataclass(frozen=True)
class Span:
    """A stretch of an article to highlight: what it is (actor, trigger, date, place, claim, speaker, status)."""

    start: int
    end: int
    kind: str
    label: str
    anchor: str | None = None


@dataclass(frozen=True)
class Segment:
    """A run of text under the same highlights; `anchors` are the ids of the events whose trigger starts here."""

    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece carries the kinds and labels of the spans covering it."""
    valid = sorted(
        {s for s in spans if 0 <= s.start < s.end <= len(text)}, key=lambda s: (s.start, -s.end, s.kind, s.label)
    )
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        covering = [s for s in valid if s.start <= a and s.end >= b]
        kinds = tuple(dict.fromkeys(s.kind for s in covering))
        labels = tuple(dict.fromkeys(s.label for s in covering))
        anchors = tuple(s.anchor for s in covering if s.anchor and s.start == a)
        out.append(Segment(text[a:b], kinds, labels, anchors))
    return out


def _find(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    if not needle:
        return None
    at = text.find(needle, start, end)
    if at < 0:
        at = text.lower().find(needle.lower(), start, end)
    return (at, at + len(needle)) if at >= 0 else None


def _actor_span(actor: dict[str, Any] | None, role: str) -> Span | None:
    if not actor or not actor.get("span"):
        return None
    tags = "/".join(x for x in (actor.get("country"), actor.get("sector")) if x)
    label = f"{role}: {actor['name']}" + (f" ({tags})" if tags else "")
    return Span(actor["span"][0], actor["span"][1], "actor", label)


def event_spans(text: str, event: dict[str, Any]) -> list[Span]:
    """The trigger, actors, date and place of one event, in the text its spans refer to."""
    out: list[Span] = []
    mode = f"/{event['mode']}" if event.get("mode") else ""
    trigger = f"{event['type']}{mode} (CAMEO {event['cameo_root']}), {event['modality']}"
    out.append(Span(event["span"][0], event["span"][1], "trigger", trigger, anchor=f"ev-{event['id']}"))
    for role, key, many in (("source", "source", "sources"), ("target", "target", "targets")):
        for actor in [event.get(key), *event.get(many, [])]:
            span = _actor_span(actor, role)
            if span:
                out.append(span)
    s0, s1 = event["sentence_span"]
    when = _find(text, event.get("date_text"), s0, s1)
    if when:
        out.append(Span(*when, "date", f"date: {event['date']} ({event.get('date_precision')})"))
    place = event.get("location") or {}
    where = _find(text, place.get("name"), s0, s1)
    if where:
        out.append(
            Span(
                *where, "place", f"place: {place['name']}" + (f" ({place['country']})" if place.get("country") else "")
            )
        )
    return out


def claim_spans(claim: dict[str, Any]) -> list[Span]:
    speaker = claim.get("speaker")
    who = actor_label(speaker) if speaker else "unnamed source"
    via = f" via {claim['outlet']}" if claim.get("outlet") else ""
    out = [Span(claim["span"][0], claim["span"][1], "claim", f"claim by {who}{via}")]
    if speaker and speaker.get("span"):
        out.append(Span(speaker["span"][0], speaker["span"][1], "speaker", f"speaker: {who}"))
    return out


def status_spans(status: dict[str, Any]) -> list[Span]:
    by = ", ".join(actor_label(a) for a in status.get("by", [])) or "the author"
    return [Span(status["span"][0], status["span"][1], "status", f"{status['kind']} by {by}")]


def article_segments(
    title: str,
    text: str,
    events: Sequence[dict[str, Any]],
    claims: Sequence[dict[str, Any]],
    statuses: Sequence[dict[str, Any]],
) -> tuple[list[Segment], list[Segment]]:
    """The title's and the text's segments, highlighted with the article's events, claims and statuses."""
    title_spans: list[Span] = []
    text_spans: list[Span] = []
    for e in events:
        if e.get("from_title"):
            title_spans.extend(event_spans(title, e))
        else:
            text_spans.extend(event_spans(text, e))
    for c in claims:
        text_spans.extend(claim_spans(c))
    for st in statuses:
        # a confirmation can be about a title event: its span is in whichever of the two holds its sentence
        start, end = st["span"]
        sentence = (st.get("sentence") or "").strip()
        if text[start:end].strip() == sentence:
            text_spans.extend(status_spans(st))
        elif title[start:end].strip() == sentence:
            title_spans.extend(status_spans(st))
    return segments(title, title_spans), segments(text, text_spans)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) pieces, so the template can mark the matches and escape everything."""
    out: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(MATCH_START)
        if start < 0:
            out.append((rest, False))
            break
        end = rest.find(MATCH_END, start)
        end = len(rest) if end < 0 else end
        if start:
            out.append((rest[:start], False))
        out.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(piece, matched) for piece, matched in out if piece]
