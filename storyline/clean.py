"""Cleaning: from a raw scraped article to clean paragraphs, a title and a date, recording what was removed and why.

The rules are data (`knowledge/boilerplate.tsv`); this module applies them and adds the structural ones: junk first
lines, datelines, repeated paragraphs and the trailing list of related headlines under a page's comment widgets.
An article whose text is not in English is refused with the language named (`storyline.language`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from storyline import language
from storyline.dates import parse_absolute_date, parse_dateline
from storyline.errors import InputError
from storyline.knowledge import read_table
from storyline.model import Article, RawArticle, RemovedLine

_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
#: reasons that mark the widget zone at the bottom of a scraped page
_WIDGET_REASONS = {"share widget", "rating prompt", "comment prompt", "related-headlines header", "site disclaimer"}
MAX_TITLE_WORDS = 40


@dataclass(frozen=True)
class _Rule:
    scope: str
    pattern: re.Pattern[str]
    reason: str


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    return tuple(
        _Rule(row["scope"], re.compile(row["pattern"], re.IGNORECASE), row["reason"])
        for row in read_table("boilerplate.tsv")
    )


def boilerplate_reason(paragraph: str) -> str | None:
    """Why a paragraph is boilerplate, or None when it is (or may be) reporting."""
    text = paragraph.strip()
    words = len(text.split())
    for rule in _rules():
        if rule.scope == "line":
            if rule.pattern.fullmatch(text):
                return rule.reason
        elif rule.scope == "short":
            if words <= 45 and rule.pattern.search(text):
                return rule.reason
        elif rule.scope == "any" and words <= LONG_PARAGRAPH and rule.pattern.search(text):
            return rule.reason
    return None


def strip_lead(paragraph: str) -> tuple[str, str, str, str | None] | None:
    """(the paragraph without its leading boilerplate, the words removed, why, the date they give) when a `lead`
    rule matches its start ("Published May 2 2018 Rebels shelled the town ..."); None otherwise."""
    for rule in _rules():
        if rule.scope != "lead":
            continue
        m = rule.pattern.match(paragraph)
        if m:
            day = m.groupdict().get("date")
            return paragraph[m.end() :], m.group(0).strip(), rule.reason, parse_absolute_date(day) if day else None
    return None


#: a paragraph this long is reporting even when a caption or credit is glued into it (text scraped without breaks)
LONG_PARAGRAPH = 80
_CREDIT = re.compile(
    r"\b(?:REUTERS|AFP|AP|Getty Images|ANADOLU)/(?:(?!The |A |An |In |On |At |But |It |He |She )[A-Z][\w'-]*\s?){1,2}"
)
_SENTENCE = re.compile(r"[^.!?]*[.!?]\s+$")


def strip_captions(paragraph: str) -> tuple[str, list[str]]:
    """Cut photo captions out of a long paragraph: each credit ("REUTERS/Name") and the sentence before it."""
    removed: list[str] = []
    while m := _CREDIT.search(paragraph):
        head = paragraph[: m.start()]
        caption = _SENTENCE.search(head)
        start = caption.start() if caption else m.start()
        removed.append(paragraph[start : m.end()].strip())
        paragraph = (paragraph[:start].rstrip() + " " + paragraph[m.end() :].lstrip()).strip()
    return paragraph, removed


def normalise(text: str) -> str:
    """Unicode NFC, no invisible characters, no carriage returns, non-breaking spaces as spaces."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Split into paragraphs (line number, text). A line is a paragraph unless it was hard-wrapped mid-sentence."""
    out: list[tuple[int, str]] = []
    joinable = False
    for lineno, line in enumerate(text.split("\n")):
        line = re.sub(r" {2,}", " ", line.strip())
        if not line:
            joinable = False
            continue
        if joinable and out and line[0].islower():
            out[-1] = (out[-1][0], out[-1][1] + " " + line)
        else:
            out.append((lineno, line))
        joinable = not _SENTENCE_END.search(line) and len(line) > 40
    return out


def _is_junk(line: str) -> bool:
    """A leading line with no words in it, such as a scraper's lone `in ,`."""
    letters = re.findall(r"[^\W\d_]+", line)
    return sum(len(w) for w in letters) <= 3 and len(line) < 12


def _headline_like(line: str) -> bool:
    return len(line.split()) <= 20 and not _SENTENCE_END.search(line)


def article_key(text: str, source: str | None) -> str:
    """The identity of an article: its clean text plus its outlet."""
    h = hashlib.sha256()
    h.update((source or "").strip().lower().encode("utf-8"))
    h.update(b"\x00")
    h.update(text.encode("utf-8"))
    return h.hexdigest()


def clean(raw: RawArticle) -> Article:
    """Clean one raw article. Raises `InputError` when no reporting text is left."""
    paragraphs = _paragraphs(normalise(raw.text))
    removed: list[RemovedLine] = []
    date = raw.date
    title = normalise(raw.title).strip() if raw.title else None

    # leading junk, datelines and the title
    while paragraphs:
        lineno, line = paragraphs[0]
        if _is_junk(line):
            removed.append(RemovedLine(line, "junk first line", lineno))
        elif (d := parse_dateline(line)) is not None:
            removed.append(RemovedLine(line, "dateline (publication date)", lineno))
            date = date or d
        elif boilerplate_reason(line) is not None:
            removed.append(RemovedLine(line, boilerplate_reason(line) or "", lineno))
        elif title is None and not raw.has_title and len(line.split()) <= MAX_TITLE_WORDS and len(paragraphs) > 1:
            title = line
        else:
            break
        paragraphs.pop(0)

    if paragraphs and (lead := strip_lead(paragraphs[0][1])) is not None:
        rest, words, why, day = lead
        removed.append(RemovedLine(words, why, paragraphs[0][0]))
        paragraphs[0] = (paragraphs[0][0], rest)
        date = date or day

    kept: list[tuple[int, str]] = []
    seen: set[str] = set()
    for lineno, line in paragraphs:
        if len(line.split()) > LONG_PARAGRAPH:
            line, captions = strip_captions(line)
            removed.extend(RemovedLine(c, "photo caption or credit", lineno) for c in captions)
        reason = boilerplate_reason(line)
        if reason is None and len(line.split()) >= 8:
            fingerprint = re.sub(r"\W+", " ", line.lower()).strip()
            if fingerprint in seen:
                reason = "repeated paragraph"
            seen.add(fingerprint)
        if reason is not None:
            removed.append(RemovedLine(line, reason, lineno))
        else:
            kept.append((lineno, line))

    kept = _drop_related_headlines(kept, removed)
    text = "\n\n".join(line for _, line in kept)
    where = str(raw.provenance)
    if not text.strip():
        raise InputError(where, "no article text left after removing boilerplate")
    guess = language.identify(text)
    if not guess.english:
        raise InputError(where, guess.reason)
    if not title:
        first = text.split("\n\n", 1)[0]
        title = first if len(first.split()) <= MAX_TITLE_WORDS else " ".join(first.split()[:12]) + " …"
    removed.sort(key=lambda r: r.line)
    key = article_key(text, raw.source)
    return Article(
        id=raw.ext_id or f"a{key[:15]}",
        key=key,
        title=title,
        text=text,
        raw=raw.raw if raw.raw is not None else raw.text,
        date=date,
        source=raw.source,
        url=raw.url,
        author=raw.author,
        provenance=raw.provenance,
        removed=removed,
        language=guess.stored_code,
    )


def _drop_related_headlines(kept: list[tuple[int, str]], removed: list[RemovedLine]) -> list[tuple[int, str]]:
    """Headline-like lines after the page's bottom widgets (comment prompts, share bars) are related links."""
    if not kept or not removed:
        return kept
    widget_lines = [r.line for r in removed if r.reason in _WIDGET_REASONS]
    if not widget_lines:
        return kept
    # the widget zone starts at the first widget line after the last paragraph of reporting
    last_report = max((ln for ln, line in kept if not _headline_like(line)), default=-1)
    zone = [ln for ln in widget_lines if ln > last_report]
    if not zone:
        return kept
    start = min(zone)
    out = []
    for lineno, line in kept:
        if lineno > start and _headline_like(line):
            removed.append(RemovedLine(line, "related headlines", lineno))
        else:
            out.append((lineno, line))
    return out
