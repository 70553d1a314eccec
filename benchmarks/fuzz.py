"""Fuzz run: the properties of tests/test_fuzz.py on many random inputs, with how many each one tried.

    .venv/bin/python benchmarks/fuzz.py [--scale 20]      (or: make fuzz)

Every property runs `scale` times as many examples as in the test suite, drawn at random (not the suite's fixed
set). A property that fails counts as a crash and its failing input is printed. Prints one table: property, inputs
tried, crashes, seconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
PROPERTIES = (
    "test_readers_yield_articles_or_our_errors",
    "test_decode_gives_text_or_our_error",
    "test_clean_gives_an_article_or_our_error",
    "test_publication_dates_are_real_days_or_none",
    "test_time_expressions_resolve_or_give_none",
    "test_pipeline_gives_events_or_our_errors",
)


def load_properties(scale: int) -> ModuleType:
    os.environ["STORYLINE_FUZZ_SCALE"] = str(scale)
    spec = importlib.util.spec_from_file_location("storyline_fuzz_properties", ROOT / "tests" / "test_fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=20, help="examples per property, as a multiple of the suite's")
    args = parser.parse_args()
    module = load_properties(args.scale)
    console = Console()
    table = Table("property", "inputs tried", "crashes", "seconds", title=f"fuzz run, scale {args.scale}")
    total = crashes = 0
    for name in PROPERTIES:
        before = sum(module.TRIED.values())
        started = time.perf_counter()
        failed = 0
        try:
            getattr(module, name)()
        except Exception as exc:
            failed = 1
            console.print(f"[bold red]{name} failed:[/] {type(exc).__name__}: {exc}", highlight=False)
            traceback.print_exc(limit=-3)
        tried = sum(module.TRIED.values()) - before
        total += tried
        crashes += failed
        table.add_row(name.removeprefix("test_"), f"{tried:,}", str(failed), f"{time.perf_counter() - started:.1f}")
    table.add_row("all", f"{total:,}", str(crashes), "")
    console.print(table)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
