"""Actors: from a noun phrase in a parse to {name, country, sector, actor id}, with what the article said before.

Resolution order: the knowledge base (people by the article's date, organisations, countries, capitals and other
metonyms); the roles and demonyms the phrase itself states ("Russian Foreign Minister Lavrov", "Syrian special
forces", "the Turkish leader"); earlier mentions in the same article ("Lavrov" after "Sergei Lavrov"); collective
plurals ("the Russians"). An unknown person stays named with a null country: never a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
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
#: "the group denied any involvement": a definite description of the organisation the article last named
#: the half of a divided country a story calls "the North" or "the South" once it has named it
_HALVES = {"North": ("PRK",), "South": ("KOR", "SSD")}
_GROUP_NOUNS = {"group", "movement", "militia", "organisation", "organization", "faction", "guerrillas", "insurgents"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_PERSON_TITLES = re.compile(
    r"^(mr|mrs|ms|dr|sir|lt|gen|col|maj|capt|sgt|lieutenant|general|colonel|major|captain|president|"
    r"minister|king|queen|prince|sheikh|emir|ayatollah|imam|judge|senator|rep|secretary|prime)\.?$",
    re.IGNORECASE,
)


#: "thousands of workers", "a group of soldiers": the actor is the "of" phrase
QUANTITY_HEADS = {
    "thousands", "hundreds", "dozens", "scores", "millions", "tens", "some", "many", "most", "several", "group",
    "groups", "crowd", "crowds", "number", "handful", "majority", "band", "unit", "contingent", "delegation", "team",
    "column", "columns", "detachment", "brigade", "squad",
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


def _proper_object(prep: Token) -> bool:
    """ "the Economic Community of West African States": a name that goes on through "of"."""
    return any(c.dep_ == "pobj" and c.pos_ == "PROPN" and c.ent_type_ not in {"DATE", "GPE"} for c in prep.children)


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
            or (child.dep_ == "prep" and child.lower_ == "of" and head.pos_ == "PROPN" and _proper_object(child))
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
    #: the organisation (not a state) named last
    last_org: Actor | None = None
    #: role phrase -> the one actor of the article it named with a country (None when it named several)
    roles: dict[str, Actor | None] = field(default_factory=dict)
    person_ids: set[str] = field(default_factory=set)
    countries: Counter[str] = field(default_factory=Counter)
    #: the texts read so far, by their order in the article
    _docs: dict[int, int] = field(default_factory=dict)
    #: where the last person was named: the text's order and the token
    last_person_at: tuple[int, int] | None = None

    def remember(self, actor: Actor, words: list[str], span: Span | None = None) -> None:
        if actor.how == "pronoun":
            return
        self.names.setdefault(key(actor.name), actor)
        if actor.how in {"kb", "kb-country", "metonym", "collective"}:
            self.last_group = actor
        if actor.how == "kb" and actor.sector not in {"GOV", "MED", None}:
            self.last_org = actor
        if actor.how == "kb-person" or actor.actor_id.startswith("person:"):
            self.person_ids.add(actor.actor_id)
        if actor.actor_id in self.person_ids:
            if len(words) > 1:
                self.names.setdefault(key(words[-1]), actor)
            self.last_person = actor
            self.last_person_at = (self.order(span.doc), span.start) if span is not None else None

    def order(self, doc: Doc) -> int:
        """Where a parsed text comes in the article (title, then the body's chunks), or -1 when not read yet."""
        return self._docs.get(id(doc), -1)

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
        self._docs[id(doc)] = len(self._docs)
        base = kb()
        for ent in doc.ents:
            k = key(ent.text)
            iso = None
            if ent.label_ == "PERSON":
                person = base.person(ent.text, self.date)
                iso = person.country if person is not None else None
            elif ent.label_ in {"GPE", "NORP", "ORG", "FAC", "LOC"}:
                # a country, a people or a capital; one named inside a body's name ("Syrian government forces");
                # a city of the gazetteer ("Aleppo")
                iso = base.countries.get(k) or base.demonyms.get(k) or base.capitals.get(k)
                for t in ent if iso is None and ent.label_ != "LOC" else ():
                    iso = iso or base.country_word(t.text)
                if iso is None and ent.label_ == "GPE":
                    place = geocode(ent.text)
                    iso = place.country if place is not None else None
            if iso:
                self.countries[iso] += 1

    def home(self) -> str | None:
        """The country the article is about: named (by name, people, capital, cities or a known person of it) at
        least twice and half as often again as any other."""
        top = self.countries.most_common(2)
        if not top or top[0][1] < 2 or (len(top) > 1 and top[0][1] < 1.5 * top[1][1]):
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
    if sector and name and sector != "GOV":
        name = f"{name} ({sector})"  # (a state's government is named as the state, as "Qatar" is when named so)
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
        p = _antecedent(span, memory) if span[0].lower_ in _PRONOUNS else memory.last_group
        if p is None:
            return None
        return Actor(text, p.name, p.country, p.sector, p.actor_id, (span.start_char, span.end_char), "pronoun")
    acronym = span[0].text.isupper() and len(span[0].text) > 1  # "WHO", the health agency, not the pronoun
    if (
        len(span) == 1
        and not acronym
        and (span[0].pos_ in {"PRON", "DET", "ADV", "NUM"} or span[0].lower_ in _RELATIVE)
    ):
        return None
    if (
        len(span) == 1
        and span[0].lower_ in _GROUP_NOUNS
        and any(c.lower_ == "the" for c in span[0].children)
        and memory.last_org is not None
    ):
        p = memory.last_org
        return Actor(text, p.name, p.country, p.sector, p.actor_id, (span.start_char, span.end_char), "earlier")
    half = span[-1].text if all(t.lower_ == "the" for t in span[:-1]) else None
    if half in _HALVES:  # "the North" in a story that has named North Korea
        iso = next((i for i in _HALVES[half] if memory.countries[i]), None)
        if iso is not None:
            name = base.country_names[iso]
            return Actor(text, name, iso, "GOV", f"{iso}-GOV", (span.start_char, span.end_char), "earlier")
    k = key(text)
    if text.islower() and len(span) == 1 and span[0].pos_ != "NOUN" and k not in base.roles:
        return None  # (but "the bloc" tagged as a name is still the role word)

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
        # "appealed to Kenyans", "thousands of Georgians": a people; "the Russians": a side, not its civilians
        plural = k.endswith("s") and k[:-1] in base.demonyms
        people = plural and span[0].lower_ != "the"
        return _generic(text, span, base.demonyms[k], "CVL" if people else None, "collective", base)
    if k in memory.names and len(span) <= 3:
        prev = memory.names[k]
        return Actor(
            text, prev.name, prev.country, prev.sector, prev.actor_id, (span.start_char, span.end_char), "earlier"
        )
    person = base.person(text, date)
    if person:
        return _actor(text, span, person, "kb-person")
    if k in base.orgs and _fits(base.orgs[k], k, None, span, memory, base):
        return _actor(text, span, base.orgs[k], "kb")
    if k in base.outlets:
        return _actor(text, span, base.outlets[k], "kb")

    # 2. the parts of the phrase: people, organisations, places and demonyms, role words
    words = [t for t in span if not t.is_punct and t.lower_ not in {"'s", "’s"}]
    lower = [t.lower_ for t in words if t.lower_ not in {"the", "a", "an"}]
    # the role is the phrase's head noun with its modifiers ("police in Hong Kong", "Chinese troops in Ladakh")
    upto = [t.lower_ for t in words if t.i <= span.root.i and t.lower_ not in {"the", "a", "an"}]
    role = base.role(upto) or base.role(lower)
    if _is_facility(span, base) and (role is None or not role.person):
        return _place(text, span, memory, base)
    found: Actor | None = None
    title: Role | None = None
    ents = [_as_name(e) for e in entities(span)]
    names = [e for e in ents if e.label_ == "PERSON"]
    # a country named after the head ("police in Hong Kong") tells where a state body is, not a fighter's side
    where = role is not None and (role.domestic or role.sector in {"GOV", "COP", "JUD", "LEG"})
    country = _stated_country(span, base, skip=names, after_head=where)
    # "Trump's adviser Michael Flynn": a possessor is not the actor when the phrase names another
    if len(ents) > 1:
        ents = [
            e
            for e in ents
            if e.root.dep_ != "poss" and (e.root.i + 1 >= len(e.doc) or e.doc[e.root.i + 1].lower_ not in {"'s", "’s"})
        ] or ents
    # "the head of X, Nikolai Y": the named person is the actor, the one the phrase's head is part of first
    ents.sort(key=lambda e: (e.label_ != "PERSON", not e.start <= span.root.i < e.end))
    for ent in ents:
        ek = key(ent.text)
        if role is not None and all(t.lower_ in role.phrase.split() for t in ent):
            continue  # "Riot police" tagged as a name
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
            if not _fits(entry, ek, ent, span, memory, base):
                continue
            # "Syrian government forces": the unit's sector; "UN monitors", "FIFA officials": the body's
            sector = role.sector if role and entry.kind != "armed_group" else None
            if entry.sector in {"IGO", "NGO", "MED", "BUS"} and sector not in {"MIL", "COP"}:
                sector = None  # but "NATO warplanes", "UN peacekeepers": the armed units of the body
            found = _actor(text, span, entry, "kb", sector)
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
        n = len(role.phrase.split())
        surface = " ".join((upto if base.role(upto) else lower)[-n:])
        # "Western governments": a qualifier that names no country keeps the article's country out
        qualified = any(e.label_ in {"NORP", "GPE", "LOC"} for e in ents)
        return _by_role(text, span, role, surface, country, memory, base, qualified)
    rk = key(span.root.text)
    if rk.endswith("s") and rk[:-1] in base.demonyms and rk in base.demonyms:
        # "more than 100 Palestinians", "Bosnian Serbs": people
        return _generic(text, span, country or base.demonyms[rk], "CVL", "collective", base)
    if country is not None and any(t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "NORP"} for t in words):
        # "Hungary's treatment", "Peru's institutions": the state; "Israeli positions": the country's, of no sector
        named = any(
            key(t.text) in base.countries or key(t.text) in base.capitals or key(t.text) in base.metonyms
            for t in words
            if t.i < span.root.i
        ) or any(t.ent_type_ == "GPE" and key(t.text) not in base.demonyms for t in words if t.i < span.root.i)
        return _generic(text, span, country, "GOV" if named else None, "kb-country", base)
    for ent in ents:
        if ent.label_ == "NORP" and span.root.lower_ in _STATE_GROUPS:
            name = f"{ent.text} {span.root.text}"
            return Actor(text, name, None, "GOV", "group:" + _slug(name), (span.start_char, span.end_char), "role")
        if ent.label_ in {"ORG", "NORP"} and len(ent) >= 1:
            return Actor(
                text, ent.text, None, None, "org:" + _slug(ent.text), (span.start_char, span.end_char), "entity"
            )
        if ent.label_ in {"GPE", "LOC"} and not _sponsor(ent.doc, ent.end - 1):
            place = geocode(ent.text, memory.countries)
            if place is not None and place.country:
                return _generic(text, span, place.country, None, "place", base)
    return None


def _fits(entry: Entry, alias: str, ent: Span | None, span: Span, memory: ArticleMemory, base: KnowledgeBase) -> bool:
    """Whether a known body is the one meant: not when the phrase names another country ("Brazil's Senate"), nor
    when it is named by a common noun ("Congress", "the prime minister's office") in an article about another
    country."""
    if not entry.country:
        return True
    other = _stated_country(span, base, skip=[ent] if ent is not None else [])
    if other is not None and other != entry.country:
        return False
    home = memory.home()
    return not (alias in base.roles and home is not None and home != entry.country and other is None)


def _by_role(
    text: str,
    span: Span,
    role: Role,
    surface: str,
    country: str | None,
    memory: ArticleMemory,
    base: KnowledgeBase,
    qualified: bool = False,
) -> Actor:
    """An actor named by its role: the holder of a stated country's office, the one the article tied that role to
    before ("Venezuela's interior minister ...", then "the interior minister"), a state's or a people's own body or
    crowd in the country the article is about, else the role in its country (or none)."""
    if role.person and country is not None:
        holder = base.holder(country, role.phrase, memory.date)
        if holder is not None:
            actor = _actor(text, span, holder, "role")
            memory.remember_role(surface, actor)
            return actor
    if country is None:
        prev = memory.roles.get(surface)
        if prev is not None:
            return Actor(
                text, prev.name, prev.country, prev.sector, prev.actor_id, (span.start_char, span.end_char), "earlier"
            )
        home = memory.home() if role.domestic and not qualified else None
        if home is not None:
            return _generic(text, span, home, role.sector, "context", base)
    actor = _generic(text, span, country, role.sector, "role-person" if role.person else "role", base)
    memory.remember_role(surface, actor)
    return actor


def _stated_country(span: Span, base: KnowledgeBase, skip: Sequence[Span] = (), after_head: bool = True) -> str | None:
    """The country a phrase names by a country name, demonym, capital or metonym ("Syrian troops", "Russia's envoy",
    "the Kremlin's decision"), not a sponsor's ("Iranian-backed militias"), outside the `skip` spans (people's
    names); after the head noun only when `after_head` ("police in Hong Kong"; "fighters from Chechnya" always)."""
    doc = span.doc
    root = span.root
    for t in span:
        if any(s.start <= t.i < s.end for s in skip):
            continue
        if t.i > root.i and not after_head and not any(a.lower_ in {"of", "from"} for a in t.ancestors if a.i > root.i):
            continue
        iso = _country_of(doc, t, span.end, base)
        if iso is None or _sponsor(doc, t.i):
            continue
        return iso
    return None


def _country_of(doc: Doc, t: Token, limit: int, base: KnowledgeBase) -> str | None:
    tk = key(t.text)
    iso = base.country_word(t.text)
    if iso is None and t.ent_type_ in {"GPE", "NORP", "ORG", "FAC"}:
        iso = base.capitals.get(tk) or base.metonyms.get(tk)
    if iso is None and t.ent_iob_ == "B" and t.ent_type_ in {"GPE", "NORP", "ORG", "FAC"}:
        end = t.i + 1
        while end < limit and doc[end].ent_iob_ == "I":
            end += 1
        ek = key(doc[t.i : end].text)
        iso = base.countries.get(ek) or base.demonyms.get(ek) or base.capitals.get(ek) or base.metonyms.get(ek)
    return iso


def _sponsor(doc: Doc, i: int) -> bool:
    """ "Iranian-backed", "US-funded": a country that sponsors the actor, not its own."""
    nxt = doc[i + 1 : i + 3]
    return len(nxt) == 2 and nxt[0].text in {"-", "–"} and nxt[1].lower_ in _SPONSORED


def _is_facility(span: Span, base: KnowledgeBase) -> bool:
    """A phrase headed by a place noun that names a place ("the Paramacay base", "Shayrat air base")."""
    root = span.root
    if root.lower_ not in base.facilities and not (
        root.i > span.start and key(f"{root.doc[root.i - 1].text} {root.text}") in base.facilities
    ):
        return False
    return any(t.pos_ == "PROPN" and t.dep_ != "poss" for t in span if t.i != root.i)


def _place(text: str, span: Span, memory: ArticleMemory, base: KnowledgeBase) -> Actor:
    """A place as an actor (the target of an attack): its country from the phrase or the gazetteer, if known; named
    by its last proper name so that "Fuerte Paramacay army base" and "the Paramacay base" are one place."""
    proper = [t for t in span if t.pos_ == "PROPN" and t.i != span.root.i and key(t.text) not in base.demonyms]
    country = _stated_country(span, base, after_head=True)
    if country is None:
        for words in (proper, proper[-1:]):
            place = geocode(" ".join(t.text for t in words), memory.countries) if words else None
            if place is not None and place.country:
                country = place.country
                break
    name = proper[-1].text if proper else span.root.text
    return Actor(text, text, country, None, "place:" + _slug(name), (span.start_char, span.end_char), "place")


def _as_name(ent: Span) -> Span:
    """ "Tibisay Lucena", "Sanaa Seif": a name joined to a place-name entity makes a person's name, never geocoded."""
    if ent.label_ not in {"GPE", "LOC"}:
        return ent
    doc = ent.doc
    start, end = ent.start, ent.end
    while start > 0 and _name_part(doc[start - 1]) and doc[start - 1].head.i in range(start, end):
        start -= 1
    while end < len(doc) and _name_part(doc[end]) and ent.root.head.i == end and ent.root.dep_ == "compound":
        end += 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label="PERSON")


def _name_part(tok: Token) -> bool:
    """A token that can be part of a person's name: a proper noun that is no title, role, place word or country."""
    base = kb()
    k = key(tok.text)
    return (
        tok.pos_ == "PROPN"
        and tok.ent_type_ in {"", "PERSON"}
        and not tok.text.isupper()
        and not _PERSON_TITLES.match(tok.text)
        and k not in base.roles
        and k not in base.facilities
        and k not in base.countries
        and k not in base.demonyms
    )


def entity_at(tok: Token) -> Span | None:
    """The named entity a token is part of, found from its neighbours (`doc.ents` would scan the whole document)."""
    if tok.ent_iob_ not in {"B", "I"}:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def whole_entities(span: Span) -> list[Span]:
    """The named entities that lie wholly inside a span, as `Span.ents` gives them, without its scan of the
    document."""
    out = []
    for tok in span:
        if tok.ent_iob_ == "B":
            ent = entity_at(tok)
            if ent is not None and ent.end <= span.end:
                out.append(ent)
    return out


def entities(span: Span) -> list[Span]:
    """The named entities inside a span, an entity that crosses its edge cut at the edge (read once per document:
    `Span.ents` walks a long document's tokens at every call)."""
    doc = span.doc
    found: list[tuple[int, int, str]] | None = doc.user_data.get("storyline_ents")
    if found is None:
        found = [(ent.start, ent.end, ent.label_) for ent in doc.ents]
        doc.user_data["storyline_ents"] = found
    out: list[Span] = []
    # from the last entity that starts before the span (it may run into it)
    for start, end, label in found[max(0, bisect_right(found, (span.start, -1, "")) - 1) :]:
        if start >= span.end:
            break
        if end > span.start:
            out.append(Span(doc, max(start, span.start), min(end, span.end), label=label))
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


#: the parts a noun describing one person ("the gunman") plays when it names someone new
_MENTION_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}


def _antecedent(pronoun: Span, memory: ArticleMemory) -> Actor | None:
    """The person "he" or "she" stands for: the person mentioned last before it in its paragraph, by name or by a
    noun for one person ("The gunman ... shouted after he opened fire": the gunman), whether or not the mention was
    an event's party; else the last person an event named (also when one was named after that mention)."""
    base = kb()
    doc = pronoun.doc
    names = [e for e in entities(doc[: pronoun.start]) if e.label_ == "PERSON"]
    last: Span | Token | None = names[-1] if names else None
    for tok in doc[names[-1].end if names else 0 : pronoun.start]:
        role = base.role([tok.lower_]) if tok.pos_ == "NOUN" and tok.dep_ in _MENTION_DEPS else None
        if role is not None and role.person and tok.tag_ == "NN":
            last = tok
    if last is None:
        return memory.last_person
    here, at = memory.order(doc), memory.last_person_at
    start = last.start if isinstance(last, Span) else last.i
    if memory.last_person is not None and at is not None and (here, start) < at < (here, pronoun.start):
        return memory.last_person
    if isinstance(last, Span):
        return _person(last, memory, base)
    return resolve_span(noun_phrase(last), memory)


def _slug(text: str) -> str:
    return key(text).replace(" ", "-") or "unknown"


_LISTED_NAMES = {"GPE", "NORP", "ORG"}


def _comma_listed(subject: Token) -> list[Token]:
    """ "Russia, China veto ...": the names a headline lists before a subject with a bare comma for "and"."""
    if subject.dep_ != "nsubj" or subject.ent_type_ not in _LISTED_NAMES:
        return []
    doc = subject.doc
    return [
        c
        for c in subject.head.children
        if c.i < subject.i
        and c.dep_ in {"nsubj", "npadvmod"}
        and c.ent_type_ in _LISTED_NAMES
        and c.right_edge.i + 2 == subject.left_edge.i
        and doc[c.right_edge.i + 1].text == ","
    ]


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
    if head.lower_ in QUANTITY_HEADS or head.pos_ == "NUM":
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            head = obj
    heads = [*_comma_listed(head), head, *[c for c in head.conjuncts if c.i > head.i]]
    for child in head.children:  # "Saudi Arabia, the UAE, Bahrain and Egypt" parsed as an apposition
        if _listed(child):
            heads += [child, *[c for c in child.conjuncts if c.i > child.i]]
    out = []
    for h in heads:
        span = noun_phrase(h)
        actor = resolve_span(span, memory)
        if actor is None:
            continue
        memory.remember(actor, [t.text for t in span if t.ent_type_ == "PERSON"], span)
        out.append(actor)
    if len(out) == 1 and out[0].country:
        out += _joined_countries(head, out[0])
    return out


def _joined_countries(head: Token, first: Actor) -> list[Actor]:
    """Two countries named before one head are two actors: "Hungarian and Romanian officials" (conjoined demonyms),
    "U.S. and South Korean forces" (joined by "and", though the parser may leave the second unlinked)."""
    named: list[Span] = [c.doc[c.i : c.i + 1] for child in head.lefts if child.dep_ == "amod" for c in child.conjuncts]
    left = head.doc[noun_phrase(head).start : head.i]
    if any(t.lower_ == "and" and t.dep_ == "cc" for t in left):
        named += entities(left)
    base = kb()
    out: list[Actor] = []
    for span in named:
        iso = base.country_word(span.text)
        if iso and iso != first.country and all(a.country != iso for a in out):
            out.append(_generic(span.text, span, iso, first.sector, "role", base))
    return out
