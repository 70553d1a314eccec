"""`storyline eval`: run the pipeline on a gold file and score it.

Gold records follow the gold format (README, "Gold files"). Records that share a `doc` are one article, rebuilt by
joining their texts in `seq` order, one paragraph each, so that short names and relative dates resolve in context;
a record without `doc` is an article of its own. A system event belongs to the record whose paragraph holds its
trigger. Per record, gold and system events are paired by type (the pair whose source countries agree first);
actor, sector and date accuracy are measured on the pairs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import GoldError
from storyline.extract import extract
from storyline.extract.kb import key
from storyline.extract.lexicon import EVENT_TYPES
from storyline.model import Article, Claim, Event, Provenance
from storyline.pipeline import parse_articles


@dataclass
class GoldDoc:
    """One article rebuilt from gold records: its text and where each record's paragraph lies in it."""

    id: str
    date: str | None
    records: list[dict[str, Any]]
    text: str
    ranges: list[tuple[int, int]]


def read_gold(paths: Iterable[str | Path]) -> list[GoldDoc]:
    """Gold records grouped into articles. Raises `GoldError` naming the file and line of a bad record."""
    docs: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    order: list[str] = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise GoldError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or "id" not in rec:
                raise GoldError(f"{path}:{lineno}: a gold record needs an `id` and a `text`")
            for ev in rec.get("events") or []:
                if ev.get("type") not in EVENT_TYPES:
                    raise GoldError(f"{path}:{lineno}: unknown event type {ev.get('type')!r}")
            doc_id = str(rec.get("doc") or rec["id"])
            if doc_id not in docs:
                order.append(doc_id)
            docs[doc_id].append((int(rec.get("seq", 0)), rec))
    out = []
    for doc_id in order:
        recs = [r for _, r in sorted(docs[doc_id], key=lambda x: x[0])]
        ranges = []
        parts = []
        pos = 0
        for r in recs:
            text = " ".join(r["text"].split())
            ranges.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text) + 2
        out.append(GoldDoc(doc_id, recs[0].get("date"), recs, "\n\n".join(parts), ranges))
    return out


def run_system(docs: Sequence[GoldDoc]) -> list[list[list[Event]]]:
    """For each gold doc, for each of its records, the system's events."""
    return [per_record for per_record, _ in run_full(docs)]


def run_full(docs: Sequence[GoldDoc]) -> list[tuple[list[list[Event]], list[list[Claim]]]]:
    """For each gold doc, for each of its records, the system's events and claims."""
    articles = [
        Article(
            id=d.id,
            key=d.id,
            title="",
            text=d.text,
            raw=d.text,
            date=d.date,
            source=None,
            url=None,
            author=None,
            provenance=Provenance("gold"),
        )
        for d in docs
    ]
    out = []
    for doc, article, (title, body) in zip(docs, articles, parse_articles(articles), strict=True):
        found = extract(article, title, body)
        events: list[list[Event]] = [[] for _ in doc.records]
        claims: list[list[Claim]] = [[] for _ in doc.records]
        for event in found.events:
            n = _record_at(doc, event.span[0])
            if n is not None:
                events[n].append(event)
        for claim in found.claims:
            n = _record_at(doc, claim.span[0])
            if n is not None:
                claims[n].append(claim)
        out.append((events, claims))
    return out


def _record_at(doc: GoldDoc, offset: int) -> int | None:
    for n, (start, end) in enumerate(doc.ranges):
        if start <= offset < end + 2:
            return n
    return None


@dataclass
class Scores:
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    checks: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        per_type = {}
        for t in EVENT_TYPES:
            tp, fp, fn = self.tp[t], self.fp[t], self.fn[t]
            if tp + fp + fn == 0:
                continue
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            per_type[t] = {"precision": p, "recall": r, "f1": f, "support": tp + fn, "predicted": tp + fp}
        supported = [v for v in per_type.values() if v["support"] > 0]
        tp = sum(self.tp.values())
        fp = sum(self.fp.values())
        fn = sum(self.fn.values())
        return {
            "per_type": per_type,
            "macro_precision": _mean(v["precision"] for v in supported),
            "macro_recall": _mean(v["recall"] for v in supported),
            "macro_f1": _mean(v["f1"] for v in supported),
            "micro_precision": tp / (tp + fp) if tp + fp else 0.0,
            "micro_recall": tp / (tp + fn) if tp + fn else 0.0,
            **{f"{name}_accuracy": _mean(vals) for name, vals in sorted(self.checks.items())},
            **{f"{name}_n": len(vals) for name, vals in sorted(self.checks.items())},
        }


def _mean(values: Iterable[float | bool]) -> float:
    vals = [float(v) for v in values]
    return sum(vals) / len(vals) if vals else 0.0


def _countries(actors: list[dict[str, Any]] | None) -> set[str | None]:
    return {a.get("country") for a in actors or []}


def _pair(gold: list[dict[str, Any]], system: list[Event]) -> tuple[list[tuple[dict[str, Any], Event]], list, list]:
    free = list(system)
    pairs = []
    missed = []
    for g in gold:
        same = [e for e in free if e.type == g["type"]]
        if not same:
            missed.append(g)
            continue
        gc = _countries(g.get("source"))
        best = next((e for e in same if e.source and e.source.country in gc), same[0])
        free.remove(best)
        pairs.append((g, best))
    return pairs, missed, free


def _date_ok(gold_date: str, event: Event) -> bool:
    if not event.date.date:
        return False
    if len(gold_date) == 10 and event.date.precision not in {"day", None}:
        return False
    return event.date.date.startswith(gold_date)


def score(docs: Sequence[GoldDoc], system: Sequence[list[list[Event]]]) -> Scores:
    s = Scores()
    for doc, per_record in zip(docs, system, strict=True):
        for rec, events in zip(doc.records, per_record, strict=True):
            gold = rec.get("events") or []
            pairs, missed, extra = _pair(gold, events)
            for g, e in pairs:
                s.tp[g["type"]] += 1
                for role, actor in (("source", e.source), ("target", e.target)):
                    g_actors = g.get(role) or []
                    if not g_actors:
                        continue
                    s.checks[f"{role}_country"].append((actor.country if actor else None) in _countries(g_actors))
                    sectors = {a.get("sector") for a in g_actors if a.get("sector")}
                    if sectors:
                        s.checks[f"{role}_sector"].append(bool(actor) and actor.sector in sectors)  # type: ignore[union-attr]
                if g.get("date"):
                    s.checks["date"].append(_date_ok(g["date"], e))
            for g in missed:
                s.fn[g["type"]] += 1
            for e in extra:
                s.fp[e.type] += 1
            if missed or extra:
                s.errors.append(
                    {
                        "id": rec["id"],
                        "text": rec["text"],
                        "missed": [g["type"] for g in missed],
                        "extra": [f"{e.type}:{e.trigger}" for e in extra],
                    }
                )
    return s


def evaluate(paths: Iterable[str | Path]) -> dict[str, Any]:
    """Score the pipeline on gold files; the report `storyline eval --json` prints. Records with `claims` are
    scored for claims too (their `events` are scored only when the file codes events: see `claims_only`)."""
    docs = read_gold(paths)
    results = run_full(docs)
    event_docs = [(d, ev) for d, (ev, _) in zip(docs, results, strict=True) if not _claims_only(d)]
    scores = score([d for d, _ in event_docs], [ev for _, ev in event_docs])
    report = scores.report() if event_docs else {}
    report["records"] = sum(len(d.records) for d in docs)
    report["documents"] = len(docs)
    report["errors"] = scores.errors
    claim_docs = [(d, cl) for d, (_, cl) in zip(docs, results, strict=True) if any("claims" in r for r in d.records)]
    if claim_docs:
        report["claims"] = score_claims([d for d, _ in claim_docs], [cl for _, cl in claim_docs])
    return report


def _claims_only(doc: GoldDoc) -> bool:
    """A claims gold document whose records code no events at all (its `events` lists are placeholders)."""
    return all("claims" in r for r in doc.records) and not any(r.get("events") for r in doc.records)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / min(a[1] - a[0], b[1] - b[0]) if inter > 0 else 0.0


def _same_speaker(gold: dict[str, Any] | None, system: Claim) -> bool:
    if gold is None or system.speaker is None:
        return gold is None and system.speaker is None
    g = key(gold.get("text") or "")
    s_text, s_name = key(system.speaker.text), key(system.speaker.name)
    if not g:
        return False
    if g == s_text or g in s_text or s_text in g or g in s_name or s_name in g:
        return True
    last = s_name.split()[-1] if s_name else ""
    return bool(last) and last in g.split()


def _same_outlet(gold: str | None, system: str | None) -> bool:
    if not gold or not system:
        return not gold and not system
    g, s = key(gold), key(system)
    return g == s or g in s or s in g


def score_claims(docs: Sequence[GoldDoc], system: Sequence[list[list[Claim]]]) -> dict[str, Any]:
    """Claims found (content overlap), and speaker and outlet precision, recall and F1 on them."""
    gold_n = sys_n = matched = 0
    speaker_right = gold_speakers = sys_speakers = 0
    outlet_right = gold_outlets = sys_outlets = 0
    for doc, per_record in zip(docs, system, strict=True):
        for n, (rec, claims) in enumerate(zip(doc.records, per_record, strict=True)):
            start = doc.ranges[n][0]
            text = " ".join(rec["text"].split())
            gold_claims = rec.get("claims") or []
            gold_n += len(gold_claims)
            sys_n += len(claims)
            sys_speakers += sum(1 for c in claims if c.speaker is not None)
            sys_outlets += sum(1 for c in claims if c.outlet)
            free = list(claims)
            for g in gold_claims:
                if g.get("speaker"):
                    gold_speakers += 1
                if g.get("outlet"):
                    gold_outlets += 1
                content = " ".join(str(g.get("content", "")).split())
                at = text.find(content)
                if at < 0 or not content:
                    continue
                span = (start + at, start + at + len(content))
                best = max(free, key=lambda c: _overlap(span, c.span), default=None)
                if best is None or _overlap(span, best.span) < 0.5:
                    continue
                free.remove(best)
                matched += 1
                if g.get("speaker") and _same_speaker(g["speaker"], best):
                    speaker_right += 1
                if g.get("outlet") and _same_outlet(g["outlet"], best.outlet):
                    outlet_right += 1

    def prf(right: int, predicted: int, true: int) -> dict[str, float]:
        p = right / predicted if predicted else 0.0
        r = right / true if true else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

    return {
        "gold_claims": gold_n,
        "system_claims": sys_n,
        "found": prf(matched, sys_n, gold_n),
        "speaker": prf(speaker_right, sys_speakers, gold_speakers),
        "outlet": prf(outlet_right, sys_outlets, gold_outlets),
    }
