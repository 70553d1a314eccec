"""Modality: how the text holds an event (asserted, reported, planned, negated, ...), and the type an event takes when
it is only stated as an intention ("said it would cut ties" is a threat, "vowed not to attack" a rejection)."""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from spacy.tokens import Span, Token

from storyline.extract.lexicon import CONFLICTUAL, COOPERATIVE, Trigger, lexicon

_UNCONFIRMED_ADVERBS = {"reportedly", "allegedly", "supposedly", "purportedly", "apparently", "ostensibly"}
_PLANNING_HEADS = {
    *("plan", "intend", "prepare", "expect", "aim", "schedule", "set", "due", "vow", "pledge", "promise"),
    *("ready", "willing", "prepared", "consider", "weigh", "mull", "contemplate", "hope", "decide"),
}
_SCHEDULE_HEADS = {"due", "schedule"}
#: "Under the deal, Armenia will hand back ...": the terms of an agreement already made, not an intention stated
#: ("the road map", "the resolution", "the terms": lemmas)
_TERMS = {
    "deal",
    "accord",
    "agreement",
    "arrangement",
    "plan",
    "treaty",
    "truce",
    "ceasefire",
    "pact",
    "declaration",
    "terms",
    "term",
    "map",
    "roadmap",
    "resolution",
    "programme",
    "program",
    "protocol",
    "memorandum",
    "framework",
}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should"}
_CONDITIONS = {"if", "unless"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
#: the auxiliaries of what an actor says it will do ("said it would send troops")
WILL_AUX = _FUTURE_AUX | {"would"}


def is_speech(tok: Token) -> bool:
    """A verb of saying, reporting, denying or confirming (`knowledge/cues.tsv`)."""
    return tok.pos_ == "VERB" and lexicon().cues.get(tok.lemma_.lower()) in {"speech", "report", "deny", "confirm"}


def is_condition(clause: Token) -> bool:
    """Whether `clause` is an "if" or "unless" clause: a condition set on another act."""
    return any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in clause.children)


#: what one party says of another, which a third may deny in apposition (", a charge Moscow denied")
CHARGES = {"charge", "accusation", "allegation", "claim", "assertion", "suggestion"}


def in_apposition(noun: Token) -> bool:
    """Whether `noun` is a charge put after a comma as a name for what came before (", a charge Moscow denied")."""
    return noun.lemma_.lower() in CHARGES and noun.left_edge.i > 0 and noun.doc[noun.left_edge.i - 1].text == ","


#: verbs that answer a charge (", a charge Santiago denied")
_DENYING = {"deny", "reject", "dismiss", "dispute", "refute", "rebuff", "brush"}


def denied_charge(verb: Token) -> tuple[Token, Token] | None:
    """(the charge, the accusing clause) when `verb` denies a charge put in apposition: "Peru accused Chile of
    spying, a charge Santiago denied". The parser hangs it in several ways: the charge as the denying verb's subject,
    the accusation as its clause or as the verb it is joined to; or, with no subject, the charge and the denier on
    the accusation ("blamed the army for the killings, an accusation the chief, Soto, rejected")."""
    if verb.lemma_.lower() not in _DENYING:
        return None
    charge = next((c for c in verb.children if c.dep_ == "nsubj" and in_apposition(c)), None)
    if charge is not None:
        if verb.dep_ in {"conj", "advcl"} and verb.head.i < charge.i:
            return charge, verb.head
        clause = next((k for k in verb.children if k.dep_ in {"ccomp", "parataxis"} and k.i < charge.i), None)
        return (charge, clause) if clause is not None else None
    if any(c.dep_ == "nsubj" for c in verb.children):
        return None
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "parataxis"} and c.i < verb.i]
    if verb.dep_ in {"conj", "advcl"} and verb.head.i < verb.i:
        clauses.append(verb.head)
    for clause in clauses:
        named = next((t for t in clause.subtree if t.dep_ == "appos" and t.i < verb.i and in_apposition(t)), None)
        if named is not None:
            return named, clause
    return None


def cut_off(clause: Token) -> bool:
    """ "Iran seizes tanker; London warns of consequences": the parser hangs the first clause on the second verb as
    what it says, but a semicolon between them makes them two statements; so does ", a charge Moscow denied"."""
    return (
        clause.dep_ in {"ccomp", "parataxis"}
        and clause.i < clause.head.i
        and (
            any(t.text == ";" for t in clause.doc[clause.i + 1 : clause.head.i])
            or denied_charge(clause.head) is not None
        )
    )


def _chain(tok: Token) -> list[Token]:
    """The trigger and the verbs above it, up to the sentence root."""
    out = [tok]
    node = tok
    if tok.pos_ in {"NOUN", "PROPN"} and tok.head != tok:
        node = tok.head
        out.append(node)
    if next_act_after_report(node):
        node = node.head.head  # the speaker's next act hangs where the speech verb does
    elif tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ in {"nsubj", "nsubjpass"}:
        # "Biden, visiting Warsaw, promised that ...": what the subject is doing is not what its verb says
        node = tok.head.head
        out.append(tok.head)
    while node.head != node and len(out) < 8 and not cut_off(node):
        node = node.head
        out.append(node)
    return out


@cache
def _modality_words(kind: str) -> frozenset[str]:
    """The phrases of one kind in knowledge/modality.tsv ("speculation", "onlooker", ...)."""
    return frozenset(p for p, m in lexicon().modality if m == kind)


def _able(chain: list[Token]) -> bool:
    """ "says it is free to move troops", "was able to reach the island": an infinitive under an adjective of
    `ability` (knowledge/modality.tsv) tells what the actor may do."""
    words = _modality_words("ability")
    return any(
        node.dep_ == "xcomp" and head.dep_ == "acomp" and head.lemma_.lower() in words
        for node, head in pairwise(chain[:3])
    )


def _speculated(chain: list[Token]) -> bool:
    """ "It is not impossible that the envoy raised the raids in the meeting": a clause put under an adjective of
    `speculation` (knowledge/modality.tsv) is the writer's guess."""
    words = _modality_words("speculation")
    for node, head in pairwise(chain[:4]):
        if node.dep_ == "ccomp" and any(c.dep_ == "acomp" and c.lemma_.lower() in words for c in head.children):
            return True
    return False


_MODALS = {"would", "will", "could", "might", "may", "should", "can", "'d", "'ll"}


def next_act_after_report(verb: Token) -> bool:
    """Whether `verb` is a past tense the parser joined to a modal clause that a past-tense speech verb reports
    ("warned that the law would hamper its progress and called on Tbilisi to withdraw it"): the speaker's next act,
    not part of what was said."""
    if verb.dep_ != "conj" or verb.tag_ != "VBD":
        return False
    clause = verb.head
    speech = clause.head
    return (
        clause.dep_ == "ccomp"
        and speech.tag_ == "VBD"
        and is_speech(speech)
        and any(c.dep_ == "aux" and c.lower_ in _MODALS for c in clause.children)
    )


def _governing_aux(tok: Token) -> set[str]:
    """The auxiliaries of the verbs an act hangs on through infinitives and coordination: "would lead the general to
    order his brigade forward to seize the port" (an act a would-be act brings about is only hypothetical), "the
    gunmen will regroup and begin shelling the villages" (what they will begin is in the future too)."""
    node = tok.head if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ == "dobj" else tok
    if next_act_after_report(node):
        return set()
    for _ in range(4):
        purpose = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if (node.dep_ not in {"xcomp", "conj"} and not purpose) or node.head == node:
            return set()
        node = node.head
        aux = {c.lower_ for c in node.children if c.dep_ == "aux"} if node.pos_ in {"VERB", "AUX"} else set()
        if aux & (_HYPOTHETICAL_AUX | _FUTURE_AUX):
            return aux
    return set()


def _scheduled(head: Token) -> bool:
    """ "is due to visit", "was scheduled to meet", "was expected to travel", "the rebels are to halt attacks": a
    timetable or an arrangement the writer reports (but "he expected to meet Xi" is his own intention)."""
    lemma = head.lemma_.lower()
    return (
        lemma in _SCHEDULE_HEADS
        or (lemma == "expect" and any(c.dep_ == "auxpass" for c in head.children))
        or (lemma == "be" and any(c.dep_ == "xcomp" for c in head.children))
    )


def _under_terms(chain: list[Token]) -> bool:
    """Whether the clause is told as what an agreement provides ("under the accord, troops will pull out") or what
    a party gives for it (`in_return`)."""
    return in_return(chain) or any(
        prep.dep_ == "prep" and prep.lower_ == "under" and any(o.lemma_.lower() in _TERMS for o in prep.children)
        for node in chain[:3]
        for prep in node.children
    )


def in_return(chain: list[Token]) -> bool:
    """ "In return, Cairo is to let the pound float": what a party gives for a deal, on the first verbs of `chain`."""
    return any(
        prep.dep_ == "prep" and prep.lower_ == "in" and any(o.lower_ == "return" for o in prep.children)
        for node in chain[:3]
        for prep in node.children
    )


#: subjects that speak of the speaker itself ("Iraq said it would ...")
PRONOUN_SUBJECTS = {"it", "they", "he", "she", "we", "i"}


def _about_another(speech: Token, chain: list[Token]) -> bool:
    """ "Diplomats said the European Union could ban imports": onlookers (knowledge/modality.tsv) telling what a
    named actor may do report its plans; it states no intention of its own."""
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    clause = chain[chain.index(speech) - 1]
    actor = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return (
        speaker is not None
        and speaker.lemma_.lower() in _modality_words("onlooker")
        and actor is not None
        and actor.lower_ not in PRONOUN_SUBJECTS
        and (actor.pos_ == "PROPN" or bool(actor.ent_type_))
    )


def modality(tok: Token, sent: Span) -> tuple[str, bool]:
    """(modality, said-as-intent): how the text holds the event; intent is "X said it would ..." of X itself."""
    lex = lexicon()
    local = [tok]
    if tok.pos_ in {"NOUN", "PROPN"} and tok.head != tok:
        local.append(tok.head)
    kids = [c for t in local for c in t.children]
    lower = {c.lower_ for c in kids}
    chain = _chain(tok)
    if any(c.dep_ == "neg" for c in kids) or (lower & {"never", "no"} and any(c.dep_ == "neg" for c in kids)):
        negated = True
    else:
        negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in kids) or any(
            chain[i].lemma_.lower() in {"fail", "refrain"} and chain[i - 1].dep_ in {"xcomp", "prep", "pcomp"}
            for i in range(1, min(3, len(chain)))
        )  # "failed to stop the attack", "refrained from voting"; not "had failed them and would stand by them"
    # the denying verbs above the act, not one it is joined to ("denies any plan and says it is free to move")
    above = chain[1 : next((i for i, t in enumerate(chain) if i and t.dep_ == "conj"), len(chain)) + 1]
    denied = any(lex.cues.get(t.lemma_.lower()) == "deny" and t.pos_ == "VERB" for t in above)
    if denied:
        return "denied", False
    aux = {c.lower_ for c in kids if c.dep_ in {"aux", "auxpass"}}
    governing = _governing_aux(tok)
    headed = any(
        chain[i].lemma_.lower() in _PLANNING_HEADS and chain[i - 1].dep_ != "conj"  # "set off bombs and kidnapped"
        for i in range(1, min(3, len(chain)))
    )
    planned = bool((aux | governing) & _FUTURE_AUX) or headed
    planned = planned or ("going" in aux and "to" in {c.lower_ for t in chain[:2] for c in t.children})
    # "the rebels are to halt attacks"
    planned = planned or (tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and "to" in aux)
    planned = planned or (tok.lower_ == "due" and tok.pos_ == "ADJ")  # "is due in Bogota on Monday"
    hypothetical = (
        bool(aux & _HYPOTHETICAL_AUX)
        or any(is_condition(t) for t in chain[:3])
        or bool(governing & _HYPOTHETICAL_AUX)
        or _speculated(chain)
    )
    if _able(chain):
        return "hypothetical", False  # what the actor may do, even when it says so, is neither done nor promised
    speech = next((t for t in chain[1:] if is_speech(t)), None)
    others = speech is not None and _about_another(speech, chain)
    if (
        hypothetical
        and speech is not None
        and not any(c.lower_ == "if" for t in chain[:3] for c in t.children)
        and (not others or (aux | governing) & _HYPOTHETICAL_AUX == {"would"})
    ):
        # "Iraq said it would allow ...": a stated intention; "analysts said Minsk would ...": a plan reported
        hypothetical, planned = False, True
    if negated:
        return "negated", planned
    if hypothetical:
        return "hypothetical", False
    if planned:
        # "the envoy is due to visit Kabul": a timetable the writer gives, not an intention the actor states
        scheduled = any(_scheduled(t) for t in chain[1:3]) and not aux & _FUTURE_AUX
        # "the government will confine people to their homes from Friday", in the writer's voice, is a plan told;
        # what the actor says it will do, or plans or stands ready to do, is its stated intention
        stated = speech is not None or headed
        if not stated and _on_condition(tok):
            return "hypothetical", False  # "the US will strike again if the jets keep flying": a forecast
        return "planned", stated and not scheduled and not others and not _under_terms(chain)
    text = sent.text.lower()
    if any(c.lower_ in _UNCONFIRMED_ADVERBS for t in chain[:3] for c in t.children) or "unconfirmed" in text:
        return "unconfirmed", False
    for phrase, mod in lex.modality:
        if mod == "unconfirmed" and f" {phrase} " in f" {text} ":
            return "unconfirmed", False
    if speech is not None or any(c.dep_ in {"parataxis", "ccomp"} and is_speech(c) for c in tok.children):
        return "reported", False
    if "according to" in text:
        return "reported", False
    return "asserted", False


def _on_condition(verb: Token) -> bool:
    """Whether `verb` carries an "if" or "unless" clause: what it tells depends on that clause."""
    return any(c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children) for c in verb.children)


def _on_terms_only(verb: Token) -> bool:
    """ "the soldiers would be returned only through indirect negotiations", "would be freed only in a swap": an act
    promised only on the speaker's terms, which is a demand."""
    return any(c.lower_ == "only" for p in verb.children if p.dep_ in {"prep", "advcl"} for c in p.children)


def intent_type(event_type: str, modality_: str) -> str:
    """PLOVER codes a stated intention by the event it promises: to cooperate is AGREE, to harm is THREATEN."""
    if modality_ == "negated":
        return "REJECT"
    if event_type in COOPERATIVE:
        return "AGREE"
    if event_type in CONFLICTUAL:
        return "THREATEN"
    return event_type


#: measures whose lifting, announced, is done ("said it would remove the duties from Saturday")
_MEASURES = {"sanction", "tariff", "duty", "ban", "embargo", "restriction", "curfew", "levy", "quota", "curb", "freeze"}


def _lifts_measure(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in _MEASURES for c in verb.children)


def _decided(tok: Token, etype: str) -> bool:
    """ "23 diplomats will be expelled", "China said it would raise tariffs from June 1": a sanction announced as
    what will be done is imposed by the announcement, and so is its easing ("said it would remove the duties from
    Saturday"), and so is a deployment ("the Pentagon said 2,000 soldiers would
    fly to Poland"); one being prepared or weighed, or promised on a condition ("would reimpose the sanctions
    unless Caracas lifted the bans"), is still a threat."""
    verb = tok.head if tok.dep_ in {"dobj", "nsubjpass"} else tok  # "would raise tariffs": the verb carrying the noun
    # joint work the parties "will" do ("forces will hold joint exercises from Feb. 10, the ministry said") is
    # fixed between them; "said it would work with New Delhi" is still a pledge
    auxes = WILL_AUX if etype in {"SANCTION", "MOBILIZE", "CONCEDE"} else _FUTURE_AUX
    return (
        (etype in {"SANCTION", "MOBILIZE", "COOPERATE"} or (etype == "CONCEDE" and _lifts_measure(verb)))
        and not any(c.dep_ == "advcl" and is_condition(c) for c in verb.children)
        and any(c.dep_ == "aux" and c.lower_ in auxes for c in verb.children)
    )


#: types that are themselves statements: "said it would accuse" stays ACCUSE
_STATED_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"}


def held_type(trigger: Trigger, tok: Token, modality_: str, intent: bool) -> str:
    """The type of the event of `trigger` at `tok` as the text holds it."""
    if modality_ == "negated" and "neg_flip" in trigger.flags:
        return "REJECT"  # "did not recognise the vote", "would not accept a president imposed on them"
    if intent and modality_ == "planned" and "threat_if_intended" in trigger.flags:
        return "THREATEN"  # "Seoul said it would file a complaint at the WTO": legal action promised is a threat
    if intent and modality_ == "negated" and trigger.type == "THREATEN":
        return "AGREE"  # "said the movement would not take revenge": an assurance, the opposite of a threat
    if trigger.type == "CONSULT" and modality_ == "planned" and not any(is_speech(t) for t in _chain(tok)[1:]):
        return trigger.type  # "Modi will fly on to Cairo on Saturday": a visit the writer schedules (CONSULT, planned)
    if trigger.type in CONFLICTUAL and any(t.lemma_.lower() == "decide" for t in _chain(tok)[1:3]):
        return trigger.type  # "decided to shut the last crossing": a hostile measure decided is taken, no warning
    if intent and modality_ == "planned" and trigger.type in COOPERATIVE and _on_terms_only(tok):
        return "REQUEST"  # "the soldiers would be returned only through indirect negotiations": terms set
    if (
        intent
        and modality_ in {"planned", "negated"}
        and trigger.type not in _STATED_TYPES
        and not _decided(tok, trigger.type)
    ):
        return intent_type(trigger.type, modality_)
    return trigger.type
