"""Credibility from evidence: each article's and each outlet's evidence profile, and a score that shows its working.

The profile answers "can I trust it?" with what the store already knows, not with a verdict from an opaque model:
whether independent outlets report the same happenings, whether the numbers, dates and places agree with theirs,
who the sources are, how much is the author's own guess, whether the headline claims more than the body shows, and
how loaded the wording is. Each signal is a number with a documented meaning (`SIGNALS`); the score is the logistic
of the weighted sum of each signal's distance from its neutral value, so a signal that cannot be measured (an
article with no claims has no share of named sources) moves nothing. The explanation names the signals that moved
the score, with the evidence behind each. The weights are set by hand from what each signal means; none is fitted
to labels (benchmarks/credibility_eval.py measures them against a labelled corpus and can fit them by
cross-validation, for comparison only).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from storyline.knowledge import read_table
from storyline.link.conflicts import point
from storyline.model import Article
from storyline.store import EventQuery, Store

#: a figure is held against the median of its own and at least this many other independent reports' figures: with
#: three or more the median is what most of them say, however far one is off; between two a gap cannot say which of
#: them is off (figure_conflicts shows it)
MIN_PEERS = 2
#: a signal moves the explanation when its contribution to the score's logit is at least this large
EXPLAIN_FROM = 0.05


@dataclass(frozen=True)
class SignalSpec:
    """One signal: its weight on the score's logit, the value at which it moves nothing, and what it measures."""

    name: str
    weight: float
    neutral: float
    meaning: str


#: Every signal, its weight and its neutral value. Shares are in [0, 1]; loaded_language is per hundred words.
SIGNALS: tuple[SignalSpec, ...] = (
    SignalSpec("corroborated", 1.2, 0.0, "share of its event instances that two or more independent outlets report"),
    SignalSpec("single_source", 0.0, 0.0, "share of its event instances that no other independent outlet reports"),
    SignalSpec("disputed", -1.0, 0.0, "share of its event instances that are denied by some and reported by others"),
    SignalSpec("denied", -1.5, 0.0, "share of its event instances that a party to them denies, with no one else"),
    SignalSpec("figure_conflicts", -1.2, 0.0, "share of its compared figures that depart from other reports'"),
    SignalSpec(
        "figure_departure",
        -1.0,
        round(math.log(2), 3),
        "mean |ln| of its figures' ratio to the median of theirs and 2+ other reports' (ln 2: a factor of two)",
    ),
    SignalSpec("date_conflicts", -0.6, 0.0, "share of its compared dates that depart from other reports'"),
    SignalSpec("place_conflicts", -0.6, 0.0, "share of its compared places that depart from other reports'"),
    SignalSpec("own_voice", -0.6, 0.5, "share of its events told in its own voice, on no one's authority"),
    SignalSpec("named_sources", 0.8, 0.5, "share of its claims whose speaker is named"),
    SignalSpec("anonymous_sources", -0.8, 0.0, "share of its claims whose speaker is unnamed"),
    SignalSpec("self_cited", -0.6, 0.0, "share of its claims that are the author quoting themself"),
    SignalSpec("sourced_figures", 0.6, 0.5, "share of its figures given on someone's authority"),
    SignalSpec("speculation", -1.2, 0.0, "share of its events that are the author's assessments or hypotheses"),
    SignalSpec("unconfirmed", -0.8, 0.0, "share of its events it calls unconfirmed, or reports no one confirms"),
    SignalSpec("headline_overclaim", -1.5, 0.0, "a CONFIRMED headline whose body does not show a party confirming"),
    SignalSpec("headline_support", 0.6, 1.0, "share of its headline's events that its body reports too"),
    SignalSpec("loaded_language", -0.4, 0.5, "loaded words per hundred words (knowledge/loaded_language.tsv)"),
)
SPECS = {s.name: s for s in SIGNALS}
STATUSES = ("corroborated", "single-source", "disputed", "denied")


@dataclass
class ArticleProfile:
    """An article's evidence profile: signals, score, explanation, and the evidence behind each signal."""

    article_id: str
    title: str
    outlet: str | None
    date: str | None
    score: float
    signals: dict[str, float | None]
    contributions: dict[str, float]
    explanation: list[str]
    evidence: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class OutletProfile:
    """An outlet's profile: its articles' signals aggregated, how its reports fared, month by month."""

    outlet: str
    articles: int
    score: float
    signals: dict[str, float | None]
    instances: int
    statuses: dict[str, float]
    first_reports: int
    later_corroborated: float | None
    by_month: list[dict[str, Any]]
    explanation: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- loaded language --------------------------------------------------------------------------------------------


@cache
def loaded_lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    """The loaded words (single words) and phrases (several words) of `knowledge/loaded_language.tsv`."""
    words: set[str] = set()
    phrases: list[str] = []
    for row in read_table("loaded_language.tsv"):
        phrase = row["phrase"].lower()
        if " " in phrase or "-" in phrase:
            phrases.append(phrase)
        else:
            words.add(phrase)
    return frozenset(words), tuple(phrases)


def loaded_words(text: str) -> tuple[Counter[str], int]:
    """The loaded words and phrases in `text` with their counts, and the number of words in it."""
    lower = text.lower()
    tokens = re.findall(r"[a-z]+(?:['’][a-z]+)?", lower)
    words, phrases = loaded_lexicon()
    found: Counter[str] = Counter(t for t in tokens if t in words)
    flat = " " + " ".join(tokens) + " "
    for phrase in phrases:
        n = flat.count(" " + " ".join(re.findall(r"[a-z]+", phrase)) + " ")
        if n:
            found[phrase] += n
    return found, len(tokens)


# --- what the store holds about articles -------------------------------------------------------------------------


@dataclass
class _Holdings:
    events: dict[str, list[dict[str, Any]]]
    claims: dict[str, list[dict[str, Any]]]
    statuses: dict[str, list[dict[str, Any]]]
    instances: dict[str, list[dict[str, Any]]]


def _gather(store: Store, articles: list[Article]) -> _Holdings:
    """Events, claims, statuses and instances of the given articles (all of the store's when they are all)."""
    ids = [a.id for a in articles]
    everything = len(ids) == store.count("articles")
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    statuses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if everything:
        for e in store.events(EventQuery()):
            events[e["article_id"]].append(e)
        for c in store.claims():
            claims[c["article_id"]].append(c)
        for st in store.statuses():
            statuses[st["article_id"]].append(st)
        instances = store.instances()
    else:
        for aid in ids:
            events[aid] = store.events(EventQuery(article=aid))
            claims[aid] = store.claims(article=aid)
            statuses[aid] = store.statuses(aid)
        marks = ", ".join("?" * len(ids))
        wanted = {
            row[0]
            for row in store.db.execute(
                f"SELECT DISTINCT instance_id FROM instance_reports WHERE article_id IN ({marks})", ids
            )
        }
        instances = store.instances(ids=wanted) if wanted else []
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for inst in instances:
        for aid in {r["article_id"] for r in inst["reports"]}:
            by_article[aid].append(inst)
    return _Holdings(events, claims, statuses, by_article)


# --- the signals ------------------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _parties(events: Iterable[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """Names and countries of the sources and targets of some events."""
    names: set[str] = set()
    countries: set[str] = set()
    for e in events:
        for actor in [e.get("source"), e.get("target"), *(e.get("sources") or []), *(e.get("targets") or [])]:
            if actor:
                names.add(actor["name"])
                if actor.get("country"):
                    countries.add(actor["country"])
    return names, countries


def _is_party(actor: dict[str, Any], names: set[str], countries: set[str]) -> bool:
    return actor.get("name") in names or (bool(actor.get("country")) and actor.get("country") in countries)


def _headline(
    article: Article, events: list[dict[str, Any]], statuses: list[dict[str, Any]]
) -> tuple[float | None, float | None, dict[str, Any]]:
    """headline_overclaim, headline_support and their evidence."""
    title_events = [e for e in events if e["from_title"]]
    body_events = [e for e in events if not e["from_title"]]
    supported = []
    for t in title_events:
        names, countries = _parties([t])
        backed = any(
            b["type"] == t["type"]
            and (
                _parties([b])[0] & names
                or _parties([b])[1] & countries
                or (not names and not countries)
                or b["trigger"].lower() == t["trigger"].lower()
            )
            for b in body_events
        )
        supported.append({"event_id": t["id"], "type": t["type"], "trigger": t["trigger"], "backed": backed})
    support = _share(sum(1 for s in supported if s["backed"]), len(supported))
    claim = next(
        (s for s in statuses if s["kind"] == "confirmed" and not s["by"] and s["sentence"] == article.title), None
    )
    evidence: dict[str, Any] = {"title_events": supported, "claims_confirmation": claim is not None}
    if claim is None:
        return None, support, evidence
    names, countries = _parties(title_events)
    body = [s for s in statuses if s is not claim]
    confirmed_by = [a for s in body if s["kind"] == "confirmed" for a in s["by"]]
    party_confirms = [a["name"] for a in confirmed_by if _is_party(a, names, countries)]
    others_confirm = [a["name"] for a in confirmed_by if not _is_party(a, names, countries)]
    not_denied = [a["name"] for s in body if s["kind"] == "not_denied" for a in s["by"]]
    unconfirmed = [s["sentence"] for s in body if s["kind"] == "unconfirmed"]
    evidence.update(
        cue=claim.get("cue"),
        party_confirms=sorted(set(party_confirms)),
        others_confirm=sorted(set(others_confirm)),
        not_denied_by=sorted(set(not_denied)),
        unconfirmed_in_body=unconfirmed,
    )
    if party_confirms and not unconfirmed:
        overclaim = 0.0
    elif others_confirm and not unconfirmed:
        overclaim = 0.5
    else:
        overclaim = 1.0
    return overclaim, support, evidence


def _conflicts(
    article_id: str, instances: list[dict[str, Any]]
) -> tuple[dict[str, tuple[int, int]], list[Any], list[dict[str, Any]]]:
    """Per kind of comparison (figures, dates, places): (compared, departing) for this article, the details of the
    departures, and how far each of its figures is from the median of its and its peers' (`departure`, `MIN_PEERS`)."""
    counts = {"figures": [0, 0], "dates": [0, 0], "places": [0, 0]}
    details: list[dict[str, Any]] = []
    departures: list[dict[str, Any]] = []
    for inst in instances:
        record = inst.get("conflicts") or {}
        parts = [("figures", f) for f in record.get("figures") or []]
        parts += [(k, record[k]) for k in ("dates", "places") if record.get(k)]
        for what, part in parts:
            mine = next((v for v in part["values"] if v["article_id"] == article_id), None)
            if mine is None or not mine.get("compared_with"):
                continue
            counts[what][0] += 1
            others = [v for v in part["values"] if v["article_id"] in mine["compared_with"]]
            if what == "figures" and len(others) >= MIN_PEERS:
                median = statistics.median(point(v) for v in [mine, *others])
                departures.append(
                    {
                        "instance_id": inst["id"],
                        "kind": part["kind"],
                        "mine": _said(what, mine),
                        "median": median,
                        "departure": round(departure(point(mine), median), 3),
                    }
                )
            if mine["departs"]:
                counts[what][1] += 1
                details.append(
                    {
                        "instance_id": inst["id"],
                        "what": f"{part['kind']} figure" if what == "figures" else what[:-1],
                        "mine": _said(what, mine),
                        "others": [
                            {"article_id": v["article_id"], "outlet": v["outlet"], "said": _said(what, v)}
                            for v in others
                        ],
                        "departs_by": mine.get("departs_by", mine.get("departs_by_days")),
                    }
                )
    return {k: (v[0], v[1]) for k, v in counts.items()}, details, departures


def departure(value: float, median: float) -> float:
    """How far a figure is from the median of the figures it is held against, on a log scale: |ln((value + 1) /
    (median + 1))|. 0 when they agree, 0.69 when one is twice the other, 2.3 when ten times; the +1 keeps small
    counts (0 against 2) from weighing like large ones."""
    return abs(math.log((value + 1) / (median + 1)))


def _said(what: str, value: dict[str, Any]) -> str:
    if what == "dates":
        return str(value["date"])
    if what == "places":
        return str(value["place"])
    text = f"{value['value']:,}"
    if value.get("qualifier") == "between" and value.get("value_max") is not None:
        return f"{text} to {value['value_max']:,}"
    if value.get("qualifier") == "vague" and value.get("value_max") is not None:
        return f"{text} to {value['value_max']:,} (vague)"
    return f"{value['qualifier']} {text}" if value.get("qualifier") else text


def article_signals(article: Article, h: _Holdings) -> tuple[dict[str, float | None], dict[str, Any]]:
    """Every signal of one article, and the evidence behind them."""
    events = h.events.get(article.id, [])
    claims = h.claims.get(article.id, [])
    statuses = h.statuses.get(article.id, [])
    instances = h.instances.get(article.id, [])
    signals: dict[str, float | None] = {}
    status_counts = Counter(i["status"] for i in instances)
    for st in STATUSES:
        signals[st.replace("-", "_")] = _share(status_counts[st], len(instances))
    compared, conflict_details, departures = _conflicts(article.id, instances)
    for what in ("figures", "dates", "places"):
        n, departing = compared[what]
        signals[f"{what[:-1]}_conflicts"] = _share(departing, n)
    signals["figure_departure"] = round(statistics.mean(d["departure"] for d in departures), 3) if departures else None
    n_events = len(events)
    signals["own_voice"] = _share(sum(1 for e in events if e["voice"] == "own"), n_events)
    named = [c for c in claims if _named(c)]
    anonymous = [c for c in claims if c["anonymous"]]
    own = [c for c in claims if (c["speaker"] or {}).get("actor_id") == "author"]
    signals["named_sources"] = _share(len(named), len(claims))
    signals["anonymous_sources"] = _share(len(anonymous), len(claims))
    signals["self_cited"] = _share(len(own), len(claims))
    figures = [f for e in events for f in e["figures"] if f.get("part_of") is None]
    signals["sourced_figures"] = _share(sum(1 for f in figures if f.get("according_to")), len(figures))
    guesses = [e for e in events if e["voice"] == "assessment" or e["modality"] == "hypothetical"]
    signals["speculation"] = _share(len(guesses), n_events)
    unconfirmed = [
        e for e in events if e["modality"] == "unconfirmed" or any(s["kind"] == "unconfirmed" for s in e["status"])
    ]
    signals["unconfirmed"] = _share(len(unconfirmed), n_events)
    overclaim, support, headline = _headline(article, events, statuses)
    signals["headline_overclaim"] = overclaim
    signals["headline_support"] = support
    loaded, n_words = loaded_words(f"{article.title}\n{article.text}")
    signals["loaded_language"] = round(100 * sum(loaded.values()) / n_words, 3) if n_words else None
    evidence = {
        "events": n_events,
        "claims": len(claims),
        "named_speakers": sorted({c["speaker"]["name"] for c in named}),
        "anonymous_claims": [c["content"][:160] for c in anonymous],
        "instances": len(instances),
        "statuses": {st: status_counts[st] for st in STATUSES},
        "corroborated_by": sorted(
            {
                r["outlet"] or r["article_id"]
                for i in instances
                if i["status"] == "corroborated"
                for r in i["reports"]
                if r["article_id"] != article.id and (r["outlet"] is None or r["outlet"] != article.source)
            }
        ),
        "compared": {k: {"compared": v[0], "departing": v[1]} for k, v in compared.items()},
        "conflicts": conflict_details,
        "departures": sorted(departures, key=lambda d: -d["departure"]),
        "figures": len(figures),
        "speculation": [_event_note(e) for e in guesses],
        "unconfirmed": [_event_note(e) for e in unconfirmed],
        "headline": headline,
        "loaded_words": dict(loaded.most_common()),
        "words": n_words,
    }
    return signals, evidence


def _named(claim: dict[str, Any]) -> bool:
    """A claim whose speaker the text names: not anonymous, not the author quoting themself, not an unresolved phrase
    ("latest reports")."""
    actor_id = str((claim["speaker"] or {}).get("actor_id") or "")
    return bool(actor_id) and not claim["anonymous"] and actor_id != "author" and not actor_id.startswith("unknown:")


def _event_note(e: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": e["id"], "type": e["type"], "trigger": e["trigger"], "sentence": e["sentence"]}


# --- the score and its explanation -----------------------------------------------------------------------------


def score(signals: dict[str, float | None]) -> tuple[float, dict[str, float]]:
    """The score in [0, 1] and each signal's contribution to its logit (weight times distance from neutral)."""
    contributions: dict[str, float] = {}
    for spec in SIGNALS:
        value = signals.get(spec.name)
        if value is None or spec.weight == 0:
            continue
        contributions[spec.name] = round(spec.weight * (min(value, 3.0) - spec.neutral), 3) or 0.0  # never -0.0
    logit = sum(contributions.values())
    return round(1 / (1 + math.exp(-logit)), 3), contributions


def _pct(x: float | None) -> str:
    return f"{round(100 * (x or 0))}%"


def explain(signals: dict[str, float | None], contributions: dict[str, float], ev: dict[str, Any]) -> list[str]:
    """One sentence per signal that moved the score, largest first, each with its evidence."""
    moved = sorted(
        (name for name, c in contributions.items() if abs(c) >= EXPLAIN_FROM), key=lambda n: -abs(contributions[n])
    )
    out = []
    for name in moved:
        c = contributions[name]
        out.append(f"{_sentence(name, signals[name], ev)} ({'+' if c > 0 else '−'}{abs(c):.2f})")
    if not out:
        out.append("No signal moved the score from 0.5: the store holds too little evidence about this article.")
    return out


def _sentence(name: str, value: float | None, ev: dict[str, Any]) -> str:
    st = ev["statuses"]
    n_inst = ev["instances"]
    head = ev["headline"]
    comp = ev["compared"]
    if name == "corroborated":
        who = ", ".join(ev["corroborated_by"][:5])
        return f"Corroborated: {st['corroborated']} of its {n_inst} event instances are reported by independent outlets too ({who})."
    if name == "disputed":
        return f"Disputed: {st['disputed']} of its {n_inst} event instances are denied by some and reported by others."
    if name == "denied":
        return f"Denied: {st['denied']} of its {n_inst} event instances are denied by a party to them."
    if name in {"figure_conflicts", "date_conflicts", "place_conflicts"}:
        what = name.split("_")[0] + "s"
        c = comp[what]
        example = next((d for d in ev["conflicts"] if d["what"].endswith(what[:-1])), None)
        tail = ""
        if example is not None:
            others = "; ".join(f"{o['outlet'] or o['article_id']}: {o['said']}" for o in example["others"][:3])
            tail = f" For example its {example['what']} {example['mine']} against {others}."
        if not c["departing"]:
            return f"No conflict: its {what[:-1]} agrees with other reports' in all {c['compared']} comparisons."
        return f"In conflict: its {what[:-1]} departs from other reports' in {c['departing']} of {c['compared']} comparisons.{tail}"
    if name == "figure_departure":
        worst = ev["departures"][0]
        return (
            f"Figures against the others': on average a factor of {math.exp(value or 0):.1f} from the median of its "
            f"and other reports' ({len(ev['departures'])} compared; furthest: its {worst['kind']} figure "
            f"{worst['mine']} against a median of {worst['median']:,g})."
        )
    if name == "own_voice":
        return (
            f"Own voice: {_pct(value)} of its {ev['events']} events are told on no one's authority but the article's."
        )
    if name == "named_sources":
        names = ", ".join(ev["named_speakers"][:5])
        return f"Named sources: {_pct(value)} of its {ev['claims']} claims have a named speaker ({names})."
    if name == "self_cited":
        return f"Self-cited: {_pct(value)} of its {ev['claims']} claims are the author quoting themself."
    if name == "anonymous_sources":
        return f"Anonymous sources: {_pct(value)} of its {ev['claims']} claims come from unnamed speakers."
    if name == "sourced_figures":
        return f"Sourced figures: {_pct(value)} of its {ev['figures']} figures are given on someone's authority."
    if name == "speculation":
        example = ev["speculation"][0]["sentence"][:120] if ev["speculation"] else ""
        return f'Speculation: {_pct(value)} of its events are the author\'s assessments or hypotheses ("{example}").'
    if name == "unconfirmed":
        example = ev["unconfirmed"][0]["sentence"][:120] if ev["unconfirmed"] else ""
        return f'Unconfirmed: {len(ev["unconfirmed"])} of its {ev["events"]} events are unconfirmed by its own account ("{example}").'
    if name == "headline_overclaim":
        return _overclaim_sentence(value, head)
    if name == "headline_support":
        missing = [t["trigger"] for t in head["title_events"] if not t["backed"]]
        return f"Headline support: {_pct(value)} of the headline's events are reported in the body too (not: {', '.join(missing)})."
    if name == "loaded_language":
        words = ", ".join(list(ev["loaded_words"])[:6])
        return f"Loaded language: {value:.1f} loaded words per hundred ({words})."
    return f"{name}: {value}"


def _overclaim_sentence(value: float | None, head: dict[str, Any]) -> str:
    cue = head.get("cue") or "CONFIRMED"
    if value == 0:
        return (
            f"The headline says {cue}, and a party to it confirms it in the body ({', '.join(head['party_confirms'])})."
        )
    parts = [f"The headline says {cue}, but no party to it confirms it in the body"]
    if head.get("others_confirm"):
        parts.append(f"the confirmation is {', '.join(head['others_confirm'])}'s")
    if head.get("not_denied_by"):
        parts.append(f"{', '.join(head['not_denied_by'])} only does not deny it")
    if head.get("unconfirmed_in_body"):
        parts.append(f'the body says it is unconfirmed ("{head["unconfirmed_in_body"][0][:100]}")')
    return "; ".join(parts) + "."


# --- profiles ---------------------------------------------------------------------------------------------------


def profile(article: Article, holdings: _Holdings) -> ArticleProfile:
    signals, evidence = article_signals(article, holdings)
    value, contributions = score(signals)
    return ArticleProfile(
        article.id,
        article.title,
        article.source,
        article.date,
        value,
        signals,
        contributions,
        explain(signals, contributions, evidence),
        evidence,
    )


def article_profiles(store: Store, *, article: str | None = None, outlet: str | None = None) -> list[ArticleProfile]:
    """The evidence profiles of the stored articles (of one article, or of one outlet's articles), by date."""
    if article is not None:
        found = store.article(article)
        articles = [found] if found is not None else []
    else:
        articles = store.articles(source=outlet)
    holdings = _gather(store, articles)
    return [profile(a, holdings) for a in articles]


def outlet_profiles(store: Store, *, outlet: str | None = None) -> list[OutletProfile]:
    """Per outlet (or only `outlet`, by its exact name): its articles' signals averaged, how its event instances fared,
    and both month by month."""
    profiles = article_profiles(store, outlet=outlet)
    by_outlet: dict[str, list[ArticleProfile]] = defaultdict(list)
    for p in profiles:
        by_outlet[p.outlet or "(no outlet)"].append(p)
    instances = store.instances()
    outlet_of = {row[0]: row[1] or "(no outlet)" for row in store.db.execute("SELECT id, source FROM articles")}
    return [_outlet(name, by_outlet[name], instances, outlet_of) for name in sorted(by_outlet)]


def _outlet(
    name: str, profiles: list[ArticleProfile], instances: list[dict[str, Any]], outlet_of: dict[str, str]
) -> OutletProfile:
    mine = [
        i for i in instances if any(outlet_of.get(r["article_id"]) == name and not r["copy_of"] for r in i["reports"])
    ]
    counts = Counter(i["status"] for i in mine)
    first = [i for i in mine if outlet_of.get(_first_article(i)) == name]
    later = sum(1 for i in first if i["status"] == "corroborated")
    signals = {spec.name: _mean(p.signals.get(spec.name) for p in profiles) for spec in SIGNALS}
    months: dict[str, list[ArticleProfile]] = defaultdict(list)
    for p in profiles:
        months[(p.date or "undated")[:7]].append(p)
    by_month = [
        {
            "month": month,
            "articles": len(ps),
            "score": _mean(p.score for p in ps),
            "corroborated": _mean(p.signals.get("corroborated") for p in ps),
            "figure_conflicts": _mean(p.signals.get("figure_conflicts") for p in ps),
            "denied": _mean(p.signals.get("denied") for p in ps),
        }
        for month, ps in sorted(months.items())
    ]
    statuses = {s: _share(counts[s], len(mine)) or 0.0 for s in STATUSES}
    explanation = [
        f"{len(profiles)} articles, mean score {_mean(p.score for p in profiles):.2f}.",
        f"Of the {len(mine)} event instances it reports, {_pct(statuses['corroborated'])} are corroborated by other "
        f"independent outlets, {_pct(statuses['disputed'])} disputed and {_pct(statuses['denied'])} denied.",
        f"It reported {len(first)} of them first; {later} of those were later corroborated.",
    ]
    conflicts = signals.get("figure_conflicts")
    if conflicts is not None:
        explanation.append(
            f"Where its figures could be compared, {_pct(conflicts)} departed from other reports' on average."
        )
    return OutletProfile(
        name,
        len(profiles),
        _mean(p.score for p in profiles) or 0.5,
        signals,
        len(mine),
        statuses,
        len(first),
        _share(later, len(first)),
        by_month,
        explanation,
    )


def _first_article(instance: dict[str, Any]) -> str:
    first = instance.get("first_report")
    return next((r["article_id"] for r in instance["reports"] if r["event_id"] == first), "")


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 3) if present else None
