"""Claims: who says what, through which outlet. Direct quotations and reported speech.

Direct quotations are found in the clean text by their marks (straight and curly, spanning sentences and
paragraphs, block quotes that only show their closing mark); their speaker is the subject of a cue verb in the same
sentence ("..., said Lavrov"), or the one the introducing sentence names ("Lavrov's comments were scathing:", "She is
reported by Interfax as saying the following"). Reported speech is a cue verb with a clause ("X said that ...",
"X told Y that ...", "X quoted Y as saying ...", "X reports Y saying ...") or "according to X". The outlet is the
medium that relays the words when the text names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise

from spacy.tokens import Span, Token

from storyline.extract.actors import ArticleMemory, noun_phrase, resolve, whole_entities
from storyline.extract.kb import kb, key
from storyline.extract.lexicon import lexicon
from storyline.extract.modality import cut_off, next_act_after_report
from storyline.knowledge import read_table
from storyline.model import Actor, Claim

_OPEN = {"“": "”", '"': '"', "‘": "’", "«": "»"}
_CLOSE = {"”", '"', "’", "»"}
_INTRO_END = re.compile(r"(:|as follows|the following|in this way|saying|this is what (s?he|they|it) said)\s*$", re.I)
_STATEMENT_NOUNS = {
    "comment", "comments", "words", "statement", "report", "readout", "remarks", "response", "reply", "answer",
    "account", "version", "message", "letter", "tweet", "post", "declaration", "communique", "interview",
}  # fmt: skip
_ANONYMOUS_HEADS = {
    "source", "sources", "official", "officials", "diplomat", "diplomats", "monitor", "monitors", "activist",
    "activists", "witness", "witnesses", "resident", "residents", "figure", "person", "people", "insider",
    "insiders", "aide", "aides", "member", "members", "observer", "observers", "analyst", "analysts", "someone",
}  # fmt: skip


@dataclass
class Sentence:
    """A parsed sentence and where it lies in the article's text."""

    span: Span
    start: int
    end: int

    @cached_property
    def text(self) -> str:
        return self.span.text


# --- direct quotations ------------------------------------------------------------------------------------------


def find_quotes(text: str) -> list[tuple[int, int, bool]]:
    """Quoted passages as (start, end, block) content offsets, marks excluded; `block` when only the closing
    mark shows and the quote runs from the start of its paragraph (or from the paragraph after an introduction)."""
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    quotes: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    closer = ""
    for n, (p_start, p_end) in enumerate(paragraphs):
        i = p_start
        while i < p_end:
            ch = text[i]
            if open_at is None:
                if ch in _OPEN and _opens(text, i):
                    open_at, closer = i + 1, _OPEN[ch]
                elif ch in _CLOSE and _closes(text, i):
                    start = _block_start(text, paragraphs, n)
                    if i - start > 15:
                        quotes.append((start, i, True))
            elif ch == closer and (ch != "’" or _closes(text, i)) and i > open_at:
                quotes.append((open_at, i, False))
                open_at = None
            i += 1
        if open_at is not None:
            nxt = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
            if nxt is None or text[nxt] not in _OPEN:
                end = p_end
                if n + 1 < len(paragraphs) and _has_stray_closer(text, paragraphs[n + 1]):
                    continue  # the quote runs on into the next paragraph, which closes it
                quotes.append((open_at, end, False))
                open_at = None
    out: list[tuple[int, int, bool]] = []
    for s, e, b in sorted(quotes):
        words = len(text[s:e].split())
        # a scare quote ("the moderates") is a phrase, not a claim: a claim is a sentence or a long passage
        if words < 4 and not re.search(r"[.!?,]\s*$", text[s:e]):
            continue
        if b and any(s - 1 <= s2 <= s + 1 or s2 < s < e2 for s2, e2, _ in out):
            continue
        out.append((s, e, b))
    return out


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _has_stray_closer(text: str, paragraph: tuple[int, int]) -> bool:
    start, end = paragraph
    for i in range(start, end):
        if text[i] in _OPEN and _opens(text, i):
            return False
        if text[i] in _CLOSE and _closes(text, i):
            return True
    return False


def _block_start(text: str, paragraphs: list[tuple[int, int]], n: int) -> int:
    """Where a block quote whose closing mark is in paragraph `n` starts: up to 2 paragraphs back, after an intro."""
    start = paragraphs[n][0]
    for back in (1, 2):
        if n - back < 0:
            break
        prev = text[paragraphs[n - back][0] : paragraphs[n - back][1]].rstrip()
        if _INTRO_END.search(prev) or not re.search(r"[.!?\"”’]$", prev):
            break
        start = paragraphs[n - back][0]
    return start


# --- speakers and outlets ---------------------------------------------------------------------------------------


def _cue_kind(tok: Token) -> str | None:
    if tok.pos_ not in {"VERB", "AUX"}:
        return None
    return lexicon().cues.get(tok.lemma_.lower())


def _subject_token(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ == "pobj" and _cue_kind(verb.head.head.head):
        # "X said in a video posted on Facebook that ...": whoever posted it is the one who said it
        return _subject_token(verb.head.head.head)
    if next_act_after_report(verb):
        return _subject_token(verb.head.head)  # "said the army would withdraw and added that ...": the speaker
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head != verb:
        head = verb.head
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and head.dep_ == "ccomp"
            and _cue_kind(head.head)
            and head.head.i < head.i  # not "He left, saying ..., the Daily Mail reports"
        ):
            # "Riyadh acknowledged that X had died, saying ...": the participle goes with the reporting verb
            return _subject_token(head.head)
        return _subject_token(head)
    return None


def _pobj(tok: Token, preps: set[str]) -> Token | None:
    for child in tok.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
        if child.dep_ == "dative" and child.pos_ in {"PROPN", "NOUN"}:
            return child
    return None


def _antecedent(pronoun: Token) -> Token | None:
    """What a "he"/"she" (a person) or an "it" (an organisation) points back to: the nearest one named before it,
    within about 150 words."""
    doc = pronoun.doc
    wanted = "PERSON" if pronoun.lower_ in {"he", "she", "his", "her"} else "ORG"
    for i in range(pronoun.i - 1, max(pronoun.i - 150, -1), -1):
        tok = doc[i]
        last_of_name = i + 1 >= len(doc) or doc[i + 1].ent_type_ != wanted or doc[i + 1].ent_iob_ == "B"
        if tok.ent_type_ == wanted and last_of_name:
            return tok
    return None


def _one(head: Token | None, memory: ArticleMemory) -> Actor | None:
    if head is None:
        return None
    if head.lower_ in {"i", "me"}:  # the author speaking in the first person
        return Actor(head.text, memory.author or "the author", None, None, "author", None, "author")
    if head.lower_ in {"he", "she", "it", "his", "her", "its"}:
        named = _antecedent(head)
        if named is not None:
            found = resolve(named, memory)
            if found:
                actor = found[0]
                return Actor(head.text, actor.name, actor.country, actor.sector, actor.actor_id, None, "pronoun")
    actors = resolve(head, memory)
    if actors:
        return actors[0]
    span = noun_phrase(head)
    return Actor(span.text, span.text, None, None, "unknown:" + key(span.text).replace(" ", "-"), None, "entity")


@dataclass
class _Attribution:
    speaker: Actor | None
    outlet: str | None
    cue: str | None
    anonymous: bool
    #: the words were addressed to someone the sentence names ("told reporters", "told Reuters")
    audience: bool = False


def _anonymous(head: Token | None, sentence: Span) -> bool:
    if head is None:
        return False
    span = noun_phrase(head)
    if any(t.ent_type_ == "PERSON" for t in span):
        return False
    if re.search(
        r"(not to be (named|identified)|condition of anonymity|declined to be (named|identified))", sentence.text
    ):
        return True
    return head.lower_ in _ANONYMOUS_HEADS and not any(t.ent_type_ in {"ORG"} for t in span)


def attribution_of(verb: Token, sentence: Span, memory: ArticleMemory) -> _Attribution:
    """Speaker, outlet and cue of a cue verb: "Interfax quoted Matviyenko as saying", "X told the FT", "X said"."""
    lemma = verb.lemma_.lower()
    subject = _subject_token(verb)
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    cue = verb.text
    if lemma == "quote" or (lemma in {"report", "cite"} and any(c.dep_ == "dobj" for c in verb.children)):
        quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if quoted is not None and any(c.lower_ in {"as", "saying"} or c.lemma_ == "say" for c in verb.subtree):
            speaker = _one(quoted, memory)
            return _Attribution(
                speaker, _relay(subject, memory), f"{verb.text} ... as saying", _anonymous(quoted, sentence)
            )
    saying = next((c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.lemma_.lower() == "say"), None)
    inner = _subject_token(saying) if saying is not None else None
    if inner is not None and subject is not None and inner != subject:  # "Reuters reports General X saying that"
        return _Attribution(
            _one(inner, memory), _relay(subject, memory), f"{verb.text} ... saying", _anonymous(inner, sentence)
        )
    if passive:
        agent = _pobj(verb, {"by"})
        speaker = _one(subject, memory)
        outlet = _relay(agent, memory)
        return _Attribution(speaker, outlet, cue, _anonymous(subject, sentence))
    owner = _owner(subject) if subject is not None and subject.lower_ in _STATEMENT_NOUNS else None
    if subject is not None and owner is not None:
        # "the ministry's statement said", "a post attributed to X claimed": the owner speaks through the statement
        outlet = _medium(verb, sentence, memory)
        if outlet is None and subject.lower_ in _medium_nouns():  # not "his words suggest"
            outlet = _statement_phrase(subject)
        return _Attribution(_one(owner, memory), outlet, cue, _anonymous(owner, sentence))
    speaker = _one(subject, memory)
    outlet = None
    if speaker is not None and speaker.sector == "MED":
        # "BBC's correspondent wrote": a journalist's words come through the outlet named with them
        outlet = _named_outlet(subject) if subject is not None else None
        if outlet is None and not _is_person(speaker, subject):
            return _Attribution(speaker, _outlet_name(speaker), cue, _anonymous(subject, sentence))
    if outlet is not None:
        return _Attribution(speaker, outlet, cue, _anonymous(subject, sentence))
    listener = _pobj(verb, {"to", "with"}) or next((c for c in verb.children if c.dep_ in {"dobj", "dative"}), None)
    if listener is not None:
        if listener.lower_ in _medium_nouns():  # "told state television", "told the newspaper Izvestia"
            outlet = _known_outlet(listener, memory) or noun_phrase(listener).text
        else:
            outlet = _relay(listener, memory)
    outlet = outlet or _medium(verb, sentence, memory) or _relaying_outlet(verb, memory)
    return _Attribution(speaker, outlet, cue, _anonymous(subject, sentence), listener is not None)


_GENERIC_ID = re.compile(r"[A-Z]{3}-[A-Z]{3}")  # an actor known only by its country and sector ("UNK-MED")


@cache
def _medium_nouns() -> frozenset[str]:
    """Nouns for the channel that carries someone's words ("state television", "his blog"): cues.tsv, kind medium."""
    return frozenset(row["phrase"].lower() for row in read_table("cues.tsv") if row["kind"] == "medium")


def _relaying(verb: Token) -> bool:
    """A verb that passes on others' words ("quoted", "carried", "reported"): a report cue in cues.tsv."""
    if verb.pos_ != "VERB":  # "a report by the committee": the committee wrote it, not relayed it
        return False
    lex = lexicon()
    return lex.cues.get(verb.lemma_.lower()) == "report" or (f"{verb.lower_} by", "report") in lex.cue_phrases


def _medium(verb: Token, sentence: Span, memory: ArticleMemory) -> str | None:
    """The medium a statement went out through, when the sentence names one: "on state television", "in a post on
    Facebook", "according to a White House readout", "in an interview with the Financial Times"; not a medium
    the reported words themselves mention."""
    content = _content(verb) if _cue_kind(verb) else None
    for tok in sentence:
        if tok.dep_ != "pobj" or tok.head.dep_ not in {"prep", "agent"}:
            continue
        if content is not None and content.start <= tok.i < content.end:
            continue
        prep = tok.head
        if prep.lower_ not in {"on", "to", "with", "by", "in", "from"} and not (
            prep.lower_ == "to" and prep.head.lower_ == "according"
        ):
            continue
        if prep.lower_ == "by" and _relaying(prep.head):
            # "as quoted by Hersh", "in a statement carried by SANA": whoever relays the words by name
            relayed = _relay(tok, memory) or (noun_phrase(tok).text if tok.pos_ == "PROPN" else None)
            if relayed is not None:
                return relayed
        actor = _known_outlet(tok, memory)
        phrase = noun_phrase(tok)
        if actor is not None:
            return actor
        if prep.lower_ == "in" and tok.lower_ in _medium_nouns():
            # "in a Facebook post", "in a BBC interview": the platform or outlet the statement went out on
            for child in (c for c in tok.children if c.dep_ == "compound"):
                named = _known_outlet(child, memory)
                if named is not None or child.lower_ in _medium_nouns():
                    return named or child.text
        if tok.lower_ in _medium_nouns() and (prep.lower_ in {"on", "to"} or prep.head.lower_ == "according"):
            if tok.lower_ in {"statement", "interview", "post"}:
                nested = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"on", "with", "by"}), None)
                obj = next((c for c in nested.children if c.dep_ == "pobj"), None) if nested is not None else None
                if obj is not None:
                    return _known_outlet(obj, memory) or noun_phrase(obj).text
                continue
            return sentence.doc[phrase.start : tok.i + 1].text
    return None


def _relaying_outlet(verb: Token, memory: ArticleMemory) -> str | None:
    """ "X said ..., the agency IRNA reported": the outlet whose report the statement sits in."""
    node = verb
    for _ in range(2):
        if node.head == node:
            return None
        node = node.head
        if _cue_kind(node) in {"speech", "report"}:
            subject = _subject_token(node)
            if subject is not None:
                return _relay(subject, memory)
    return None


def _known_outlet(tok: Token, memory: ArticleMemory) -> str | None:
    named = _named_outlet(tok)
    if named is not None:
        return named
    if not (tok.ent_type_ in {"ORG", "PERSON", "GPE"} or tok.pos_ == "PROPN"):
        return None
    actors = resolve(tok, memory)
    return actors[0].name if actors and actors[0].sector == "MED" else None


def _named_outlet(tok: Token) -> str | None:
    """The news outlet a phrase names anywhere in it: "the state news agency IRNA", "Russia's agency RIA Novosti"
    (the parser may split such a phrase into two subjects of one verb, or hang the name on as an apposition)."""
    outlets = kb().outlets
    heads = [tok, *(c for c in tok.children if c.dep_ == "appos")]
    if tok.dep_ in {"nsubj", "nsubjpass"}:
        heads += [c for c in tok.head.children if c.dep_ == tok.dep_ and c != tok]
    for head in heads:
        phrase = noun_phrase(head)
        names = [
            phrase,
            *(e for e in whole_entities(phrase) if e.label_ in {"ORG", "PERSON", "GPE", "FAC", "WORK_OF_ART"}),
        ]
        propn = [t for t in phrase if t.pos_ == "PROPN"]
        if propn:
            names.append(phrase.doc[propn[0].i : propn[-1].i + 1])
        for span in names:
            words = [w for w in span.text.split() if w.lower() not in {"the", "a", "an"}]
            if not words or not words[0][:1].isupper():  # a name is capitalised: "by the time" is not TIME
                continue
            entry = outlets.get(key(span.text))
            if entry is not None:
                return entry.name
    return None


def _relay(tok: Token | None, memory: ArticleMemory) -> str | None:
    """The outlet a relaying subject or agent names: a known outlet in its phrase, else a medium it resolves to."""
    if tok is None:
        return None
    outlet = _named_outlet(tok) or _outlet_name(_one(tok, memory))
    if outlet is not None:
        return outlet
    # "Russian state news agencies quoted ...": a medium named by its kind (an agency only when a news agency)
    phrase = noun_phrase(tok)
    kind = tok.lemma_.lower()
    if kind in _medium_nouns() and (kind != "agency" or any(t.lower_ in {"news", "press"} for t in phrase)):
        return phrase.text
    return None


def _outlet_name(actor: Actor | None) -> str | None:
    """A named medium (Reuters, the Financial Times), not a role such as "reporters"."""
    if actor is None or actor.sector != "MED":
        return None
    if actor.how in {"role", "role-person", "context"} or _GENERIC_ID.fullmatch(actor.actor_id):
        # "state news agencies", "the Russian newspaper": a medium named by its kind, not "reporters"
        last = actor.text.split()[-1].lower() if actor.text else ""
        return actor.text if last in _medium_nouns() | {"agencies", "newspapers", "broadcasters"} else None
    return actor.name


def _intro_attribution(sentence: Sentence, memory: ArticleMemory) -> _Attribution | None:
    """The speaker an introducing sentence names: "Lavrov's comments were scathing:", "She was quoted by X as ..."."""
    best: _Attribution | None = None
    for tok in sentence.span:
        if _cue_kind(tok) in {"speech", "report", "confirm", "deny"}:
            att = attribution_of(tok, sentence.span, memory)
            if att.speaker is not None:
                return att
        if tok.lower_ in _STATEMENT_NOUNS and best is None:
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None:
                actor = _one(owner, memory)
                best = _Attribution(actor, _outlet_name(actor), tok.text, False)
    if best is not None:
        return best
    root = sentence.span.root
    subject = _subject_token(root)
    if subject is not None and subject.lower_ not in {"it", "this", "that", "there", "what"}:
        actor = _one(subject, memory)
        if actor is not None and (actor.sector or actor.country or actor.actor_id.startswith("person:")):
            outlet = _outlet_name(actor) or _medium(root, sentence.span, memory)
            return _Attribution(actor, outlet, None, _anonymous(subject, sentence.span))
    return None


def _relays(sentence: Span, memory: ArticleMemory) -> tuple[dict[int, str], set[int]]:
    """Relaying clauses around another's reported words: "Putin told Obama that ..., the Kremlin said in its
    readout", "Biden told Zelensky that ..., according to a White House readout". Returns the outlet for each inner
    cue (by token index) and the relaying cues, which make no claim of their own."""
    relays: dict[int, str] = {}
    relaying: set[int] = set()
    for tok in sentence:
        kind = _cue_kind(tok)
        if kind in {"speech", "report"}:
            inner = next((c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i), None)
            if inner is not None and tok.i > inner.right_edge.i:
                source = _subject_token(tok)
        elif tok.lower_ == "according" and tok.i + 1 < len(sentence.doc) and tok.nbor(1).lower_ == "to":
            inner = tok.head if tok.head != tok else None
            while inner is not None and inner.dep_ == "ccomp" and _cue_kind(inner.head) in {"speech", "report"}:
                inner = inner.head  # "A said B had told C that ..., according to ...": A's words come through it
            source = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
        else:
            continue
        if inner is None or source is None or _cue_kind(inner) not in {"speech", "report", "confirm", "deny"}:
            continue
        said_by = _subject_token(inner)
        if said_by is None or said_by == source or _content(inner) is None:
            continue
        outlet = _relay_source(source, memory)
        if outlet is not None:
            relays[inner.i] = outlet
            relaying.add(tok.i)
    return relays, relaying


def _relay_source(tok: Token, memory: ArticleMemory) -> str | None:
    """How a relaying source is named: an outlet's name, the statement itself ("a White House readout", "a
    statement from his ministry") or the institution that put it out ("the Kremlin"); never a person."""
    outlet = _relay(tok, memory)
    if outlet is not None:
        return outlet
    if tok.lower_ in _STATEMENT_NOUNS:
        return _full_phrase(tok)
    actor = _one(tok, memory)
    if actor is None or actor.sector is None or _is_person(actor, tok):
        return None
    return noun_phrase(tok).text


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _nested(verb: Token, root: int) -> str | None:
    """How a reporting verb inside reported words (whose head is `root`) speaks: "relayed" when it heads them ("Akar
    said Russian officials had told Ankara that ...", "Riyadh acknowledged that X had died, saying ..."), "aside"
    when the parser hung another's words on them ("A said ..., while B said ..."), else None."""
    if verb.tag_ == "VBG" and verb.dep_ == "advcl":
        return "relayed" if verb.head.i == root else None
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.tag_ in {"WP", "WDT"}:
        return None
    if verb.i == root or (verb.dep_ == "conj" and verb.head.i == root):
        return "relayed"
    return "aside" if verb.dep_ == "advcl" and verb.head.i == root else None


def _is_person(actor: Actor, tok: Token | None) -> bool:
    if actor.actor_id.startswith("person:") or actor.how in {"kb-person", "role-person"}:
        return True
    if actor.how == "pronoun":
        return actor.text.lower() in {"he", "she", "his", "her", "him", "i", "we"}
    return tok is not None and tok.ent_type_ == "PERSON"


def _full_phrase(tok: Token) -> str:
    """A noun with its determiners and modifiers, left and right ("a statement from his ministry")."""
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text


def _statement_phrase(noun: Token) -> str:
    """A statement as the text names it, up to its "from"/"by"/"of" phrase: "the ministry's statement", "a White
    House readout", "a statement from the ministry" (not the clauses that follow)."""
    end = noun.i
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
            end = child.right_edge.i
    return noun.doc[noun.left_edge.i : end + 1].text


def _owner(statement: Token) -> Token | None:
    """Whose statement a statement noun is: "the ministry's statement", "a Kremlin readout", "a statement from the
    ministry", "a post attributed to X", "a readout released by the White House"."""
    for child in statement.children:
        if child.dep_ == "poss":
            return child
    for child in statement.children:  # "a Kremlin readout", not "a Twitter account"
        named = child.pos_ == "PROPN" or child.ent_type_ in {"ORG", "GPE", "PERSON", "NORP"}
        if child.dep_ == "compound" and named and statement.lower_ in _medium_nouns():
            return child
    places = [statement]  # "a post on a page attributed to X": the attribution may hang on the page
    for child in statement.children:
        obj = next((c for c in child.children if c.dep_ == "pobj"), None) if child.dep_ == "prep" else None
        if obj is None:
            continue
        if child.lower_ in {"from", "by", "of"} and obj.lower_ not in _medium_nouns():
            return obj
        if child.lower_ in {"on", "in"} and obj.lower_ in _medium_nouns():
            places.append(obj)
    for place in places:
        for acl in (c for c in place.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            # "attributed to X", "released by X", "issued by X"
            for prep in (c for c in acl.children if c.dep_ in {"prep", "agent"} and c.lower_ in {"to", "by"}):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return None


# --- the stage --------------------------------------------------------------------------------------------------


def _content(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":  # "quoted X as saying that ..."
            saying = next((c for c in child.children if c.lemma_.lower() == "say"), None)
            if saying is not None:
                return _content(saying)
        if child.dep_ in {"ccomp", "xcomp", "advcl"} and child.pos_ in {"VERB", "AUX"} and not cut_off(child):
            if child.dep_ == "advcl" and child.lemma_.lower() != "say":
                continue
            if child.lemma_.lower() == "say":
                return _content(child)
            # "warned that the law would hamper ... and called on Tbilisi to withdraw it": the call is no content
            cut = min((t.i for c in child.children if next_act_after_report(c) for t in c.subtree), default=None)
            tokens = [t for t in child.subtree if (t.dep_ != "mark" or t.head != child) and (cut is None or t.i < cut)]
            while tokens and tokens[-1].dep_ in {"cc", "punct"}:
                tokens.pop()
            if not tokens:
                return None
            doc = verb.doc
            return doc[tokens[0].i : tokens[-1].i + 1]
    # "told Zelensky in a call that ...", "told a Pentagon briefing that ...": the parser may hang the "that" clause
    # on the call or the briefing
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    for obj in objects:
        clause = next(
            (c for c in obj.children if c.dep_ in {"relcl", "acl"} and _marked_that(c) and _has_subject(c)), None
        )
        if clause is not None:
            tokens = [t for t in clause.subtree if t.dep_ != "mark" or t.head != clause]
            return verb.doc[tokens[0].i : tokens[-1].i + 1]
    return None


def _marked_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def extract_claims(article_id: str, text: str, sentences: list[Sentence], memory: ArticleMemory) -> list[Claim]:
    """Every claim in an article's body, direct and indirect, in text order."""
    sentences = [s for s in sentences if any(c.isalpha() for c in s.text)]  # not a lone quotation mark
    claims: list[Claim] = []
    quotes = find_quotes(text)
    covered: list[tuple[int, int]] = []
    addressed: set[int] = set()  # claims whose words the sentence says were addressed to someone
    last: _Attribution | None = None
    quoted: set[str] = set()
    for q_start, q_end, block in quotes:
        words = " ".join(text[q_start:q_end].split())
        if words in quoted:
            continue  # a quote the article already gave (pasted twice, repeated under a photo) is one claim
        quoted.add(words)
        holder = next((s for s in sentences if s.start <= q_start < s.end), None)
        before = [s for s in sentences if s.end <= q_start]
        att: _Attribution | None = None
        if holder is not None:
            for tok in holder.span:
                absolute = holder.start + (tok.idx - holder.span.start_char)
                if q_start <= absolute < q_end:
                    continue
                if _cue_kind(tok) in {"speech", "report", "confirm", "deny"}:
                    att = attribution_of(tok, holder.span, memory)
                    if att.speaker is not None:
                        break
        if att is None or att.speaker is None:
            # "“...,” said one opposition figure": the cue may sit in the sentence the quote's end runs into
            after = next((s for s in sentences if s.start <= q_end < s.end or 0 <= s.start - q_end <= 3), None)
            if after is not None and after is not holder:
                for tok in after.span:
                    absolute = after.start + (tok.idx - after.span.start_char)
                    if absolute >= q_end and _cue_kind(tok) in {"speech", "report"}:
                        att = attribution_of(tok, after.span, memory)
                        if att.speaker is not None:
                            break
        if (att is None or att.speaker is None) and holder is not None and holder.start < q_start:
            # "Zarif put the blame further afield: “...”": the introduction is the part of the sentence before it
            lead = [t for t in holder.span if holder.start + (t.idx - holder.span.start_char) < q_start - 1]
            intro_text = text[holder.start : q_start].strip()
            if lead and _INTRO_END.search(intro_text.rstrip('“"‘ ')):
                part = holder.span.doc[lead[0].i : lead[-1].i + 1]
                att = _intro_attribution(Sentence(part, holder.start, q_start), memory)
        if (att is None or att.speaker is None) and before:
            prev = before[-1]
            intro_text = text[prev.start : q_start].strip()
            if block or _INTRO_END.search(intro_text.rstrip('“"‘ ')) or q_start - prev.end <= 3:
                att = _intro_attribution(prev, memory)
        if (att is None or att.speaker is None) and last is not None:
            att = _Attribution(last.speaker, last.outlet, None, last.anonymous)
        if att is None:
            att = _Attribution(None, None, None, False)
        last = att
        sent_span = (holder.start, holder.end) if holder else (q_start, q_end)
        claims.append(_claim(article_id, len(claims), att, text[q_start:q_end], (q_start, q_end), sent_span, "direct"))
        if att.audience:
            addressed.add(id(claims[-1]))
        covered.append((q_start, q_end))

    # reported speech (content offsets, claim, the content's head), whose content may report another's words
    reported: list[tuple[int, int, Claim, int]] = []
    for sentence in sentences:
        relays, relaying = _relays(sentence.span, memory)
        for tok in sentence.span:
            kind = _cue_kind(tok)
            if (kind is None and tok.lower_ != "according") or tok.i in relaying:
                continue
            absolute = sentence.start + (tok.idx - sentence.span.start_char)
            # "Akar said Russian officials had told Ankara that ...": words reported within reported words
            outer, how = next(
                ((c, _nested(tok, root)) for s, e, c, root in reported if s <= absolute < e and _nested(tok, root)),
                (None, None),
            )
            if outer is None and any(s <= absolute < e for s, e in covered):
                continue
            content: Span | None = None
            att = None
            if kind in {"speech", "report", "confirm", "deny"}:
                content = _content(tok)
                if content is None:
                    continue
                att = attribution_of(tok, sentence.span, memory)
                att.outlet = att.outlet or relays.get(tok.i) or (outer.outlet if outer and how == "relayed" else None)
            elif (
                tok.lower_ == "according"
                and tok.i + 1 < len(tok.doc)
                and tok.nbor(1).lower_ == "to"
                and not any(c.sentence_span[0] == sentence.start for c in claims)
            ):
                source = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
                if source is None:
                    continue
                speaker = _one(source, memory)
                outlet = _outlet_name(speaker) or _medium(tok, sentence.span, memory)
                att = _Attribution(speaker, outlet, "according to", _anonymous(source, sentence.span))
                phrase = noun_phrase(source)
                rest = [t for t in sentence.span if not (tok.i <= t.i <= phrase.end - 1) and not t.is_punct]
                if not rest:
                    continue
                content = sentence.span.doc[rest[0].i : rest[-1].i + 1]
            if content is None or att is None or len(content) < 3:
                continue
            start = sentence.start + (content.start_char - sentence.span.start_char)
            end = start + len(content.text)
            # not words already taken, nor a quotation again ("“...,” he wrote": the parse starts at the mark)
            if outer is None and any(s - 2 <= start < e for s, e in covered):
                continue
            claim = _claim(
                article_id, len(claims), att, content.text, (start, end), (sentence.start, sentence.end), "indirect"
            )
            claims.append(claim)
            if att.audience:
                addressed.add(id(claim))
            covered.append((start, end))
            if kind is not None:
                reported.append((start, end, claim, content.root.i))
    claims.sort(key=lambda c: c.span[0])
    for claim in claims:  # a quote inside an outlet's quoted report reaches us through that outlet
        outer = next(
            (o for o in claims if o is not claim and o.span[0] <= claim.span[0] and claim.span[1] <= o.span[1]), None
        )
        if outer is not None and claim.outlet is None and outer.speaker is not None and outer.speaker.sector == "MED":
            claim.outlet = outer.speaker.name
    _pronoun_speakers(claims)
    _carry_outlets(text, claims, addressed)
    _outlets_from_before(text, claims, sentences, addressed, memory)
    for n, claim in enumerate(claims):
        claim.id = f"{article_id}:c{n}"
    return claims


def _pronoun_speakers(claims: list[Claim]) -> None:
    """ "X told Reuters that Y had been detained. “...,” he said": a "he" whose nearest name was inside the previous
    speaker's words points back to that speaker, not to the person the words were about."""
    for prev, claim in pairwise(claims):
        speaker, before = claim.speaker, prev.speaker
        if (
            speaker is not None
            and before is not None
            and speaker.how == before.how == "pronoun"
            and speaker.text == before.text
            and 0 <= claim.span[0] - prev.span[1] <= 40  # "“...,” he said, adding that ..."
        ):
            claim.speaker = before  # one "he" for both
            continue
        if speaker is None or before is None or speaker.how != "pronoun" or speaker.text.lower() not in {"he", "she"}:
            continue
        if before.actor_id == speaker.actor_id or before.how == "pronoun" or not before.name[:1].isupper():
            continue
        last = speaker.name.split()[-1] if speaker.name else ""
        if last and re.search(rf"\b{re.escape(last)}\b", prev.content) and last not in before.name.split():
            claim.speaker = Actor(
                speaker.text, before.name, before.country, before.sector, before.actor_id, speaker.span, "pronoun"
            )


def _outlets_from_before(
    text: str, claims: list[Claim], sentences: list[Sentence], addressed: set[int], memory: ArticleMemory
) -> None:
    """ "X announced the deal in a Facebook post. “...,” he wrote": words a "he" or "she" adds after a sentence in
    which the same person went out through a medium come through that medium."""
    for claim in claims:
        if claim.outlet or id(claim) in addressed or claim.speaker is None or claim.speaker.how != "pronoun":
            continue
        n = next((i for i, s in enumerate(sentences) if s.start == claim.sentence_span[0]), None)
        if not n:
            continue
        prev = sentences[n - 1]
        if "\n" in text[prev.start : claim.sentence_span[0]]:
            continue
        root = prev.span.root
        subject = _subject_token(root)
        last = claim.speaker.name.split()[-1] if claim.speaker.name else ""
        if subject is None or not last or last not in noun_phrase(subject).text.split():
            continue
        claim.outlet = _medium(root, prev.span, memory)


def _carry_outlets(text: str, claims: list[Claim], addressed: set[int]) -> None:
    """ "X told Reuters that ... “...,” he said, adding that ...": a speaker's next words, in the same or the next
    sentence of the paragraph and addressed to no one else, reach us through the same outlet."""
    for prev, claim in pairwise(claims):
        if claim.outlet or not prev.outlet or id(claim) in addressed:
            continue
        if claim.speaker is None or prev.speaker is None or claim.speaker.how != "pronoun":
            continue
        if claim.speaker.actor_id != prev.speaker.actor_id or "\n" in text[prev.span[0] : claim.span[0]]:
            continue
        if claim.sentence_span == prev.sentence_span or claim.sentence_span[0] - prev.sentence_span[1] <= 3:
            claim.outlet = prev.outlet


def _claim(
    article_id: str,
    n: int,
    att: _Attribution,
    content: str,
    span: tuple[int, int],
    sentence_span: tuple[int, int],
    kind: str,
) -> Claim:
    return Claim(
        id=f"{article_id}:c{n}",
        article_id=article_id,
        speaker=att.speaker,
        outlet=att.outlet,
        cue=att.cue,
        content=content.strip(),
        kind=kind,
        anonymous=att.anonymous,
        span=span,
        sentence_span=sentence_span,
    )
