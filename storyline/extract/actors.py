"""Actors: from a noun phrase in a parse to {name, country, sector, actor id}, with what the article said before.

Resolution order: the knowledge base (people by the article's date, organisations, countries, capitals and other
metonyms); the roles and demonyms the phrase itself states ("Russian Foreign Minister Lavrov", "Syrian special
forces", "the Turkish leader"); earlier mentions in the same article ("Lavrov" after "Sergei Lavrov"); collective
plurals ("the Russians"). An unknown person stays named with a null country: never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from storyline.extract.kb import Entry, KnowledgeBase, kb, key
from storyline.model import Actor

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
    right = head.i
    for child in head.rights:
        if (
            child.dep_ in {"compound", "flat", "nummod"}
            or (child.dep_ == "appos" and (child.ent_type_ in {"PERSON", "ORG"} or child.pos_ == "PROPN"))
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
    """What an article has said so far: names to actors, the last person named."""

    date: str | None
    #: the article's byline, for the author's own statements ("I said ...")
    author: str | None = None
    names: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None
    last_group: Actor | None = None

    def remember(self, actor: Actor, words: list[str]) -> None:
        if actor.how == "pronoun":
            return
        self.names.setdefault(key(actor.name), actor)
        if actor.how in {"kb", "kb-country", "metonym", "collective"}:
            self.last_group = actor
        if actor.actor_id.startswith("person:") or actor.how in {"kb-person", "earlier"}:
            if len(words) > 1:
                self.names.setdefault(key(words[-1]), actor)
            self.last_person = actor


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

    # 1. the whole phrase in the knowledge base or in what the article said before
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
    if k in base.countries:
        iso = base.countries[k]
        return _generic(text, span, iso, None, "kb-country", base)
    if k in base.capitals or k in base.metonyms:
        iso = base.capitals.get(k) or base.metonyms[k]
        return _generic(text, span, iso, "GOV", "metonym", base)
    if k in base.demonyms:
        return _generic(text, span, base.demonyms[k], None, "collective", base)

    # 2. the parts of the phrase: people, organisations, places and demonyms, role words
    words = [t for t in span if not t.is_punct]
    lower = [t.lower_ for t in words]
    role = base.role([w for w in lower if w not in {"the", "a", "an"}])
    country: str | None = None
    found: Actor | None = None
    ents = entities(span)
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
            found = found or _person(ent, memory, base)
        elif ent.label_ in {"ORG", "FAC", "PERSON"} and ek in base.outlets and found is None:
            found = _actor(text, span, base.outlets[ek], "kb")
        elif ent.label_ in {"ORG", "FAC"} and ek in base.orgs and found is None:
            entry = base.orgs[ek]
            found = _actor(text, span, entry, "kb", role.sector if role and entry.kind != "armed_group" else None)
        elif ek in base.countries or ek in base.demonyms or ek in base.capitals:
            country = country or base.countries.get(ek) or base.demonyms.get(ek) or base.capitals.get(ek)
    if country is None:
        for t in words:
            tk = key(t.text)
            if tk in base.demonyms or tk in base.countries:
                country = base.demonyms.get(tk) or base.countries.get(tk)
                break
    if found is not None:
        if found.country is None and country is not None and found.how == "entity":
            found.country = country
            found.how = "role"
        if found.sector is None and role is not None:
            found.sector = role.sector
        found.text = text
        found.span = (span.start_char, span.end_char)
        return found
    if role is not None:
        if role.person and country is not None:
            holder = base.holder(country, role.phrase, date)
            if holder is not None:
                return _actor(text, span, holder, "role")
        return _generic(text, span, country, role.sector, "role-person" if role.person else "role", base)
    if country is not None and any(t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "NORP"} for t in words):
        return _generic(text, span, country, None, "kb-country", base)
    for ent in ents:
        if ent.label_ in {"ORG", "NORP"} and len(ent) >= 1:
            return Actor(
                text, ent.text, None, None, "org:" + _slug(ent.text), (span.start_char, span.end_char), "entity"
            )
        if ent.label_ in {"GPE", "LOC"}:
            from storyline.places import geocode

            place = geocode(ent.text)
            if place is not None and place.country:
                return _generic(text, span, place.country, None, "place", base)
    return None


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
    if head.lower_ in _QUANTITY_HEADS or head.pos_ == "NUM":
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            head = obj
    heads = [head, *[c for c in head.conjuncts if c.i > head.i]]
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
