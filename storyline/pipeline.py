"""The per-article stages chained: clean, then (with the extraction stage) parse and extract.

`process_batch` is a pure function of its input batch, so the local engine, worker processes and Dask can all call
it on batches and get the same records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline.clean import clean
from storyline.errors import InputError
from storyline.model import Article, RawArticle


@dataclass
class Processed:
    """An article with everything derived from it, ready to be stored in one transaction."""

    article: Article


def process_batch(raws: Sequence[RawArticle]) -> list[Processed | InputError]:
    """Clean each raw article of a batch; bad ones come back as `InputError`, in place."""
    out: list[Processed | InputError] = []
    for raw in raws:
        try:
            out.append(Processed(clean(raw)))
        except InputError as exc:
            out.append(exc)
    return out
