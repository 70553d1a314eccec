"""Event instances: reports from different articles of the same real-world happening, merged with reasons.

Two reports are linked when everything they say agrees: the same type; at least one side (source or target) named
in both and matching (the same actor, or the same country with compatible sectors), the other side matching or
missing in one; dates within a window that depends on how precisely each is known; places, when both give one, in
the same country and near each other. Instances are the connected groups of linked reports, so they do not depend on
the order in which articles arrive: adding articles merges groups, never splits them, and equals a rebuild.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: how far apart two dates may be, in days, by the coarser precision of the two
WINDOW_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
#: an event dated only by its article's publication date may have happened a few days before
PUBLICATION_SLACK = 7
MAX_PLACE_KM = 60.0


@dataclass
class Report:
    """One event as the linker sees it: the export dict plus its article's outlet and date."""

    event: dict[str, Any]
    outlet: str | None
    published: str | None

    @property
    def id(self) -> str:
        return str(self.event["id"])

    @property
    def names(self) -> frozenset[str]:
        """The names in the event's sentence that are not countries: places, people, groups ("Jub al-Quba")."""
        cached = self.event.get("_names")
        if cached is None:
            cached = frozenset(_sentence_names(self.event.get("sentence") or ""))
            self.event["_names"] = cached
        return frozenset(cached)

    @property
    def day(self) -> date | None:
        d = self.event.get("date")
        return date.fromisoformat(d) if d else None


_GENERIC = re.compile(r"^[A-Z]{3}-[A-Z]{3}$")
_NAME = re.compile(r"(?<=[a-z0-9,;:] )[A-Z][a-zA-Z\-]+(?:\s+(?:al-|el-|de |of )?[A-Z][a-zA-Z\-]+)*")


def _sentence_names(sentence: str) -> set[str]:
    from storyline.extract.kb import kb, key

    base = kb()
    out = set()
    for m in _NAME.finditer(sentence):
        k = key(m.group(0))
        if k and k not in base.countries and k not in base.demonyms and k not in base.capitals:
            out.add(k)
    return out


def _specific(actor: dict[str, Any]) -> bool:
    """A particular actor (a person, an organisation from the knowledge base), not a country or a generic group."""
    aid = str(actor.get("actor_id") or "")
    return bool(aid) and not _GENERIC.match(aid) and not aid.startswith("UNK")


def _actor_match(a: dict[str, Any] | None, b: dict[str, Any] | None) -> tuple[str, str] | None:
    """Why two actors are the same party and how surely: "specific" (the same person or organisation),
    "country" (the same country, compatible sectors) or "sector" (no country on either side, the same sector)."""
    if not a or not b:
        return None
    if _specific(a) and a.get("actor_id") == b.get("actor_id"):
        return f"{a['name']} in both", "specific"
    sa, sb = a.get("sector"), b.get("sector")
    if sa and sb and sa != sb and {sa, sb} != {"GOV", "MIL"}:
        return None
    ca, cb = a.get("country"), b.get("country")
    if ca and ca == cb:
        return f"{a.get('text') or a['name']} / {b.get('text') or b['name']} ({ca})", "country"
    if not ca and not cb and sa and sa == sb:
        return f"{a.get('text') or a['name']} / {b.get('text') or b['name']} ({sa})", "sector"
    return None


def _side_match(ea: dict[str, Any], eb: dict[str, Any], role: str) -> tuple[str, str] | None:
    """The best match between two events' actors on one side, compound actors ("Russia and China") included."""
    rank = {"specific": 0, "country": 1, "sector": 2}
    found = [
        m
        for a in ea.get(f"{role}s") or [ea.get(role)]
        for b in eb.get(f"{role}s") or [eb.get(role)]
        if (m := _actor_match(a, b))
    ]
    return min(found, key=lambda m: rank[m[1]]) if found else None


def _date_match(a: Report, b: Report) -> str | None:
    da, db = a.day, b.day
    if da is None or db is None:
        return "undated" if da is None and db is None else None
    pa = a.event.get("date_precision") or "day"
    pb = b.event.get("date_precision") or "day"
    window = max(WINDOW_DAYS.get(pa, 1), WINDOW_DAYS.get(pb, 1))
    gap = (da - db).days
    # an event dated by its article's publication date happened on that day or in the days before it
    if a.event.get("date_source") == "publication" and -window <= gap <= PUBLICATION_SLACK:
        return f"{db.isoformat()} is at most {PUBLICATION_SLACK} days before {da.isoformat()}, when it was published"
    if b.event.get("date_source") == "publication" and -window <= -gap <= PUBLICATION_SLACK:
        return f"{da.isoformat()} is at most {PUBLICATION_SLACK} days before {db.isoformat()}, when it was published"
    if abs(gap) > window:
        return None
    return f"dates {da.isoformat()} and {db.isoformat()} within {window} day{'s' if window > 1 else ''}"


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _place_match(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str | bool | None:
    """A reason, True when either has no place (no objection), or False when the places disagree."""
    if not a or not b:
        return True
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    if a.get("lat") is not None and b.get("lat") is not None and _km(a, b) > MAX_PLACE_KM:
        return False
    return f"place {a['name']} / {b['name']}"


def link_reason(a: Report, b: Report) -> str | None:
    """Why two reports are the same happening, or None when they are not.

    Nothing may disagree (type, either side, dates, places), and the agreement must be enough to single the
    happening out: the same named person or organisation on one side; or both sides matching; or one side matching
    by country in the same place; or one side matching by sector in the same place on the same day."""
    ea, eb = a.event, b.event
    if ea["type"] != eb["type"]:
        return None
    src = _side_match(ea, eb, "source")
    tgt = _side_match(ea, eb, "target")
    if ea.get("source") and eb.get("source") and not src:
        return None
    if ea.get("target") and eb.get("target") and not tgt:
        return None
    matches = [m for m in (src, tgt) if m]
    if not matches:
        return None
    when = _date_match(a, b)
    if when is None:
        return None
    where = _place_match(ea.get("location"), eb.get("location"))
    if where is False:
        return None
    levels = {level for _, level in matches}
    same_place = isinstance(where, str)
    shared = a.names & b.names
    enough = (
        "specific" in levels
        or len(matches) == 2
        or ("country" in levels and same_place)
        or (same_place and a.day is not None and b.day is not None and abs((a.day - b.day).days) <= 1)
        or len(shared) >= 2
    )
    if not enough:
        return None
    parts = [f"same type {ea['type']}"]
    if src:
        parts.append(f"source {src[0]}")
    if tgt:
        parts.append(f"target {tgt[0]}")
    parts.append(when)
    if same_place:
        parts.append(str(where))
    if len(shared) >= 2:
        parts.append("both name " + ", ".join(sorted(shared)))
    return "; ".join(parts)


@dataclass
class Instance:
    id: str
    reports: list[Report]
    why: dict[str, str] = field(default_factory=dict)


def instance_id(event_ids: Iterable[str]) -> str:
    """An instance's id: a hash of its earliest member, stable under rebuilds."""
    first = min(event_ids)
    return "i" + hashlib.sha1(first.encode("utf-8")).hexdigest()[:12]


class _Groups:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def build(reports: list[Report]) -> list[Instance]:
    """Group reports into instances. Pairs are compared within a type and a date window only."""
    groups = _Groups()
    why: dict[str, str] = {}
    by_type: dict[str, list[Report]] = {}
    for r in reports:
        groups.find(r.id)
        by_type.setdefault(r.event["type"], []).append(r)
    horizon = max(WINDOW_DAYS.values())
    for same in by_type.values():
        dated = sorted((r for r in same if r.day), key=lambda r: (r.day, r.id))
        undated = [r for r in same if not r.day]
        for i, a in enumerate(dated):
            for b in dated[i + 1 :]:
                if (b.day - a.day).days > horizon:  # type: ignore[operator]
                    break
                reason = link_reason(a, b)
                if reason:
                    groups.union(a.id, b.id)
                    why.setdefault(b.id, f"linked to {a.id}: {reason}")
                    why.setdefault(a.id, f"linked to {b.id}: {reason}")
        for i, a in enumerate(undated):
            for b in undated[i + 1 :]:
                reason = link_reason(a, b)
                if reason:
                    groups.union(a.id, b.id)
                    why.setdefault(b.id, f"linked to {a.id}: {reason}")
                    why.setdefault(a.id, f"linked to {b.id}: {reason}")
    members: dict[str, list[Report]] = {}
    for r in reports:
        members.setdefault(groups.find(r.id), []).append(r)
    out = []
    for group in members.values():
        group.sort(key=lambda r: ((r.published or "9999"), r.id))
        out.append(
            Instance(
                instance_id(r.id for r in group),
                group,
                {r.id: why.get(r.id, "the first report") for r in group},
            )
        )
    return sorted(out, key=lambda i: i.id)
