"""Event dates: each event's own time expression resolved against the publication date, with a precision.

Candidates are spaCy's DATE and TIME entities in the event's sentence; the one attached to the trigger in the parse
wins, else the nearest. Durations ("for three months") are not dates. With no time expression the publication date
is used and marked as such; with no publication date and no absolute expression the date is unknown (null).
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta

import dateparser
from spacy.tokens import Span, Token

from storyline.extract.lexicon import lexicon
from storyline.model import EventDate

_DURATION = re.compile(
    r"^(for |during |over |within |in )?(the )?(past |last |next |coming |first |several |few |nearly |about |almost |"
    r"more than |less than |some |up to |over )*(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|\w+teen|twenty|thirty|forty|fifty|several|few|many|\d+-)?\s*(-| )?"
    r"(hours?|days?|weeks?|months?|years?|decades?|nights?)( long)?$",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(late |early |earlier |later )?(on |in |at |by |since |from |during |of )?(the )?", re.I)
_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "yesterday": -1,
    "last night": -1,
    "overnight": -1,
    "yesterday evening": -1,
    "yesterday morning": -1,
    "the day before yesterday": -2,
    "tomorrow": 1,
}
#: "every Saturday", "each week": a recurrence, not a date
_RECURRING = re.compile(r"^\s*(every|each)\b", re.I)
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_MONTH = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|"
    r"dec(ember)?)\b\.?",
    re.I,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_BARE_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
#: how a year hangs on a noun it describes ("the 2015 memorandum")
_MODIFIER = {"nummod", "compound", "amod", "nmod"}
#: nouns a day name can modify and still be a time ("Sunday night", "Wednesday afternoon")
_TIME_NOUNS = {
    "night",
    "morning",
    "afternoon",
    "evening",
    "day",
    "weekend",
    "week",
    "month",
    "year",
    "dawn",
    "midnight",
}
_RELATIVE_UNIT = re.compile(r"\b(last|past|previous|this|next|coming) (week|month|year)\b", re.I)
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_BARE_WEEKDAY = re.compile(
    r"^(?:(last|past|previous|this|next|coming|this coming|this past) )?(mon|tues|wednes|thurs|fri|satur|sun)day"
    r"(?:,)?(?: (?:morning|afternoon|evening|night))?$",
    re.I,
)
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def resolve_expression(text: str, pub: str | None, future: bool = False) -> tuple[str, str] | None:
    """(YYYY-MM-DD, precision) for one time expression against the publication date, or None. A date that would
    fall outside the calendar ("2500 years ago") is no date."""
    try:
        found = _resolve(text, pub, future)
        if found is None and " to " in text:  # a range, or the tagger ran on ("December to five years")
            found = _resolve(text.split(" to ")[0], pub, future)
        if found is None and "," in text:  # the tagger ran on ("Sept. 16, three days")
            found = _resolve(text.split(",")[0], pub, future)
        return found
    except (ValueError, OverflowError):
        return None


def _resolve(text: str, pub: str | None, future: bool = False) -> tuple[str, str] | None:
    t = " ".join(text.replace("’", "'").split()).strip(" ,.")
    t = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", t)
    bare = _LEADING.sub("", t.lower()).strip()
    if not bare or (_DURATION.match(bare) and not _RELATIVE_UNIT.fullmatch(bare)):
        return None
    base = date.fromisoformat(pub) if pub else None
    if bare in _DAY_WORDS:
        return ((base + timedelta(days=_DAY_WORDS[bare])).isoformat(), "day") if base else None
    m = re.match(r"^(\d+|\w+) (days?|weeks?|months?|years?) ago$", bare)
    if m:
        if base is None:
            return None
        n = int(m[1]) if m[1].isdigit() else _NUMBERS.get(m[1], 1 if m[1] in {"a", "an"} else 0)
        if not n:
            return None
        unit = m[2].rstrip("s")
        if unit == "day":
            return (base - timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            d = base - timedelta(weeks=n)
            return (d - timedelta(days=d.weekday())).isoformat(), "week"
        if unit == "month":
            y, mo = divmod(base.year * 12 + base.month - 1 - n, 12)
            return date(y, mo + 1, 1).isoformat(), "month"
        return date(base.year - n, 1, 1).isoformat(), "year"
    m = _BARE_WEEKDAY.match(bare)
    if m:
        return _weekday(m, base, future)
    m = _RELATIVE_UNIT.search(bare)
    if m and not _MONTH.search(bare) and not _YEAR.search(bare):
        if base is None:
            return None
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[m[1].lower()]
        unit = m[2].lower()
        if unit == "week":
            d = base + timedelta(weeks=step)
            return (d - timedelta(days=d.weekday())).isoformat(), "week"
        if unit == "month":
            y, mo = divmod(base.year * 12 + base.month - 1 + step, 12)
            return date(y, mo + 1, 1).isoformat(), "month"
        return date(base.year + step, 1, 1).isoformat(), "year"
    has_day = bool(re.search(r"\b\d{1,2}\b", re.sub(r"\b(1[89]|20)\d\d\b", "", bare))) or bool(_WEEKDAY.search(bare))
    has_month = bool(_MONTH.search(bare))
    has_year = bool(_YEAR.search(bare))
    if not (has_month or has_year or _WEEKDAY.search(bare)):
        return None  # a bare number ("58", "the 5th") is no date: dateparser would read "58" as the year 1958
    if base is None and not has_year:
        return None
    year = _YEAR.search(bare)
    if year is not None and not has_month and not has_day:
        return f"{year[0]}-01-01", "year"
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
        "PARSERS": ["relative-time", "custom-formats", "absolute-time"],
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12, 0)
    cleaned = re.sub(r"\b(late|early|in the (morning|evening|afternoon))\b", "", t, flags=re.I)
    cleaned = _LEADING.sub("", cleaned).strip(" ,")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
        except (ValueError, OverflowError, TypeError, AttributeError):
            return None
    if parsed is None or not 1800 <= parsed.year <= 2200:
        return None
    precision = "day" if has_day else "month"
    d = parsed.date() if precision == "day" else parsed.date().replace(day=1)
    if base is not None and not has_year and not future and d > base and precision == "day":
        return None
    return d.isoformat(), precision


#: clause links along which a verb without a subject of its own shares the trigger's time ("fired tear gas ... and
#: turned water cannon on crowds on Monday", "voted on Wednesday to strip her of office", "attacked, killing five")
_SHARED_TIME = {"conj", "xcomp", "advcl"}


#: "agreed in Wednesday's call": a thing dated by its possessor is the occasion of the event after these
_OCCASION_PREPS = {"in", "during", "at", "on"}


def _recurring(ent: Span) -> bool:
    """ "every Saturday", "each week": a recurrence, not a date."""
    return bool(_RECURRING.match(ent.text)) or any(
        c.dep_ == "det" and c.lower_ in {"every", "each"} for c in ent.root.children
    )


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)


def _clause(trigger: Token) -> set[Token]:
    """The trigger, the verb carrying a noun trigger, and the verbs sharing their time: linked to them as a
    conjunct, complement or adverbial clause, without a subject of their own."""
    carrier = trigger
    if trigger.pos_ in {"NOUN", "PROPN"} and trigger.head != trigger:
        carrier = trigger.head.head if trigger.head.dep_ == "prep" else trigger.head
        for _ in range(3):  # "two days of talks ... ended on Friday": the verb the noun phrase hangs on
            if carrier.pos_ in {"VERB", "AUX"} or carrier.head == carrier:
                break
            carrier = carrier.head
    out = {trigger, carrier}
    verb = carrier
    while verb.head != verb:
        if verb.dep_ == "pcomp" and verb.head.lower_ == "by":  # "responded on Wednesday by breaking ties"
            verb = verb.head.head
        elif verb.dep_ in _SHARED_TIME and not (verb.dep_ == "conj" and _own_subject(verb)):
            if verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children):
                break  # "after they had toppled the emir": another time
            verb = verb.head
        else:
            break
        out.add(verb)
    for node in list(out):
        for child in node.children:
            shares = child.dep_ in _SHARED_TIME and child.pos_ in {"VERB", "AUX"} and not _own_subject(child)
            if shares and not any(c.dep_ == "mark" for c in child.children):
                out.add(child)
    return out


def _anchor(ent: Span) -> Token | None:
    """The first verb above a time expression; past a participle describing a noun ("in a statement released on
    Monday, X condemned ..."), the verb that noun hangs on."""
    node = ent.root
    for _ in range(12):
        if node.head == node:
            return node
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            if node.dep_ in {"acl", "advcl"} and node.head.pos_ in {"NOUN", "PROPN"} and not _own_subject(node):
                continue  # "Maduro, addressing a rally on Saturday, announced ...": the noun's verb
            return node
    return None


def _dates(ent: Span, trigger: Token) -> bool:
    """Whether a time expression belongs to this trigger's clause, not to another verb's ("said on Tuesday that")
    nor to a thing the clause names ("Friday's election")."""
    owner = ent.root.head
    if ent.root.dep_ == "poss" and owner != trigger and owner.head.lower_ not in _OCCASION_PREPS:
        return False
    if (
        ent.root.dep_ in _MODIFIER
        and owner != trigger
        and owner.pos_ == "NOUN"
        and owner.ent_type_ not in {"DATE", "TIME"}
        and owner.lemma_.lower() not in _TIME_NOUNS
    ):
        # "suspended a 2015 memorandum", "failed to implement the February agreement": when the thing dates from
        return False
    node = ent.root
    for _ in range(12):  # the expression hangs on the trigger itself or on one of its nouns
        if node == trigger:
            return True
        if node.head == node or node.pos_ in {"VERB", "AUX"}:
            break
        node = node.head
    anchor = _anchor(ent)
    if anchor in _clause(trigger):
        return True
    # "In letters exchanged last Thursday, the PLO recognised Israel and Israel recognised the PLO": a time put
    # before the first clause's subject covers the clauses joined to it
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    if verb.dep_ == "conj" and verb.head == anchor:
        subject = next((c for c in anchor.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        return subject is not None and ent.end <= subject.left_edge.i
    return False


def _report_verb(trigger: Token) -> Token | None:
    """ "officials said on Saturday that police had detained ...": the verb that reports the trigger's clause."""
    cues = lexicon().cues
    node = next(iter(t for t in _clause(trigger) if t.dep_ == "ccomp"), None) or trigger
    for _ in range(4):
        if node.dep_ == "ccomp" and cues.get(node.head.lemma_.lower()) in {"speech", "report", "confirm"}:
            return node.head
        if node.head == node:
            break
        node = node.head
    for child in trigger.children:
        if child.dep_ == "parataxis" and cues.get(child.lemma_.lower()) in {"speech", "report", "confirm"}:
            return child
    return None


def _weekday(m: re.Match[str], base: date | None, future: bool) -> tuple[str, str] | None:
    """A weekday alone: in news copy the day of publication when it is that weekday ("on Friday" in Friday's paper),
    else the nearest such day before it, or after it for a future event or with "next"/"coming"."""
    if base is None:
        return None
    qualifier = (m[1] or "").lower()
    ahead = (_WEEKDAYS.index(m[2].lower()) - base.weekday()) % 7
    if qualifier in {"next", "coming", "this coming"} or (future and not qualifier):
        return (base + timedelta(days=(ahead or 7) if qualifier else ahead)).isoformat(), "day"
    back = (base.weekday() - _WEEKDAYS.index(m[2].lower())) % 7
    if qualifier in {"last", "past", "previous", "this past"}:
        back = back or 7
    return (base - timedelta(days=back)).isoformat(), "day"


def event_date(ents: list[Span], trigger: Token, pub: str | None, future: bool = False) -> EventDate:
    """The date of the event whose trigger is `trigger`, given its sentence's entities, published on `pub`. With no
    time expression of its own, a past event takes the day it was reported on ("police said on Saturday they had
    detained ..."), else the publication date."""
    other = _counted_from(trigger)
    if other is not None:
        host, days, unit, words = other
        at = event_date(ents, host, pub, future)
        if at.date is not None and at.precision in {"day", "week"}:
            day = (date.fromisoformat(at.date) + timedelta(days=days)).isoformat()
            precision = "day" if unit == "day" and at.precision == "day" else "week"
            return EventDate(day, precision, at.source, words.text, (words.start_char, words.end_char))
    times = [e for e in ents if e.label_ in {"DATE", "TIME"} and not _recurring(e)]
    own = sorted((e for e in times if _dates(e, trigger)), key=lambda e: abs(e.root.i - trigger.i))
    found = _first_resolved(own, times, pub, future)
    reporter = None if future or found is not None else _report_verb(trigger)
    if reporter is not None:
        reported = _clause(reporter)
        found = _first_resolved([e for e in times if _anchor(e) in reported and e.root.dep_ != "poss"], times, pub)
    if found is not None:
        ent, (day, precision) = found
        return EventDate(day, precision, "text", ent.text, (ent.start_char, ent.end_char))
    counted = next((e for e in own if day_step(e.text) is not None), None)
    if counted is not None:  # "A day earlier, ...": counted from a date of an earlier sentence, found later
        return EventDate(None, "day", "text", counted.text, (counted.start_char, counted.end_char))
    if pub:
        return EventDate(pub, "day", "publication")
    return EventDate(None, None, None)


_UNIT_DAYS = {"day": 1, "week": 7}


def _counted_from(trigger: Token) -> tuple[Token, int, str, Span] | None:
    """ "fired missiles on Friday, three days after the chemical attack", "two weeks before the vote, police
    arrested ...", "a day after the ambassador was shot": an event counted in days or weeks from another one. Returns
    the other event's word, the days to add to its date, the unit and the words that count them."""
    if trigger.dep_ == "pobj" and trigger.head.lower_ in {"after", "before"}:
        link, host, holders = trigger.head, trigger.head.head, [trigger.head]
    else:
        verb = trigger.head if trigger.pos_ in {"NOUN", "PROPN"} and trigger.dep_ in {"nsubj", "nsubjpass"} else trigger
        mark = next((c for c in verb.children if c.dep_ == "mark"), None) if verb.dep_ == "advcl" else None
        if mark is None or mark.lower_ not in {"after", "before"}:
            return None  # "a day after a chemical attack killed 70 people": the clause's verb
        link, host, holders = mark, verb.head, [verb, mark]
    if host == trigger:
        return None
    count = next(
        (c for h in holders for c in h.children if c.dep_ == "npadvmod" and c.lemma_.lower() in _UNIT_DAYS), None
    )
    if count is None:
        return None
    how = next((c for c in count.children if c.dep_ in {"nummod", "det"}), None)
    if how is None or how.lower_ in {"a", "an", "one"}:
        n: int | None = 1
    else:
        n = int(how.text) if how.text.isdigit() else _NUMBERS.get(how.lower_)
    if n is None:
        return None
    unit = count.lemma_.lower()
    days = n * _UNIT_DAYS[unit] * (-1 if link.lower_ == "after" else 1)
    return host, days, unit, trigger.doc[count.left_edge.i : link.i + 1]


def _first_resolved(
    candidates: list[Span], times: list[Span], pub: str | None, future: bool = False
) -> tuple[Span, tuple[str, str]] | None:
    for ent in candidates:
        step = day_step(ent.text)
        resolved = _next_to(ent, times, pub, step) if step is not None else resolve_expression(ent.text, pub, future)
        if resolved is not None:
            return ent, resolved
    return None


#: days counted from another date of the same sentence ("attacked on Tuesday, and ... struck back the next day")
_DAY_AFTER = {
    "the next day": 1,
    "the following day": 1,
    "a day later": 1,
    "the day after": 1,
    "the previous day": -1,
    "the day before": -1,
    "the preceding day": -1,
    "a day earlier": -1,
}


def day_step(text: str) -> int | None:
    """How many days "a day earlier", "the next day" and the like count from the day they refer to, else None."""
    return _DAY_AFTER.get(" ".join(text.lower().split()))


def _next_to(ent: Span, times: list[Span], pub: str | None, step: int) -> tuple[str, str] | None:
    """A day counted from the nearest other resolvable date of the sentence, before the expression."""
    for other in sorted((e for e in times if e.end <= ent.start), key=lambda e: ent.start - e.end):
        if day_step(other.text) is not None:
            continue
        found = resolve_expression(other.text, pub)
        if found is not None and found[1] == "day":
            return (date.fromisoformat(found[0]) + timedelta(days=step)).isoformat(), "day"
    return None


def count_from_earlier_days(
    events: list[EventDate], starts: list[int], days: list[tuple[int, str]], pub: str | None
) -> None:
    """Date the events whose own expression counts from another day ("A day earlier, ...") but whose sentence names
    none: from the last day the article named before the event's sentence (`days`: offset and day, in text order),
    else from the publication date. `starts` holds each event's sentence offset."""
    for when, start in zip(events, starts, strict=True):
        step = day_step(when.text or "") if when.date is None and when.source == "text" else None
        if step is None:
            continue
        base = next((day for offset, day in reversed(days) if offset < start), pub)
        if base is None:
            when.precision = when.source = None
            continue
        when.date = (date.fromisoformat(base) + timedelta(days=step)).isoformat()
