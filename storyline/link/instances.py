"""Event instances: reports from different articles of the same real-world happening, merged with reasons.

Two reports can be one happening only when nothing they say disagrees: the same type, dates within a window that
depends on how precisely each is known, places (when both give one) in the same country and near each other, and no
side named by both as different countries. Among such compatible pairs, `evidence` weighs what singles the happening
out: the same actor on a side (a named person or organisation weighs more than a country, a country more than a bare
sector), an actor one report names appearing in the other's sentence, the same specific names (a district, an air
base), the same place, the same counts ("59 missiles"), the same kind of act ("veto"), the same day stated in the
text, and how alike the two articles are. Vague dates weigh against. A pair with nothing in common but a date and
alike articles is never a link by itself: a story has many happenings of one type in a week.

Instances are built by average-link clustering: two groups merge when every pair across them is compatible, one pair
scores `LINK_SCORE` or more and their pairs' evidence averages at least `GROUP_SCORE`, best-supported merges first.
A report that matches one member therefore cannot drag in reports that contradict or do not resemble the others,
so no chain of weak links grows a giant instance. The clustering of a group of reports depends only on the group
(every tie is broken by ids), and groups are the connected parts of the graph of pairs scoring `LINK_SCORE` or more,
which adding reports only merges: so linking articles in any order gives the same instances as linking them all at
once.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import Any

from storyline import places

#: how far apart two dates may be, in days, by the coarser precision of the two
WINDOW_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
#: an event dated only by its article's publication date may have happened a few days before
PUBLICATION_SLACK = 7
MAX_PLACE_KM = 60.0
#: a city this populous is no detail: two reports naming it may be about anything that happened there
BIG_CITY = 500_000
#: the evidence a pair of reports needs to be linked, and the average evidence within an instance
LINK_SCORE = 2.0
GROUP_SCORE = 1.5
#: evidence from one side of the happening, by how surely the actors are the same
SIDE_POINTS = {"specific": 3.0, "country": 2.0, "named": 2.0, "nation": 1.0, "sector": 1.0, "people": 0.0}
#: types whose two sides can be given in either order ("A met B", "B held talks with A")
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}


@dataclass
class Report:
    """One event as the linker sees it: the export dict plus its article's outlet and date, and (when the linker
    has it) the article's name vector, to tell how alike two reports' articles are."""

    event: dict[str, Any]
    outlet: str | None
    published: str | None
    vector: dict[str, float] | None = None

    @cached_property
    def id(self) -> str:
        return str(self.event["id"])

    @cached_property
    def article(self) -> str:
        return str(self.event.get("article_id") or self.id.split(":")[0])

    @cached_property
    def sources(self) -> list[dict[str, Any]]:
        return _actors(self.event, "source")

    @cached_property
    def targets(self) -> list[dict[str, Any]]:
        return _actors(self.event, "target")

    @property
    def names(self) -> frozenset[str]:
        """The names in the event's sentence that are not countries: places, people, groups ("Jub al-Quba")."""
        return self._words[0]

    @property
    def nations(self) -> frozenset[str]:
        """The countries the sentence names (by name, capital or people: "Qatar", "Doha", "Qatari")."""
        return self._words[1]

    @cached_property
    def numbers(self) -> frozenset[int]:
        """The counts the sentence gives ("59 missiles", "six people"), not its dates or years."""
        return _numbers(self.event.get("sentence") or "")

    @cached_property
    def content(self) -> frozenset[str]:
        """The sentence's content words: lower-case words of five letters or more, less the common words of
        `knowledge/common_words.tsv` and the words naming a country (by name, capital or people)."""
        return _content_words(self.text_key)

    @property
    def text_key(self) -> str:
        """The sentence as a lookup key, padded with spaces so that whole words can be searched for."""
        return self._words[2]

    @cached_property
    def _words(self) -> tuple[frozenset[str], frozenset[str], str]:
        return _sentence_words(self.event.get("sentence") or "")

    @cached_property
    def day(self) -> date | None:
        d = self.event.get("date")
        return date.fromisoformat(d) if d else None

    @cached_property
    def ordinal(self) -> int | None:
        """The event's date as a day number."""
        return self.day.toordinal() if self.day else None

    @cached_property
    def window(self) -> int:
        """How far, in days, the event's date may be from another's, by its precision."""
        return WINDOW_DAYS.get(self.event.get("date_precision") or "day", 1)

    @cached_property
    def dated_by_publication(self) -> bool:
        return self.event.get("date_source") == "publication"


_GENERIC = re.compile(r"^[A-Z]{3}-[A-Z]{3}$")
_NAME = re.compile(r"(?<=[a-z0-9,;:] )[A-Z][a-zA-Z\-]+(?:\s+(?:al-|el-|de |of )?[A-Z][a-zA-Z\-]+)*")
#: capitalised words that name no one
_NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
}  # fmt: skip
_ANY_NAME = re.compile(r"[A-Z][a-zA-Z\-]+(?:\s+(?:al-|el-|de |of )?[A-Z][a-zA-Z\-]+)*")


#: words next to a number that make it part of a date or a time, not a count
_NOT_COUNTS = _NOT_NAMES | {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "am", "pm", "gmt",
}  # fmt: skip
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def _numbers(sentence: str) -> frozenset[int]:
    """Counts of three or more in a sentence, in digits or words ("59", "six", "seven-day"); years, days of a
    month, times and decimals are left out."""
    from storyline.extract.figures import figure_words

    words = [w.strip("\"'()[];,.!?").lower() for w in sentence.split()]
    values = figure_words().numbers
    out = set()
    for i, word in enumerate(words):
        if any(w.rstrip(".") in _NOT_COUNTS for w in words[max(0, i - 1) : i + 2]):
            continue
        head = word.split("-")[0]
        if _DIGITS.fullmatch(head):
            n = int(head.replace(",", ""))
            if len(head) == 4 and 1900 <= n <= 2100:
                continue
        else:
            n = int(values.get(head, 0))
        if n >= 3 and (n < 1000 or head[0].isdigit()):  # not the bare "millions" of "millions of people"
            out.add(n)
    return frozenset(out)


_WORD = re.compile(r"[a-z]{5,}")


@cache
def _common_words() -> frozenset[str]:
    from storyline.knowledge import read_table

    return frozenset(row["word"] for row in read_table("common_words.tsv"))


def _content_words(text_key: str) -> frozenset[str]:
    from storyline.extract.kb import kb

    base = kb()
    common = _common_words()
    return frozenset(
        w
        for w in _WORD.findall(text_key)
        if w not in common and w not in base.countries and w not in base.capitals and w not in base.demonyms
    )


def _sentence_words(sentence: str) -> tuple[frozenset[str], frozenset[str], str]:
    from storyline.extract.kb import kb, key

    base = kb()
    names = set()
    nations = set()
    for m in _ANY_NAME.finditer(sentence):
        k = key(m.group(0))
        code = base.countries.get(k) or base.capitals.get(k) or base.demonyms.get(k)
        if code:
            nations.add(code)
    for m in _NAME.finditer(sentence):
        k = key(m.group(0))
        if k and k not in _NOT_NAMES and k not in base.countries and k not in base.demonyms and k not in base.capitals:
            names.add(k)
    return frozenset(names), frozenset(nations), f" {key(sentence)} "


def _specific(actor: dict[str, Any]) -> bool:
    """A particular actor (a person, an organisation from the knowledge base), not a country or a generic group."""
    return _specific_id(str(actor.get("actor_id") or ""))


@cache
def _specific_id(aid: str) -> bool:
    return bool(aid) and not _GENERIC.match(aid) and not aid.startswith("UNK")


_STATE = {"GOV", "MIL", "COP"}
#: the actor matches that are not guesses from a country alone
_SURE = {"specific", "named", "country"}


def _compatible_sectors(sa: str | None, sb: str | None) -> bool:
    return not sa or not sb or sa == sb or (sa in _STATE and sb in _STATE)


def actor_match(a: dict[str, Any] | None, b: dict[str, Any] | None) -> tuple[str, str] | None:
    """Why two actors are the same party and how surely: "specific" (the same person or organisation), "named" (a
    role, then a person or body called by it), "country" (the same country, compatible sectors), "nation" (the same
    country, one actor with no sector: often a place taken for an actor), "sector" (a country on one side at most,
    the same or state sectors) or "people" (bare groups of civilians)."""
    if not a or not b:
        return None
    if _specific(a) and a.get("actor_id") == b.get("actor_id"):
        return f"{a['name']} in both", "specific"
    if _specific(a) and _specific(b):
        return None  # two different people or organisations
    for x, y in ((a, b), (b, a)):
        role = _key(str(y.get("text") or ""))
        if _specific(x) and not _specific(y) and " " in role and f" {role} " in f" {_key(str(x.get('text') or ''))} ":
            return f"{y.get('text')} / {x['name']}", "named"  # "the interior minister", then by name and title
    sa, sb = a.get("sector"), b.get("sector")
    if not _compatible_sectors(sa, sb):
        return None
    ca, cb = a.get("country"), b.get("country")
    if ca and ca == cb:
        # a bare group of people's country is a guess, and an actor with no sector is often a place ("Aleppo")
        same_words = _key(str(a.get("text") or "")) == _key(str(b.get("text") or ""))
        level = "nation" if not (sa and sb) and not same_words else "country"
        return f"{a.get('text') or a['name']} / {b.get('text') or b['name']} ({ca})", level
    if not (ca and cb) and not (_specific(a) or _specific(b)) and sa and (sa == sb or (sa in _STATE and sb in _STATE)):
        # a bare "government" or "troops" may be the other's named country's
        return (
            f"{a.get('text') or a['name']} / {b.get('text') or b['name']} ({sa if sa == sb else 'state'})",
            "people" if sa == "CVL" else "sector",
        )
    return None


@cache
def _key(text: str) -> str:
    from storyline.extract.kb import key

    return key(text)


def named_in(actor: dict[str, Any], other: Report) -> str | None:
    """How the other report's sentence names this actor: "named" (a person or organisation by name) or "nation"
    (a country or its capital, by the country's name, capital or people); None if it does not."""
    from storyline.extract.kb import kb

    name = _key(str(actor.get("name") or ""))
    if _specific(actor):
        return "named" if name and f" {name} " in other.text_key else None
    base = kb()
    country = base.countries.get(name) or base.capitals.get(name)
    if country is None and actor.get("sector") in _STATE | {None}:
        country = actor.get("country")  # a country's government or forces ("China (GOV)", "Russian officials")
    if country and country == actor.get("country") and country in other.nations:
        return "nation"
    return None


@cache
def big_place(name: str) -> bool:
    """A city of half a million or more: too big for two reports that name it to be about one happening."""
    return any(e.rank == 0 and BIG_CITY <= e.population < 10**9 for e in places._index().get(places.norm(name), []))


def _actors(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [x for x in (event.get(f"{role}s") or [event.get(role)]) if x]


def _side(a: Report, b: Report, role_a: str, role_b: str) -> tuple[float, str] | None:
    """Evidence from one side: points and a reason; (0, "") when a report leaves the side open; None when the two
    name different countries and neither sentence names the other's actor."""
    xs = a.sources if role_a == "source" else a.targets
    ys = b.sources if role_b == "source" else b.targets
    if not xs or not ys:
        return 0.0, ""
    found = [m for x in xs for y in ys if (m := actor_match(x, y))]
    if found:
        why, level = min(found, key=lambda m: -SIDE_POINTS[m[1]])
        return SIDE_POINTS[level], f"{role_a} {why}"
    crossed = [(x, y) for x in xs for y in ys]
    if any(_opposed(x, y) for x, y in crossed) and not any(
        _compatible_sectors(x.get("sector"), y.get("sector")) for x, y in crossed
    ):
        return None  # rebels on one side, a state's forces on the other: two sides of a war, two happenings
    # an actor the other sentence names counts, unless the other report has it on the other side (reversed roles)
    facing_a = a.targets if role_a == "source" else a.sources
    facing_b = b.targets if role_b == "source" else b.sources
    for x, other, facing in [(x, b, facing_b) for x in xs] + [(y, a, facing_a) for y in ys]:
        if any((m := actor_match(x, z)) and m[1] in _SURE for z in facing):
            continue
        how = named_in(x, other)
        if how:
            return SIDE_POINTS[how], f"{role_a} {x.get('name')} named in both"
    if any(_different_countries(x, y) for x in xs for y in ys):
        return None
    if not any(_compatible_sectors(x.get("sector"), y.get("sector")) for x in xs for y in ys):
        return -1.0, ""
    if any(_specific(x) and _specific(y) for x in xs for y in ys):
        return -1.0, ""
    return 0.0, ""


def _opposed(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Whether one actor is an armed group against the state and the other the state or its forces."""
    sectors = {x.get("sector"), y.get("sector")}
    return "REB" in sectors and bool(sectors & _STATE)


def _different_countries(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Whether two actors are of different countries. The country of a bare group of people ("six people",
    "civilians") is only guessed from the sentence's other words, so it rules nothing out."""
    if any(z.get("sector") == "CVL" and not _specific(z) for z in (x, y)):
        return False
    return bool(x.get("country") and y.get("country") and x["country"] != y["country"])


def _sides(a: Report, b: Report) -> tuple[float, list[str]] | None:
    """Evidence from both sides, the sides taken in either order for symmetric types."""
    orders = [("source", "target")]
    if a.event["type"] in SYMMETRIC:
        orders.append(("target", "source"))
    best: tuple[float, list[str]] | None = None
    for first, second in orders:
        src = _side(a, b, "source", first)
        tgt = _side(a, b, "target", second)
        if src is None or tgt is None:
            continue
        got = (src[0] + tgt[0], [w for _, w in (src, tgt) if w])
        if best is None or got[0] > best[0]:
            best = got
    return best


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


def similarity(a: Report, b: Report) -> float:
    """How alike the two reports' articles are (cosine of their name vectors; 1 within one article)."""
    if a.article == b.article:
        return 1.0
    if not a.vector or not b.vector:
        return 0.0
    small, large = sorted((a.vector, b.vector), key=len)
    return sum(x * large.get(t, 0.0) for t, x in small.items())


def vector(terms: dict[str, float]) -> dict[str, float]:
    """An article's name vector (damped counts, unit length) from its stored terms."""
    v = {t: 1 + math.log(c) for t, c in terms.items() if c >= 1}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


@dataclass
class Evidence:
    score: float
    reasons: list[str]

    def text(self) -> str:
        return "; ".join(self.reasons) + f" (evidence {self.score:.1f})"


def evidence(a: Report, b: Report, sims: dict[tuple[str, str], float] | None = None) -> Evidence | None:
    """How strongly two reports look like one happening, with the reasons; None when something disagrees. `sims`
    keeps the articles' similarities, by article ids in the order compared."""
    ea, eb = a.event, b.event
    if ea["type"] != eb["type"]:
        return None
    modes = ea.get("mode"), eb.get("mode")
    if (ea["type"], *modes) in _mode_conflicts():
        return None  # a phone call and a meeting are two happenings
    when = _date_match(a, b)
    if when is None:
        return None
    where = _place_match(ea.get("location"), eb.get("location"))
    if where is False:
        return None
    sides = _sides(a, b)
    if sides is None:
        return None
    score, parts = sides[0], [f"same type {ea['type']}", *sides[1]]
    window = max(WINDOW_DAYS.get(e.get("date_precision") or "day", 1) for e in (ea, eb))
    if window >= WINDOW_DAYS["year"]:
        score -= 2.0
    elif window >= WINDOW_DAYS["month"]:
        score -= 1.0
    gap = abs((a.day - b.day).days) if a.day and b.day else 0
    if window == 1 and gap == 0 and ea.get("date_source") == eb.get("date_source") == "text":
        score += 1.0
        parts.append(f"both on {ea['date']}")
    else:
        score += 0.5 if gap == 0 else -min(2.0, 0.5 * max(0, gap - 2))
        parts.append(when)
    if isinstance(where, str):
        score += 1.0
        parts.append(where)
    shared = sorted(n for n in a.names & b.names if not big_place(n))
    if shared:
        score += min(3.0, 1.0 + len(shared))
        parts.append("both name " + ", ".join(shared))
    elif a.names and b.names:
        score -= 0.5  # each names something the other does not: often two places, two operations
    said = a.content & b.content
    if said:  # the same content words beyond the names: what the sentences are about ("chlorine", "evacuation")
        said = said - _words_of((ea.get("trigger"), eb.get("trigger"), *shared))
    if said:
        score += min(1.5, 0.5 * len(said))
        parts.append("both say " + ", ".join(sorted(said)))
    if modes[0] and modes[0] == modes[1]:  # the same kind of act ("veto", "artillery")
        score += 1.0
        parts.append(f"both {modes[0]}")
    counts = sorted(a.numbers & b.numbers)
    if counts:
        score += 1.0  # the same count ("59 missiles", "13 officials") is rarely chance
        parts.append("both give " + ", ".join(map(str, counts)))
    sim = sims.get((a.article, b.article)) if sims is not None else None
    if sim is None:
        sim = similarity(a, b)
        if sims is not None:
            sims[(a.article, b.article)] = sim
    if a.article == b.article:
        score += 2.0
        parts.append("same article")
    elif a.text_key == b.text_key:
        score += 3.0
        parts.append("the same sentence")
    elif sim >= 0.15:
        score += 1.0 if sim < 0.3 else 2.0 if sim < 0.45 else 2.5
        parts.append(f"articles alike ({sim:.2f})")
    grounded = (
        sides[0] > 0
        or isinstance(where, str)
        or shared
        or counts
        or said
        or (modes[0] is not None and modes[0] == modes[1])
        or a.text_key == b.text_key
    )
    if not grounded and score >= LINK_SCORE:
        # a date and alike articles alone do not single out a happening: a story has many
        score = LINK_SCORE - 0.5
        parts.append("nothing else in common")
    return Evidence(score, parts)


@cache
def _mode_conflicts() -> frozenset[tuple[str, str, str]]:
    """(type, mode, mode) triples that cannot be one happening, both ways round (`knowledge/mode_conflicts.tsv`)."""
    from storyline.knowledge import read_table, split_list

    out = set()
    for row in read_table("mode_conflicts.tsv"):
        for other in split_list(row["others"]):
            out |= {(row["type"], row["mode"], other), (row["type"], other, row["mode"])}
    return frozenset(out)


def _words_of(texts: Iterable[str | None]) -> set[str]:
    return {w for t in texts if t for w in t.lower().split()}


def link_reason(a: Report, b: Report) -> str | None:
    """Why two reports are the same happening, or None when the evidence is not enough."""
    ev = evidence(a, b)
    return ev.text() if ev is not None and ev.score >= LINK_SCORE else None


@dataclass
class Instance:
    id: str
    reports: list[Report]
    why: dict[str, str] = field(default_factory=dict)


def instance_id(event_ids: Iterable[str]) -> str:
    """An instance's id: a hash of its earliest member, stable under rebuilds."""
    first = min(event_ids)
    return "i" + hashlib.sha1(first.encode("utf-8")).hexdigest()[:12]


def _may_meet(a: Report, b: Report) -> bool:
    """Whether the two dates can fall within one window (what `_date_match` checks, on day numbers)."""
    if a.ordinal is None or b.ordinal is None:
        return a.ordinal is None and b.ordinal is None
    window = max(a.window, b.window)
    gap = a.ordinal - b.ordinal
    return (
        -window <= gap <= window
        or (a.dated_by_publication and -window <= gap <= PUBLICATION_SLACK)
        or (b.dated_by_publication and -window <= -gap <= PUBLICATION_SLACK)
    )


def pairs(
    reports: Iterable[Report], known: dict[tuple[str, str], Evidence | None] | None = None
) -> dict[tuple[str, str], Evidence]:
    """The evidence of every compatible pair (ids in order) among the reports. Pairs are compared within a type and
    a month's window (a year's for reports dated only by the year). `known` holds pairs already scored (by the ids in
    the order they were compared); pairs scored here are added to it."""
    wide, horizon = WINDOW_DAYS["month"] + PUBLICATION_SLACK, WINDOW_DAYS["year"]
    by_type: dict[tuple[str, bool], list[Report]] = {}
    for r in reports:
        by_type.setdefault((r.event["type"], r.day is None), []).append(r)
    out: dict[tuple[str, str], Evidence] = {}
    cache: dict[tuple[str, str], Evidence | None] = {} if known is None else known
    sims: dict[tuple[str, str], float] = {}

    def add(a: Report, b: Report) -> None:
        if not _may_meet(a, b):
            return
        k = (a.id, b.id)
        if k in cache:
            ev = cache[k]
        else:
            ev = cache[k] = evidence(a, b, sims)
        if ev is not None:
            out[(a.id, b.id) if a.id < b.id else (b.id, a.id)] = ev

    for same in by_type.values():
        same.sort(key=lambda r: (r.day or date.min, r.id))
        days = [r.ordinal for r in same]
        for i, a in enumerate(same):
            for j in range(i + 1, len(same)):
                da, db = days[i], days[j]
                if da is not None and db is not None and db - da > wide:
                    break
                add(a, same[j])
        for a in (r for r in same if r.ordinal is not None and r.event.get("date_precision") == "year"):
            for b, db in zip(same, days, strict=True):
                if db is not None and wide < abs(db - a.ordinal) <= horizon:  # type: ignore[operator]
                    add(a, b)
    return out


def in_order(a: Report, b: Report) -> tuple[Report, Report]:
    """The two reports in the order `pairs` compares them within a month (by date, then id)."""
    return (a, b) if (a.day or date.min, a.id) <= (b.day or date.min, b.id) else (b, a)


def by_group(groups: list[list[str]], scored: dict[tuple[str, str], Evidence]) -> list[dict[tuple[str, str], Evidence]]:
    """Each group's own pairs (both ids in the group), in the order of `scored`."""
    index = {i: n for n, group in enumerate(groups) for i in group}
    out: list[dict[tuple[str, str], Evidence]] = [{} for _ in groups]
    for (x, y), ev in scored.items():
        gx = index.get(x)
        if gx is not None and gx == index.get(y):
            out[gx][(x, y)] = ev
    return out


def components(ids: Iterable[str], scored: dict[tuple[str, str], Evidence]) -> list[list[str]]:
    """The connected groups of reports linked by pairs scoring `LINK_SCORE` or more, each sorted."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (x, y), ev in scored.items():
        if ev.score >= LINK_SCORE and x in parent and y in parent:
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    groups: dict[str, list[str]] = {}
    for i in sorted(parent):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def cluster(ids: list[str], scored: dict[tuple[str, str], Evidence]) -> list[list[str]]:
    """Average-link clustering of one group: merge the two clusters whose pairs are all compatible, that share a
    pair scoring `LINK_SCORE` or more and whose pairs' evidence averages highest, while that average is at least
    `GROUP_SCORE`. Deterministic: ties go to the smaller ids."""
    members: dict[str, list[str]] = {i: [i] for i in ids}
    # between two clusters: their pairs' summed evidence, how many of their pairs are compatible, the best pair
    links: dict[str, dict[str, tuple[float, int, float]]] = {i: {} for i in ids}
    for (x, y), ev in scored.items():
        if x in links and y in links:
            links[x][y] = links[y][x] = (ev.score, 1, ev.score)
    heap: list[tuple[float, str, str]] = []

    def push(x: str, y: str) -> None:
        total, n, best = links[x][y]
        size = len(members[x]) * len(members[y])
        if n == size and best >= LINK_SCORE and total / size >= GROUP_SCORE:
            heapq.heappush(heap, (-total / size, min(x, y), max(x, y)))

    for x in ids:
        for y in links[x]:
            if x < y:
                push(x, y)
    while heap:
        neg, x, y = heapq.heappop(heap)
        if x not in members or y not in members or y not in links[x]:
            continue
        total, n, _ = links[x][y]
        size = len(members[x]) * len(members[y])
        if n != size or abs(-neg - total / size) > 1e-9:
            continue  # stale: one of the two clusters has grown since
        # y joins x (x has the smaller id)
        members[x].extend(members.pop(y))
        ylinks = links.pop(y)
        del links[x][y]
        for z, (t, c, b) in ylinks.items():
            if z == x:
                continue
            del links[z][y]
            t0, c0, b0 = links[x].get(z, (0.0, 0, -math.inf))
            links[x][z] = links[z][x] = (t0 + t, c0 + c, max(b0, b))
        for z in list(links[x]):
            push(x, z)
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def explain(ids: list[str], scored: dict[tuple[str, str], Evidence]) -> dict[str, str]:
    """For each member of an instance, why: the member it shares the most evidence with, and that evidence."""
    out = {}
    for i in ids:
        best: tuple[float, str, Evidence] | None = None
        for j in ids:
            ev = scored.get((i, j) if i < j else (j, i)) if i != j else None
            if ev is not None and (best is None or (-ev.score, j) < (-best[0], best[1])):
                best = (ev.score, j, ev)
        out[i] = f"linked to {best[1]}: {best[2].text()}" if best else "the only report"
    return out


def build(reports: list[Report]) -> list[Instance]:
    """Group reports into instances."""
    scored = pairs(reports)
    by_id = {r.id: r for r in reports}
    out = []
    groups = components(by_id, scored)
    for group, own in zip(groups, by_group(groups, scored), strict=True):
        for ids in cluster(group, own):
            why = explain(ids, own)
            members = sorted((by_id[i] for i in ids), key=lambda r: ((r.published or "9999"), r.id))
            out.append(Instance(instance_id(ids), members, why))
    return sorted(out, key=lambda i: i.id)
