"""Benchmark corpora of any size from ../shared/corpora, for `throughput.py` and `scale.py`.

The Syrian war articles and the news bodies are interleaved; past their 3,391 records they are repeated, each
repetition with fresh ids and its own outlet name, so that every record is a new article to the store (an article
is known by its text and outlet) while the text, and so the work, stays the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
FILES = ("syria_war_articles.jsonl", "news_bodies.jsonl")


def _base() -> list[dict[str, Any]]:
    missing = [name for name in FILES if not (SHARED / name).exists()]
    if missing:
        raise SystemExit(f"needs {SHARED} ({', '.join(missing)}): the project's shared data")
    lists = [[json.loads(line) for line in (SHARED / name).open(encoding="utf-8")] for name in FILES]
    syria, news = lists
    # about one Syrian article to three news bodies, spread evenly
    step = max(1, round(len(news) / len(syria)))
    mixed: list[dict[str, Any]] = []
    for n, article in zip_longest(range(0, len(news), step), syria):
        if n is not None:
            mixed.extend(news[n : n + step])
        if article is not None:
            mixed.append(article)
    return mixed


def records(count: int) -> Iterator[dict[str, Any]]:
    """`count` records; copy k > 0 of a record gets the id `<id>~k` and the outlet `<outlet> (copy k)`."""
    base = _base()
    for n in range(count):
        copy, record = divmod(n, len(base))
        row = dict(base[record])
        if copy:
            row["id"] = f"{row['id']}~{copy}"
            row["source"] = f"{row.get('source') or 'unknown outlet'} (copy {copy})"
        yield row


def write(count: int, path: Path) -> int:
    """Write `count` records as JSONL to `path`; returns the number of words in their texts and titles."""
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in records(count):
            words += len(row["text"].split()) + len((row.get("title") or "").split())
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return words
