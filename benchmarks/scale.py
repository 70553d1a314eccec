"""Scale: time and peak memory of an ingest as the corpus grows (1k, 5k, 20k articles by default).

    .venv/bin/python benchmarks/scale.py [--sizes 1000,5000,20000] [--workers N] [--link]

For each size a fresh corpus (../shared/corpora repeated with fresh ids, see corpora.py) is ingested into a fresh
database by a child process with the local engine and N workers (default: the cores), the way `storyline ingest`
runs. Every 0.2 s this process samples the child and its workers: the resident memory of the storing process and
of the largest worker, and the proportional set size (PSS, shared pages split between the processes that share
them) of all of them together (the workers are spawned and load the model themselves, so they share little).
Linking runs after storage, timed and sampled on its own, only with --link.

Prints one row per size: seconds, articles/s, seconds per 1,000 articles, the peaks, and each peak's ratio to the
smallest size; then least-squares lines through (articles, seconds) and (articles, CPU seconds of the process and
its workers) with their largest relative residuals: time grows linearly when the residuals are small and the
seconds per 1,000 stay flat. CPU seconds hardly depend on what else the machine is doing; wall seconds do.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import corpora  # benchmarks/corpora.py: the script's own directory is on sys.path
import psutil
from rich.console import Console
from rich.table import Table

from storyline.engine import cores

MB = 1 << 20


@dataclass
class Peaks:
    main_rss: int = 0
    worker_rss: int = 0
    total_pss: int = 0

    def take(self, main: psutil.Process) -> None:
        try:
            workers = main.children(recursive=True)
            self.main_rss = max(self.main_rss, main.memory_info().rss)
            pss = main.memory_full_info().pss
            for w in workers:
                try:
                    self.worker_rss = max(self.worker_rss, w.memory_info().rss)
                    pss += w.memory_full_info().pss
                except psutil.Error:
                    continue
            self.total_pss = max(self.total_pss, pss)
        except psutil.Error:
            pass


@dataclass
class Run:
    articles: int
    words: int
    phases: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, Peaks] = field(default_factory=dict)
    stored: int = 0


def child(corpus: str, db: str, workers: int, with_link: bool) -> None:
    """The measured process: load, ingest, (link), each phase announced on stdout as it ends."""
    from storyline import api, link
    from storyline.engine import EngineOptions
    from storyline.store import Store

    def say(phase: str, **extra: object) -> None:
        own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
        print(json.dumps({"phase": phase, "cpu": cpu, **extra}), flush=True)

    say("start")  # the imports: the start-up column (each worker loads the model itself, within the ingest)
    report = api.ingest([corpus], db, engine=EngineOptions(workers=workers), link_after=False)
    say("ingest", stored=report.new)
    if with_link:
        with Store(db) as store:
            link.update(store)
        say("link")


def measure(size: int, workers: int, with_link: bool, tmp: Path) -> Run:
    corpus = tmp / f"corpus-{size}.jsonl"
    run = Run(size, corpora.write(size, corpus))
    db = tmp / f"scale-{size}.db"
    command = [sys.executable, __file__, "--child", str(corpus), str(db), str(workers), str(int(with_link))]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    main = psutil.Process(proc.pid)
    phase = {"name": "start"}
    marks: list[tuple[str, float, dict[str, object]]] = []

    def listen() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            message = json.loads(line)
            marks.append((message["phase"], time.perf_counter(), message))
            phase["name"] = {"start": "ingest", "ingest": "link"}.get(message["phase"], "done")

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    while proc.poll() is None:
        run.peaks.setdefault(phase["name"], Peaks()).take(main)
        time.sleep(0.2)
    listener.join()
    if proc.returncode:
        raise SystemExit(f"the child run for {size} articles failed with exit status {proc.returncode}")
    previous, previous_cpu = started, 0.0
    for name, at, message in marks:
        run.phases[name] = at - previous
        run.cpu[name] = float(str(message["cpu"])) - previous_cpu
        previous, previous_cpu = at, float(str(message["cpu"]))
        run.stored = int(str(message.get("stored", run.stored)))
    for path in tmp.glob(f"scale-{size}.db*"):
        path.unlink()
    corpus.unlink()
    return run


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Intercept, slope and the largest residual relative to the fitted value."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    intercept = my - slope * mx
    worst = max(abs(y - (intercept + slope * x)) / (intercept + slope * x) for x, y in zip(xs, ys, strict=True))
    return intercept, slope, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000", help="corpus sizes, comma-separated")
    parser.add_argument("--workers", type=int, default=cores(), help="N (default: the cores, here %(default)s)")
    parser.add_argument("--link", action="store_true", help="also time linking after storage")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, db, workers, with_link = args.child
        child(corpus, db, int(workers), with_link == "1")
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    console = Console(width=200)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as tmp:
        for size in sizes:
            console.print(f"{size} articles ...", highlight=False)
            runs.append(measure(size, args.workers, args.link, Path(tmp)))
    base = runs[0]
    table = Table(
        "articles", "words", "stored", "start-up s", "ingest s", "articles/s", "s per 1k", "CPU s per 1k",
        "peak RSS storing process", "peak RSS largest worker", "peak PSS all processes", "PSS vs smallest",
        *(["link s", "peak RSS linking"] if args.link else []),
        title=f"ingest at scale: local engine, {args.workers} workers, {cores()} cores",
    )  # fmt: skip
    for r in runs:
        p = r.peaks["ingest"]
        took = r.phases["ingest"]
        table.add_row(
            f"{r.articles:,}",
            f"{r.words:,}",
            f"{r.stored:,}",
            f"{r.phases['start']:.1f}",
            f"{took:.1f}",
            f"{r.articles / took:.1f}",
            f"{1000 * took / r.articles:.1f}",
            f"{1000 * r.cpu['ingest'] / r.articles:.1f}",
            f"{p.main_rss / MB:,.0f} MB",
            f"{p.worker_rss / MB:,.0f} MB",
            f"{p.total_pss / MB:,.0f} MB",
            f"{p.total_pss / base.peaks['ingest'].total_pss:.2f}",
            *(
                [f"{r.phases['link']:.1f}", f"{r.peaks.get('link', Peaks()).main_rss / MB:,.0f} MB"]
                if args.link
                else []
            ),
        )
    console.print(table)
    if len(runs) > 1:
        sizes = [r.articles for r in runs]
        for what, values in (
            ("seconds", [r.phases["ingest"] for r in runs]),
            ("CPU s", [r.cpu["ingest"] for r in runs]),
        ):
            intercept, slope, worst = linear_fit(sizes, values)
            console.print(
                f"ingest {what} = {intercept:.1f} + {1000 * slope:.2f} per 1,000 articles; largest relative residual "
                f"{worst:.1%}",
                highlight=False,
            )
        console.print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}", highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
