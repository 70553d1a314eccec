"""The Python API: what the CLI, the web app and users' scripts call."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import TextIO

from storyline import link
from storyline.engine import EngineOptions, open_engine
from storyline.errors import InputError, StoreError
from storyline.export import ParquetDataset
from storyline.ingest import ReadOptions, read_inputs
from storyline.limits import memory_limit
from storyline.link import LinkReport
from storyline.model import Processed, RawArticle
from storyline.store import Store

DEFAULT_DB = "storyline.db"


@dataclass
class IngestReport:
    """What one ingest run did."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    link: LinkReport = field(default_factory=LinkReport)

    @property
    def ok(self) -> bool:
        return not self.errors


def sample_corpus_path() -> Path:
    """The bundled sample corpus (JSONL) that `make demo` runs on."""
    return Path(str(resources.files("storyline").joinpath("data", "sample_corpus.jsonl")))


def ingest(
    paths: Iterable[str],
    db: str | Path = DEFAULT_DB,
    *,
    options: ReadOptions = ReadOptions(),
    batch_size: int = 32,
    stdin: TextIO | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    engine: EngineOptions = EngineOptions(),
    out: str | Path | None = None,
    link_after: bool = True,
    max_memory: int | None = None,
) -> IngestReport:
    """Read, clean, extract and store every article under `paths`. Bad inputs are reported, never fatal.

    `engine` says where parsing and extraction run (this process, N worker processes, a Dask cluster); this
    process stores the batches in input order whatever the engine. With `out`, the records go to a partitioned
    Parquet dataset in that directory (`storyline.export.ParquetDataset`) instead of the database. With
    `max_memory` (megabytes), each process of the run is held to that much memory, and an article that would need
    more is refused with an error naming it (`storyline.limits`).
    """
    report = IngestReport()
    batches = _tagged(_batches(read_inputs(paths, options, stdin=stdin), batch_size))
    with memory_limit(max_memory), open_engine(engine) as runner, _sink(db, out) as store:
        for (batch, raws), results in runner.run(batches):
            for item in batch:
                if isinstance(item, InputError):
                    _fail(report, item, on_error)
            processed: list[Processed] = []
            for result in results:
                if isinstance(result, InputError):
                    _fail(report, result, on_error)
                else:
                    processed.append(result)
            report.read += len(raws)
            for _item, is_new in _store(store, processed, report, on_error):
                if is_new:
                    report.new += 1
                else:
                    report.duplicates += 1
            if on_progress:
                on_progress(len(batch))
        if isinstance(store, Store) and link_after:
            report.link = link.update(store)
    return report


def _tagged(
    batches: Iterable[list[RawArticle | InputError]],
) -> Iterator[tuple[tuple[list[RawArticle | InputError], list[RawArticle]], list[RawArticle]]]:
    """Each batch with its readable articles: the engine gets the articles, the tag keeps the batch for reporting."""
    for batch in batches:
        raws = [item for item in batch if isinstance(item, RawArticle)]
        yield (batch, raws), raws


def _sink(db: str | Path, out: str | Path | None) -> Store | ParquetDataset:
    return Store(db) if out is None else ParquetDataset(out)


def _store(
    store: Store | ParquetDataset,
    processed: list[Processed],
    report: IngestReport,
    on_error: Callable[[InputError], None] | None,
) -> Iterator[tuple[Processed, bool]]:
    try:
        yield from zip(processed, store.add(processed), strict=True)
    except StoreError:
        # one article of the batch was refused: store the others one by one, each in its own transaction
        for item in processed:
            try:
                yield item, store.add([item])[0]
            except StoreError as exc:
                _fail(report, InputError(str(item.article.provenance), str(exc).split(": ", 1)[-1]), on_error)


def _fail(report: IngestReport, error: InputError, on_error: Callable[[InputError], None] | None) -> None:
    report.errors.append(error)
    if on_error:
        on_error(error)


def _batches(items: Iterable[RawArticle | InputError], size: int) -> Iterator[list[RawArticle | InputError]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
