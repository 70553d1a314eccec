"""The actor knowledge base, loaded from the team's tables: countries, organisations, people with terms, roles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from storyline.knowledge import read_table, split_list

_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DETERMINER = re.compile(r"^(the|a|an) ")


def key(text: str) -> str:
    """A lookup key: lower case, no accents, no leading article, single spaces, no possessive 's."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = _NON_WORD.sub(" ", _POSSESSIVE.sub("", text)).strip()
    return _DETERMINER.sub("", text)


@dataclass(frozen=True)
class Entry:
    """Something the knowledge base knows: a person (in one term of office), an organisation or a country."""

    id: str
    name: str
    country: str | None
    sector: str | None
    kind: str
    role: str = ""
    start: str = ""
    end: str = ""

    def in_office(self, date: str | None) -> bool:
        if not date:
            return not self.end
        return (not self.start or self.start <= date) and (not self.end or date <= self.end)


@dataclass(frozen=True)
class Role:
    phrase: str
    sector: str
    person: bool
    plural: bool
    #: a state's or a people's own body or crowd (police, parliament, protesters): see roles.tsv
    domestic: bool = False


class KnowledgeBase:
    """Lookups by normalised name. Build once per process with `kb()`."""

    def __init__(self) -> None:
        self.countries: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.metonyms: dict[str, str] = {}
        self.orgs: dict[str, Entry] = {}
        self.people: dict[str, list[Entry]] = {}
        self.roles: dict[str, Role] = {}
        self.holders: dict[tuple[str, str], list[Entry]] = {}
        self.outlets: dict[str, Entry] = {}
        #: nouns that make a phrase a place ("the Paramacay base", "a refugee camp")
        self.facilities: set[str] = set()
        for row in read_table("countries.tsv"):
            iso3 = row["iso3"]
            self.country_names[iso3] = row["name"]
            for name in [row["name"], *split_list(row["aliases"])]:
                self.countries.setdefault(key(name), iso3)
            for name in split_list(row["demonyms"]):
                self.demonyms.setdefault(key(name), iso3)
            for name in split_list(row["capitals"]):
                self.capitals.setdefault(key(name), iso3)
            for name in split_list(row["metonyms"]):
                self.metonyms.setdefault(key(name), iso3)
        for row in read_table("organisations.tsv"):
            entry = Entry(row["id"], row["name"], row["country"] or None, row["sector"] or None, row["kind"] or "org")
            for name in [row["name"], *split_list(row["aliases"])]:
                self.orgs.setdefault(key(name), entry)
        for row in read_table("people.tsv"):
            entry = Entry(
                row["id"],
                row["name"],
                row["country"] or None,
                row["sector"] or None,
                "person",
                row["role"].lower(),
                row["start"],
                row["end"],
            )
            for name in {row["name"], *split_list(row["aliases"])}:
                self.people.setdefault(key(name), []).append(entry)
            if entry.country and entry.role:
                self.holders.setdefault((entry.country, entry.role), []).append(entry)
        for row in read_table("outlets.tsv"):
            entry = Entry(
                "outlet:" + key(row["name"]).replace(" ", "-"), row["name"], row["country"] or None, "MED", "media"
            )
            for name in [row["name"], *split_list(row["aliases"])]:
                self.outlets.setdefault(key(name), entry)
        for entry in list(self.orgs.values()):
            if entry.sector == "MED":
                self.outlets.setdefault(key(entry.name), entry)
        for row in read_table("roles.tsv"):
            phrase = key(row["phrase"])
            if phrase and row.get("kind") == "facility":
                self.facilities.add(phrase)
            elif phrase and row["sector"]:
                self.roles[phrase] = Role(
                    phrase, row["sector"], row["person"] == "1", row["plural"] == "1", row.get("kind") == "domestic"
                )
        self.max_role_words = max((len(p.split()) for p in self.roles), default=1)

    def country_word(self, text: str) -> str | None:
        """The country a people's name or a country's name stands for ("Romanian", "South Korea"), or None."""
        k = key(text)
        return self.demonyms.get(k) or self.countries.get(k)

    def person(self, name: str, date: str | None) -> Entry | None:
        """The person a name means at a date: the term that covers the date, else the nearest one."""
        terms = self.people.get(key(name))
        if not terms:
            return None
        ids = {t.id for t in terms}
        current = [t for t in terms if t.in_office(date)]
        if len(ids) > 1 and not current:
            return None  # an ambiguous surname and nobody of that name in office then
        pool = current or terms
        if len({t.id for t in pool}) > 1:
            return None
        return max(pool, key=lambda t: t.start or "")

    def holder(self, country: str, role: str, date: str | None) -> Entry | None:
        """Who held `role` in `country` at `date` (the Turkish leader, Russia's foreign minister)."""
        wanted = {role}
        if role in {"leader", "head of state"}:
            wanted = {"president", "king", "emir", "supreme leader", "head of state"}
        terms = [t for r in wanted for t in self.holders.get((country, r), []) if t.in_office(date)]
        ids = {t.id for t in terms}
        return terms[0] if len(ids) == 1 else None

    def role(self, words: list[str]) -> Role | None:
        """The longest role phrase at the end of `words` (lower-case tokens), e.g. "foreign minister"."""
        for n in range(min(self.max_role_words, len(words)), 0, -1):
            phrase = " ".join(words[-n:])
            if phrase in self.roles:
                return self.roles[phrase]
            if n == 1 and phrase.endswith("s") and phrase[:-1] in self.roles:
                return self.roles[phrase[:-1]]
        return None


@cache
def kb() -> KnowledgeBase:
    return KnowledgeBase()
