"""Throughput: the whole pipeline (read, clean, parse, extract, store) against bare spaCy on the same texts.

    .venv/bin/python benchmarks/throughput.py [--articles 1200] [--workers N]

One run, one corpus (from ../shared/corpora, see corpora.py), ten rows:
- bare spaCy (the English pipeline as shipped, `nlp.pipe`) on the titles and clean texts the pipeline parses,
  with 1 and with N processes (`n_process`, forked from this process with the model loaded);
- `storyline.ingest` into a fresh database with the local engine, 1 and N workers (read, clean, parse, extract,
  store; linking left out), each timed right after bare spaCy on as many cores, so that a pair sees the same load;
  the N workers are spawned and load the model themselves, so that run is shown with and without that start-up
  (timed on its own just after);
- the N-worker ingest followed by linking, as `storyline ingest` runs by default;
- `storyline.ingest` with the Dask engine on a local N-worker cluster, with and without its start-up (starting
  the cluster and loading the model in every worker, timed on its own just before);
- linking (`storyline.link.update`, run once after storage in the main process), timed on its own.
Models (and extraction's tables) are loaded before timing, as for bare spaCy. Prints articles/s, words/s, the ratio to
bare spaCy on the same number of cores, the speed-up over one worker, the issue's targets (>= 1.7x with N workers,
>= 0.8 of bare), and CPU seconds (this process and its workers): on a machine shared with other work, wall-clock
ratios depend on how many cores the run got ('cores busy'), CPU ratios much less.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import corpora  # benchmarks/corpora.py: the script's own directory is on sys.path
import spacy
from rich.console import Console
from rich.table import Table

from storyline import api, link, nlp
from storyline.clean import clean
from storyline.engine import DaskEngine, EngineOptions, ProcessPool, cores, warm_up
from storyline.errors import InputError
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import RawArticle
from storyline.store import Store


def texts_of(path: Path) -> list[str]:
    """The titles and clean texts the pipeline will parse."""
    out: list[str] = []
    for raw in read_inputs([str(path)], ReadOptions()):
        if isinstance(raw, RawArticle):
            try:
                article = clean(raw)
            except InputError:
                continue
            out.extend((article.title, article.text))
    return out


class Clock:
    """Wall-clock and CPU seconds of a block: this process plus every child process it waited for (workers)."""

    wall = 0.0
    cpu = 0.0

    @staticmethod
    def _cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def __enter__(self) -> Clock:
        self._wall, self._cpu0 = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = self._cpu() - self._cpu0

    def less(self, other: Clock) -> Clock:
        """This block's time without `other`'s (a start-up timed on its own)."""
        return self.plus(other, -1)

    def plus(self, other: Clock, sign: int = 1) -> Clock:
        """This block's time and `other`'s (two phases timed apart)."""
        out = Clock()
        out.wall, out.cpu = self.wall + sign * other.wall, self.cpu + sign * other.cpu
        return out


def bare(texts: list[str], processes: int) -> Clock:
    model = nlp.bare()
    with Clock() as clock:
        for _ in model.pipe(texts, batch_size=nlp.BATCH_SIZE, n_process=processes):
            pass
    return clock


def ingest(path: Path, db: Path, engine: EngineOptions) -> tuple[Clock, api.IngestReport]:
    with Clock() as clock:
        report = api.ingest([str(path)], db, engine=engine, link_after=False)
    return clock, report


def linking(db: Path) -> Clock:
    with Clock() as clock, Store(db) as store:
        link.update(store)
    return clock


def pool_startup(workers: int) -> Clock:
    """Starting the local engine's N workers (each loads the model) until every one has run an empty batch."""
    with Clock() as clock, ProcessPool(workers) as engine:
        for _ in engine.run((n, []) for n in range(workers)):
            pass
    return clock


def dask_startup(workers: int) -> Clock:
    with Clock() as clock, DaskEngine(workers):
        pass
    return clock


def load() -> str:
    """The load average over 1, 5 and 15 minutes: on 2 cores, above 2 means other work took a share of them."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1200, help="corpus size (default 1200)")
    parser.add_argument("--workers", type=int, default=cores(), help="N (default: the cores, here %(default)s)")
    args = parser.parse_args()
    n = args.workers
    console = Console(width=180)
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = corpora.write(args.articles, corpus)
        texts = texts_of(corpus)
        warm_up()  # the model and extraction's tables, here for bare spaCy and the one-worker ingest
        console.print(
            f"{args.articles} articles, {words:,} words; load average at the start: {load()}; timing ...",
            highlight=False,
        )
        rows: list[tuple[str, int, Clock, str]] = []
        bares: dict[int, Clock] = {}
        local: dict[int, Clock] = {}
        for workers in (1, n):  # each pair timed back to back, so that both see the same load
            bares[workers] = bare(texts, workers)
            local[workers], report = ingest(corpus, Path(tmp) / f"local{workers}.db", EngineOptions(workers=workers))
            notes = f"{report.new} stored, {len(report.errors)} refused"
            rows += [
                ("bare spaCy", workers, bares[workers], ""),
                ("storyline, local engine", workers, local[workers], notes),
            ]
        if n > 1:
            started = pool_startup(n)
            rows.append(("storyline, local engine", n, started, f"start-up only: {n} workers load the model"))
            local[n] = local[n].less(started)
            rows.append(("storyline, local engine", n, local[n], "start-up left out"))
        linked = linking(Path(tmp) / f"local{n}.db")
        rows.append(("storyline, local engine, then linking", n, local[n].plus(linked), "as `storyline ingest` runs"))
        startup = dask_startup(n)
        on_dask, report = ingest(corpus, Path(tmp) / "dask.db", EngineOptions("dask", workers=n))
        rows.append(("storyline, Dask local cluster", n, on_dask, f"start-up {startup.wall:.1f} s included"))
        rows.append(("storyline, Dask local cluster", n, on_dask.less(startup), "start-up left out"))
        rows.append(("linking after storage (one process)", 1, linked, "only in the row that says so"))

    table = Table(
        "run", "cores", "seconds", "articles/s", "words/s", "vs bare spaCy", "vs 1 worker", "CPU s", "cores busy",
        "CPU vs bare", "notes",
        title=f"throughput on {args.articles} articles ({words:,} words), {cores()} cores, Python "
        f"{platform.python_version()}, spaCy {spacy.__version__}, {nlp.MODEL_PACKAGE}",
    )  # fmt: skip
    for name, workers, clock, notes in rows:
        is_linking = name.startswith("linking")
        base = bares[1] if name.startswith("bare") else local[1]
        table.add_row(
            name,
            str(workers),
            f"{clock.wall:.1f}",
            f"{args.articles / clock.wall:.1f}",
            f"{words / clock.wall:,.0f}",
            "—" if is_linking else f"{bares[workers].wall / clock.wall:.2f}",
            "—" if is_linking else f"{base.wall / clock.wall:.2f}",
            f"{clock.cpu:.1f}",
            f"{clock.cpu / clock.wall:.2f}",
            "—" if is_linking else f"{bares[workers].cpu / clock.cpu:.2f}",
            notes,
        )
    console.print(table)
    console.print(
        f"start-up left out, {n} workers vs 1: {local[1].wall / local[n].wall:.2f}x (target >= 1.7 on 2 cores); "
        "pipeline vs bare spaCy "
        f"on {n} cores: {bares[n].wall / local[n].wall:.2f} (target >= 0.8), in CPU seconds "
        f"{bares[n].cpu / local[n].cpu:.2f}; load average at the end: {load()}"
        " (a busy machine lowers the speed-ups: the 'cores busy' column shows what the run got)",
        highlight=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
