"""Engines: how batches of raw articles reach `storyline.pipeline.process_batch`.

- `local` with one worker calls it in this process.
- `local` with N workers hands batches to N worker processes, started fresh (spawned), each loading the model once
  when it starts; this process never loads it.
- `dask` submits the same batches to a Dask cluster: a local one, or the scheduler at an address. Each Dask worker
  loads the model once, through a worker plugin.

Every engine takes (tag, batch) pairs lazily, keeps only a few batches in flight, and yields (tag, results) in the
order the batches came in. The caller stores them, so what is stored, and in which order, never depends on the
engine or the number of workers, and no engine holds more than a few batches.

Workers are spawned rather than forked from a process that holds the model: a forked worker shares the model's
pages with its parent only until it touches the objects on them (every reference count is a write), so it grows
by copies of those pages over its first few thousand articles, and memory would depend on how far a run got.
A spawned worker owns its model from the start, so memory is the same at 1k articles as at 20k; its start-up
(a second or two more than a fork) is paid once per run.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TypeVar

from storyline import nlp
from storyline.errors import InputError, StorylineError
from storyline.limits import process_safely
from storyline.model import Processed, Provenance, RawArticle
from storyline.pipeline import process_batch

ENGINES = ("local", "dask")
T = TypeVar("T")
Results = list[Processed | InputError]


class EngineError(StorylineError):
    """An engine that cannot start or that lost a worker."""


@dataclass(frozen=True)
class EngineOptions:
    """Which engine runs the pipeline, and on how many workers."""

    engine: str = "local"
    #: worker processes (local engine) or workers of the local Dask cluster; None: one per core
    workers: int | None = 1
    #: address of a running Dask scheduler (tcp://host:8786); None starts a local cluster
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise EngineError(f"unknown engine {self.engine!r} (choose one of: {', '.join(ENGINES)})")
        if self.workers is not None and self.workers < 1:
            raise EngineError(f"workers must be at least 1, not {self.workers}")
        if self.scheduler and self.engine != "dask":
            raise EngineError("a scheduler address needs the dask engine")


def cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class _Pending(Protocol):
    def result(self) -> Any: ...


@dataclass(frozen=True)
class _Failure:
    """An article that `process_batch` refused, in a form that pickles (InputError's two-argument constructor does not)."""

    where: str
    reason: str


def run_batch(raws: Sequence[RawArticle]) -> list[Processed | _Failure]:
    """`process_batch` as a worker runs it, each article isolated (`limits.process_safely`): refused articles travel
    back as `_Failure`."""
    return [
        _Failure(item.where, item.reason) if isinstance(item, InputError) else item for item in process_safely(raws)
    ]


def worker_batch(raws: Sequence[RawArticle]) -> list[Processed | _Failure]:
    """`run_batch` in a worker process, then a garbage collection: the batch's parses are cyclic garbage, which
    Python's own schedule would leave to pile up for thousands of articles. Cheap after `worker_start`."""
    results = run_batch(raws)
    gc.collect()
    return results


def worker_start() -> None:
    """A worker's start: warmed up, then everything loaded so far frozen (`gc.freeze`), so that collections skip the
    model and tables."""
    warm_up()
    gc.freeze()


def _restore(results: list[Processed | _Failure]) -> Results:
    return [InputError(item.where, item.reason) if isinstance(item, _Failure) else item for item in results]


class Engine:
    """Runs `process_batch` on batches; use as a context manager so that workers are stopped."""

    #: batches submitted ahead of the one being stored
    ahead = 1

    def run(self, batches: Iterable[tuple[T, Sequence[RawArticle]]]) -> Iterator[tuple[T, Results]]:
        """Each batch's results, with the tag it came with, in input order."""
        window: deque[tuple[T, _Pending]] = deque()
        try:
            for tag, raws in batches:
                window.append((tag, self._submit(list(raws))))
                if len(window) > self.ahead:
                    yield self._collect(*window.popleft())
            while window:
                yield self._collect(*window.popleft())
        finally:
            self._cancel([pending for _, pending in window])

    def _collect(self, tag: T, pending: _Pending) -> tuple[T, Results]:
        return tag, _restore(pending.result())

    def _submit(self, raws: list[RawArticle]) -> _Pending:
        raise NotImplementedError

    def _cancel(self, pending: list[_Pending]) -> None:
        """Drop work that will not be collected (the caller stopped early)."""

    def close(self, abort: bool = False) -> None:
        """Stop the workers; with `abort`, without waiting for the batches they are on."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abort=exc_type is not None)


class _Done:
    def __init__(self, value: list[Processed | _Failure]) -> None:
        self.value = value

    def result(self) -> list[Processed | _Failure]:
        return self.value


class InProcess(Engine):
    """The pipeline in this process, one batch at a time.

    From the first batch on, everything loaded so far (the model, the tables, the caller's objects) is frozen as in
    a worker, so that the collection after each batch takes milliseconds instead of the 0.3 s a full one takes here;
    it is thawed when the engine closes. A process that froze objects itself is left alone and collects every few
    batches."""

    ahead = 0
    #: without freezing, a full collection every this many batches keeps memory flat
    collect_every = 8

    def __init__(self) -> None:
        self.batches = 0
        self.frozen = False

    def _submit(self, raws: list[RawArticle]) -> _Pending:
        if self.batches == 0 and gc.get_freeze_count() == 0:
            worker_start()
            self.frozen = True
        results = run_batch(raws)
        self.batches += 1
        if self.frozen or self.batches % self.collect_every == 0:
            gc.collect()
        return _Done(results)

    def close(self, abort: bool = False) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


@cache
def warm_up() -> None:
    """Load the language model and everything extraction loads on its first article (actor tables, lexicon,
    gazetteer: seconds of work), by running one short article of our own; once per process."""
    nlp.load()
    text = "Officials in Geneva said on Monday that both delegations agreed to a ceasefire after talks with Russia."
    process_batch([RawArticle(text=text, title="Talks in Geneva", provenance=Provenance("storyline warm-up"))])


class ProcessPool(Engine):
    """N worker processes parse and extract; this process reads and stores."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.ahead = 2 * workers
        self.pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=worker_start
        )

    def _submit(self, raws: list[RawArticle]) -> _Pending:
        try:
            return self.pool.submit(worker_batch, raws)
        except BrokenProcessPool as exc:
            raise EngineError(f"a worker process died ({exc}); is memory short?") from exc

    def _collect(self, tag: T, pending: _Pending) -> tuple[T, Results]:
        try:
            return super()._collect(tag, pending)
        except BrokenProcessPool as exc:
            raise EngineError(f"a worker process died ({exc}); is memory short?") from exc

    def _cancel(self, pending: list[_Pending]) -> None:
        for future in pending:
            future.cancel()  # type: ignore[attr-defined]

    def close(self, abort: bool = False) -> None:
        self.pool.shutdown(wait=not abort, cancel_futures=True)


def _dask_plugin() -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmUp(WorkerPlugin):
        """Loads the model (and extraction's tables) once in each Dask worker, before its first task."""

        def setup(self, worker: Any) -> None:
            worker_start()

    return WarmUp()


class DaskEngine(Engine):
    """The same batches on a Dask cluster: `process_batch` runs on the workers, results come back in order."""

    def __init__(self, workers: int, scheduler: str | None = None, timeout: str = "30s") -> None:
        import dask
        from distributed import Client, LocalCluster

        self.cluster: Any = None
        where = scheduler or "local Dask cluster"
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=timeout)
            else:
                # the workers' statistical profiler samples every task's stack each 10 ms: CPU taken from parsing
                with dask.config.set({"distributed.worker.profile.enabled": False}):
                    self.cluster = LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self.client = Client(self.cluster)
            self.client.register_plugin(_dask_plugin(), name="storyline-model")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"{where}: cannot start the Dask engine ({exc})") from exc
        threads = sum(self.client.nthreads().values())
        self.ahead = max(2, 2 * threads)

    def _submit(self, raws: list[RawArticle]) -> _Pending:
        pending: _Pending = self.client.submit(worker_batch, raws, pure=False)
        return pending

    def _cancel(self, pending: list[_Pending]) -> None:
        if pending:
            self.client.cancel(pending)

    def close(self, abort: bool = False) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_engine(options: EngineOptions) -> Engine:
    """The engine `options` asks for, started."""
    workers = options.workers or cores()
    if options.engine == "dask":
        return DaskEngine(workers, options.scheduler)
    if workers == 1:
        return InProcess()
    return ProcessPool(workers)
