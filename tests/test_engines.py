"""Engines: worker processes and a local 2-worker Dask cluster store exactly what one process stores, in the same
order, with the same errors; options are checked; workers keep their model; one process freezes what it loaded for
the run only."""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from storyline import api, nlp
from storyline.cli import app
from storyline.engine import DaskEngine, EngineError, EngineOptions, InProcess, ProcessPool
from storyline.export import table_rows
from storyline.ingest import ReadOptions, read_inputs
from storyline.store import Store

TABLES = ("articles", "events", "claims", "statuses")
BATCH = 6
ARTICLES = 24


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Part of the bundled sample corpus with a row the reader refuses and a row that cleaning refuses, mid-way."""
    lines = api.sample_corpus_path().read_text(encoding="utf-8").splitlines()[:ARTICLES]
    rows = [json.loads(line) for line in lines]
    rows.insert(10, {"id": "no-text", "title": "Nothing here"})
    rows.insert(20, {"id": "widgets", "title": "Share this", "text": "Print Friendly, PDF & Email"})
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _run(corpus: Path, db: Path, engine: EngineOptions, out: Path | None = None) -> api.IngestReport:
    return api.ingest([str(corpus)], db, engine=engine, batch_size=BATCH, out=out)


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the record tables in storage order, without the ingestion time."""
    con = sqlite3.connect(db)
    out = {}
    for table in TABLES:
        cursor = con.execute(f"SELECT * FROM {table} ORDER BY seq")
        names = [d[0] for d in cursor.description]
        out[table] = [tuple(v for n, v in zip(names, row, strict=True) if n != "ingested_at") for row in cursor]
    con.close()
    return out


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, api.IngestReport]:
    db = tmp_path_factory.mktemp("one") / "one.db"
    return db, _run(corpus, db, EngineOptions(workers=1))


def test_reference_run_stores_the_corpus_and_reports_both_bad_rows(reference: tuple[Path, api.IngestReport]) -> None:
    db, report = reference
    assert report.new == ARTICLES and report.duplicates == 0
    assert [e.where.rsplit(":", 1)[-1] for e in report.errors] == ["11", "21"]
    rows = _dump(db)
    assert len(rows["articles"]) == ARTICLES and len(rows["events"]) > 50


def test_two_worker_processes_store_the_same_rows_in_the_same_order(
    corpus: Path, reference: tuple[Path, api.IngestReport], tmp_path: Path
) -> None:
    db, report = reference
    report2 = _run(corpus, tmp_path / "two.db", EngineOptions(workers=2))
    assert [str(e) for e in report2.errors] == [str(e) for e in report.errors]
    assert (report2.read, report2.new) == (report.read, report.new)
    assert _dump(tmp_path / "two.db") == _dump(db)


def test_dask_on_a_local_two_worker_cluster_writes_the_same_records_as_parquet(
    corpus: Path, reference: tuple[Path, api.IngestReport], tmp_path: Path
) -> None:
    db, report = reference
    out = tmp_path / "dataset"
    dask_report = _run(corpus, tmp_path / "unused.db", EngineOptions("dask", workers=2), out=out)
    assert [str(e) for e in dask_report.errors] == [str(e) for e in report.errors]
    assert dask_report.new == report.new
    assert not (tmp_path / "unused.db").exists()
    with Store(db, readonly=True) as store:
        for table in TABLES:
            expected = [{k: v for k, v in r.items() if k != "ingested_at"} for r in table_rows(store, table).rows]
            written = ds.dataset(out / table, format="parquet", partitioning="hive").to_table().to_pylist()
            kept = [{k: v for k, v in r.items() if k not in ("ingested_at", "month")} for r in written]
            got = sorted(kept, key=lambda r: r["seq"])
            assert got == expected, table


def test_worker_processes_load_the_model_once(corpus: Path) -> None:
    raws = [r for r in read_inputs([str(corpus)], ReadOptions()) if not isinstance(r, Exception)][:6]
    batches = [(n, raws[n : n + 2]) for n in range(0, len(raws), 2)]
    with ProcessPool(2) as engine:
        assert [tag for tag, _ in engine.run(batches)] == [n for n, _ in batches]
        loads = {engine.pool.submit(_model_loads).result() for _ in range(6)}
    assert loads == {1}


def test_one_process_freezes_what_is_loaded_for_the_run_only(corpus: Path) -> None:
    raws = [r for r in read_inputs([str(corpus)], ReadOptions()) if not isinstance(r, Exception)][:2]
    assert gc.get_freeze_count() == 0
    with InProcess() as engine:
        assert [tag for tag, _ in engine.run([(0, raws[:1])])] == [0]
        assert gc.get_freeze_count() > 0  # the model and tables: collections skip them
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a process that froze objects itself keeps them frozen
    try:
        with InProcess() as engine:
            assert [tag for tag, _ in engine.run([(0, raws[1:])])] == [0]
        assert gc.get_freeze_count() > 0  # not thawed (frozen objects may still die of their own, by refcount)
    finally:
        gc.unfreeze()


def _model_loads() -> int:
    return nlp.load.cache_info().misses


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"engine": "spark"}, "unknown engine"),
        ({"workers": 0}, "at least 1"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "needs the dask engine"),
    ],
)
def test_bad_engine_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(EngineError, match=message):
        EngineOptions(**options)


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    with pytest.raises(EngineError, match=r"tcp://127\.0\.0\.1:9: cannot start the Dask engine"):
        DaskEngine(1, "tcp://127.0.0.1:9", timeout="1s")


def test_cli_wants_the_dask_engine_for_a_scheduler(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:8786"]
    )
    assert result.exit_code == 2 and "needs --engine dask" in result.output
