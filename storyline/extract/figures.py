"""Figures: the numbers an event carries (killed, wounded, surrendered, evacuated, troops, ...), with their qualifier,
who is counted, the words they come from and on whose authority the text gives them.

A number is a spaCy CARDINAL or QUANTITY entity, a number token outside a date, time, money or percent entity, or a
vague amount ("dozens", "hundreds"). What it counts is found by walking up its dependency parse to the nearest word
of `knowledge/figures.tsv` ("killed at least 44", "140 others were injured", "fighters who have surrendered at
2,200", "putting the death toll at 70"); a number that counts nothing known ("a five-year war", "Resolution 2254")
is not a figure. "Of whom 40,000 are children" is a part of the figure before it: same kind, its own group.

A figure belongs to the event of its sentence whose type fits its kind ("killed" fits an attack), else the nearest
event of the sentence, else a fitting event of the two sentences before. It is told on the authority of the
subject of a verb that gives it ("the Russian military puts the number ... at 2,200"), else of the claim it is
inside, else of the event's own attribution; no authority means the article's own voice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from storyline.extract.actors import ArticleMemory, entity_at, resolve
from storyline.knowledge import read_table, split_list
from storyline.model import Actor, Claim, Event

#: entity labels whose numbers are not counts of anything
_NOT_COUNTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"}
#: how far up the parse a number's kind is looked for
_MAX_CLIMB = 4
#: dependents of a visited word that may name the kind ("death toll" under "put", "people killed")
_KIND_CHILDREN = {"acl", "relcl", "amod", "compound", "nsubj", "nsubjpass", "dobj", "attr", "oprd", "appos"}
_PART_MARKERS = {"whom", "including", "among"}
_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug",
    "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
}  # fmt: skip
#: words that may stand between the numbers of a range or bound them
_RANGE_WORDS = {
    "between",
    "and",
    "to",
    "at",
    "least",
    "about",
    "around",
    "some",
    "over",
    "more",
    "than",
    "nearly",
    "up",
}
#: units after a number that measure distance, time or age instead of counting
_MEASURES = {
    "km", "kilometre", "kilometer", "mile", "metre", "meter", "year", "month", "week", "day", "hour", "minute",
    "percent", "%", "kg", "ton", "tonne", "dollar", "euro", "pound",
}  # fmt: skip
_LOOKBACK_SENTENCES = 2


@dataclass(frozen=True)
class FigureWords:
    """The figures table, by role."""

    kinds: dict[str, str]
    sizes: dict[str, str]
    types: dict[str, frozenset[str]]
    groups: dict[str, str]
    qualifiers: tuple[tuple[tuple[str, ...], str], ...]
    vague: dict[str, tuple[int, int]]
    numbers: dict[str, float]
    cues: frozenset[str]


@cache
def figure_words() -> FigureWords:
    kinds: dict[str, str] = {}
    sizes: dict[str, str] = {}
    types: dict[str, set[str]] = {}
    groups: dict[str, str] = {}
    qualifiers: list[tuple[tuple[str, ...], str]] = []
    vague: dict[str, tuple[int, int]] = {}
    numbers: dict[str, float] = {}
    cues: set[str] = set()
    for row in read_table("figures.tsv"):
        words, role, value = row["words"].lower(), row["role"], row["value"]
        if role in {"kind", "size"}:
            (kinds if role == "kind" else sizes)[words] = value
            types.setdefault(value, set()).update(split_list(row["types"]))
        elif role == "group":
            groups[words] = value
        elif role == "qualifier":
            qualifiers.append((tuple(words.split()), value))
        elif role == "vague":
            lo, hi = split_list(value)
            vague[words] = (int(lo), int(hi))
        elif role == "number":
            numbers[words] = float(value)
        elif role == "cue":
            cues.add(words)
    qualifiers.sort(key=lambda q: -len(q[0]))  # "no fewer than" before "fewer than"
    return FigureWords(
        kinds,
        sizes,
        {k: frozenset(v) for k, v in types.items()},
        groups,
        tuple(qualifiers),
        vague,
        numbers,
        frozenset(cues),
    )


# --- reading a number -------------------------------------------------------------------------------------------


def number_value(tokens: Sequence[Token]) -> float | None:
    """The value of a written number: "2,200", "1.5 million", "forty-five", "two hundred"; None if it is not one."""
    words = figure_words().numbers
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        for part in tok.lower_.replace(",", "").split("-"):
            if not part:
                continue
            if re.fullmatch(r"\d+(\.\d+)?", part):
                current += float(part)
            elif part in words:
                worth = words[part]
                if worth >= 1000:
                    total += (current or 1) * worth
                    current = 0
                elif worth == 100:
                    current = (current or 1) * worth
                else:
                    current += worth
            else:
                return None
            seen = True
    return total + current if seen else None


def _calendar(tok: Token) -> bool:
    """Part of a date the model did not tag: a day next to a month name or a year ("Nov 7 2016", "7 Nov"), a year
    after a month or a day."""
    doc = tok.doc
    before = doc[tok.i - 1].lower_.rstrip(".") if tok.i > 0 else ""
    after = doc[tok.i + 1].lower_.rstrip(".") if tok.i + 1 < len(doc) else ""
    if re.fullmatch(r"\d{1,2}", tok.text):
        return before in _MONTHS or after in _MONTHS or bool(re.fullmatch(r"(19|20)\d\d", after))
    if re.fullmatch(r"(19|20)\d\d", tok.text):
        return before in _MONTHS or bool(re.fullmatch(r"\d{1,2}", before))
    return False


def _year(tok: Token) -> bool:
    """A bare four-digit number between 1900 and 2100 is a year ("since 2011", "Jul 2016") unless it counts a noun
    ("2000 people")."""
    if not re.fullmatch(r"(19|20)\d\d", tok.text):
        return False
    if _calendar(tok):
        return True
    words = figure_words()
    counted = tok.head.lemma_.lower()
    return not (tok.dep_ == "nummod" and (counted in words.groups or counted in words.kinds or counted in words.sizes))


def _measure(tok: Token) -> bool:
    """A number that measures rather than counts: "5 km", "10 years old", "3 hours"."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lemma_.lower() in _MEASURES


def _not_a_count(tok: Token) -> bool:
    """A number inside a date, time, money or percent entity, unless the entity is only numbers and the words that
    bound them (the small English model tags "between 40 and 60" as a date)."""
    if tok.ent_type_ not in _NOT_COUNTS:
        return False
    if tok.ent_type_ not in {"DATE", "TIME"}:
        return True
    ent = entity_at(tok)
    words = {t.lower_ for t in ent if t.is_alpha and not t.like_num} if ent is not None else {"?"}
    return not words <= _RANGE_WORDS or any(_year(t) for t in ent or ())


def _number_runs(sent: Span) -> list[Span]:
    """Runs of number tokens that count something: not inside dates, times, money or percentages, not years or
    measures ("Resolution 2254" counts nothing either, and is dropped later for want of a kind)."""
    runs: list[Span] = []
    start: int | None = None
    for tok in sent:
        is_num = (tok.like_num or tok.pos_ == "NUM") and not _not_a_count(tok)
        is_num = is_num and number_value([tok]) is not None and not _year(tok) and not _measure(tok)
        is_num = is_num and not _calendar(tok)
        if is_num and start is not None and any(c.isdigit() for c in tok.text):
            runs.append(sent.doc[start : tok.i])  # "Nov 7 2016": two numbers side by side are not one
            start = tok.i
        elif is_num and start is None:
            start = tok.i
        elif not is_num and start is not None:
            runs.append(sent.doc[start : tok.i])
            start = None
    if start is not None:
        runs.append(sent.doc[start : sent.end])
    return runs


def _qualifier(run: Span) -> str | None:
    doc = run.doc
    before = [t.lower_ for t in doc[max(run.start - 3, run.sent.start) : run.start]]
    for words, value in figure_words().qualifiers:
        if tuple(before[-len(words) :]) == words:
            return value
    return None


def _range_end(run: Span) -> tuple[Span | None, Span]:
    """ "between 500 and 1300", "500 to 1300", "500-1300": the upper end of a range starting at `run`, and the run
    that holds the range's words (for its span)."""
    doc = run.doc
    nxt = run.end
    if nxt + 1 < run.sent.end and doc[nxt].lower_ in {"and", "to", "-", "–"}:
        between = run.start > 0 and doc[run.start - 1].lower_ == "between"
        if doc[nxt].lower_ != "and" or between:
            end = nxt + 1
            while end < run.sent.end and (doc[end].like_num or doc[end].pos_ == "NUM"):
                end += 1
            if end > nxt + 1:
                return doc[nxt + 1 : end], doc[run.start : end]
    return None, run


# --- what a number counts ---------------------------------------------------------------------------------------


def _word_kind(tok: Token, table: dict[str, str]) -> str | None:
    return table.get(tok.lower_) or table.get(tok.lemma_.lower())


def _kind(head: Token) -> str | None:
    """The kind of the number whose last token is `head`: the nearest kind word up its parse; a size word ("270
    soldiers") only when no kind word above it says what happened to them ("killed 270 soldiers")."""
    words = figure_words()
    size: str | None = None
    for child in head.children:  # "58 dead", "44 killed"
        if kind := _word_kind(child, words.kinds):
            return kind
    node = head
    for _ in range(_MAX_CLIMB):
        if node.head == node:
            break
        prev, node = node, node.head
        if kind := _word_kind(node, words.kinds):
            return kind
        size = size or _word_kind(node, words.sizes)
        for child in node.children:
            if child != prev and child.dep_ in _KIND_CHILDREN and (kind := _word_kind(child, words.kinds)):
                return kind
        if node.pos_ in {"VERB", "AUX"} and node.dep_ in {"ROOT", "ccomp", "advcl"}:
            break
    return size


def _group(head: Token) -> str | None:
    """Who is counted: the noun the number counts ("44 civilians"), the "of" phrase of "the number of X", the
    complement of "of whom 40,000 are children"."""
    groups = figure_words().groups
    candidates = [head.head] if head.dep_ in {"nummod", "quantmod"} else []
    if head.dep_ in {"nsubj", "nsubjpass"}:
        candidates += [c for c in head.head.children if c.dep_ in {"attr", "acomp"}]
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        candidates += [c for c in of.children if c.dep_ == "pobj"]
    for node in candidates:
        name = groups.get(node.lower_) or groups.get(node.lemma_.lower())
        if name:
            return name
    return None


def _partitive(head: Token) -> bool:
    """ "two of the group's positions": the number counts things of another kind than the figures' (a thing, not
    people); "two of the victims" and "three of them" still count people."""
    words = figure_words()
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if obj is None or obj.pos_ == "PRON":
        return False
    lemma = obj.lemma_.lower()
    return not (lemma in words.groups or lemma in words.kinds or lemma in words.sizes or obj.ent_type_ == "NORP")


def _part_marker(run: Span) -> bool:
    """ "of whom 40,000 are children", "including 11 children", "among them 5 women"."""
    doc = run.doc
    before = {t.lower_ for t in doc[max(run.start - 3, run.sent.start) : run.start]}
    return bool(before & _PART_MARKERS)


# --- on whose authority -----------------------------------------------------------------------------------------


def _is_cue(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in figure_words().cues


def _cue_speaker(number: Token, memory: ArticleMemory) -> Actor | None:
    """The subject of the verb nearest the number that gives figures: one above it in the parse ("44 were killed,
    the monitor said") or before it in the sentence (a list of figures parsed loosely: "the military puts X at 2,200
    and Y at 100,000")."""
    sent = number.sent
    candidates = [a for a in number.ancestors if _is_cue(a)]
    candidates += [t for t in number.doc[sent.start : number.i] if _is_cue(t)]
    if not candidates:
        return None
    verb: Token | None = min(candidates, key=lambda t: abs(t.i - number.i))
    for _ in range(3):  # "WHO said in a statement putting the toll at 70": the participle's subject is above it
        if verb is None:
            break
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and _counted(subject):
            return None  # "five others were wounded": the subject is who is counted, not who counts
        if subject is not None and subject.dep_ == "nsubj":
            found = resolve(subject, memory)
            return found[0] if found else None
        verb = next((a for a in verb.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return None


def _counted(tok: Token) -> bool:
    words = figure_words()
    lemma = tok.lemma_.lower()
    return tok.like_num or any(c.like_num for c in tok.children) or lemma in words.groups or lemma in words.kinds


def _claim_speaker(start: int, claims: list[Claim]) -> Actor | None:
    claim = next((c for c in claims if c.span[0] <= start < c.span[1]), None)
    return claim.speaker if claim is not None else None


# --- putting figures on events ----------------------------------------------------------------------------------


@dataclass
class _Found:
    figure: dict[str, Any]
    start: int
    #: the subject of a verb that gives the figure ("the military puts the number at ...")
    authority: Actor | None
    part: bool


def sentence_figures(sent: Span, offset: int, claims: list[Claim], memory: ArticleMemory) -> list[_Found]:
    """The figures of one sentence, in text order; `offset` is where the sentence's doc starts in the article."""
    words = figure_words()
    out: list[_Found] = []
    taken = 0
    for run in _number_runs(sent):
        value = number_value(list(run))
        if value is None or run.start < taken:
            continue
        top, covered = _range_end(run)
        taken = covered.end
        qualifier = _qualifier(run)
        value_max = None
        if top is not None:
            value_max = number_value(list(top))
            qualifier = "between"
        kind = None if _partitive(run[-1]) else _kind(run[-1])
        part = _part_marker(run) and bool(out)
        if part and kind is None:
            kind = out[-1].figure["kind"]
        if kind is None:
            continue
        start, end = covered.start_char + offset, covered.end_char + offset
        figure = {
            "kind": kind,
            "value": _plain(value),
            "value_max": _plain(value_max) if value_max is not None else None,
            "qualifier": qualifier,
            "group": _group(run[-1]),
            "text": covered.text,
            "span": [start, end],
            "according_to": None,
            "part_of": None,
        }
        out.append(_Found(figure, start, _cue_speaker(run[-1], memory), part))
    for tok in sent:
        if tok.lower_ in words.vague and not _not_a_count(tok):
            phrase = tok.lower_
            if tok.i + 2 < sent.end and tok.nbor(1).lower_ == "of" and tok.nbor(2).lower_ in words.vague:
                phrase = f"{tok.lower_} of {tok.nbor(2).lower_}"  # "tens of thousands"
            elif tok.i > sent.start and f"{tok.nbor(-1).lower_} of {tok.lower_}" in words.vague:
                continue
            kind = _kind(tok)
            if kind is None:
                continue
            lo, hi = words.vague.get(phrase, words.vague[tok.lower_])
            start = tok.idx + offset
            figure = {
                "kind": kind,
                "value": lo,
                "value_max": hi,
                "qualifier": "vague",
                "group": _group(tok) or _of_group(tok),
                "text": phrase,
                "span": [start, start + len(tok.text)],
                "according_to": None,
                "part_of": None,
            }
            out.append(_Found(figure, start, _cue_speaker(tok, memory), False))
    out.sort(key=lambda f: f.start)
    # a list of figures given on one authority ("puts X at 2,200, and Y at 100,000") shares it; else a figure is
    # told by the speaker of the claim it is inside
    cued: Actor | None = None
    for f in out:
        if f.authority is not None:
            cued = f.authority
        else:
            f.authority = cued or _claim_speaker(f.start, claims)
    return out


def _of_group(tok: Token) -> str | None:
    groups = figure_words().groups
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    for obj in (c for c in of.children if c.dep_ == "pobj") if of is not None else ():
        name = groups.get(obj.lower_) or groups.get(obj.lemma_.lower())
        if name:
            return name
    return None


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _owner(found: _Found, here: list[Event], before: list[Event]) -> Event | None:
    fits = figure_words().types.get(found.figure["kind"], frozenset())

    def distance(e: Event) -> int:
        return abs(e.span[0] - found.start)

    fitting = [e for e in here if e.type in fits]
    if fitting:
        return min(fitting, key=distance)
    if here:
        return min(here, key=distance)
    earlier = [e for e in before if e.type in fits]
    return max(earlier, key=lambda e: e.span[0]) if earlier else None


def attach(
    events: list[Event],
    title: Doc,
    body: Sequence[tuple[int, Doc]],
    claims: list[Claim],
    memory: ArticleMemory,
) -> None:
    """Find the figures of an article (title and body) and put each on its event's `figures`."""
    title_events = [e for e in events if e.from_title]
    body_events = [e for e in events if not e.from_title]
    for sent in title.sents:
        here = [e for e in title_events if sent.start_char <= e.span[0] < sent.end_char]
        _place(sentence_figures(sent, 0, [], memory), here, [])
    recent: list[list[Event]] = []
    for offset, doc in body:
        for sent in doc.sents:
            lo, hi = offset + sent.start_char, offset + sent.end_char
            here = [e for e in body_events if lo <= e.span[0] < hi]
            found = sentence_figures(sent, offset, claims, memory) if _may_count(sent) else []
            _place(found, here, [e for group in recent for e in group])
            recent = [*recent, here][-_LOOKBACK_SENTENCES:]


def _may_count(sent: Span) -> bool:
    """Cheap test before the walk: the sentence holds a digit or a number or vague word of the table."""
    words = figure_words()
    return any(t.is_digit or t.like_num or t.lower_ in words.vague for t in sent)


def _place(found: list[_Found], here: list[Event], before: list[Event]) -> None:
    placed: list[tuple[Event, dict[str, Any]]] = []
    for f in found:
        whole = placed[-1] if f.part and placed else None
        owner = whole[0] if whole is not None else _owner(f, here, before)
        if owner is None:
            continue
        authority = f.authority
        if authority is None:
            speaker = owner.attribution.get("speaker")
            authority = speaker if isinstance(speaker, Actor) else None
        f.figure["according_to"] = authority.to_dict() if authority is not None else None
        if whole is not None:
            f.figure["part_of"] = owner.figures.index(whole[1])
        owner.figures.append(f.figure)
        placed.append((owner, f.figure))
