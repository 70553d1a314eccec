"""Event arguments: who does an event and to whom, read off the dependency parse.

The source of a verb trigger is its grammatical subject (climbing through infinitives, coordinated verbs and
"ready to" phrases, and from a reported clause's pronoun to the speaker), or a passive's "by" agent; the target is in
the slots the lexicon names. A noun trigger takes its possessive or demonym, its "between" or "by" phrase, and else
the subject of the verb that carries it ("held talks", "sanctions were imposed on"). Also the repairs for what the
small parser gets wrong in headlines ("Pakistan hands back pilot": a verb tagged as a plural noun).
"""

from __future__ import annotations

from spacy.tokens import Token

from storyline.extract.actors import ArticleMemory, resolve
from storyline.extract.lexicon import Trigger, lexicon
from storyline.extract.modality import (
    PRONOUN_SUBJECTS,
    cut_off,
    denied_charge,
    in_apposition,
    is_speech,
    next_act_after_report,
)
from storyline.model import Actor

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_RELATIVE = {"who", "which", "that", "whom"}
#: dependents the parser gives a subject it has missed ("Myanmar's military denies ...": an amod)
_MISPARSED_SUBJECTS = {"amod", "compound", "nmod", "npadvmod", "poss"}


#: verbs whose object does what their infinitive says ("forced the army to withdraw", "prompted Ankara to send troops")
_OBJECT_CONTROL = {"force", "compel", "prompt", "drive", "push", "lead", "cause", "oblige", "pressure"}


def headline_verb(tok: Token) -> bool:
    """ "Pakistan hands back captured pilot", "Burma's army rejects the findings": the small parser tags a present
    tense verb as a plural noun at the root; with a subject or a name before it and an object or particle after it,
    it is the verb."""
    if tok.dep_ != "ROOT" or tok.tag_ != "NNS":
        return False
    lefts = list(tok.lefts)
    named = any(c.dep_ == "nsubj" for c in lefts) or any(
        c.dep_ in _MISPARSED_SUBJECTS and c.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"} for c in lefts
    )
    return named and any(c.dep_ in {"dobj", "prt", "advmod", "appos", "ccomp", "xcomp"} for c in tok.rights)


#: verbs that say what an act is: "the raid was a war crime", "the campaign amounted to genocide"
CHARACTERISING = {"be", "amount", "constitute", "represent", "equal", "become", "remain"}


def reporter_of(tok: Token) -> tuple[Token, Token] | None:
    """(speech verb, clause verb) when `tok` is the verb of a clause a speech verb reports ("said Ottawa had trampled
    on her rights"), or the adjective or noun that clause gives its subject ("said Russia was responsible")."""
    clause = tok
    if tok.pos_ != "VERB":
        if tok.dep_ not in {"acomp", "attr", "dobj", "pobj"}:
            return None
        clause = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if clause.lemma_.lower() not in CHARACTERISING:
            return None
    node = clause
    for _ in range(4):
        if node.dep_ == "ccomp" and is_speech(node.head) and not cut_off(node):
            return node.head, clause
        if node.dep_ not in {"ccomp", "xcomp", "acomp"} or node.head == node:
            return None
        node = node.head
    return None


#: "200 tonnes of aid", "$30 million in relief": a measure of the noun
MEASURE_PREPS = {"of", "in"}


def carrier_of(noun: Token) -> Token | None:
    """The verb a noun trigger hangs on: "held talks", "in a conversation" -> the verb of the clause."""
    if noun.head == noun:
        return None
    while noun.dep_ == "conj" and noun.head.pos_ in {"NOUN", "PROPN"} and noun.head != noun:
        noun = noun.head  # "declared martial law and a general mobilisation": the verb of the first noun
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        if (
            head.lower_ in MEASURE_PREPS
            and head.head.pos_ in {"NOUN", "NUM"}
            and head.head.dep_ in {"dobj", "nsubjpass"}
        ):
            noun, head = head.head, head.head.head  # "delivered 200 tonnes of aid", "announced $30 million in aid"
        else:
            head = head.head
    if noun.dep_ not in {"dobj", "attr", "pobj", "conj", "nsubj", "nsubjpass"}:
        return None
    return head if head.pos_ in {"VERB", "AUX"} else None


def is_light(verb: Token) -> bool:
    """A light verb of `knowledge/light_verbs.tsv`, alone ("held") or with its particle ("carried out", "kept up")."""
    light = lexicon().light
    lemma = verb.lemma_.lower()
    return lemma in light or any(f"{lemma} {c.lower_}" in light for c in verb.children if c.dep_ == "prt")


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    based = next((c for c in verb.children if c.dep_ == "csubj" and c.lemma_.lower() == "base"), None)
    if based is not None and not any(c.dep_ == "nsubj" for c in verb.children):
        # "The Geneva based rights group ... is accusing": without its hyphen the parser makes "Geneva" the subject
        # of "based" and the organisation its object
        return next((c for c in based.children if c.dep_ == "dobj"), None)
    denial = denied_charge(verb)
    if denial is not None:
        # ", a charge Santiago denied": Santiago denies (or the name the parser hung on "charge")
        charge = denial[0]
        return next((c for c in verb.children if c.dep_ == "nsubj" and c != charge), None) or next(
            (c for c in charge.children if c.dep_ == "appos"), None
        )
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            if child.lower_ in PRONOUN_SUBJECTS:
                speaker = speaker_of_clause(verb)
                if speaker is not None:
                    return speaker
            return child
    held = next((s for a in verb.children if a.dep_ == "aux" for s in a.children if s.dep_ == "nsubj"), None)
    if held is not None:
        return held  # "Serbia had massed troops": the parser may hang the subject on the auxiliary
    if depth < 3 and verb.dep_ == "attr" and verb.tag_ == "VBG" and verb.head.lemma_ == "be":
        return subject_of(verb.head, depth + 1)  # "Qatar is mediating": the parser may hang "mediating" on "is"
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head != verb.head:
        return subject_of(verb.head.head, depth + 1)  # "responded by breaking ties": the subject of "responded"
    marked = any(c.dep_ == "mark" for c in verb.children)
    if depth < 3 and next_act_after_report(verb):
        return subject_of(verb.head.head, depth + 1)
    if depth < 3 and verb.dep_ == "conj" and verb.tag_ in {"VBD", "VBZ", "VBP"} and not marked:
        passive = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return passive  # "was sworn in as president and called for a truce"
    if depth < 3 and verb.dep_ in {"xcomp", "conj", "advcl"} and verb.head != verb and not marked:
        head = verb.head
        if head.dep_ == "acomp" and head.head != head:
            head = head.head  # "said it was ready to impose sanctions": the subject of "was"
        raised = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if verb.dep_ == "xcomp" and raised is not None:
            return raised  # "the leaders are expected to sign", "the garrison was forced to withdraw"
        controller = next((c for c in head.children if c.dep_ == "dobj"), None)
        if verb.dep_ == "xcomp" and controller is not None and head.lemma_.lower() in _OBJECT_CONTROL:
            return controller  # "would force the government to launch air strikes": the government launches them
        agent = slot_of(head, "prep:by") if head.tag_ == "VBN" else None
        if agent is not None and verb.dep_ in {"xcomp", "advcl"}:
            return agent  # "the steps taken by Iran to support the Iraqi army": Iran supports it
        return subject_of(head, depth + 1)
    if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ in {"VBG", "VBD"}):
        # "crowds besieging the legislature"; "the rebels handed over their weapons", which the small parser
        # reads as a noun with a clause: a past tense there is the sentence's verb and the noun its subject
        return verb.head
    if (
        verb.dep_ == "ROOT"
        and (verb.tag_ in {"VBZ", "VBD", "VBP"} or headline_verb(verb))
        and not any(c.dep_ in SUBJECTS for c in verb.children)
    ):
        # "Myanmar's military denies ..." parsed with no subject: the noun the verb follows
        left = [c for c in verb.lefts if c.dep_ in _MISPARSED_SUBJECTS and (c.pos_ in {"NOUN", "PROPN"} or c.ent_type_)]
        return left[-1] if left else None
    return None


def speaker_of_clause(verb: Token) -> Token | None:
    """In "Iraq said it would allow ...", the pronoun subject of the reported clause is the speaker."""
    node = verb
    for _ in range(3):
        if node.dep_ in {"ccomp", "xcomp"} and is_speech(node.head):
            for child in node.head.children:
                if child.dep_ == "nsubj":
                    return child if child.lower_ not in PRONOUN_SUBJECTS else None
            # "the premier apologised and said she would accept": the speaker is the subject the verbs share
            speech = node.head
            if speech.dep_ == "conj" and speech.head != speech:
                shared = next((c for c in speech.head.children if c.dep_ == "nsubj"), None)
                if shared is not None and shared.lower_ not in PRONOUN_SUBJECTS:
                    return shared
            return None
        if node.head == node:
            return None
        node = node.head
    return None


def slot_of(tok: Token, slot: str) -> Token | None:
    if slot.startswith("prep:"):
        word = slot[5:]
        for child in tok.children:
            if child.dep_ in {"prep", "agent", "dative"} and child.lower_ == word:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None
    for child in tok.children:
        if child.dep_ == slot:
            return child
    return None


#: "the two leaders met", "both sides signed": a plural subject counted as two or more parties
PARTY_COUNTS = {"two", "both", "three", "four", "all"}


def two_parties(verb: Token, trig: Trigger) -> bool:
    if trig.type not in {"CONSULT", "AGREE"}:
        return False  # meeting and signing take two; "the two countries share a border" is no cooperation
    subject = subject_of(verb)
    if subject is None:
        return False
    # "the two leaders", "envoys of both sides", "negotiators from both sides"
    heads = [
        subject,
        *(o for p in subject.children if p.lower_ in {"of", "from"} for o in p.children if o.dep_ == "pobj"),
    ]
    return any(
        h.tag_ in {"NNS", "NNPS"}
        and any(
            (c.dep_ in {"nummod", "det", "predet"} and c.lower_ in PARTY_COUNTS) or (c.dep_ == "amod" and c.conjuncts)
            for c in h.children
        )
        for h in heads
    )  # ("Russian and Chechen delegations")


def _accuser(verb: Token) -> Token | None:
    """The accusing clause a denial answers: "Peru accused Chile of spying, a charge Santiago denied" (parsed either
    with the accusation as the denying verb's clause or with the denial as a clause on "charge")."""
    denial = denied_charge(verb)
    if denial is not None:
        return denial[1]
    noun = verb.head
    if verb.dep_ == "relcl" and in_apposition(noun):
        node = noun.head
        while node.pos_ != "VERB" and node.head != node:
            node = node.head
        return node if node.pos_ == "VERB" else None
    return None


def actors_at(head: Token | None, memory: ArticleMemory) -> list[Actor]:
    return resolve(head, memory) if head is not None else []


def arguments_of(tok: Token, trig: Trigger, memory: ArticleMemory) -> tuple[list[Actor], list[Actor]]:
    if "reported" in trig.flags:
        speech, clause = reporter_of(tok) or (tok, tok)
        agent = next((c for c in clause.children if c.dep_ == "nsubj"), None) or slot_of(clause, "prep:by")
        return actors_at(subject_of(speech), memory), actors_at(agent, memory)
    if "obligation" in trig.flags:
        clause = next(c for c in tok.children if c.dep_ == "ccomp")
        return actors_at(subject_of(tok), memory), actors_at(subject_of(clause), memory)
    if trig.pos == "VERB":
        passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if passive is None and "experiencer" in trig.flags and tok.dep_ == "acomp" and slot_of(tok, "prep:by"):
            passive = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)  # "was deeply disappointed"
        if "experiencer" in trig.flags:  # "the envoy was appalled by the shelling": the one appalled speaks
            if passive is not None and passive.lower_ in PRONOUN_SUBJECTS:
                passive = speaker_of_clause(tok) or passive  # "the envoy said he was shocked"
            return actors_at(passive, memory), actors_at(slot_of(tok, "prep:by"), memory)
        if passive is not None:
            agent = slot_of(tok, "prep:by")
            sources = actors_at(agent, memory)
            targets: list[Actor] = actors_at(passive, memory)
            for slot in trig.target if not targets else ():
                if slot.startswith("prep:"):  # "food was delivered to the town": the passive subject is a thing
                    targets = actors_at(slot_of(tok, slot), memory)
                    if targets:
                        break
            return sources, targets
        subject = subject_of(tok)
        sources = actors_at(subject, memory)
        if not sources and subject is not None and _act_of_type(subject, trig.type):
            # "an air strike by Turkish jets killed nine villagers": the act's own doer
            sources = _modifier_agent(subject, memory) or actors_at(slot_of(subject, "prep:by"), memory)
        obj = slot_of(tok, "dobj")
        for slot in trig.target or ("dobj",):
            head = slot_of(tok, slot)
            if head is None and obj is not None and slot.startswith("prep:"):
                head = slot_of(obj, slot)  # "raised the case with the president": the phrase hangs on the object
            found = actors_at(head, memory)
            if found:
                return sources, found
        accuser = _accuser(tok)
        return sources, actors_at(subject_of(accuser), memory) if accuser is not None else []
    # a noun trigger: its own modifiers first, then the clause that carries it
    if tok.dep_ == "nsubjpass" and is_light(tok.head):
        carrier: Token | None = tok.head  # "sanctions were imposed on Iran", "talks were held between ..."
    else:
        carrier = carrier_of(tok) if tok.dep_ not in {"nsubj", "nsubjpass"} else None
    sources = _modifier_agent(tok, memory, possessive="poss" not in trig.target, places=trig.mode != "visit")
    between = slot_of(tok, "prep:between") or (slot_of(carrier, "prep:between") if carrier is not None else None)
    if not sources and between is not None:
        return actors_at(between, memory), []
    if not sources:
        sources = actors_at(slot_of(tok, "prep:by"), memory)
    victims = _victims(carrier)
    if not sources and carrier is not None and victims is None:
        by_agent = any(c.dep_ == "nsubjpass" for c in carrier.children)
        sources = actors_at(slot_of(carrier, "prep:by") if by_agent else subject_of(carrier), memory)
    targets = []
    for slot in trig.target:
        targets = actors_at(slot_of(tok, slot), memory)
        if not targets and carrier is not None and slot.startswith("prep:"):
            targets = actors_at(slot_of(carrier, slot) or _later_prep(tok, carrier, slot[5:]), memory)
        if targets:
            break
    if not targets and victims is not None:
        targets = actors_at(victims, memory)
    if not targets and trig.mode == "visit":  # "his first Tokyo visit": the host
        place = next((c for c in tok.lefts if c.ent_type_ == "GPE" and c.dep_ in {"compound", "nmod", "amod"}), None)
        targets = actors_at(place, memory)
    return sources, targets


def _modifier_agent(noun: Token, memory: ArticleMemory, possessive: bool = True, places: bool = True) -> list[Actor]:
    """Who does the act a noun names, from the noun's own modifiers: its possessive ("Israel's strike") or a name
    or demonym before it ("a Russian airstrike", "the Houthi attack"); without `places`, not a place's name ("his
    first Tokyo visit" is a visit to Tokyo)."""
    poss = slot_of(noun, "poss") if possessive else None
    found = actors_at(poss, memory)
    for child in noun.lefts:
        if found:
            break
        if not places and child.ent_type_ in {"GPE", "LOC", "FAC"}:
            continue
        if child.dep_ in {"amod", "compound", "nmod"} and (child.ent_type_ or child.pos_ == "PROPN"):
            found = actors_at(child, memory)
    return found


def _act_of_type(noun: Token, etype: str) -> bool:
    """Whether a noun names an act of this type ("airstrike", "shelling" for ASSAULT)."""
    lex = lexicon()
    return noun.pos_ == "NOUN" and any(t.type == etype for t in lex.nouns.get(noun.lemma_.lower(), ()))


def _victims(carrier: Token | None) -> Token | None:
    """ "more than 100 people died in the attack", "two guards were wounded in the raid": the subject of a verb of
    `knowledge/victim_verbs.tsv` carrying the noun suffers its act. None when the carrier is no such verb."""
    voice = lexicon().victim.get(carrier.lemma_.lower()) if carrier is not None else None
    if carrier is None or voice is None:
        return None
    deps = {"nsubjpass"} if voice == "passive" else {"nsubjpass", "nsubj"}
    return next((c for c in carrier.children if c.dep_ in deps), None)


def _later_prep(noun: Token, carrier: Token, word: str) -> Token | None:
    """ "put the blame for the fighting in Aleppo on the US": the preposition may hang further along the clause."""
    for t in carrier.subtree:
        if t.i > noun.i and t.dep_ == "prep" and t.lower_ == word:
            obj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None
