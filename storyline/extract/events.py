"""Events: lexicon triggers in a dependency parse, their source and target, modality, date and place.

One sentence at a time. A trigger is a verb ("shelled", "pulled out", "called for") or a noun ("air strikes",
"talks", "a phone call") from `knowledge/event_lexicon.tsv`. The source is the grammatical subject (or a passive's
agent, or for a noun the subject of the light verb that carries it, or its possessive or demonym); the target is
found in the slots the lexicon names. A trigger that only elaborates another event of the sentence ("opened fire
..., killing two", "threatened to cut ties") is folded into it instead of becoming an event of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from storyline.extract.actors import QUANTITY_HEADS, ArticleMemory, entities, entity_at, resolve
from storyline.extract.arguments import (
    CHARACTERISING,
    MEASURE_PREPS,
    PARTY_COUNTS,
    SUBJECTS,
    actors_at,
    arguments_of,
    carrier_of,
    headline_verb,
    is_light,
    reporter_of,
    slot_of,
    subject_of,
    two_parties,
)
from storyline.extract.headline import is_heading
from storyline.extract.kb import kb, key
from storyline.extract.lexicon import CONFLICTUAL, VERBAL_TYPES, Trigger, lexicon
from storyline.extract.modality import (
    WILL_AUX,
    cut_off,
    denied_charge,
    held_type,
    in_apposition,
    in_return,
    intent_type,
    is_condition,
    is_speech,
    modality,
    next_act_after_report,
)
from storyline.extract.when import event_date, resolve_expression
from storyline.model import Actor, Event, Place
from storyline.places import geocode

_PLACE_PREPS = {"in", "at", "near", "outside", "around", "across", "into", "inside", "on", "over", "from", "to"}


@dataclass
class SentenceContext:
    """What extraction of one sentence needs to know about its article."""

    article_id: str
    pub: str | None
    memory: ArticleMemory
    countries: set[str]
    from_title: bool
    #: where the parsed chunk starts in the article's text (or title)
    offset: int = 0
    #: the country the article talks about most
    home: str | None = None


@dataclass
class _Candidate:
    token: Token
    trigger: Trigger
    sources: list[Actor]
    targets: list[Actor]


# --- triggers ---------------------------------------------------------------------------------------------------


def _verb_extras(tok: Token, extras: tuple[str, ...]) -> bool:
    """A particle or adverb anywhere ("pulled its troops out"), a preposition right after the verb ("called for")."""
    if not extras:
        return True
    particles = {c.lower_ for c in tok.children if c.dep_ in {"prt", "advmod", "oprd"}}  # "called its envoys home"
    following = {t.lower_ for t in tok.doc[tok.i + 1 : tok.i + 4]}  # "lifted the siege", "took to the streets"
    infinitive = {a.lower_ for c in tok.children if c.dep_ == "xcomp" for a in c.children if a.dep_ == "aux"}
    # the object and the words it carries: "lifted the long siege", "set the two engineers free"
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    particles |= {t.lower_ for o in objects for t in (o, *(g for g in o.children if g.dep_ in {"amod", "advmod"}))}
    # a phrase anywhere on the verb: "spoke to Museveni by telephone"
    phrases = {w for p in tok.children if p.dep_ == "prep" for w in (p.lower_, *(o.lower_ for o in p.children))}
    # "took the ministry to court", which the parser reads as an infinitive "to court"
    phrases |= {w for x in tok.children if x.dep_ == "xcomp" and x.left_edge.lower_ == "to" for w in ("to", x.lower_)}
    if len(extras) > 1 and all(w in phrases for w in extras):
        return True
    if extras in {("against",), ("alongside",)} and extras[0] in phrases:
        return True  # "voted 45 to 65 against a proposal": a preposition no other reading of the verb takes
    return all(w in particles or w in following or (w == "to" and w in infinitive) for w in extras)


def _noun_modifiers(tok: Token, mods: tuple[str, ...]) -> bool:
    if not mods:
        return True
    if (
        len(mods) == 1
        and mods[0] == "joint"
        and any(c.lower_ == "joint" and c.dep_ in {"amod", "compound"} for c in tok.lefts)
    ):
        return True  # "a joint rescue drill", "joint naval patrols": other words may come between
    doc = tok.doc
    i = tok.i - 1
    for word in reversed(mods):
        while i >= 0 and doc[i].text in {"-", "–"}:
            i -= 1
        if i < 0 or word not in {doc[i].lemma_.lower(), doc[i].lower_}:
            return False
        i -= 1
    return True


#: "X declared that Y must drop its barriers": telling another party what it must do is a demand
_MUST = {"must", "should"}
_OBLIGATION = Trigger(("say",), "VERB", "REQUEST", None, "10", ("ccomp",), frozenset({"obligation"}))


#: verbs that give an order
_ORDERING = {"order", "instruct", "command", "direct", "tell"}
#: "ordered the envoy to leave", "gave the ambassador 48 hours to leave": an order to go is an expulsion
_EXPULSION = Trigger(("order",), "VERB", "SANCTION", "expel", "166", ("dobj", "dative"), frozenset())
_ENVOYS = {"ambassador", "envoy", "diplomat", "attache", "attaché", "consul", "charge", "chargé"}


#: "ordered the BBC's correspondent to leave the country": an order to foreign civilians to go is an expulsion of them
_DEPORTATION = Trigger(("order",), "VERB", "COERCE", "deport", "174", ("dobj", "dative"), frozenset())
_CIVILIANS = {"citizen", "national", "correspondent", "journalist", "reporter", "foreigner", "worker", "employee"}
_CIVILIANS |= {"staff", "missionary", "expatriate", "tourist", "resident", "family"}


#: "a judge ordered Castillo to be held in pre-trial detention": an order that someone be held is the detention
_DETENTION = Trigger(("order",), "VERB", "COERCE", "arrest", "173", ("dobj",), frozenset())
#: time given to do something, or else: an ultimatum
_ULTIMATUM = Trigger(("give",), "VERB", "THREATEN", None, "13", ("dative", "dobj"), frozenset())
_SPANS = {"hour", "day", "week", "month", "deadline"}
#: what time is given to do as a right, not as an ultimatum ("30 days to appeal")
_GRANTED = {"appeal", "respond", "reply", "comment", "prepare", "consider", "review", "file", "pay"}
_DEMAND = Trigger(("tell",), "VERB", "REQUEST", None, "10", ("dobj", "dative"), frozenset())
_HELD = {"hold", "detain", "jail", "imprison", "remand", "arrest", "keep", "confine"}


def _order_trigger(tok: Token) -> Trigger | None:
    """The act an order is, when it orders someone held (a detention) or an envoy to go (an expulsion)."""
    if tok.lemma_.lower() not in _ORDERING | {"give"} or tok.pos_ != "VERB":
        return None
    if any(
        c.lemma_.lower() in _HELD
        and (
            (c.dep_ == "xcomp" and any(a.dep_ == "auxpass" for a in c.children))
            or (c.dep_ in {"ccomp", "xcomp"} and c.tag_ == "VBN")  # "ordered him held for seven days"
        )
        for c in tok.children
    ):
        return _DETENTION
    leaving = [t for c in tok.children for t in (c, *c.children) if t.lemma_.lower() in {"leave", "depart", "quit"}]
    told = [c for c in tok.children if c.dep_ in {"dobj", "dative", "nsubjpass"}]
    if leaving and any(c.lemma_.lower() in _ENVOYS or _foreign_officials(c) for c in told):
        return _EXPULSION  # "ordered 48 Russian officials at the embassy to leave"
    if leaving and any(c.lemma_.lower() in _CIVILIANS or (c.ent_type_ == "NORP" and c.tag_ == "NNPS") for c in told):
        return _DEPORTATION  # "ordered all 280 South Koreans to leave", "gave Qatari citizens 14 days to leave"
    spans = [c for c in tok.children if c.dep_ in {"dobj", "dative", "npadvmod"} and c.lemma_.lower() in _SPANS]
    if tok.lemma_.lower() == "give" and spans:
        # "gave the militants 48 hours to surrender", "gave the firms 180 days to sign new contracts": an ultimatum
        clauses = [c for h in (tok, *spans) for c in h.children if c.dep_ in {"xcomp", "advcl", "relcl", "acl"}]
        if any(c.tag_ == "VB" and c.lemma_.lower() not in _GRANTED for c in clauses):
            return _ULTIMATUM
    if (
        tok.lemma_.lower() == "tell"
        and told
        and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in tok.children)
    ):
        return _DEMAND  # "the EU told Minsk to release political prisoners"
    return None


#: what a state lets another's forces use
_FACILITIES = {
    "port", "base", "airspace", "airfield", "airbase", "territory", "facility", "runway", "harbour", "harbor",
}  # fmt: skip
_ACCESS = Trigger(("let",), "VERB", "COOPERATE", "military", "062", (), frozenset())


def _access(tok: Token) -> Trigger | None:
    """ "Oman let American warships use its port", "Egypt allowed Israeli jets to use its airspace": a state lending
    its bases or airspace to another's forces cooperates with them."""
    if tok.lemma_.lower() not in {"let", "allow", "permit", "authorise", "authorize"} or tok.pos_ != "VERB":
        return None
    uses = [c for c in tok.children if c.dep_ in {"ccomp", "xcomp"} and c.lemma_.lower() == "use"]
    if any(o.dep_ == "dobj" and o.lemma_.lower() in _FACILITIES for u in uses for o in u.children):
        return _ACCESS
    return None


_CLAIMED = Trigger(("claim",), "VERB", "ASSAULT", None, "19", ("prep:on", "prep:against"), frozenset())


def _claimed(tok: Token) -> Trigger | None:
    """ "The Islamic State claimed responsibility for the attack", "the bombing was claimed by the group": the
    claimant owns the attack."""
    if tok.lemma_.lower() != "claim" or tok.pos_ != "VERB":
        return None
    held = [c for c in tok.children if c.dep_ == "nsubjpass"]
    held += [o for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in {"responsibility", "credit"}
             for p in c.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children]  # fmt: skip
    return _CLAIMED if any((t := find_trigger(h)) is not None and t.type == "ASSAULT" for h in held) else None


_FORCE = {"force", "fire", "response", "retaliation", "resistance", "bullet"}
_MET_WITH_FORCE = Trigger(("meet",), "VERB", "THREATEN", "violence", "138", (), frozenset({"reported"}))


def _met_with_force(tok: Token) -> Trigger | None:
    """ "The junta said any foreign force would be met with fire": what is held out for an act is a warning."""
    if tok.lemma_.lower() != "meet" or not any(c.dep_ == "auxpass" for c in tok.children) or not reporter_of(tok):
        return None
    met = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children]
    return _MET_WITH_FORCE if any(o.lemma_.lower() in _FORCE for o in met) else None


_DUE_VISIT = Trigger(("due",), "ADJ", "CONSULT", "visit", "042", ("prep:in", "prep:at"), frozenset())


def _due_in(tok: Token) -> Trigger | None:
    """ "Vice President Mike Pence is due in Bogota on Monday": expected in a place, a visit planned."""
    if tok.lower_ != "due" or tok.dep_ != "acomp":
        return None
    places = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in {"in", "at"} for o in p.children]
    return _DUE_VISIT if any(o.ent_type_ in {"GPE", "LOC", "FAC"} for o in places) else None


_ADMISSION = Trigger(("admit",), "VERB", "CONCEDE", "apologize", "055", (), frozenset())
#: wrongs an actor may own up to, besides hostile acts
_WRONGS = {"mislead", "lie", "err", "deceive", "fail", "cover", "violate", "breach", "cheat"}
_ERRORS = {"error", "mistake", "irregularity", "failing", "flaw", "wrongdoing", "abuse", "negligence"}


def _admission(tok: Token) -> Trigger | None:
    """ "Germany acknowledged that its troops committed genocide", "admitted that she had misled the bank": owning
    up to a wrong one's side did is a concession; the wrong is what was admitted, no event of its own."""
    if tok.lemma_.lower() not in {"admit", "acknowledge", "confess"} or tok.pos_ != "VERB":
        return None
    for clause in (c for c in tok.children if c.dep_ == "ccomp"):
        for t in clause.subtree:
            wrong = t.lemma_.lower() in _WRONGS or (t.pos_ == "NOUN" and t.lemma_.lower() in _ERRORS)
            trig = _ADMISSION if wrong else find_trigger(t)
            if trig is not None and trig.type in {"ASSAULT", "COERCE", "CONCEDE"}:
                return _ADMISSION
    return None


def _foreign_officials(noun: Token) -> bool:
    return noun.lemma_.lower() in {"official", "officer"} and any(c.ent_type_ == "NORP" for c in noun.children)


def _obligation(tok: Token) -> Trigger | None:
    if not is_speech(tok) and tok.lemma_.lower() not in {"declare", "insist", "reiterate", "conclude", "demand"}:
        return None
    for clause in tok.children:
        if clause.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in _MUST for c in clause.children):
            return _OBLIGATION
    return None


_NAMING_VERBS = {"call", "brand", "label", "describe", "denounce", "decry", "term"}
#: "called the raid an act of war", "branded the vote a farce": naming another's act is accusing
_NAMING = Trigger(("call",), "VERB", "ACCUSE", "disapprove", "11", ("dobj",), frozenset())
#: "called the project a truly historic event", "called the talks constructive": naming an act well is praise
_PRAISE = Trigger(("call",), "VERB", "SUPPORT", "praise", "051", ("dobj",), frozenset())
_PRAISING = {
    "historic", "important", "positive", "good", "great", "landmark", "milestone", "breakthrough", "success",
    "constructive", "fruitful", "excellent", "productive", "welcome", "successful", "significant", "vital",
}  # fmt: skip
_GOOD_THINGS = {"event", "step", "day", "moment", "achievement", "agreement", "deal", "decision", "move"}


def _praised(verb: Token) -> bool:
    """Whether what a naming verb calls its object is praise ("a historic event", "constructive")."""
    named = [c for c in verb.children if c.dep_ in {"oprd", "xcomp", "ccomp"}]
    named += [c for o in verb.children if o.dep_ == "dobj" for c in o.children if c.dep_ in {"amod", "oprd"}]
    # the word that names it, or the good it is said to be ("a truly historic event"), not "a historic mistake"
    return any(
        n.lemma_.lower() in _PRAISING
        or (n.lemma_.lower() in _GOOD_THINGS and any(a.lemma_.lower() in _PRAISING for a in n.children))
        for n in named
    )


#: a court or a body ruling or declaring something void ("rules the deportation plan unlawful") rejects it
_RULING_VERBS = {"rule", "declare", "deem", "find", "pronounce"}
_VOID = {"unlawful", "illegal", "invalid", "unconstitutional", "void", "null", "illegitimate", "inadmissible"}
_VOIDING = Trigger(("rule",), "VERB", "REJECT", None, "12", ("dobj",), frozenset())


#: "guarded the sites jointly with Kazakh troops": an act done together with another party is their cooperation
_JOINT = Trigger(("together",), "VERB", "COOPERATE", None, "06", (), frozenset())
#: what a party does "in return" for a deal (a bailout's conditions): its concession
_IN_RETURN = Trigger(("return",), "VERB", "CONCEDE", None, "08", (), frozenset())
_TOGETHER = {"together", "jointly"}
#: an act its actor says it will not do, whatever the act ("Tehran said it would not renegotiate the deal")
_REFUSAL = Trigger(("refuse",), "VERB", "REJECT", None, "12", ("dobj", "prep:with", "prep:to"), frozenset())
#: what an actor "will not" do that refuses no one ("would not comment", "would not be drawn")
_NOT_REFUSALS = {
    "be", "have", "do", "comment", "speculate", "elaborate", "disclose", "reveal", "confirm", "say", "know", "need",
    "last", "happen", "affect", "change", "hesitate", "forget", "use",
}  # fmt: skip


def _together(tok: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in _TOGETHER for c in tok.children)


def _joint_partner(verb: Token) -> Token | None:
    """The party `verb` is done together with ("built engines together with Hindustan Aeronautics", "guard the sites
    jointly with Kazakh troops", "was organised by the agency together with U.S. services", "work alongside the
    constabulary"); not a co-subject ("Merkel, together with Macron, called for ..."), who shares the verb's act."""
    holders = [verb]
    for child in verb.children:
        if child.dep_ == "dobj":
            holders.extend((child, *child.conjuncts))
        elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            holders.extend(c for c in child.children if c.dep_ == "pobj")
    for holder in holders:
        together = _together(holder)
        for prep in holder.children:
            if prep.dep_ != "prep":
                continue
            paired = prep.lower_ == "with" and (together or _together(prep))
            if paired or (prep.lower_ == "alongside" and holder is verb):
                partner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if partner is not None:
                    return partner
    return None


def _joint_candidate(verb: Token, memory: ArticleMemory) -> _Candidate | None:
    """For a verb that is no act of its own, the cooperation of its doer (its subject, or the "by" agent of a
    passive) with the party it acts together with (`_joint_partner`), when both are actors and not the same one; or,
    with no such party, of the doers of two states working together ("authorities in Belgium and France worked
    together")."""
    if verb.pos_ != "VERB" or is_speech(verb):
        return None
    partner = _joint_partner(verb)
    if partner is None:
        doers = arguments_of(verb, _JOINT, memory)[0] if _together(verb) else []
        if len({a.country for a in doers if a.country}) < 2:
            return None
        return _Candidate(verb, _JOINT, doers[:1], doers[1:])
    agent = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
    sources = actors_at(agent, memory) if agent is not None else arguments_of(verb, _JOINT, memory)[0]
    partners = actors_at(partner, memory)
    if not sources or not partners or partners[0].actor_id == sources[0].actor_id:
        return None
    return _Candidate(verb, _JOINT, sources, partners)


def _return_candidate(verb: Token, memory: ArticleMemory) -> _Candidate | None:
    """ "In return, Cairo is to let the pound float and sell stakes in state companies", "In return, Athens must push
    pension cuts through parliament": what a state gives for a deal, each of its acts, is a concession."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() in {"be", "have", "do"}:
        return None
    clause = [verb]  # the verb, and what it hangs on as the next act or the act "is to" do
    while clause[-1].dep_ in {"conj", "xcomp"} and len(clause) < 3:
        clause.append(clause[-1].head)
    if not in_return(clause):
        return None
    sources = arguments_of(verb, _IN_RETURN, memory)[0]
    if not sources or sources[0].sector != "GOV":
        return None
    return _Candidate(verb, _IN_RETURN, sources, [])


def _refusal_candidate(verb: Token, sent: Span, memory: ArticleMemory) -> _Candidate | None:
    """ "Iran said it would not renegotiate the deal", "the junta said it will never hand power back": an act the
    actor says it will not do is a refusal, whether or not the act is one the lexicon knows."""
    if verb.pos_ != "VERB" or is_speech(verb) or verb.lemma_.lower() in _NOT_REFUSALS:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in WILL_AUX for c in verb.children):
        return None
    if not any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children):
        return None  # "had failed the people and would continue to stand by them": not a refusal of its own
    if modality(verb, sent) != ("negated", True):
        return None
    sources, targets = arguments_of(verb, _REFUSAL, memory)
    return _Candidate(verb, _REFUSAL, sources, targets) if sources else None


def _hyphen_at(doc: Doc, i: int) -> bool:
    """Whether `doc[i]`, a hyphen and `doc[i + 2]` are written as one word, which the tokenizer cut in three."""
    return (
        i >= 0 and i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_
    )


def _hyphen_word(tok: Token) -> str | None:
    """ "vice-president" when `tok` is "vice" cut from it by the tokenizer, with the last part's lemma."""
    doc = tok.doc
    return f"{tok.lower_}-{doc[tok.i + 2].lemma_.lower()}" if _hyphen_at(doc, tok.i) else None


def _hyphened(tok: Token, lemma: str) -> str:
    """ "test-fired", which the tokenizer cuts into "test", "-", "fired": the verb with its prefix ("test-fire")."""
    doc = tok.doc
    return f"{doc[tok.i - 2].lower_}-{lemma}" if _hyphen_at(doc, tok.i - 2) else lemma


def _named_as(obj: Token) -> bool:
    """ "called the seizure unacceptable": the parser may hang the adjective on the object, after it."""
    return obj.dep_ == "dobj" and any(a.dep_ == "amod" and a.i > obj.i and a.pos_ == "ADJ" for a in obj.children)


def find_trigger(tok: Token) -> Trigger | None:
    """The lexicon entry `tok` is the trigger word of, preferring the longest entry that fits."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if tok.dep_ == "amod" or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
        return None  # "armed men", "a letter handed over": a participle describing a thing
    if lemma in _RULING_VERBS and any(
        c.pos_ == "ADJ" and c.lower_ in _VOID and c.dep_ in {"acomp", "ccomp", "oprd", "xcomp", "amod", "dobj"}
        for t in (tok, *(o for o in tok.children if o.dep_ == "dobj"))
        for c in t.children
    ):
        return _VOIDING
    if lemma == "find" and any(t.lower_ == "guilty" for c in tok.children for t in (c, *c.children)):
        return next(iter(lex.verbs.get("convict", ())), None)  # "the court found Mladic guilty of genocide"
    if lemma in _NAMING_VERBS and any(c.dep_ == "oprd" or _named_as(c) for c in tok.children):
        if any(c.lower_ in {"what", "whatever"} for c in tok.children):
            return None  # "struck what it called a training camp": a name given in passing
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
        if passive:
            return None  # "a service that will be called Beats" only gives a name
        return _PRAISE if _praised(tok) else _NAMING
    if tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX") or headline_verb(tok):
        for trig in lex.verbs.get(_hyphened(tok, lemma), ()) or lex.verbs.get(lemma, ()):
            if _verb_extras(tok, trig.words[1:]) and ("reported" not in trig.flags or reporter_of(tok)):
                return trig
    if tok.dep_ == "compound" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return None  # "aid worker", "protest leaders": a noun naming the kind of another
    # "conducted drills", where the tagger took the plural noun for a verb ("he drills")
    misread = tok.tag_ == "VBZ" and tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"} and tok.lower_.endswith("s")
    if misread:
        lemma = tok.lower_[:-1]
    nominal = tok.pos_ in {"NOUN", "PROPN"} or tok.tag_.startswith("NN") or misread
    if nominal and tok.ent_type_ not in {"DATE", "TIME"}:
        for trig in lex.nouns.get(lemma, ()) + lex.nouns.get(tok.lower_, ()):
            if _noun_modifiers(tok, trig.words[:-1]):
                if "reported" in trig.flags and not reporter_of(tok):
                    continue
                if (
                    "light_only" in trig.flags
                    and not _carried(tok)
                    and not _has_partner(tok)
                    and not _jointly(tok, trig)
                ):
                    continue
                return trig
    if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
        return next((t for t in lex.adjectives.get(lemma, ()) if "reported" not in t.flags or reporter_of(tok)), None)
    return None


def _jointly(noun: Token, trig: Trigger) -> bool:
    """ "Police in Spain and Morocco dismantled the network in a joint operation": a joint act told as the way
    another act was done is the doers' cooperation."""
    return (
        trig.type == "COOPERATE"
        and trig.words[0] == "joint"
        and noun.dep_ == "pobj"
        and noun.head.lower_ in {"in", "through", "during"}
    )


def _has_partner(noun: Token) -> bool:
    """ "a conversation with Patrushev", "an agreement between Russia and Turkey": the noun names its parties."""
    carrier = carrier_of(noun)
    preps = [c for c in noun.children if c.dep_ == "prep"]
    if carrier is not None:
        preps += [c for c in carrier.children if c.dep_ == "prep" and c.i > noun.i]
    for prep in preps:
        if prep.lower_ in {"with", "between"}:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in obj.subtree):
                return True
    return False


#: verbs whose "with" phrase is the act they answer with
_ANSWERING = {"respond", "retaliate", "react", "answer", "reply", "hit"}


def _answered_with(verb: Token) -> Token | None:
    """The act an answering verb's "with" phrase names: "retaliated with tariffs", "responded with matching tariffs"
    (the parser may make "matching" a verb taking the noun)."""
    if verb.lemma_.lower() not in _ANSWERING:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
                if obj.dep_ == "pcomp":
                    return next((o for o in obj.children if o.dep_ == "dobj"), None)
    return None


def _carried(noun: Token) -> bool:
    """A noun carried by a light verb ("held talks"), or the subject of its clause ("talks collapsed")."""
    if noun.dep_ in {"nsubj", "nsubjpass"}:
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ in MEASURE_PREPS and noun.head.head.dep_ in {"dobj", "dative"}:
        noun = noun.head.head  # "gave the Ivory Coast 5.1 million dollars of aid", "$50 million in assistance"
    if noun.dep_ in {"dobj", "attr", "conj"} and is_light(noun.head):
        return True
    # "Beijing responded with tariffs", "responded with matching tariffs": the verb above "with"
    answering = noun.head.head if noun.dep_ == "pobj" else noun.head.head.head
    if _answered_with(answering) == noun:
        return True
    if noun.dep_ == "conj" and noun.head.dep_ in {"dobj", "attr"} and is_light(noun.head.head):
        return True  # "declared martial law and a general mobilisation"
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and _taking_part(noun.head.head):
        return True  # "joins Peru and Ecuador in naval drills", "took part in the exercise"
    return noun.dep_ == "ROOT"


def _taking_part(verb: Token) -> bool:
    """ "joined", "participated", "took part": its subject shares the act its "in" phrase names."""
    lemma = verb.lemma_.lower()
    return lemma in {"join", "participate"} or (
        lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)
    )


# --- sentences --------------------------------------------------------------------------------------------------


_STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG"}


def _state_country(actor: Actor | None, where: str | None) -> None:
    """ "Government forces", "the regime", "police" with no country named: the state where the event happens.
    Only state institutions named by a collective role: never a person, never a rebel group."""
    if actor is None or actor.country or actor.how != "role" or actor.sector not in _STATE_SECTORS:
        return
    if PARTY_COUNTS & set(actor.text.lower().split()):
        return  # "the two leaders discussed Aleppo": two states' leaders, not the host's
    country = where
    if country:
        actor.country = country
        actor.actor_id = f"{country}-{actor.sector}"
        actor.how = "context"


def _speaker_for_state(cand: _Candidate, memory: ArticleMemory) -> None:
    """ "Lavrov made it clear that Russia blames the US": a state's official speaking for it is the more precise
    source of what the state does in his own statement."""
    if not cand.sources or cand.sources[0].how not in {"kb-country", "metonym"}:
        return
    country = cand.sources[0].country
    node = cand.token
    for _ in range(4):
        if node.head == node:
            return
        if node.dep_ in {"ccomp", "xcomp"}:
            subject = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
            if subject is None:
                return
            speakers = resolve(subject, memory)
            if (
                speakers
                and speakers[0].country == country
                and speakers[0].sector == "GOV"
                and (speakers[0].how in {"kb-person", "earlier"} or speakers[0].actor_id.startswith("person:"))
            ):
                cand.sources = speakers
            return
        node = node.head


#: units a load is counted in, whose "of" phrase names what the load is
_MEASURE_WORDS = {
    "tonne", "ton", "kilogram", "kg", "litre", "liter", "barrel", "truckload", "planeload", "shipload", "lorryload",
    "crate", "box", "bag", "pallet", "sack", "carton", "team", "brigade", "contingent",
}  # fmt: skip
#: acts whose "of" phrase names what is handed on ("approved the release of $1.1 billion", "a shipment of rifles")
_HANDING_ON = {"release", "delivery", "transfer", "shipment", "disbursement", "supply", "payment"}
#: a stop whose "to", "in" or "of" phrase names what is stopped ("ordered an end to military operations")
_STOPS = {"end", "halt", "pause", "suspension", "cessation"}
#: verbs of a vehicle's load ("planes carrying medical equipment", "trucks loaded with flour")
_CARRYING = {"carry", "bring", "transport", "load", "laden", "ferry"}


def _argument_nouns(noun: Token) -> list[Token]:
    """The noun, the X of a measure "N of X" ("700 kg of medicine", "a team of doctors", not "convoys of aid"), the
    load of a vehicle ("planes carrying a field hospital"), its conjuncts and appositions, and the title words of a
    name."""
    out = [noun]
    measure = (
        noun.ent_type_ in {"QUANTITY", "MONEY", "CARDINAL"}
        or any(c.dep_ == "nummod" for c in noun.children)
        or noun.lower_ in QUANTITY_HEADS  # "treated dozens of wounded"
        or noun.lemma_.lower() in _MEASURE_WORDS  # "shipped tonnes of relief supplies"
        or noun.lemma_.lower() in _HANDING_ON
    )
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of" and measure:
            out.extend(x for o in child.children if o.dep_ == "pobj" for x in (o, *o.conjuncts))
        elif child.dep_ == "prep" and child.lower_ in {"to", "in", "of"} and noun.lemma_.lower() in _STOPS:
            out.extend(o for o in child.children if o.dep_ == "pobj")
        elif child.dep_ == "acl":  # "planes carrying a field hospital"
            out.extend(_load(child))
        elif child.dep_ in {"conj", "appos"} or (child.dep_ == "compound" and noun.pos_ == "PROPN"):
            out.append(child)  # "tents and food", "Guzman, a drug trafficker", "drug lord Guzman"
    return out


def _load(clause: Token) -> list[Token]:
    """What a clause of carrying says is carried ("carrying virologists and medical equipment", "loaded with
    flour"), or nothing for any other clause."""
    if clause.lemma_.lower() not in _CARRYING:
        return []
    held = [o for o in clause.children if o.dep_ == "dobj"]
    held += [o for p in clause.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children]
    return [y for o in held for x in (o, *o.conjuncts) for y in _argument_nouns(x)]  # "63,000 tonnes of wheat"


def by_argument(verb: Token) -> tuple[Trigger, Token, Token] | None:
    """(trigger, argument, matched noun) when the verb's object or subject decides what it does: halting aid is a
    sanction, calling off a strike a concession, flying food in is aid, crowds storming a building a protest."""
    rules = lexicon().by_argument.get(verb.lemma_.lower())
    if not rules or not verb.tag_.startswith("VB") or verb.dep_ == "amod":
        return None
    if any(
        c.dep_ == "xcomp" and c.tag_ == "VB" and (find_trigger(c) is not None or by_argument(c) is not None)
        for c in verb.children
    ):
        return None  # "ordered the army to withdraw", "to reduce its troops": the act ordered decides
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if obj is None:  # "stopped shelling the town": the act stopped is a verb
        obj = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
    # the head nouns first, then the nouns before them ("sent aid trucks", but "stopped aid convoys" by "convoys")
    for modifiers in (False, True):
        for rule in rules:
            if not _verb_extras(verb, rule.trigger.words[1:]):
                continue
            arg = obj if rule.slot == "object" else subject_of(verb)
            if arg is None and rule.slot == "object" and len(rule.trigger.words) > 1:
                arg = _particle_object(verb, rule.trigger.words[-1])  # "called in the army"
            if arg is None or (rule.slot == "subject" and obj is not None and obj.dep_ == "nsubjpass"):
                continue
            nouns = _argument_nouns(arg)
            if rule.slot == "subject":  # "planes landed near Rome, carrying virologists and medical equipment"
                nouns += [x for c in verb.children if c.dep_ == "advcl" for x in _load(c)]
            if arg.tag_ == "VBG":  # "stopped issuing visas": what the act stopped works on
                nouns += [n for c in arg.children if c.dep_ == "dobj" for n in _argument_nouns(c)]
            if modifiers:  # "aid trucks", "a search and rescue team"
                nouns = [c for n in nouns for c in n.children if c.dep_ in {"compound", "nmod"} and c.pos_ == "NOUN"]
                nouns += [c for n in nouns for c in n.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
            noun = next((n for n in nouns if _noun_in(n, rule.nouns)), None)
            if noun is not None:
                return rule.trigger, arg, noun
    return None


def _particle_object(verb: Token, particle: str) -> Token | None:
    """The object of a phrasal verb whose particle the parser took for a preposition ("called in | the army")."""
    # right after the verb, or after its own particle, on which the parser may hang it ("pulled out | of the summit")
    heads = [verb, *(c for c in verb.children if c.i == verb.i + 1 and c.dep_ in {"prt", "prep", "advmod"})]
    prep = next(
        (c for h in heads for c in h.children if c.dep_ == "prep" and c.i == h.i + 1 and c.lower_ == particle), None
    )
    return next((o for o in prep.children if o.dep_ == "pobj"), None) if prep is not None else None


def _noun_in(noun: Token, nouns: frozenset[str]) -> bool:
    return (
        noun.lemma_.lower() in nouns
        or any(f"{c.lower_} {noun.lemma_.lower()}" in nouns for c in noun.children if c.dep_ in {"compound", "amod"})
        or _hyphen_word(noun) in nouns  # "vice-president", which the tokenizer cuts into three
        or (noun.tag_ in {"VBG", "NNS"} and noun.lower_ in nouns)  # "bases", which the lemmatizer makes "basis"
        or (noun.tag_ == "NNS" and noun.lower_[:-1] in nouns)  # "doses", which it makes "dos"
        or ("@person" in nouns and noun.ent_type_ == "PERSON")
        or ("@money" in nouns and noun.ent_type_ == "MONEY")
        or ("@country" in nouns and noun.ent_type_ == "GPE")
        or ("@nationality" in nouns and noun.ent_type_ == "NORP" and noun.tag_ == "NNPS")
    )


def _condition(tok: Token) -> bool:
    """Whether `tok` (or the verb carrying it) is the verb of an "if" or "unless" clause: a condition set on another
    act, which the text does not say happened."""
    verb = tok.head if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"dobj", "nsubj", "nsubjpass"} else tok
    for _ in range(3):  # "unless Caracas lifted the bans and began freeing prisoners": the freeing too
        if is_condition(verb):
            return True
        if verb.dep_ not in {"conj", "xcomp"} or verb.head == verb:
            return False
        verb = verb.head
    return False


def _folded_object(noun: Token) -> bool:
    """ "called off talks": a noun whose verb is typed by it is no event of its own."""
    node = noun
    for _ in range(3):
        if node.dep_ in {"dobj", "nsubjpass"}:
            found = by_argument(node.head)
            return found is not None and noun in _argument_nouns(found[1])
        if node.dep_ not in {"pobj", "prep", "conj"} or node.head == node:
            return False
        node = node.head
    return False


#: clauses that give the background of the sentence's news ("after a demonstration", "who had toppled the emir")
_BACKGROUND_MARKS = {"after", "since", "when", "following", "until", "once", "because", "amid"}
_BACKGROUND_PREPS = {"after", "since", "following", "amid", "despite", "during", "over", "until"}


def _background(tok: Token) -> bool:
    node = tok
    for _ in range(10):
        if node.dep_ == "acl" and node.tag_ == "VBG":
            return False  # "crowds besieging the legislature": what they are doing, not who they are
        if _meanwhile(node) and any(c.dep_ in SUBJECTS for c in node.children):
            return False  # "agree road map to end crisis as Sanchez visits Rabat": news of its own (rule 3)
        if node.dep_ in {"relcl", "acl"}:
            return not _new_scene(node)
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in node.children):
            return True
        if node.dep_ == "pobj" and node.head.lower_ in _BACKGROUND_PREPS:
            return True
        if node.dep_ == "pcomp" and node.head.lower_ in _BACKGROUND_PREPS:
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _answer(clause: Token) -> bool:
    """ "accused the rebels of raiding convoys, a charge that their spokesman dismissed": a clause on a charge in
    apposition is the other side's answer, an act of its own."""
    return clause.dep_ == "relcl" and in_apposition(clause.head)


def _new_scene(clause: Token) -> bool:
    """ "flew to Tbilisi, where Saakashvili accepted the plan", "protesters pushed past police, who fired tear gas":
    a clause after a comma that tells what happened there or what the others did, not who they are."""
    kids = {c.lower_: c for c in clause.children}
    if "where" in kids:
        return True
    if _answer(clause):
        return True
    if clause.head.dep_ in SUBJECTS:
        return False  # "Zelensky, who arrived in Vilnius on Tuesday, had earlier called ...": who the doer is
    after_comma = clause.doc[clause.left_edge.i - 1].text == "," if clause.left_edge.i > 0 else False
    simple_past = clause.tag_ == "VBD" and not any(c.dep_ in {"aux", "auxpass"} for c in clause.children)
    return after_comma and simple_past and "who" in kids and kids["who"].dep_ == "nsubj"


#: verbs that only say an event starts or ends: "as the summit opens" sets the time
_ASPECTUAL = {"open", "begin", "start", "end", "close", "resume", "get", "take", "come"}


def _main_act(tok: Token, title: bool = False) -> bool:
    """ "Military drills around the island continue", "Protests erupted in the capital": a noun trigger that is the
    subject of the sentence is its own act, kept with no actor named rather than lost."""
    verb = tok.head
    if tok.dep_ != "nsubj" or verb.pos_ != "VERB" or tok.pos_ != "NOUN":
        return False
    headline = title or is_heading(tok.sent)
    if verb.dep_ != "ROOT" and not (headline and _meanwhile(verb) and verb.lemma_.lower() not in _ASPECTUAL):
        return False  # but in a headline "deploys army as student protests turn deadly": news of its own
    if any(c.dep_ == "auxpass" for c in verb.children) or verb.lemma_.lower() in CHARACTERISING | {"seem"}:
        return False  # "an alliance is believed to be possible", "a penalty would seem minor"
    verb_trigger = find_trigger(verb)
    if (verb_trigger is not None and "place_obj" not in verb_trigger.flags) or by_argument(verb) is not None:
        return False  # "Russian-led alliance flies troops into Kazakhstan": the noun names who acts
    return not _told_before(tok)


_DEFINITE = {"the", "this", "that", "these", "those", "its", "their"}


def _told_before(noun: Token) -> bool:
    """ "the deal", "its strikes": an act the text has named before, not news of this sentence."""
    return any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in noun.children)


def _act_as_subject(verb: Token, trig: Trigger) -> bool:
    """ "Air strikes pounded rebel positions overnight": the main verb whose subject names an act of its own type
    is that act, kept with no actor named."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (
        trig.pos == "VERB"
        and verb.dep_ == "ROOT"
        and subject is not None
        and subject.pos_ == "NOUN"
        and (found := find_trigger(subject)) is not None
        and found.type == trig.type
        and not _told_before(subject)
    )


_SEA = {"sea", "water", "waters", "ocean", "coast"}


def _phrases(tok: Token) -> list[tuple[str, str]]:
    """(preposition, its object's lemma) for the phrases on the trigger and, for a noun, on the verb carrying it."""
    verbs = [tok, tok.head] if tok.pos_ in {"NOUN", "PROPN"} else [tok]
    return [(p.lower_, o.lemma_.lower()) for v in verbs for p in v.children if p.dep_ == "prep" for o in p.children]


def _at_request(tok: Token) -> bool:
    """ "at the government's request", "at the invitation of Bamako": forces sent because the host asked."""
    return any(p == "at" and o in {"request", "invitation"} for p, o in _phrases(tok))


#: what forces are sent "to" do when they go as help
_HELPING = {"help", "assist", "support", "reinforce", "bolster", "aid"}


def _carrying_verb(tok: Token) -> Token:
    """The trigger, or for a noun that is a verb's object or passive subject ("sent a peacekeeping force"), that verb."""
    return tok.head if tok.pos_ == "NOUN" and tok.dep_ in {"dobj", "nsubjpass"} else tok


#: what forces sent into another country may be sent to do for it
_SECURING = {
    "restore", "fight", "tackle", "guard", "secure", "stabilise", "stabilize", "quell", "combat", "contain",
    "confront", "battle", "police", "patrol",
}  # fmt: skip


def _to_help(cand: _Candidate, memory: ArticleMemory) -> bool:
    """ "sent 50 officers to help Finnish guards police the frontier", "would send 200 soldiers to reinforce KFOR":
    forces sent as help to another party's are aid; not "deployed the army to support the police" (its own) or
    "sent troops to reinforce the border"."""
    verb = _carrying_verb(cand.token)
    home = cand.sources[0].country if cand.sources else None
    for clause in verb.children:
        if clause.dep_ not in {"advcl", "xcomp"} or clause.lemma_.lower() not in _HELPING:
            continue
        if not any(a.lower_ == "to" for a in clause.children):
            continue
        # "to help Finnish guards police the frontier": the helped may be the subject of the clause helped with
        parties = [c for c in clause.children if c.dep_ in {"dobj", "nsubj"}]
        parties += [s for c in clause.children if c.dep_ in {"ccomp", "xcomp"} for s in c.children if s.dep_ == "nsubj"]
        helped = [
            a
            for c in parties
            if c.lower_ not in {"it", "them"}  # ("to reinforce it": the border)
            for a in actors_at(c, memory)
        ]
        if any(a.sector == "IGO" or (a.country and a.country != home) for a in helped):
            return True
    # "Kenyan police land in Haiti to take on gangs", "troops to West Africa to fight Ebola": forces sent into
    # another country to restore its order or fight its ills
    if any(c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in _SECURING for c in verb.children):
        where = [
            o
            for p in verb.children
            if p.dep_ in {"prep", "dative"} and p.lower_ in {"to", "in", "into"}
            for o in p.children
        ]
        there = {a.country for o in where if o.ent_type_ in {"GPE", "LOC"} for a in actors_at(o, memory)}
        return any(country and country != home for country in there)
    return False


#: who a person is handed over to when the handover is judicial cooperation
_JUSTICE = {"agent", "police", "prosecutor", "court", "investigator", "marshal", "tribunal"}
_WANTED = {
    "fugitive", "suspect", "wanted", "accused", "lord", "kingpin", "boss", "trafficker", "smuggler", "warlord",
    "militant", "terrorist", "fraudster",
}  # fmt: skip
_PLACES = {"GPE", "LOC", "FAC", "NORP"}


def _handed_to_justice(tok: Token) -> bool:
    """A named person handed over to another state's police, agents or prosecutors ("handed Hernandez over to U.S.
    drug agents", "Hernandez was handed over to U.S. agents"), or a wanted one to its authorities ("handed Leonard
    Francis, a fugitive contractor, over to U.S. authorities", "handed the drug lord over to U.S. authorities"):
    judicial cooperation, not a release ("handed the pilot over to Indian officials")."""
    if tok.lemma_.lower() not in {"hand", "turn", "deliver", "transfer"}:
        return False
    person = next(
        (
            c
            for c in tok.children
            if c.dep_ in {"dobj", "nsubjpass"}
            and (c.pos_ == "PROPN" or c.lower_ in {"him", "her"} or c.lemma_.lower() in _WANTED or _alleged(c))
            and c.ent_type_ not in _PLACES
        ),
        None,
    )  # a name, the model's PERSON or not ("Hernandez", which it may take for an ORG), but not a place's
    if person is None:
        return False
    wanted = any(t.lemma_.lower() in _WANTED for t in person.subtree) or _alleged(person)
    holders = [tok, *(c for c in tok.children if c.dep_ in {"advmod", "prt"} and c.lower_ == "over")]
    receivers = [
        o for h in holders for p in h.children if p.dep_ in {"prep", "dative"} and p.lower_ == "to" for o in p.children
    ]
    return any(
        o.lemma_.lower() in _JUSTICE
        # "handed Guzman over to US authorities": another state's authorities receive him
        or (o.lemma_.lower() == "authority" and (wanted or any(c.ent_type_ in {"GPE", "NORP"} for c in o.children)))
        for o in receivers
    )


def _alleged(noun: Token) -> bool:
    """ "an alleged leader of the cartel", "a suspected smuggler": a person held to be a criminal."""
    return noun.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in {"alleged", "suspected", "accused", "wanted", "fugitive"}
        for c in noun.children
    )


def _peacekeeping(tok: Token) -> bool:
    """ "would send a peacekeeping force to Kazakhstan": forces sent to keep the peace are aid to the host."""
    forces = [c for c in _carrying_verb(tok).children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(
        m.lemma_.lower() in {"peacekeeping", "peacekeeper", "stabilisation", "stabilization"}
        for f in forces
        for m in f.children
    )


#: the nouns of military drills, and of the parties whose plural says several states drill together
_DRILLS = {"exercise", "drill", "manoeuvre", "maneuver", "wargame"}
_STATES = {"country", "nation", "navy", "army", "military", "fleet", "force"}


def _joint_drill(cand: _Candidate) -> bool:
    """Drills held by several states ("Australia joins India, U.S. and Japan in Malabar naval drills", "warships
    from the four countries began the exercise", "Russia and China hold naval drills"): military cooperation, not
    one side's show of force."""
    if any(
        p.lower_ == "to" and o.lemma_.lower() in _DRILLS and any(c.dep_ == "poss" for c in o.children)
        for p in cand.token.children
        if p.dep_ in {"prep", "dative"}
        for o in p.children
    ):
        return True  # "sent warships and aircraft to the alliance's naval exercise": taking part in another's drills
    if _together(cand.token) and len({a.country for a in cand.sources if a.country}) >= 2:
        return True  # "German and French officers will jointly patrol the trains"
    if cand.token.lemma_.lower() not in _DRILLS:
        return False
    # the partners: the doers and those the drills are held with, not the place they are held near
    partners = [a for a in cand.targets if not any(t in _SITES for t in a.text.lower().split())]
    if len({a.country for a in (*cand.sources, *partners) if a.country}) >= 2:
        return True
    verb = carrier_of(cand.token) or cand.token  # "began the first phase of the exercise", "joins ... in drills"
    if verb.lemma_.lower() == "join" and any(
        c.dep_ == "dobj" and c.ent_type_ in {"GPE", "ORG", "NORP"} for c in verb.children
    ):
        return True
    # the doers: the verb's subject ("Philippine and American troops take part in"), the drills' owner ("the allies'")
    doers = [t for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree]
    doers += [t for c in cand.token.children if c.dep_ == "poss" for t in c.subtree]
    starts = {t.i for t in doers}
    if len({e.text.lower() for e in verb.doc.ents if e.label_ in {"NORP", "GPE"} and e.start in starts}) >= 2:
        return True
    return any(
        t.tag_ == "NNS"
        and (
            t.lemma_.lower() == "ally"
            or (t.lemma_.lower() in _STATES and any(n.dep_ == "nummod" or n.lower_ == "both" for n in t.children))
        )
        for t in doers
    )


#: words naming where drills are held, not with whom ("near the Polish border")
_SITES = {"border", "frontier", "coast", "waters", "sea", "strait", "island", "islands", "region", "area", "zone"}


#: words that make an attack a drill ("a mock attack", "simulated strikes")
_PRETENDED = {"mock", "simulated", "practice", "dummy"}


def _into_sea(tok: Token) -> bool:
    """An act whose "into", "in" or "off" phrase is the sea or a coast ("fired missiles off its east coast"), or
    fired from a submarine, on the trigger or on the verb carrying it."""
    return any(
        (p in {"into", "in", "off"} and o in _SEA) or (p == "from" and o == "submarine") for p, o in _phrases(tok)
    )


#: kinds of missile whose launch, with no target named, is a test ("launched a ballistic missile on Sunday")
_TESTED = {"ballistic", "intercontinental", "hypersonic", "long-range", "medium-range", "short-range", "icbm"}


def _test_launch(tok: Token) -> bool:
    """A missile of a tested kind ("a ballistic missile") or a nuclear device set off: with no target, a test."""
    missile = tok if tok.pos_ in {"NOUN", "PROPN"} else next((c for c in tok.children if c.dep_ == "dobj"), None)
    if missile is None:
        return False
    if missile.lemma_.lower() in {"bomb", "device", "weapon"}:  # "detonated a hydrogen bomb": a nuclear test
        return any(c.lower_ in {"nuclear", "hydrogen", "atomic", "thermonuclear"} for c in missile.children)
    if missile.lemma_.lower() not in {"missile", "rocket", "icbm"}:
        return False
    before = missile.doc[missile.left_edge.i : missile.i].text.lower()  # "a long-range ballistic"
    return missile.lower_ == "icbm" or any(kind in before for kind in _TESTED)


def _takes_place(tok: Token) -> bool:
    return _is_place(next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None))


def _is_place(head: Token | None) -> bool:
    return head is not None and (head.ent_type_ in {"GPE", "LOC", "FAC"} or head.lower_ in _PLACE_NOUNS)


def _seizes_person(tok: Token) -> bool:
    """ "captured Joaquin Guzman", "seized President Alpha Conde": taking a person is an arrest, not taking ground."""
    obj = next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    name = entity_at(obj) if obj is not None else None
    # a full name: the model takes many a one-word town for a person ("captured Shusha")
    return name is not None and name.label_ == "PERSON" and len(name) > 1


_PLACE_NOUNS = {
    "town",
    "city",
    "village",
    "base",
    "airport",
    "capital",
    "territory",
    "district",
    "province",
    "area",
    "border",
    "crossing",
    "port",
    "hill",
    "positions",
    "airbase",
    "neighbourhood",
    "neighborhood",
}


def _permission(cand: _Candidate) -> bool:
    """ "agreed to allow the inspectors to reinstall cameras": letting another act, agreed, is the agreement."""
    return cand.trigger.words[0] in {"allow", "permit", "let"}


def _agreed_measure(owner: _Candidate, cand: _Candidate) -> bool:
    # the verb the measure is, or that carries it ("impose an embargo")
    verb = cand.token.head if cand.token.dep_ == "dobj" and is_light(cand.token.head) else cand.token
    # easing one's own measure ("agreed to lift an asset freeze") is the concession, unless agreed with another party
    alone = owner.token.lemma_.lower() in {"agree", "decide", "vote"} and not any(
        c.dep_ == "prep" and c.lower_ == "with" for c in owner.token.children
    )
    return (
        owner.trigger.type == "AGREE"
        and (cand.trigger.type == "SANCTION" or (cand.trigger.type == "CONCEDE" and alone and not _permission(cand)))
        and verb.dep_ == "xcomp"
        and verb.head == owner.token
    )


def _meanwhile(clause: Token) -> bool:
    """ "Ukraine rejects the plan as Russian strikes pound Kharkiv": an "as" or "while" clause whose subject is an act
    tells what happens alongside, not what the main act says."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"as", "while"} for c in clause.children)


def _elaborates(tok: Token, events: dict[int, _Candidate]) -> _Candidate | None:
    """The event of the sentence that `tok` only elaborates or states the content of, if any."""
    if next_act_after_report(tok) or denied_charge(tok) is not None:
        return None  # (", a charge Santiago denied": the denial is the other side's act)
    own = events.get(tok.i)
    if own is not None and own.trigger.mode == "visit" and tok.tag_ == "VBG" and tok.dep_ in {"acl", "advcl"}:
        return None  # "Guterres, visiting Addis Ababa, hailed the declaration": being there is an act of its own
    node = tok
    only_conj = True
    for _ in range(8):
        if node.head == node:
            return None
        if (node is not tok and node.dep_ == "conj" and node.pos_ == "VERB") or cut_off(node) or _answer(node):
            return None  # "apologised and said she would accept the verdict": a statement of its own
        if node.dep_ != "conj":
            only_conj = False
        parent = node.head
        carried = next(
            (
                c
                for c in events.values()
                if c.token.head == parent and c.token.dep_ in {"dobj", "attr"} and c.token != tok
            ),
            None,
        )
        if parent.i in events or (carried is not None and node != carried.token):
            owner = events.get(parent.i, carried)
            assert owner is not None
            # "tear gas at crowds besieging the legislature": the crowds are the subject of their own act
            has_subject = (
                any(c.dep_ in SUBJECTS for c in tok.children)
                or (tok.dep_ == "acl" and tok.tag_ == "VBG")
                or (tok.dep_ in SUBJECTS and tok.head.dep_ == "advcl")  # "as student protests turned deadly"
            )
            carried_by_clause = tok.head == node and _meanwhile(node)
            alongside = (
                (carried_by_clause and tok.dep_ in SUBJECTS)
                # "eases curbs as Yoon makes first Tokyo visit": the act a clause's own subject does
                or (carried_by_clause and tok.dep_ == "dobj" and any(c.dep_ in SUBJECTS for c in node.children))
            ) or (
                # "calls in the bloc as protesters torch offices", but not "as clashes kill 150 soldiers"
                _meanwhile(tok) and any(c.dep_ in SUBJECTS and c.i not in events for c in tok.children)
            )
            if only_conj or _beside(node) or alongside:
                return None
            said = own.trigger.type if own is not None and tok.tag_ == "VBG" and tok.dep_ == "advcl" else None
            if said in VERBAL_TYPES and owner.trigger.type == "PROTEST":
                return None  # "rallied in Seoul, accusing the government of ruining them": the protesters' demand
            if owner.trigger.type in VERBAL_TYPES or not has_subject:
                return owner
            return None
        node = parent
    return None


#: "voiced support for Maduro, while Mexico declined to recognise Guaido": a clause set beside the main one
_CONTRAST_MARKS = {"while", "whereas", "although", "though"}


def _beside(clause: Token) -> bool:
    kids = list(clause.children)
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in kids)
        and any(c.dep_ in SUBJECTS for c in kids)
    )


def _place(ents: list[Span], tok: Token, used: set[int], countries: set[str], offset: int) -> Place | None:
    best: Span | None = None
    for ent in ents:
        if ent.label_ not in {"GPE", "LOC", "FAC"} or any(i in used for i in range(ent.start, ent.end)):
            continue
        prep = ent.root.head
        attached = prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS and not _topic(ent, prep)
        if attached and (best is None or abs(ent.start - tok.i) < abs(best.start - tok.i)):
            best = ent
    if best is None:
        return None
    place = geocode(best.text, countries)
    if place is None:
        if best.label_ == "LOC":
            return None
        place = Place(best.text, None, None, None, None)
    place.span = (best.start_char + offset, best.end_char + offset)
    return place


#: how long before publication a "since" must reach for the act to be a war's running total, not a happening
RUNNING_TOTAL_DAYS = 365


def _running_total(tok: Token, ents: list[Span], pub: str | None) -> bool:
    """ "Over 250,000 people have been killed in Yemen since the war began in March 2015": a toll run up over
    years, not one happening (wire copy repeats such lines as background, and they would corroborate each other)."""
    if not pub:
        return False
    verb = tok.head if tok.pos_ in {"NOUN", "PROPN"} and tok.head != tok else tok
    since = [c for c in verb.children if c.lower_ == "since" and c.dep_ == "prep"]
    since += [c for c in verb.children if c.dep_ == "advcl" and any(m.lower_ == "since" for m in c.children)]
    for node in since:
        for ent in ents:
            if ent.label_ == "DATE" and node.left_edge.i <= ent.start and ent.end <= node.right_edge.i + 1:
                found = resolve_expression(ent.text, pub)
                if found and (date.fromisoformat(pub) - date.fromisoformat(found[0])).days > RUNNING_TOTAL_DAYS:
                    return True
    return False


def _topic(ent: Span, prep: Token) -> bool:
    """ "talks on Syria", "a position over Ukraine": a country hanging on a noun by "on" or "over" is what the noun
    is about, not where the event happened (a town there, "the attack on Aleppo", stays a place)."""
    return prep.lower_ in {"on", "over"} and prep.head.pos_ == "NOUN" and key(ent.text) in kb().countries


def _confidence(cand: _Candidate, has_date: bool) -> float:
    c = 0.35
    if cand.sources:
        c += 0.2 if cand.sources[0].country or cand.sources[0].how.startswith("kb") else 0.1
    if cand.targets:
        c += 0.15
    if cand.trigger.pos == "VERB":
        c += 0.15
    if has_date:
        c += 0.05
    return min(c, 0.95)


def _shift(actor: Actor, offset: int) -> Actor:
    if actor.span is not None:
        actor.span = (actor.span[0] + offset, actor.span[1] + offset)
    return actor


def _joint(noun: Token, trig: Trigger) -> Trigger:
    """ "U.S. and South Korean forces began drills": an act of two states' forces together is their joint act, the
    lexicon's "joint drill" entry when it has one."""
    lemma = noun.lemma_.lower()
    return next((t for t in lexicon().nouns.get(lemma, ()) if t.words == ("joint", lemma)), trig)


def _linked_parties(noun: Token, memory: ArticleMemory) -> tuple[list[Actor], list[Actor]]:
    """The parties a thing links, when the thing is what acts ("a free trade area linking China with the bloc came
    into force", "the pact between Seoul and Tokyo took effect"): the first and the others."""
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl")]
    slots = [
        o
        for h in holders
        for c in h.children
        if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in {"between", "with", "among"})
        for o in ([c] if c.dep_ == "dobj" else [p for p in c.children if p.dep_ == "pobj"])
    ]
    parties = [a for o in slots for x in (o, *o.conjuncts) for a in actors_at(x, memory)]
    return parties[:1], parties[1:2]


def _candidate(
    tok: Token,
    trig: Trigger,
    ruled: tuple[Trigger, Token, Token] | None,
    memory: ArticleMemory,
    title: bool = False,
) -> _Candidate | None:
    """The event `trig` makes at `tok` with its actors, or None when it lacks the actors its entry asks for."""
    sources, targets = arguments_of(tok, trig, memory)
    if ruled is not None and not targets:
        for slot in trig.target:
            targets = actors_at(slot_of(ruled[2], slot), memory)
            if targets:
                break
    if ruled is not None and not sources and not targets:
        sources, targets = _linked_parties(ruled[2], memory)
    if "receiver_subj" in trig.flags:
        sources, targets = targets, sources  # "Kyiv received tanks from Berlin": Berlin gives
    if trig.pos == "NOUN" and len({a.country for a in sources if a.country}) > 1:
        trig = _joint(tok, trig)
    if (
        "actor_obj" in trig.flags
        and not targets
        and len(sources) < 2
        and not two_parties(tok, trig)
        and not (trig.type == "CONSULT" and sources and sources[0].sector == "IGO")  # a council's own session
    ):
        return None  # ("Peres and Abbas signed a declaration": two parties need no target)
    if ("actor_subj" in trig.flags or (tok.dep_ == "acl" and tok.tag_ == "VBG")) and not sources:
        return None  # ("zones encircling the island": no one acts)
    if "place_obj" in trig.flags and not _takes_place(tok):
        return None  # "took Kabul", not "took a decision"
    if "place_subj" in trig.flags and not _is_place(subject_of(tok)):
        return None  # "the town fell", not "shares fell" or "the two countries fell out"
    if trig.pos == "ADJ" and trig.mode == "disapprove" and not targets and not _judged_act(tok):
        return None  # "officials said the weather was unacceptable": disapproval of no one's act (guilt is a party's)
    if "experiencer" in trig.flags and (not sources or sources[0].sector in {"BUS", "CVL"}):
        return None  # ("the news shocked the markets", "investors were worried by the fall in prices")
    if not sources and not targets and not _main_act(tok, title) and not _act_as_subject(tok, trig):
        return None
    if not sources and (_toll(tok) or _toll_of(tok)):
        return None
    if _diffuse_doer(tok):
        return None  # ("Nigeria floods kill more than 600": the floods are Nigeria's, and still no one's act)
    agent = slot_of(tok, "prep:by") if trig.pos == "VERB" else None
    if agent is not None and agent.lemma_.lower() in _NO_ONE:
        return None  # "the nations worst hit by the jihadist violence", "a province hit by floods"
    if trig.type == "CONSULT" and trig.mode == "visit" and sources and sources[0].sector in _NO_VISITORS:
        return None  # "400 Kenyan officers arrived in Port-au-Prince": a visit is an official's, not a unit's
    if trig.type == "SUPPORT" and trig.pos == "NOUN" and not sources:
        return None  # "polls show strong support for the ruling party": backing no actor gives
    if (
        trig.type == "ASSAULT"
        and trig.words[0] in {"cross", "pour", "enter"}
        and sources
        and sources[0].sector == "CVL"
    ):
        return None  # "more than 15,000 people crossed into eastern Chad": refugees crossing, no incursion
    if trig.type == "ASSAULT" and tok.dep_ in {"xcomp", "ccomp"} and tok.head.lemma_.lower() in _HELPING:
        return None  # "to help its police fight drug gangs": the fight helped is the purpose, not an act told
    if trig.type in {"COOPERATE", "AID"} and trig.pos == "VERB" and (_trade_figure(tok) or _reflexive(tok)):
        return None  # "sold 11 billion euros of farm products to Russia last year", "has long financed itself"
    if trig.words == ("closure",) and not _closes_frontier(tok):
        return None  # "the closure of the border", not of a factory or of schools
    if trig.type == "ASSAULT" and trig.words == ("fire",) and _fired_at_people(tok):
        return None  # "the firm fired 2,000 workers": dismissed, not shot at
    if trig.type == "SUPPORT" and trig.pos == "VERB" and not sources and _standing(tok):
        return None  # "Nagorno-Karabakh is internationally recognised as part of Azerbaijan": how things stand
    if trig.type == "RETREAT" and trig.mode == "withdraw" and trig.pos == "VERB" and _withdraws_a_thing(tok):
        return None  # "rescuers had pulled out six bodies": taken out, not withdrawn from
    if trig.mode == "visit" and not sources and _thing_subject(tok):
        return None  # "the first cargo of American LNG arrived in Poland": a visit needs a visitor
    if trig.mode == "visit" and trig.pos == "VERB" and any(c.dep_ == "auxpass" for c in tok.children):
        return None  # "he was flown to New York to face trial": taken somewhere is no visit
    if trig.mode == "visit" and trig.words[0] in _CARRIED_BY_AIR and any(c.dep_ == "dobj" for c in tok.children):
        return None  # "flew Milosevic to the Netherlands": carrying someone is no visit
    return _Candidate(tok, trig, sources, targets)


#: verbs of travel that, with an object, carry someone or something instead
_CARRIED_BY_AIR = {"fly", "travel"}


def _judged_act(adj: Token) -> bool:
    """Whether what a predicate adjective judges is an act or a party's ("the drills were provocative", "Ankara's
    tariffs were regrettable"), not a thing or a state ("the weather was unacceptable")."""
    subject = subject_of(adj.head)
    return subject is not None and (
        find_trigger(subject) is not None or any(c.dep_ == "poss" for c in subject.children)
    )


def _standing(verb: Token) -> bool:
    """A passive in the present with no doer ("is recognised as", "are widely backed"): a standing state."""
    return any(c.dep_ == "auxpass" and c.lower_ in {"is", "are"} for c in verb.children)


#: sectors whose members' arrivals are no diplomatic visits
_NO_VISITORS = {"MIL", "COP", "CVL", "REB"}


#: the forces a government commands, whose ordered act is the government's own
_OWN_FORCES = {"army", "military", "force", "troop", "soldier", "police", "navy", "unit", "guard"}


_SET_IN_MOTION = Trigger(("order",), "VERB", "MOBILIZE", "troops", "154", (), frozenset())


def _orders_own_forces(cand: _Candidate) -> bool:
    """A request to the requester's own forces to act ("ordered the armed forces to provide survivors with shelter",
    "told the military and police to do whatever was needed"), not to another state's."""
    tok = cand.token
    if cand.trigger.type != "REQUEST" or tok.lemma_.lower() not in _ORDERING:
        return False
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in _OWN_FORCES for c in tok.children):
        return False
    if not any(c.dep_ == "xcomp" for c in tok.children):
        return False
    country = cand.sources[0].country if cand.sources else None
    return not any(a.country and a.country != country for a in cand.targets)  # another state's forces: a demand


#: violence of many hands, not one side's act: victims counted "in the fighting" name no act of anyone's
_DIFFUSE = {"fighting", "clash", "violence", "protest", "unrest", "riot", "war", "conflict", "battle", "skirmish"}
#: deaths no one caused: "the virus has killed nearly 2,500 people", "floods have killed 40"
_NATURAL = {"virus", "disease", "outbreak", "epidemic", "pandemic", "cholera", "ebola", "flu", "earthquake", "quake"}
_NATURAL |= {"flood", "flooding", "storm", "cyclone", "hurricane", "typhoon", "tsunami", "landslide", "mudslide"}
_NATURAL |= {"drought", "famine", "heatwave", "wildfire", "avalanche", "crash", "accident", "disaster"}
#: doers that are no one: "the war has killed", "hit by floods"
_NO_ONE = _DIFFUSE | _NATURAL


def _toll_of(noun: Token) -> bool:
    """ "about 200 people had been killed in the fighting", "23 people died in the protests": victims counted in
    violence no one is named for are a toll, not an act ("wounded in the ambush" stays the ambush)."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in {"in", "during"} or noun.lemma_.lower() not in _DIFFUSE:
        return False
    if any(c.dep_ == "prep" and c.lower_ in {"with", "between", "by", "on", "against"} for c in noun.children):
        return False  # "killed in a clash with Chinese troops", "died in the attack on the market": the act told
    verb = noun.head.head
    voice = lexicon().victim.get(verb.lemma_.lower())
    return voice == "any" or (voice == "passive" and any(c.dep_ == "auxpass" for c in verb.children))


def _diffuse_doer(verb: Token) -> bool:
    """ "The war has killed more than 220,000 people": victims of violence no one is named for are a toll; so are a
    disaster's ("the earthquake killed more than 2,000 people")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    clause = next((c for c in verb.children if c.dep_ == "csubj"), None)
    if subject is None and clause is not None:  # "Wildfires raging around the city have killed", misparsed
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is None or verb.lemma_.lower() not in lexicon().victim:
        return False
    # "Floods", "Wildfires" and "Fighting" opening a sentence may be read as names, with themselves for lemma
    return any(w in _NO_ONE for w in (subject.lemma_.lower(), subject.lower_, subject.lower_.removesuffix("s")))


#: verbs that keep their object from happening ("to avoid clashes", "to prevent attacks")
_AVERTING = {"avoid", "prevent", "avert", "forestall", "deter", "preempt", "pre-empt"}

#: words that make measures or action promised a threat ("firm action", "further measures")
_FIRM = {"further", "firm", "firmly", "strong", "resolute", "decisive", "tough", "necessary", "all", "appropriate"}


def _hostile(tok: Token) -> bool:
    """Whether promised measures or action are aimed at someone ("measures against Doha") or said to be firm ("would
    take further action"), not meant to help ("measures to protect farmers"); verbs ("would respond") always are."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return True
    words = [*tok.children, *tok.head.children]
    return any(c.lower_ == "against" for c in words) or any(c.lower_ in _FIRM for c in tok.children)


def _stated_intent(tok: Token, sent: Span) -> bool:
    """Whether the act at `tok` is one its actor says it will (or will not) do."""
    mod, intent = modality(tok, sent)
    return intent and mod in {"planned", "negated"}


def _toll(verb: Token) -> bool:
    """ "105 soldiers had been killed", "2,500 people were killed or injured in the first three months": a count of
    victims with no one named as doing it is a toll, not an act (an act named beside it, "in a clash with Chinese
    troops", is its own event)."""
    return (
        verb.pos_ == "VERB"
        and lexicon().victim.get(verb.lemma_.lower()) == "passive"  # knowledge/victim_verbs.tsv: kill, wound, ...
        and any(c.dep_ == "nsubjpass" for c in verb.children)
        and not any(c.dep_ == "advcl" for c in verb.children)  # "were killed when militants drove into the base"
    )


_COMPLAINT = Trigger(("protest",), "VERB", "ACCUSE", "disapprove", "111", ("prep:to",), frozenset())


#: what a trade ban stops
_TRADE = {
    "import", "export", "sale", "purchase", "shipment", "trade", "good", "product", "investment", "oil", "gas",
    "crude", "coal", "grain", "wheat", "steel", "flight", "airline", "vessel", "ship", "transaction", "transfer",
    "truck", "lorry", "vehicle", "aircraft", "plane", "carrier",
}  # fmt: skip
_EMBARGO = Trigger(("ban",), "NOUN", "SANCTION", "embargo", "163", ("prep:on",), frozenset())


def _trade_ban(tok: Token) -> bool:
    """ "a ban on Russian oil imports", "banned flights from the country": a ban on trade or traffic, not on a party
    or a gathering."""
    held = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in {"on", "of"} for o in p.children]
    held += [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(x.lemma_.lower() in _TRADE or x.lower_ in _TRADE for o in held for x in (o, *o.conjuncts))


#: what a state closes to another
_FRONTIERS = {"border", "frontier", "airspace", "port", "waters", "crossing"}
_CLOSURE = Trigger(("close",), "VERB", "SANCTION", "discontinue", "16", ("prep:to", "prep:with"), frozenset())


def _closes_frontier(tok: Token) -> bool:
    """Whether the closing at `tok` closes a border, airspace or port ("shut the border", "the closure of the
    border")."""
    verb = _carrying_verb(tok)
    closed = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    closed += [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    return any(c.lemma_.lower() in _FRONTIERS for c in closed)


def _closed_to_state(cand: _Candidate) -> bool:
    """A border, airspace or port closed to another state or its craft, not to refugees or to traffic: a measure
    against that state."""
    if not _closes_frontier(cand.token):
        return False
    home = cand.sources[0].country if cand.sources else None
    return any(t.country and t.country != home and t.sector in {"GOV", "MIL", "BUS", None} for t in cand.targets)


#: what is fired when firing is shooting
_SHOTS = {
    "shot", "round", "rocket", "missile", "shell", "bullet", "mortar", "gas", "canister", "salvo", "volley", "grenade",
    "projectile", "torpedo", "flare", "cannon", "weapon", "gun", "rifle", "artillery", "munition", "bomb", "drone",
    "cartridge", "pellet", "barrage", "dart", "ammunition", "tear",
}  # fmt: skip


def _fired_at_people(verb: Token) -> bool:
    """Whether "fired" has for object something other than what is shot ("fired 2,000 workers", "fired the coach")."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() in _SHOTS or obj.ent_type_ in {"PRODUCT"}:
        return False
    nouns = [obj, *(o for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children)]
    return not any(n.lemma_.lower() in _SHOTS or n.lower_ in _SHOTS for n in nouns)


#: what is withdrawn when a withdrawal is a retreat
_WITHDRAWN = {
    "troop", "soldier", "force", "unit", "army", "fighter", "contingent", "battalion", "brigade", "division", "tank",
    "warship", "ship", "vessel", "peacekeeper", "personnel", "presence", "mission", "militant", "rebel", "police",
    "weapon", "artillery", "equipment", "candidacy", "candidate", "staff", "diplomat", "ambassador", "envoy",
}  # fmt: skip


def _withdraws_a_thing(verb: Token) -> bool:
    """Whether a verb of withdrawing has for object something other than forces or a claim ("pulled out six bodies")."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if verb.lemma_.lower() not in {"pull", "take"}:
        return False  # ("abandoned their posts", "left the square": the place left)
    return obj is not None and obj.lemma_.lower() not in _WITHDRAWN and obj.pos_ == "NOUN" and not _is_place(obj)


_REFUGEES = {"refugee", "migrant", "asylum-seeker", "evacuee", "civilian", "people"}


def _opened_to_refugees(verb: Token) -> bool:
    """A border or crossing opened to refugees ("opened their frontiers to tens of thousands of refugees")."""
    held = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in {"to", "for"} for o in p.children]
    nouns = [x for o in held for x in _argument_nouns(o)]
    return any(n.lemma_.lower() in _REFUGEES for n in nouns)


_POLICE = {"officer", "policeman", "policemen", "police", "gendarme", "constable"}


def _police_arrival(cand: _Candidate) -> bool:
    """Police arriving somewhere, which is no mobilisation (sent abroad to help, it is AID)."""
    verb = cand.token
    subject = subject_of(verb)
    return (
        verb.lemma_.lower() in {"arrive", "land", "come"} and subject is not None and subject.lemma_.lower() in _POLICE
    )


_WALKOUT = Trigger(("strike",), "NOUN", "PROTEST", "strike", "143", ("prep:against",), frozenset())
_WORKERS = {"union", "unions", "worker", "workers", "staff", "employees", "teachers", "doctors", "nurses", "drivers"}


def _labour(cand: _Candidate) -> bool:
    """Whether strikes are workers' ("unions to stage rolling strikes", "teachers went on strike")."""
    return any(w in _WORKERS for a in cand.sources for w in a.text.lower().split())


_TRADING = {"sell", "export", "import", "buy", "ship", "supply", "purchase"}
_SHARES = {"percent", "%", "most", "half", "third", "quarter"}


def _trade_figure(verb: Token) -> bool:
    """A year's trade told as a figure ("exported $505 billion of goods last year", "sells most of its output to
    Brazil"): how things stand, not an act."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if verb.lemma_.lower() not in _TRADING or auxes & (WILL_AUX | {"to"}):
        return False  # ("will ship 40 billion cubic metres a year": the terms of a deal)
    if verb.tag_ == "VBZ" and not auxes:
        return True  # the habitual present
    words = list(verb.subtree)
    yearly = any(t.ent_type_ == "DATE" and t.lower_ in {"year", "annually", "decade"} and t.i > verb.i for t in words)
    counted = any(t.lower_ in _SHARES or t.ent_type_ in {"MONEY", "CARDINAL", "QUANTITY"} for t in words)
    return yearly and counted


def _reflexive(verb: Token) -> bool:
    return any(c.dep_ == "dobj" and c.lower_ in {"itself", "themselves", "himself", "herself"} for c in verb.children)


def _thing_subject(verb: Token) -> bool:
    """Whether the verb's subject is a common noun that names no actor ("the first cargo", not "Prabowo")."""
    subject = subject_of(verb)
    return subject is not None and subject.pos_ == "NOUN"


def _state_voice(cand: _Candidate) -> bool:
    """Whether the source is a state or a body speaking for one (a government, a ministry, a capital), whose protest
    is a diplomatic complaint rather than a demonstration."""
    src = cand.sources[0] if cand.sources else None
    return src is not None and src.sector in {"GOV", "IGO"}


def _told_by_clause(cand: _Candidate, candidates: dict[int, _Candidate]) -> _Candidate | None:
    """ "a serviceman was shot dead when armed men stormed a base", "13 crew were killed when gunmen attacked two
    ships": harm with no doer whose clause tells the attack (an event with its doer) is that attack, not a second
    one; the attack it returns."""
    verb = cand.token
    if cand.sources or cand.trigger.type != "ASSAULT" or not any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    return next(
        (
            candidates[c.i]
            for c in verb.children
            if c.dep_ == "advcl" and c.i in candidates and candidates[c.i].trigger.type == "ASSAULT"
        ),
        None,
    )


#: parts of speech no trigger has
_INERT = {"DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PART", "NUM", "PRON", "SPACE", "SYM"}


def sentence_events(sent: Span, ctx: SentenceContext) -> list[Event]:
    """Every event of one parsed sentence."""
    candidates: dict[int, _Candidate] = {}
    lex = lexicon()
    ents = entities(sent)
    #: light verbs whose object noun is a trigger: the noun speaks for them if it makes an event
    deferred: dict[int, tuple[Token, Trigger]] = {}
    for tok in sent:
        if tok.pos_ in _INERT:
            continue  # words that are never a trigger (a third of a sentence): spared the lookups below
        ruled = by_argument(tok) if tok.pos_ in {"VERB", "AUX"} else None
        if ruled is not None and "reported" in ruled[0].flags and not reporter_of(tok):
            continue  # "Russia violated the principles of the Charter" in the writer's voice: a judgement, no act
        trig = (
            ruled[0]
            if ruled
            else _order_trigger(tok)
            or _access(tok)
            or _admission(tok)
            or _due_in(tok)
            or _claimed(tok)
            or _met_with_force(tok)
            or find_trigger(tok)
            or _obligation(tok)
        )
        if trig is None:
            joint = (
                _joint_candidate(tok, ctx.memory)
                or _return_candidate(tok, ctx.memory)
                or _refusal_candidate(tok, sent, ctx.memory)
            )
            if joint is not None:
                candidates[tok.i] = joint
            continue
        # "fired missiles": the noun decides; not "test-fired", whose entry is the whole word
        bare = trig.words[0] == tok.lemma_.lower()
        if ruled is None and trig.pos == "VERB" and trig is not _NAMING and bare and is_light(tok):
            obj = next((c for c in tok.children if c.dep_ in {"dobj", "attr"}), None)
            if obj is not None and find_trigger(obj) is not None:
                deferred[obj.i] = (tok, trig)
                continue
        answer = _answered_with(tok) if trig.pos == "VERB" else None
        if answer is not None and find_trigger(answer) is not None:
            continue  # "China hit back with higher tariffs": the tariffs are the act
        if trig.pos == "NOUN" and _folded_object(tok):
            continue
        if trig.pos == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _AVERTING:
            continue  # "set up a hotline to avoid clashes": the clashes are what is kept from happening
        if _condition(tok) and "intent_only" not in trig.flags:
            continue  # "would reimpose the sanctions unless Caracas lifted the bans": the lifting is no event
        if tok.tag_ == "VBG" and tok.dep_ == "csubj" and tok.head.lemma_ == "be":
            continue  # "removing the sanctions is out of the question": a topic, not an act
        if "intent_only" in trig.flags and not (_stated_intent(tok, sent) and _hostile(tok)):
            continue  # "Moscow would respond in kind" is a threat; "Moscow responded" tells nothing of what it did
        cand = _candidate(tok, trig, ruled, ctx.memory, ctx.from_title)
        if (
            cand is None
            and trig.type not in VERBAL_TYPES
            and (trig.type not in CONFLICTUAL or "place_obj" in trig.flags)
        ):
            # "would not take part": not the taking of a town, a refusal ("would not fight" stays a negated attack)
            cand = _refusal_candidate(tok, sent, ctx.memory)
        if cand is not None and trig is _DUE_VISIT:  # "Pence is due in Bogota": the subject of "is" visits
            cand.sources = cand.sources or actors_at(subject_of(tok.head), ctx.memory)
        if cand is not None and trig is _ACCESS:  # the forces let in are whom the state cooperates with
            users = [s for c in tok.children if c.lemma_.lower() == "use" for s in c.children if s.dep_ == "nsubj"]
            cand.targets = [a for u in users for a in actors_at(u, ctx.memory)]
        if cand is not None:
            candidates[tok.i] = cand
    for noun, (tok, trig) in deferred.items():
        if noun not in candidates:  # "promised security to residents": no event of the noun, so the verb's
            cand = _candidate(tok, trig, None, ctx.memory, ctx.from_title)
            if cand is not None:
                candidates[tok.i] = cand

    for i, cand in list(candidates.items()):
        if cand.trigger.words == ("vow",) and any(
            c.dep_ == "xcomp" and c.i in candidates and candidates[c.i].trigger.type not in CONFLICTUAL
            for c in cand.token.children
        ):
            del candidates[i]  # "Ukraine vows never to accept the vote": the act vowed types it (here a refusal)
    for i, cand in list(candidates.items()):
        attack = _told_by_clause(cand, candidates)
        if attack is not None:
            attack.targets = attack.targets or cand.targets  # the victims are the attack's
            del candidates[i]
    for i, cand in list(candidates.items()):
        if not _orders_own_forces(cand):
            continue
        # "ordered the army to reduce the number of troops": a leader's order to his own forces is their act, and
        # with no act of its own ("ordered the armed forces to neutralise the gangs") it sets them in motion
        ordered = next((candidates[c.i] for c in cand.token.children if c.dep_ == "xcomp" and c.i in candidates), None)
        if ordered is not None and ordered.trigger.type != "ASSAULT":
            ordered.sources = cand.sources or ordered.sources
            del candidates[i]
        else:  # an attack ordered ("to neutralise 22 gangs") is not yet made: the forces are set in motion
            if ordered is not None:
                del candidates[ordered.token.i]
            cand.trigger = _SET_IN_MOTION

    kept: list[_Candidate] = []
    for i in sorted(candidates):
        cand = candidates[i]
        owner = _elaborates(cand.token, candidates)
        if owner is not None and owner not in kept and _elaborates(owner.token, candidates) is cand:
            owner = None  # "held talks with Kishida, the first such trip": each names the other; the first stays
        if owner is not None and _agreed_measure(owner, cand) and owner in kept:
            # "the bloc's leaders agreed to impose an embargo": the decision is the measure, against a third party
            cand.sources = cand.sources or owner.sources
            kept[kept.index(owner)] = cand
            continue
        if owner is not None:
            if not owner.targets and cand.targets and owner.trigger.type == cand.trigger.type:
                owner.targets = cand.targets
            continue
        kept.append(cand)
    foreground = [c for c in kept if not _background(c.token)]
    if foreground:
        kept = foreground

    events: list[Event] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    by_source: dict[tuple[str, str, str], Event] = {}
    for cand in kept:
        tok = cand.token
        if _running_total(tok, ents, ctx.pub):
            continue
        mod, intent = modality(tok, sent)
        etype = held_type(cand.trigger, tok, mod, intent)
        if etype == "COERCE" and cand.trigger.mode in {None, "confiscate"} and _takes_place(tok):
            etype = "ASSAULT"  # seizing a town or a base is taking territory by force
        if etype == "ASSAULT" and cand.trigger.mode == "capture" and _seizes_person(tok):
            etype = "COERCE"  # seizing a person is an arrest
        if etype == "ASSAULT" and (
            (not cand.targets and (_into_sea(tok) or _test_launch(tok)))
            or any(c.lower_ in _PRETENDED for c in tok.children)
        ):
            etype = "MOBILIZE"  # "fired two missiles into the sea", "staged a mock attack": a test or a drill
        if etype == "ASSAULT" and cand.trigger.words == ("strike",) and _labour(cand):
            cand.trigger = _WALKOUT  # "French unions to stage rolling strikes": a strike of workers, not of jets
            etype = "PROTEST"
        if etype == "AID" and cand.trigger.mode != "humanitarian" and cand.sources and cand.sources[0].sector == "BUS":
            etype = "COOPERATE"  # "Huawei will supply 5G equipment to the operator": a firm sells, it does not aid
        if (
            etype == "PROTEST"
            and cand.trigger.words == ("protest",)
            and cand.trigger.pos == "VERB"
            and _state_voice(cand)
        ):
            # "China protested to Tokyo", "the ministry protested against the ruling": a complaint, to whom it is made
            cand.trigger = _COMPLAINT
            cand.targets = cand.targets or actors_at(slot_of(tok, "prep:to"), ctx.memory)
            etype = "ACCUSE"
        if etype == "RETREAT" and cand.trigger.mode == "access" and _opened_to_refugees(tok):
            etype = "AID"  # "Egypt and Chad opened their frontiers to tens of thousands of refugees": asylum
        if etype == "COERCE" and cand.trigger.mode == "ban" and _trade_ban(tok):
            cand.trigger = _EMBARGO  # "imposed a ban on Russian oil imports": a measure against the trade
            etype = "SANCTION"
        if etype == "COERCE" and cand.trigger.mode == "restrict" and _closed_to_state(cand):
            cand.trigger = _CLOSURE  # "shut the border with Colombia", "closed its airspace to French aircraft"
            etype = "SANCTION"
        if etype == "MOBILIZE" and _joint_drill(cand):
            etype = "COOPERATE"  # several states' drills together
        if etype == "RETREAT" and _handed_to_justice(tok):
            etype = "COOPERATE"  # "handed Hernandez over to U.S. drug agents": an extradition in all but name
        if etype == "MOBILIZE" and (_at_request(tok) or _to_help(cand, ctx.memory) or _peacekeeping(tok)):
            etype = "AID"  # "sent police and troops to Honiara at Sogavare's request": help asked for
            if intent and mod == "planned":
                etype = intent_type(etype, mod)  # "said it would send 200 soldiers to reinforce KFOR": a pledge
        if etype == "MOBILIZE" and _police_arrival(cand):
            continue  # "police officers arrived at the scene": only as help sent abroad is it an event
        _speaker_for_state(cand, ctx.memory)
        src = cand.sources[0] if cand.sources else None
        tgt = cand.targets[0] if cand.targets else None
        dedup = (etype, src.actor_id if src else None, tgt.actor_id if tgt else None)
        if dedup in seen:
            continue
        seen.add(dedup)
        if src is not None and (etype, src.actor_id, mod) in by_source:
            _add_targets(by_source[(etype, src.actor_id, mod)], cand.targets, ctx.offset)
            continue
        when = event_date(ents, tok, ctx.pub, future=mod == "planned")
        if when.span is not None:
            when.span = (when.span[0] + ctx.offset, when.span[1] + ctx.offset)
        used = {t.i for a in (*cand.sources, *cand.targets) if a.span for t in sent if a.span[0] <= t.idx < a.span[1]}
        first = tok.i
        words = cand.trigger.words
        if len(words) > 1 and cand.trigger.pos == "NOUN" and tok.i - len(words) + 1 >= sent.start:
            before = [t.lemma_.lower() for t in tok.doc[tok.i - len(words) + 1 : tok.i]]
            first = tok.i - len(words) + 1 if before == list(words[:-1]) else tok.i
        trigger_span = tok.doc[first : tok.i + 1]
        start, end = trigger_span.start_char, trigger_span.end_char
        location = _place(ents, tok, used, ctx.countries, ctx.offset)
        for actor in (src, tgt):
            _state_country(actor, location.country if location else None)
        lexicon_cameo = cand.trigger.cameo if etype == cand.trigger.type else ""
        event = Event(
            id=f"{ctx.article_id}:{'t' if ctx.from_title else 'b'}{start + ctx.offset}",
            article_id=ctx.article_id,
            type=etype,
            mode=cand.trigger.mode if etype == cand.trigger.type else None,
            cameo_root=lexicon_cameo or lex.cameo_root.get(etype, ""),
            trigger=trigger_span.text,
            source=_shift(src, ctx.offset) if src else None,
            target=_shift(tgt, ctx.offset) if tgt else None,
            date=when,
            location=location,
            modality=mod,
            sentence=sent.text.strip(),
            sentence_span=(sent.start_char + ctx.offset, sent.end_char + ctx.offset),
            span=(start + ctx.offset, end + ctx.offset),
            from_title=ctx.from_title,
            confidence=_confidence(cand, when.source == "text"),
            sources=[_shift(a, ctx.offset) for a in cand.sources[1:]] and [src, *cand.sources[1:]],  # type: ignore[list-item]
            targets=[_shift(a, ctx.offset) for a in cand.targets[1:]] and [tgt, *cand.targets[1:]],  # type: ignore[list-item]
        )
        events.append(event)
        if src is not None:
            by_source[(etype, src.actor_id, mod)] = event
    return events


def _add_targets(event: Event, targets: list[Actor], offset: int) -> None:
    """ "Jets bombed bridges in Tyre and roads near Sidon": one act of one source, told of several targets, is one
    event whose targets are all of them."""
    known = {a.actor_id for a in (event.target, *event.targets) if a is not None}
    new = [_shift(a, offset) for a in targets if a.actor_id not in known]
    if not new:
        return
    if event.target is None:
        event.target = new[0]
        event.targets = new if len(new) > 1 else []
    else:
        event.targets = [*(event.targets or [event.target]), *new]
