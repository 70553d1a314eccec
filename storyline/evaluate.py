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
from storyline.extract import extract_events
from storyline.extract.lexicon import EVENT_TYPES
from storyline.model import Article, Event, Provenance
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
        per_record: list[list[Event]] = [[] for _ in doc.records]
        for event in extract_events(article, title, body):
            for n, (start, end) in enumerate(doc.ranges):
                if start <= event.span[0] < end:
                    per_record[n].append(event)
                    break
        out.append(per_record)
    return out


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
    """Score the pipeline on gold files; the report `storyline eval --json` prints."""
    docs = read_gold(paths)
    scores = score(docs, run_system(docs))
    report = scores.report()
    report["records"] = sum(len(d.records) for d in docs)
    report["documents"] = len(docs)
    report["errors"] = scores.errors
    return report
