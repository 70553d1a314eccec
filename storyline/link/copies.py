"""Copies: near-duplicate and syndicated articles, and pieces republished inside another article.

Each article is cut into overlapping windows of words; each window gets a MinHash signature (datasketch) and goes
into an LSH index; every fourth window (side by side, no overlap) is looked up. An article whose windows mostly reappear in another article is a copy of it or is copied by it: when both
texts cover each other it is a near-duplicate (the later one, by date then id, is the copy); when one text holds the
other (a blog post republishing a wire story inside its own words) the longer one is the copy. The decision depends
only on the two articles, never on the order they were ingested in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
WINDOW_WORDS = 40
#: stored windows overlap (every STEP words) so that a passage republished at any offset meets one of them
STEP = 10
QUERY_EVERY = WINDOW_WORDS // STEP
SHINGLE = 4
#: share of an article's windows found in another for the two to be linked
COVERAGE = 0.6
LSH_THRESHOLD = 0.6

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Copy:
    article_id: str
    original_id: str
    similarity: float


def windows(text: str) -> list[list[str]]:
    """The text as overlapping lower-case word windows, one starting every STEP words."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return []
    last = max(len(words) - WINDOW_WORDS, 0)
    return [words[i : i + WINDOW_WORDS] for i in range(0, last + 1, STEP)]


@cache
def _permutations() -> Any:
    """The hash permutations of every signature, drawn once (a MinHash draws them anew each time it is made)."""
    return MinHash(num_perm=NUM_PERM, seed=7).permutations


def signatures(text: str) -> list[bytes]:
    """One MinHash signature per window, serialised for the store."""
    out = []
    for win in windows(text):
        m = MinHash(num_perm=NUM_PERM, seed=7, permutations=_permutations(), scheme="affine32")
        m.update_batch([" ".join(win[i : i + SHINGLE]).encode("utf-8") for i in range(len(win) - SHINGLE + 1)])
        out.append(m.hashvalues.astype("uint32").tobytes())
    return out


def _minhash(sig: bytes) -> MinHash:
    import numpy as np

    values = np.frombuffer(sig, dtype="uint32")
    return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=values, permutations=_permutations(), scheme="affine32")


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    date: str | None
    windows: int


class CopyIndex:
    """An LSH index over every stored article's window signatures."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.info: dict[str, ArticleInfo] = {}
        self.sigs: dict[str, list[bytes]] = {}

    def add(self, article_id: str, date: str | None, sigs: list[bytes]) -> None:
        self.info[article_id] = ArticleInfo(article_id, date, len(sigs[::QUERY_EVERY]))
        self.sigs[article_id] = sigs
        for n, sig in enumerate(sigs):
            self.lsh.insert(f"{article_id}\x00{n}", _minhash(sig))

    def coverage(self, article_id: str) -> Counter[str]:
        """For each other article, how many of this article's windows it contains."""
        hits: Counter[str] = Counter()
        for sig in self.sigs[article_id][::QUERY_EVERY]:
            owners = {key.split("\x00", 1)[0] for key in self.lsh.query(_minhash(sig))}
            owners.discard(article_id)
            hits.update(owners)
        return hits

    def copies_of(self, article_ids: Iterable[str]) -> list[Copy]:
        """Copy links involving the given articles (either side), decided from the pair alone."""
        found: list[Copy] = []
        covered: dict[str, Counter[str]] = {}  # each article's coverage, looked up once
        for aid in article_ids:
            a = self.info[aid]
            if not a.windows:
                continue
            if aid not in covered:
                covered[aid] = self.coverage(aid)
            for bid, n in covered[aid].items():
                # either may hold the other: look both ways, so the result does not depend on which came later
                b = self.info[bid]
                a_in_b = n / a.windows
                if bid not in covered:
                    covered[bid] = self.coverage(bid)
                b_in_a = covered[bid].get(aid, 0) / b.windows if b.windows else 0.0
                if max(a_in_b, b_in_a) >= COVERAGE:
                    found.append(_direction(a, b, a_in_b, b_in_a))
        best: dict[str, Copy] = {}
        for copy in sorted(found, key=lambda c: (-c.similarity, _order(self.info[c.original_id]))):  # best first
            if copy.original_id != copy.article_id:
                best.setdefault(copy.article_id, copy)
        return sorted(best.values(), key=lambda c: c.article_id)

    def better(self, original: str, similarity: float, other: str, other_similarity: float) -> bool:
        """Whether `original` is a better original than `other`: more similar, else earlier (date, then id)."""
        return (-similarity, _order(self.info[original])) <= (-other_similarity, _order(self.info[other]))


def _order(info: ArticleInfo) -> tuple[str, str]:
    return (info.date or "9999-99-99", info.id)


def _direction(a: ArticleInfo, b: ArticleInfo, a_in_b: float, b_in_a: float) -> Copy:
    """Which of two linked articles copies the other."""
    if a_in_b >= COVERAGE and b_in_a >= COVERAGE:  # near-duplicates: the later one copies the earlier
        first, second = sorted((a, b), key=_order)
        return Copy(second.id, first.id, round(min(a_in_b, b_in_a), 3))
    if a_in_b >= COVERAGE:
        return Copy(b.id, a.id, round(a_in_b, 3))  # b holds a: b republishes a
    return Copy(a.id, b.id, round(b_in_a, 3))  # a holds b
