"""Actors: from a noun phrase in a parse to {name, country, sector, actor id}, with what the article said before.

Resolution order: the knowledge base (people by the article's date, organisations, countries, capitals and other
metonyms); the roles and demonyms the phrase itself states ("Russian Foreign Minister Lavrov", "Syrian special
forces", "the Turkish leader"); earlier mentions in the same article ("Lavrov" after "Sergei Lavrov"); collective
plurals ("the Russians"). An unknown person stays named with a null country: never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from storyline.extract.kb import Entry, KnowledgeBase, Role, kb, key
from storyline.model import Actor
from storyline.places import geocode

#: left dependents that belong to a name phrase
_NP_LEFT = {"det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "case", "punct", "advmod", "npadvmod"}
#: heads whose "of"/"in"/"from" phrase says whose they are ("leaders of the coalition", "forces in Guinea")
_GROUP_HEADS = {
    "head", "leader", "leaders", "chief", "member", "members", "official", "officials", "government", "spokesman",
    "spokeswoman", "spokesperson", "forces", "troops", "soldiers", "police", "army", "militants", "rebels",
    "fighters", "units", "authorities", "ministry", "minister", "president", "prime", "delegation", "envoy",
    "ambassador", "representative", "representatives", "commander", "commanders", "people", "residents",
    "citizens", "refugees", "workers", "group", "groups", "coalition", "party", "parliament", "council",
    "republic", "region", "province", "state", "city", "town", "capital", "territory", "enclave", "area", "village",
    "district", "part", "outskirts", "suburbs", "centre", "center", "regime", "administration", "cabinet",
}  # fmt: skip
_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"it", "they", "them"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_PERSON_TITLES = re.compile(
    r"^(mr|mrs|ms|dr|sir|lt|gen|col|maj|capt|sgt|lieutenant|general|colonel|major|captain|president|"
    r"minister|king|queen|prince|sheikh|emir|ayatollah|imam|judge|senator|rep|secretary|prime)\.?$",
    re.IGNORECASE,
)


#: "thousands of workers", "a group of soldiers": the actor is the "of" phrase
_QUANTITY_HEADS = {
    "thousands", "hundreds", "dozens", "scores", "millions", "tens", "some", "many", "most", "several", "group",
    "groups", "crowd", "crowds", "number", "handful", "majority", "band", "unit", "contingent", "delegation",
}  # fmt: skip


#: a wire dateline opening a text ("ALEPPO, Syria (Meridian Wire) - ", "CARACAS, Aug 3 (Reuters) -", "ANKARA - "):
#: never part of an actor, which is what follows it
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+)*"
    r"(?:,\s*[A-Z][\w.'’]*(?: [A-Z][\w.'’]*)*)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"\s*(?:\([^()\n]{1,60}\)\s*)?[-–—:]+\s+"
)
#: "Iranian-backed militias", "a US-funded group": the sponsor's country is not the actor's
_SPONSORED = {"backed", "funded", "sponsored", "supported", "trained", "armed", "financed", "inspired"}
#: "four Arab states", "Western governments": a group of states named by their region
_STATE_GROUPS = {"states", "countries", "nations", "governments", "powers", "monarchies", "neighbours", "neighbors"}


def dateline_end(doc: Doc) -> int:
    """Where a dateline opening `doc` ends (a character offset), 0 without one."""
    end = doc.user_data.get("storyline_dateline")
    if end is None:
        m = _DATELINE.match(doc.text)
        end = m.end() if m else 0
        doc.user_data["storyline_dateline"] = end
    return int(end)


def _after_dateline(head: Token, end: int) -> Token | None:
    """For a head inside a dateline, the actor the parser hung on it ("MOSCOW (Wire) - President Putin") or the
    subject beside it."""
    for tok in head.subtree:
        if tok.idx >= end and tok.head.idx < end and tok.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}:
            return tok
    for tok in head.head.children:
        if tok.idx >= end and tok.dep_ == head.dep_:
            return tok
    return None


def _listed(appos: Token) -> bool:
    """An "apposition" that opens a list of names is the rest of a list ("Saudi Arabia, the UAE and Egypt")."""
    return appos.dep_ == "appos" and any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in appos.children)


def noun_phrase(head: Token) -> Span:
    """The name phrase around `head`: its left modifiers, and for group heads their "of"/"in" phrase and appositions."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in _NP_LEFT:
            left = min(left, child.left_edge.i)
    # a dateline ("MOSCOW (Wire) - Russia ...") or a dash ends the phrase on the left
    for i in range(head.i - 1, left - 1, -1):
        tok = head.doc[i]
        spaced = bool(tok.whitespace_) and (i == 0 or bool(head.doc[i - 1].whitespace_))
        if tok.text in {")", ":"} or (tok.text in {"-", "–", "—"} and spaced):
            left = i + 1
            break
    end = dateline_end(head.doc)
    if end and head.idx >= end:
        while left < head.i and head.doc[left].idx < end:
            left += 1
    right = head.i
    for child in head.rights:
        if (
            child.dep_ in {"compound", "flat", "nummod"}
            or (
                child.dep_ == "appos"
                and (child.ent_type_ in {"PERSON", "ORG"} or child.pos_ == "PROPN")
                and not _listed(child)
            )
            or (child.dep_ == "prep" and child.lower_ in {"of", "in", "from"} and head.lower_ in _GROUP_HEADS)
        ):
            right = max(right, child.right_edge.i)
    doc = head.doc
    while left < head.i and (doc[left].dep_ in {"det", "punct", "case"} or doc[left].is_punct):
        left += 1
    while right > head.i and doc[right].is_punct:
        right -= 1
    return doc[left : right + 1]


@dataclass
class ArticleMemory:
    """What an article has said so far: names to actors, the last person named, the roles it has tied to a
    country, and the countries it names."""

    date: str | None
    #: the article's byline, for the author's own statements ("I said ...")
    author: str | None = None
    names: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None
    last_group: Actor | None = None
    #: role phrase -> the one actor of the article it named with a country (None when it named several)
    roles: dict[str, Actor | None] = field(default_factory=dict)
    person_ids: set[str] = field(default_factory=set)
    countries: Counter[str] = field(default_factory=Counter)
    _docs: set[int] = field(default_factory=set)

    def remember(self, actor: Actor, words: list[str]) -> None:
        if actor.how == "pronoun":
            return
        self.names.setdefault(key(actor.name), actor)
        if actor.how in {"kb", "kb-country", "metonym", "collective"}:
            self.last_group = actor
        if actor.how == "kb-person" or actor.actor_id.startswith("person:"):
            self.person_ids.add(actor.actor_id)
        if actor.actor_id in self.person_ids:
            if len(words) > 1:
                self.names.setdefault(key(words[-1]), actor)
            self.last_person = actor

    def remember_role(self, phrase: str, actor: Actor) -> None:
        """ "Venezuela's interior minister Nestor Reverol", then "the interior minister": the same actor."""
        if actor.country is None:
            return
        prev = self.roles.get(phrase, actor)
        self.roles[phrase] = actor if prev is not None and prev.actor_id == actor.actor_id else None

    def read(self, doc: Doc) -> None:
        """Count the countries a parsed text names (once per text)."""
        if id(doc) in self._docs:
            return
        self._docs.add(id(doc))
        base = kb()
        for ent in doc.ents:
            if ent.label_ in {"GPE", "NORP"}:
                k = key(ent.text)
                iso = base.countries.get(k) or base.demonyms.get(k) or base.capitals.get(k)
                if iso:
                    self.countries[iso] += 1

    def home(self) -> str | None:
        """The country the article is about: named at least twice and more often than any other."""
        top = self.countries.most_common(2)
        if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] == top[0][1]):
            return None
        return top[0][0]


def _actor(text: str, span: Span | None, entry: Entry, how: str, sector: str | None = None) -> Actor:
    return Actor(
        text=text,
        name=entry.name,
        country=entry.country,
        sector=sector or entry.sector,
        actor_id=entry.id,
        span=(span.start_char, span.end_char) if span is not None else None,
        how=how,
    )


def _generic(text: str, span: Span, country: str | None, sector: str | None, how: str, base: KnowledgeBase) -> Actor:
    name = base.country_names.get(country, "") if country else ""
    if sector and name:
        name = f"{name} ({sector})"
    return Actor(
        text=text,
        name=name or text,
        country=country,
        sector=sector,
        actor_id=f"{country or 'UNK'}-{sector or 'UNK'}",
        span=(span.start_char, span.end_char),
        how=how,
    )


def resolve_span(span: Span, memory: ArticleMemory) -> Actor | None:
    """Resolve one name phrase, or None when it names no actor (a thing, an idea, a number)."""
    base = kb()
    text = span.text.strip()
    if not text:
        return None
    memory.read(span.doc)
    date = memory.date
    if len(span) == 1 and span[0].lower_ in _PRONOUNS | _GROUP_PRONOUNS:
        p = memory.last_person if span[0].lower_ in _PRONOUNS else memory.last_group
        if p is None:
            return None
        return Actor(text, p.name, p.country, p.sector, p.actor_id, (span.start_char, span.end_char), "pronoun")
    if len(span) == 1 and (span[0].pos_ in {"PRON", "DET", "ADV", "NUM"} or span[0].lower_ in _RELATIVE):
        return None
    k = key(text)
    if text.islower() and len(span) == 1 and span[0].pos_ != "NOUN":
        return None

    # 1. the whole phrase: a country (acting, it is its government), a capital or metonym, a people; what the
    # article said before; the knowledge base
    if k in base.countries:
        iso = base.countries[k]
        return Actor(
            text, base.country_names[iso], iso, "GOV", f"{iso}-GOV", (span.start_char, span.end_char), "kb-country"
        )
    if k in base.capitals or k in base.metonyms:
        iso = base.capitals.get(k) or base.metonyms[k]
        return _generic(text, span, iso, "GOV", "metonym", base)
    if k in base.demonyms:
        return _generic(text, span, base.demonyms[k], None, "collective", base)
    if k in memory.names and len(span) <= 3:
        prev = memory.names[k]
        return Actor(
            text, prev.name, prev.country, prev.sector, prev.actor_id, (span.start_char, span.end_char), "earlier"
        )
    person = base.person(text, date)
    if person:
        return _actor(text, span, person, "kb-person")
    if k in base.orgs:
        return _actor(text, span, base.orgs[k], "kb")
    if k in base.outlets:
        return _actor(text, span, base.outlets[k], "kb")

    # 2. the parts of the phrase: people, organisations, places and demonyms, role words
    words = [t for t in span if not t.is_punct]
    lower = [t.lower_ for t in words]
    role = base.role([w for w in lower if w not in {"the", "a", "an"}])
    if _is_facility(span, base) and (role is None or not role.person):
        return _place(text, span, memory, base)
    country = _stated_country(span, base)
    found: Actor | None = None
    title: Role | None = None
    ents = [_as_name(e) for e in entities(span)]
    # "Trump's adviser Michael Flynn": a possessor is not the actor when the phrase names another
    if len(ents) > 1:
        ents = [
            e
            for e in ents
            if e.root.dep_ != "poss" and (e.root.i + 1 >= len(e.doc) or e.doc[e.root.i + 1].lower_ not in {"'s", "’s"})
        ] or ents
    ents.sort(key=lambda e: e.label_ != "PERSON")  # "the head of X, Nikolai Y": the named person is the actor
    for ent in ents:
        ek = key(ent.text)
        if ent.label_ == "PERSON" or (ent.label_ not in {"GPE", "NORP", "LOC"} and base.person(ent.text, date)):
            if found is None:
                found = _person(ent, memory, base)
                title = base.role([t.lower_ for t in span.doc[span.start : ent.start] if not t.is_punct])
                if found.sector is None and title is not None:
                    found.sector = title.sector  # "Foreign Minister Jorge Arreaza"
        elif ent.label_ in {"ORG", "FAC", "PERSON"} and ek in base.outlets and found is None:
            found = _actor(text, span, base.outlets[ek], "kb")
        elif ent.label_ in {"ORG", "FAC"} and ek in base.orgs and found is None:
            entry = base.orgs[ek]
            other = _stated_country(span, base, skip=ent)
            if entry.country and other and other != entry.country:
                continue  # "Brazil's Senate", "Peru's Congress": not the body of that name we know elsewhere
            found = _actor(text, span, entry, "kb", role.sector if role and entry.kind != "armed_group" else None)
    if found is not None:
        if found.country is None and country is not None and found.how == "entity":
            found.country = country
            found.how = "role"
        if found.sector is None and role is not None:
            found.sector = role.sector
        found.text = text
        found.span = (span.start_char, span.end_char)
        if title is not None and title.person:
            memory.remember_role(title.phrase, found)
        return found
    if role is not None:
        return _by_role(text, span, role, country, memory, base)
    if country is not None and any(t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "NORP"} for t in words):
        return _generic(text, span, country, None, "kb-country", base)
    for ent in ents:
        if ent.label_ == "NORP" and span.root.lower_ in _STATE_GROUPS:
            name = f"{ent.text} {span.root.text}"
            return Actor(text, name, None, "GOV", "group:" + _slug(name), (span.start_char, span.end_char), "role")
        if ent.label_ in {"ORG", "NORP"} and len(ent) >= 1:
            return Actor(
                text, ent.text, None, None, "org:" + _slug(ent.text), (span.start_char, span.end_char), "entity"
            )
        if ent.label_ in {"GPE", "LOC"}:
            place = geocode(ent.text, memory.countries)
            if place is not None and place.country:
                return _generic(text, span, place.country, None, "place", base)
    return None


def _by_role(
    text: str, span: Span, role: Role, country: str | None, memory: ArticleMemory, base: KnowledgeBase
) -> Actor:
    """An actor named by its role: the holder of a stated country's office, the one the article tied that role to
    before ("Venezuela's interior minister ...", then "the interior minister"), a state's or a people's own body or
    crowd in the country the article is about, else the role in its country (or none)."""
    if role.person and country is not None:
        holder = base.holder(country, role.phrase, memory.date)
        if holder is not None:
            actor = _actor(text, span, holder, "role")
            memory.remember_role(role.phrase, actor)
            return actor
    if country is None:
        prev = memory.roles.get(role.phrase)
        if prev is not None:
            return Actor(
                text, prev.name, prev.country, prev.sector, prev.actor_id, (span.start_char, span.end_char), "earlier"
            )
        home = memory.home() if role.domestic else None
        if home is not None:
            return _generic(text, span, home, role.sector, "context", base)
    actor = _generic(text, span, country, role.sector, "role-person" if role.person else "role", base)
    memory.remember_role(role.phrase, actor)
    return actor


def _stated_country(span: Span, base: KnowledgeBase, skip: Span | None = None) -> str | None:
    """The country a phrase names by a country name, demonym or capital ("Syrian troops", "Russia's envoy"), not a
    sponsor's ("Iranian-backed militias"); outside `skip`."""
    doc = span.doc
    for t in span:
        if skip is not None and skip.start <= t.i < skip.end:
            continue
        tk = key(t.text)
        iso = base.demonyms.get(tk) or base.countries.get(tk)
        if iso is None and t.ent_type_ in {"GPE", "NORP"}:
            iso = base.capitals.get(tk)
        if iso is None and t.ent_iob_ == "B" and t.ent_type_ in {"GPE", "NORP"}:
            ent_end = t.i + 1
            while ent_end < span.end and doc[ent_end].ent_iob_ == "I":
                ent_end += 1
            ek = key(doc[t.i : ent_end].text)
            iso = base.countries.get(ek) or base.demonyms.get(ek) or base.capitals.get(ek)
        if iso is None:
            continue
        nxt = doc[t.i + 1 : t.i + 3]
        if len(nxt) == 2 and nxt[0].text in {"-", "–"} and nxt[1].lower_ in _SPONSORED:
            continue
        return iso
    return None


def _is_facility(span: Span, base: KnowledgeBase) -> bool:
    """A phrase headed by a place noun that names a place ("the Paramacay base", "Shayrat air base")."""
    root = span.root
    if root.lower_ not in base.facilities and not (
        root.i > span.start and key(f"{root.doc[root.i - 1].text} {root.text}") in base.facilities
    ):
        return False
    return any(t.pos_ == "PROPN" for t in span if t.i != root.i)


def _place(text: str, span: Span, memory: ArticleMemory, base: KnowledgeBase) -> Actor:
    """A place as an actor (the target of an attack): its country from the phrase or the gazetteer, if known; named
    by its last proper name so that "Fuerte Paramacay army base" and "the Paramacay base" are one place."""
    proper = [t for t in span if t.pos_ == "PROPN" and t.i != span.root.i and key(t.text) not in base.demonyms]
    country = _stated_country(span, base)
    if country is None:
        for words in (proper, proper[-1:]):
            place = geocode(" ".join(t.text for t in words), memory.countries) if words else None
            if place is not None and place.country:
                country = place.country
                break
    name = proper[-1].text if proper else span.root.text
    return Actor(text, text, country, None, "place:" + _slug(name), (span.start_char, span.end_char), "place")


def _as_name(ent: Span) -> Span:
    """ "Tibisay Lucena": a given name before a place-name entity makes it a person's name, never geocoded."""
    if ent.label_ not in {"GPE", "LOC"} or ent.start == 0:
        return ent
    doc = ent.doc
    start = ent.start
    base = kb()
    while start > 0:
        prev = doc[start - 1]
        if (
            prev.pos_ != "PROPN"
            or prev.ent_type_
            or prev.dep_ != "compound"
            or _PERSON_TITLES.match(prev.text)
            or prev.text.isupper()
            or key(prev.text) in base.roles
            or key(prev.text) in base.countries
            or key(prev.text) in base.demonyms
        ):
            break
        start -= 1
    if start == ent.start:
        return ent
    return Span(doc, start, ent.end, label="PERSON")


def entities(span: Span) -> list[Span]:
    """The named entities inside a span, read from its tokens (cheaper than `Span.ents` on a long document)."""
    out: list[Span] = []
    start = None
    for tok in span:
        if tok.ent_iob_ == "B" or (tok.ent_iob_ == "I" and start is None):
            if start is not None:
                out.append(Span(span.doc, start, tok.i, label=span.doc[start].ent_type_))
            start = tok.i
        elif tok.ent_iob_ == "O" and start is not None:
            out.append(Span(span.doc, start, tok.i, label=span.doc[start].ent_type_))
            start = None
    if start is not None:
        out.append(Span(span.doc, start, span.end, label=span.doc[start].ent_type_))
    return out


def _person(ent: Span, memory: ArticleMemory, base: KnowledgeBase) -> Actor:
    """A named person: the knowledge base at the article's date, else an earlier mention, else unknown."""
    names = [t.text for t in ent if not _PERSON_TITLES.match(t.text)]
    name = " ".join(names) or ent.text
    k = key(name)
    if k in memory.names:
        prev = memory.names[k]
        return Actor(ent.text, prev.name, prev.country, prev.sector, prev.actor_id, None, "earlier")
    entry = base.person(name, memory.date)
    if entry is None and len(names) > 1:
        entry = base.person(names[-1], memory.date)
    if entry is not None:
        return _actor(ent.text, None, entry, "kb-person")
    return Actor(ent.text, name, None, None, "person:" + _slug(name), None, "entity")


def _slug(text: str) -> str:
    return key(text).replace(" ", "-") or "unknown"


def resolve(head: Token, memory: ArticleMemory) -> list[Actor]:
    """The actors a dependency head names: itself and its conjuncts ("Russia and Turkey"), remembered in order."""
    if head.lower_ in _RELATIVE and head.head.dep_ == "relcl":
        head = head.head.head
    end = dateline_end(head.doc)
    if end and head.idx < end:
        after = _after_dateline(head, end)
        if after is None:
            return []
        head = after
    if head.lower_ in _QUANTITY_HEADS or head.pos_ == "NUM":
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            head = obj
    heads = [head, *[c for c in head.conjuncts if c.i > head.i]]
    for child in head.children:  # "Saudi Arabia, the UAE, Bahrain and Egypt" parsed as an apposition
        if _listed(child):
            heads += [child, *[c for c in child.conjuncts if c.i > child.i]]
    out = []
    for h in heads:
        span = noun_phrase(h)
        actor = resolve_span(span, memory)
        if actor is None:
            continue
        memory.remember(actor, [t.text for t in span if t.ent_type_ == "PERSON"])
        out.append(actor)
    # "Hungarian and Romanian officials": conjoined demonyms on one head are two actors
    if len(out) == 1 and out[0].country:
        base = kb()
        for child in head.lefts:
            if child.dep_ == "amod":
                for conj in child.conjuncts:
                    iso = base.demonyms.get(key(conj.text)) or base.countries.get(key(conj.text))
                    if iso and iso != out[0].country:
                        out.append(_generic(conj.text, conj.doc[conj.i : conj.i + 1], iso, out[0].sector, "role", base))
    return out
