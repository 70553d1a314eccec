"""Conflicts between reports: within one event instance, do the figures, dates and places the reports give agree?

Each article counts once (its events in the instance are merged; for each kind of figure its largest headline
figure, not the parts such as "of whom 11 children"). For figures of one kind, every value is read as the interval
its qualifier allows ("at least 58" is 58 or more, "about 50" is 40 to 60, "between 500 and 1300", "dozens" is 24
to 100; a plain number allows for rounding, ±10%). The range and the middle value (median) of all reports are
given. A report departs from the others when what it allows overlaps fewer than half of what the other independent
reports published within `PUBLISHED_WINDOW_DAYS` of it allow (copies are not independent: they are measured, but
measure no one; tolls grow, so a week-old count is not held against today's); how far it departs is its distance
from those reports' median, relative to it. Dates are compared the same way on reports dated by their own words
to the day (a report dated only by its publication date says nothing about the day), with one day's slack; places
by distance from the place most reports give (another country, or more than `MAX_PLACE_KM` away, departs). Every
conflict keeps the reports on each side.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.link.instances import MAX_PLACE_KM, Instance, Report

#: a plain number agrees with values this close to it (relative): rounding, a count updated by a few
EXACT_SLACK = 0.10
#: "about 50" agrees with 40 to 60
ABOUT_SLACK = 0.20
#: dates a day apart agree (time zones, "overnight")
DATE_SLACK_DAYS = 1
#: figures are held against reports published at most this many days apart: tolls grow as days pass
PUBLISHED_WINDOW_DAYS = 3


def interval(figure: dict[str, Any]) -> tuple[float, float]:
    """The values a figure allows, by its qualifier."""
    value = float(figure["value"])
    top = figure.get("value_max")
    qualifier = figure.get("qualifier")
    if qualifier in {"at least", "more than"}:
        return value, math.inf
    if qualifier in {"up to", "fewer than"}:
        return 0.0, value
    if qualifier == "about":
        return value * (1 - ABOUT_SLACK), value * (1 + ABOUT_SLACK)
    if qualifier in {"between", "vague"} and top is not None:
        return value, float(top)
    return value * (1 - EXACT_SLACK), value * (1 + EXACT_SLACK)


def point(figure: dict[str, Any]) -> float:
    """The one value a figure stands for when values are ranged and compared: a range's middle, else its value."""
    top = figure.get("value_max")
    if figure.get("qualifier") in {"between", "vague"} and top is not None:
        return (float(figure["value"]) + float(top)) / 2
    return float(figure["value"])


def _by_article(instance: Instance) -> dict[str, list[Report]]:
    out: dict[str, list[Report]] = {}
    for r in instance.reports:
        out.setdefault(r.event["article_id"], []).append(r)
    return out


def _side(article_id: str, reports: list[Report], copies: dict[str, str]) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "event_ids": [r.id for r in reports],
        "outlet": reports[0].outlet,
        "published": reports[0].published,
        "copy_of": copies.get(article_id),
    }


def _headline_figures(reports: list[Report]) -> dict[str, dict[str, Any]]:
    """Per kind, the article's largest figure that is not a part of another."""
    best: dict[str, dict[str, Any]] = {}
    for r in reports:
        for fig in r.event.get("figures") or []:
            if fig.get("part_of") is not None:
                continue
            kind = fig["kind"]
            if kind not in best or point(fig) > point(best[kind]):
                best[kind] = fig
    return best


def _near(a: str | None, b: str | None) -> bool:
    """Two reports published close enough in time to be held to the same numbers (tolls grow as days pass)."""
    if not a or not b:
        return True
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= PUBLISHED_WINDOW_DAYS


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass
class _Item:
    side: dict[str, Any]
    point: float
    allowed: tuple[float, float]


def _same_parties(a: Report, b: Report) -> bool:
    """Two reports name the same parties: on each side that both name, the same actor or the same country; and they
    share at least one side."""
    shared = 0
    for role in ("source", "target"):
        x, y = a.event.get(role), b.event.get(role)
        if not x or not y:
            continue
        if x.get("actor_id") != y.get("actor_id") and not (x.get("country") and x.get("country") == y.get("country")):
            return False
        shared += 1
    return shared > 0


def comparable(instance: Instance) -> dict[str, set[str]]:
    """For each article of the instance, the other articles its reports may be held against: published near it, with
    a report that names the same parties as one of its own (an instance is linked transitively, so its two ends may
    be about different happenings; dates and places are what is compared, so they are not asked to agree)."""
    per_article = _by_article(instance)
    out: dict[str, set[str]] = {aid: set() for aid in per_article}
    ids = sorted(per_article)
    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            if not _near(per_article[a][0].published, per_article[b][0].published):
                continue
            if any(_same_parties(ra, rb) for ra in per_article[a] for rb in per_article[b]):
                out[a].add(b)
                out[b].add(a)
    return out


def _departures(items: list[_Item], peers: dict[str, set[str]]) -> list[tuple[float | None, bool]]:
    """For each item: how far it is from the median of its peers' independent reports (relative, signed), and
    whether it departs from them: what it allows overlaps fewer than half of what they allow."""
    out: list[tuple[float | None, bool]] = []
    for item in items:
        near = peers.get(item.side["article_id"], set())
        others = [o for o in items if o.side["article_id"] in near and o.side["copy_of"] is None]
        if not others:
            out.append((None, False))
            continue
        ref = statistics.median(o.point for o in others)
        agreeing = sum(1 for o in others if _overlap(item.allowed, o.allowed))
        out.append(((item.point - ref) / ref if ref else None, 2 * agreeing < len(others)))
    return out


def _compared_with(article_id: str, sides: list[dict[str, Any]], peers: dict[str, set[str]]) -> list[str]:
    """The independent articles, among those giving a value, that an article's value is held against."""
    near = peers.get(article_id, set())
    return sorted(s["article_id"] for s in sides if s["article_id"] in near and s["copy_of"] is None)


def _summary(values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "values": values,
        "conflict": any(v["departs"] for v in values),
        "agree": [v["article_id"] for v in values if not v["departs"]],
        "depart": [v["article_id"] for v in values if v["departs"]],
    }


def compare_figures(instance: Instance, copies: dict[str, str], peers: dict[str, set[str]]) -> list[dict[str, Any]]:
    """For each kind of figure two or more articles give: values, range, median and who departs by how much."""
    by_kind: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for aid, reports in _by_article(instance).items():
        for kind, fig in _headline_figures(reports).items():
            by_kind.setdefault(kind, []).append((_side(aid, reports, copies), fig))
    out = []
    for kind, entries in sorted(by_kind.items()):
        if len(entries) < 2:
            continue
        items = [_Item(side, point(fig), interval(fig)) for side, fig in entries]
        values = []
        for (side, fig), (departure, departs) in zip(entries, _departures(items, peers), strict=True):
            values.append(
                {
                    **side,
                    "value": fig["value"],
                    "value_max": fig.get("value_max"),
                    "qualifier": fig.get("qualifier"),
                    "according_to": (fig.get("according_to") or {}).get("name"),
                    "compared_with": _compared_with(side["article_id"], [s for s, _ in entries], peers),
                    "departs_by": round(departure, 3) if departure is not None else None,
                    "departs": departs,
                }
            )
        points = [item.point for item in items]
        out.append(
            {"kind": kind, "range": [min(points), max(points)], "median": statistics.median(points), **_summary(values)}
        )
    return out


def compare_dates(instance: Instance, copies: dict[str, str], peers: dict[str, set[str]]) -> dict[str, Any] | None:
    """The days the reports give in their own words (to the day), their range and middle, and who departs."""
    entries: list[tuple[dict[str, Any], date]] = []
    for aid, reports in _by_article(instance).items():
        days = [
            date.fromisoformat(r.event["date"])
            for r in reports
            if r.event.get("date") and r.event.get("date_source") == "text" and r.event.get("date_precision") == "day"
        ]
        if days:
            entries.append((_side(aid, reports, copies), Counter(days).most_common(1)[0][0]))
    if len(entries) < 2:
        return None
    items = [
        _Item(side, float(d.toordinal()), (d.toordinal() - DATE_SLACK_DAYS / 2, d.toordinal() + DATE_SLACK_DAYS / 2))
        for side, d in entries
    ]
    values = []
    for (side, day), item, (_, departs) in zip(entries, items, _departures(items, peers), strict=True):
        near = peers.get(side["article_id"], set())
        others = [o.point for o in items if o.side["article_id"] in near and o.side["copy_of"] is None]
        gap = int(item.point - statistics.median(others)) if others else None
        compared_with = _compared_with(side["article_id"], [s for s, _ in entries], peers)
        values.append(
            {
                **side,
                "date": day.isoformat(),
                "compared_with": compared_with,
                "departs_by_days": gap,
                "departs": departs,
            }
        )
    ordinals = [int(item.point) for item in items]
    return {
        "range": [date.fromordinal(min(ordinals)).isoformat(), date.fromordinal(max(ordinals)).isoformat()],
        "median": date.fromordinal(int(statistics.median(ordinals))).isoformat(),
        **_summary(values),
    }


def _km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    if a.get("lat") is None or b.get("lat") is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def compare_places(instance: Instance, copies: dict[str, str], peers: dict[str, set[str]]) -> dict[str, Any] | None:
    """The places the reports give, the one most of them give, and who puts the happening somewhere else than the
    place its peers most often give."""
    entries: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for aid, reports in _by_article(instance).items():
        place = next((r.event["location"] for r in reports if r.event.get("location")), None)
        if place:
            entries.append((_side(aid, reports, copies), place))
    independent = Counter(place["name"] for side, place in entries if side["copy_of"] is None)
    if len(entries) < 2 or not independent:
        return None
    values = []
    for side, place in entries:
        near = peers.get(side["article_id"], set())
        theirs = [p for s, p in entries if s["article_id"] in near and s["copy_of"] is None]
        compared_with = _compared_with(side["article_id"], [s for s, _ in entries], peers)
        value: dict[str, Any] = {**side, "place": place["name"], "compared_with": compared_with, "departs": False}
        if theirs:
            common_name = Counter(p["name"] for p in theirs).most_common(1)[0][0]
            common = next(p for p in theirs if p["name"] == common_name)
            km = _km(place, common)
            other_country = bool(
                place.get("country") and common.get("country") and place["country"] != common["country"]
            )
            value.update(
                others_give=common_name,  # the place its peers most often give
                km=round(km, 1) if km is not None else None,
                departs=other_country or (km is not None and km > MAX_PLACE_KM),
            )
        values.append(value)
    return {"most_given": independent.most_common(1)[0][0], **_summary(values)}


def compare(instance: Instance, copies: dict[str, str]) -> dict[str, Any]:
    """The instance's "conflicts" record: figures by kind, dates and places, and the articles that depart."""
    peers = comparable(instance)
    figures = compare_figures(instance, copies, peers)
    dates = compare_dates(instance, copies, peers)
    places = compare_places(instance, copies, peers)
    parts: Iterable[dict[str, Any] | None] = [*figures, dates, places]
    departing = sorted({aid for part in parts if part for aid in part["depart"]})
    return {"figures": figures, "dates": dates, "places": places, "departing": departing}
