"""Run limits and fault isolation: what a run may use, and what happens to an article that needs more.

- `memory_limit(mb)` holds the process, and the worker processes it starts, to `mb` megabytes of address space
  (the kernel's `RLIMIT_AS`, Linux only). The language model is loaded first, so a limit too small to run at all is
  refused at once with what is needed.
- `process_safely(raws)` is `pipeline.process_batch` with each article isolated: when a batch fails (an article
  needs more memory than the limit allows, or a stage has a bug), the batch is run again article by article and
  only the article that fails is refused, with an `InputError` naming it and the reason. The run goes on.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from storyline import nlp
from storyline.errors import InputError, LimitError
from storyline.model import Processed, RawArticle
from storyline.pipeline import process_batch

#: room above what is in use once the model is loaded: parsing a batch of 32 ordinary articles takes about 400 MB
HEADROOM_MB = 512


def memory_in_use() -> int:
    """This process's address space in bytes (what `ps` shows as VSZ); Linux only."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def current_limit_mb() -> int | None:
    """The address-space limit this process runs under, in megabytes, or None when there is none."""
    if not sys.platform.startswith("linux"):
        return None
    import resource

    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return None if soft == resource.RLIM_INFINITY else soft >> 20


def short_of_memory() -> str:
    """What a `MemoryError` means here, for an error line: "needs more memory than the limit of N MB
    (--max-memory) allows", or than the machine has free when no limit is set."""
    limit = current_limit_mb()
    allowed = f"the limit of {limit:,} MB (--max-memory) allows" if limit else "this machine has free"
    return f"needs more memory than {allowed}"


@contextmanager
def memory_limit(megabytes: int | None) -> Iterator[None]:
    """Run the body under a limit of `megabytes` of address space (None: no limit); the old limit comes back after."""
    if megabytes is None:
        yield
        return
    if not sys.platform.startswith("linux"):
        raise LimitError("--max-memory works on Linux only (it sets the kernel's address-space limit)")
    import resource

    nlp.load()
    needed = (memory_in_use() >> 20) + HEADROOM_MB
    if megabytes < needed:
        raise LimitError(
            f"--max-memory {megabytes} MB is less than Storyline needs: about {needed} MB with the language model loaded"
        )
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes << 20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def process_safely(raws: Sequence[RawArticle]) -> list[Processed | InputError]:
    """`process_batch`, with an article that the pipeline fails on refused on its own instead of failing the batch."""
    try:
        return process_batch(raws)
    except Exception as exc:
        if len(raws) == 1:
            return [_refusal(raws[0], exc)]
    gc.collect()
    out: list[Processed | InputError] = []
    for raw in raws:
        try:
            out.extend(process_batch([raw]))
        except Exception as exc:
            gc.collect()
            out.append(_refusal(raw, exc))
    return out


def _refusal(raw: RawArticle, exc: Exception) -> InputError:
    where = str(raw.provenance)
    if isinstance(exc, MemoryError):
        return InputError(where, f"{short_of_memory()}; skipped")
    detail = (str(exc).splitlines() or [""])[0][:200]
    return InputError(
        where, f"internal error while processing ({type(exc).__name__}: {detail}); skipped, please report it"
    )
