"""Throughput: the whole pipeline (read, clean, parse, extract, store) against bare spaCy on the same texts.

    .venv/bin/python benchmarks/throughput.py [--articles 1200] [--workers N]

One run, one corpus (from ../shared/corpora, see corpora.py), seven rows:
- bare spaCy (the English pipeline as shipped, `nlp.pipe`) on the titles and clean texts the pipeline parses,
  with 1 and with N processes (`n_process`);
- `storyline.ingest` into a fresh database with the local engine, 1 and N workers (read, clean, parse, extract,
  store; linking left out);
- `storyline.ingest` with the Dask engine on a local N-worker cluster, with and without its start-up (starting
  the cluster and loading the model in every worker, timed on its own just before);
- linking (`storyline.link.update`, run once after storage in the main process), timed on its own.
Models (and extraction's tables) are loaded before timing, as for bare spaCy. Prints articles/s, words/s, the ratio to bare spaCy on the same
number of cores, the speed-up over one worker, and the issue's targets (>= 1.7x with N workers, >= 0.8 of bare).
"""

from __future__ import annotations

import argparse
import os
import platform
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
from storyline.engine import DaskEngine, EngineOptions, cores, warm_up
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


def time_bare(texts: list[str], processes: int) -> float:
    model = nlp.bare()
    start = time.perf_counter()
    for _ in model.pipe(texts, batch_size=nlp.BATCH_SIZE, n_process=processes):
        pass
    return time.perf_counter() - start


def time_ingest(path: Path, db: Path, engine: EngineOptions) -> tuple[float, api.IngestReport]:
    start = time.perf_counter()
    report = api.ingest([str(path)], db, engine=engine, link_after=False)
    return time.perf_counter() - start, report


def time_link(db: Path) -> float:
    start = time.perf_counter()
    with Store(db) as store:
        link.update(store)
    return time.perf_counter() - start


def time_dask_startup(workers: int) -> float:
    start = time.perf_counter()
    with DaskEngine(workers):
        took = time.perf_counter() - start
    return took


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
        warm_up()  # the model and extraction's tables, loaded once here (worker processes are forked from it)
        rows: list[tuple[str, int, float, str]] = []
        console.print(f"{args.articles} articles, {words:,} words; timing ...", highlight=False)
        bare = {1: time_bare(texts, 1), n: time_bare(texts, n)}
        rows.append(("bare spaCy", 1, bare[1], ""))
        rows.append(("bare spaCy", n, bare[n], ""))
        local: dict[int, float] = {}
        for workers in (1, n):
            took, report = time_ingest(corpus, Path(tmp) / f"local{workers}.db", EngineOptions(workers=workers))
            local[workers] = took
            rows.append(
                ("storyline, local engine", workers, took, f"{report.new} stored, {len(report.errors)} refused")
            )
        linking = time_link(Path(tmp) / f"local{n}.db")
        startup = time_dask_startup(n)
        took, report = time_ingest(corpus, Path(tmp) / "dask.db", EngineOptions("dask", workers=n))
        rows.append(("storyline, Dask local cluster", n, took, f"start-up {startup:.1f} s included"))
        rows.append(("storyline, Dask local cluster", n, took - startup, "start-up left out"))
        rows.append(("linking after storage (one process)", 1, linking, "not in the rows above"))

    table = Table(
        "run", "cores", "seconds", "articles/s", "words/s", "vs bare spaCy", "vs 1 worker", "notes",
        title=f"throughput on {args.articles} articles ({words:,} words), {cores()} cores, Python "
        f"{platform.python_version()}, spaCy {spacy.__version__}, {nlp.MODEL_PACKAGE}",
    )  # fmt: skip
    for name, workers, took, notes in rows:
        is_linking = name.startswith("linking")
        base = bare[1] if name.startswith("bare") else local[1]
        table.add_row(
            name,
            str(workers),
            f"{took:.1f}",
            f"{args.articles / took:.1f}",
            f"{words / took:,.0f}",
            "—" if is_linking else f"{bare[workers] / took:.2f}",
            "—" if is_linking else f"{base / took:.2f}",
            notes,
        )
    console.print(table)
    speedup = local[1] / local[n]
    ratio = bare[n] / local[n]
    console.print(
        f"{n} workers vs 1: {speedup:.2f}x (target >= 1.7 on 2 cores); pipeline vs bare spaCy on {n} cores: "
        f"{ratio:.2f} (target >= 0.8); load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
        highlight=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
