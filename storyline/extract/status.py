"""Confirmation and denial: statements about other claims and events, and who makes them.

"X denied that ...", "X did not deny ...", "X confirmed ...", "there has been no confirmation from Moscow or
Damascus", "unverified", a "CONFIRMED:" headline. Each becomes a `ClaimStatus` linked to the claim or events it is
about: the ones in its own clause, else the nearest earlier ones that share its words ("such an agreement" ->
the agreement reported before), else those of the sentence before.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from storyline.extract.actors import ArticleMemory, resolve
from storyline.extract.claims import Sentence
from storyline.extract.lexicon import lexicon
from storyline.model import Actor, Claim, ClaimStatus, Event

_CONFIRM_NOUNS = {"confirmation", "verification", "corroboration", "acknowledgement", "acknowledgment"}
_DENIAL_NOUNS = {"denial", "rebuttal"}
_UNVERIFIED = re.compile(
    r"\b(unverified|unconfirmed|could not be (independently )?(verified|confirmed)|not been (independently )?(verified|confirmed))\b",
    re.I,
)
_HEADLINE_CONFIRMED = re.compile(r"^\s*(CONFIRMED|VERIFIED)\s*[:!-]")


def _negated(tok: Token) -> bool:
    """ "did not confirm", "failed to confirm", "no one has confirmed", "until Moscow confirms it"."""
    if any(c.dep_ == "neg" or c.lower_ in {"never", "no"} for c in tok.children):
        return True
    if any(a.lemma_.lower() in {"fail", "refuse", "decline"} for a in list(tok.ancestors)[:1]):
        return True
    subject = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and (
        subject.lower_ in {"nobody", "none"} or any(c.lower_ == "no" for c in subject.children)
    ):
        return True
    return any(c.dep_ == "mark" and c.lower_ in {"until", "unless", "if", "before"} for c in tok.children)


def _by(tok: Token, memory: ArticleMemory) -> list[Actor]:
    subject = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.lower_ not in {"there", "it", "this"}:
        return resolve(subject, memory)
    holders = [tok]
    if tok.dep_ in {"nsubj", "attr", "dobj"} and tok.head != tok:
        holders.append(tok.head)  # "no confirmation ... came from Moscow"
    # "no confirmation of the shelling from Damascus": the source may hang anywhere in the noun's phrase
    for child in (c for h in holders for c in (h.children if h is not tok else h.subtree)):
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                found = resolve(obj, memory)
                if found:
                    return found
    return []


def _about(
    tok: Token, sentence: Sentence, events: list[Event], claims: list[Claim], previous: Sentence | None
) -> tuple[str | None, list[str]]:
    """The claim and events a status is about."""
    clause = [c for c in tok.children if c.dep_ in {"ccomp", "dobj", "xcomp", "prep", "acl"}]
    lo = min((c.left_edge.idx for c in clause), default=None)
    hi = max((c.right_edge.idx + len(c.right_edge.text) for c in clause), default=None)
    inside: list[Event] = []
    if lo is not None and hi is not None:
        base = sentence.start - sentence.span.start_char
        inside = [e for e in events if base + lo <= e.span[0] < base + hi]
    if inside:
        return None, [e.id for e in inside]
    words = {t.lemma_.lower() for c in clause for t in c.subtree if t.pos_ in {"NOUN", "VERB"}}
    earlier = [e for e in events if e.span[0] < sentence.start]
    same = [e for e in earlier if e.trigger.lower().rstrip("s") in words or _lemma(e.trigger) in words]
    if same:
        return None, [same[-1].id]
    claim = next((c for c in reversed(claims) if c.span[0] < sentence.start), None)
    if previous is not None:
        prev_events = [e for e in events if previous.start <= e.span[0] < previous.end]
        if prev_events:
            return claim.id if claim and claim.sentence_span[0] >= previous.start else None, [e.id for e in prev_events]
    return (claim.id if claim else None), []


def _lemma(word: str) -> str:
    return word.lower().removesuffix("s")


def find_statuses(
    sentences: list[Sentence], events: list[Event], claims: list[Claim], memory: ArticleMemory
) -> list[ClaimStatus]:
    """Every confirmation, denial, non-denial and "unconfirmed" in an article's body."""
    lex = lexicon()
    out: list[ClaimStatus] = []
    for n, sentence in enumerate(sentences):
        previous = sentences[n - 1] if n else None
        found = False
        for tok in sentence.span:
            kind: str | None = None
            cue_kind = lex.cues.get(tok.lemma_.lower())
            if tok.pos_ == "VERB" and cue_kind == "deny":
                kind = "not_denied" if _negated(tok) else "denied"
            elif tok.pos_ == "VERB" and cue_kind == "confirm":
                kind = "unconfirmed" if _negated(tok) else "confirmed"
            elif tok.lower_ in _CONFIRM_NOUNS:
                kind = (
                    "unconfirmed" if any(c.lower_ == "no" for c in tok.children) or _negated(tok.head) else "confirmed"
                )
            elif tok.lower_ in _DENIAL_NOUNS:
                kind = "denied"
            if kind is None:
                continue
            by = _by(tok, memory)
            claim_id, event_ids = _about(tok, sentence, events, claims, previous)
            out.append(
                ClaimStatus(
                    kind, by, sentence.text.strip(), (sentence.start, sentence.end), claim_id, event_ids, tok.text
                )
            )
            found = True
        if not found and _UNVERIFIED.search(sentence.text):
            claim_id, event_ids = _about(sentence.span.root, sentence, events, claims, previous)
            match = _UNVERIFIED.search(sentence.text)
            out.append(
                ClaimStatus(
                    "unconfirmed", [], sentence.text.strip(), (sentence.start, sentence.end), claim_id, event_ids,
                    match[0] if match else None,
                )
            )  # fmt: skip
    return out


def headline_status(title: str, title_events: list[Event]) -> ClaimStatus | None:
    """A "CONFIRMED:" headline is the author's own confirmation of the headline's events."""
    m = _HEADLINE_CONFIRMED.match(title)
    if not m:
        return None
    return ClaimStatus("confirmed", [], title, (0, len(title)), None, [e.id for e in title_events], m[1])


def apply(statuses: list[ClaimStatus], events: list[Event], claims: list[Claim]) -> None:
    """Link statuses to their claims and events; an event only reported and never confirmed is `unconfirmed`."""
    by_id = {e.id: e for e in events}
    claim_by_id = {c.id: c for c in claims}
    for status in statuses:
        if status.claim_id in claim_by_id:
            claim_by_id[status.claim_id].status.append(status)
        for event_id in status.event_ids:
            event = by_id.get(event_id)
            if event is None:
                continue
            event.status.append(
                {"kind": status.kind, "by": [a.name for a in status.by], "sentence": status.sentence, "cue": status.cue}
            )
            if status.kind == "unconfirmed" and event.modality in {"asserted", "reported"}:
                event.modality = "unconfirmed"
