"""Exports: every table as JSONL, CSV and Parquet, and the Parquet dataset that `ingest --out` writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from storyline import api
from storyline.cli import app
from storyline.export import ARTICLE_COLUMNS, STATUS_COLUMNS, ParquetDataset, table_rows
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import Processed, RawArticle
from storyline.pipeline import process_batch
from storyline.store import TABLES, Store

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight sample articles and one without a date."""
    lines = api.sample_corpus_path().read_text(encoding="utf-8").splitlines()[:8]
    undated = {"id": "undated-1", "title": "Talks resume", "text": "Both delegations met in Geneva to resume talks."}
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("\n".join([*lines, json.dumps(undated)]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "x.db"
    report = api.ingest([str(corpus)], path)
    assert report.new == 9 and report.ok
    return path


@pytest.mark.parametrize("table", TABLES)
def test_every_table_exports_in_every_format_with_the_stored_count(db: Path, tmp_path: Path, table: str) -> None:
    with Store(db, readonly=True) as store:
        stored = store.count(table)
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"{table}.{fmt}"
        result = runner.invoke(app, ["export", "--db", str(db), "--table", table, "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert f"{stored} rows of {table}" in result.output
        if fmt == "jsonl":
            assert len(out.read_text(encoding="utf-8").splitlines()) == stored
        elif fmt == "csv":
            with open(out, encoding="utf-8", newline="") as fh:
                assert len(list(csv.DictReader(fh))) == stored
        else:
            assert pq.read_metadata(out).num_rows == stored


def test_event_exports_agree_with_the_events_command(db: Path, tmp_path: Path) -> None:
    listed = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()
    by_id = {r["id"]: r for r in map(json.loads, listed)}
    exported = runner.invoke(app, ["export", "--db", str(db), "--out", "-"]).stdout.splitlines()
    records = [json.loads(line) for line in exported]
    assert [r["seq"] for r in records] == sorted(r["seq"] for r in records)
    assert {r["id"]: {k: v for k, v in r.items() if k != "seq"} for r in records} == by_id

    path = tmp_path / "events.parquet"
    runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(path)])
    schema = pq.read_schema(path)
    assert schema.field("seq").type == pa.int64() and schema.field("from_title").type == pa.bool_()
    assert schema.field("confidence").type == pa.float64() and schema.field("location_lat").type == pa.float64()
    first = next(iter(by_id.values()))
    row = duckdb.connect().execute(
        f"SELECT type, source_country, confidence, data FROM '{path}' WHERE id = ?", [first["id"]]
    )
    kind, country, confidence, data = row.fetchone()
    assert (kind, country, confidence) == (first["type"], (first["source"] or {}).get("country"), first["confidence"])
    assert json.loads(data) == first


def test_articles_jsonl_decodes_json_columns_and_csv_keeps_them_as_text(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    runner.invoke(app, ["export", "--db", str(db), "--table", "articles", "--format", "csv", "--out", str(out)])
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == ARTICLE_COLUMNS
    assert isinstance(json.loads(rows[0]["provenance"]), dict)
    listed = runner.invoke(app, ["export", "--db", str(db), "--table", "articles", "--out", "-"]).stdout
    first = json.loads(listed.splitlines()[0])
    assert isinstance(first["removed"], list) and first["provenance"]["file"].endswith("corpus.jsonl")


def test_the_dataset_writer_has_the_columns_of_the_store(db: Path) -> None:
    with Store(db, readonly=True) as store:
        assert table_rows(store, "articles").columns == ARTICLE_COLUMNS
        assert table_rows(store, "statuses").columns == STATUS_COLUMNS


def test_bad_export_requests_fail_cleanly(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), "--table", "people", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "not a table" in result.output
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", "-"])
    assert result.exit_code == 1


def test_dataset_by_month_rerun_and_id_clash(corpus: Path, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    first = api.ingest([str(corpus)], out=out, batch_size=4)
    months = sorted(p.name for p in (out / "articles").iterdir())
    assert "month=undated" in months and all(m.startswith("month=20") for m in months if m != "month=undated")
    query = f"SELECT count(*), min(seq), max(seq) FROM read_parquet('{out}/events/*/*.parquet', hive_partitioning=true)"
    events = duckdb.connect().execute(query).fetchone()
    with Store(db, readonly=True) as store:
        assert events == (store.count("events"), 1, store.count("events"))

    again = api.ingest([str(corpus)], out=out)
    assert (first.new, again.new, again.duplicates) == (9, 0, 9)

    clash = tmp_path / "clash.jsonl"
    clash.write_text(
        json.dumps({"id": "undated-1", "title": "Talks", "text": "Another report on the Geneva talks."}) + "\n"
    )
    report = api.ingest([str(clash)], out=out)
    assert report.new == 0 and "already stored with a different text" in str(report.errors[0])
    assert ds.dataset(out / "articles", partitioning="hive").count_rows() == 9


def test_dataset_flushes_in_parts_and_a_failed_run_keeps_only_whole_flushes(corpus: Path, tmp_path: Path) -> None:
    raws = [r for r in read_inputs([str(corpus)], ReadOptions()) if isinstance(r, RawArticle)]
    processed = [p for p in process_batch(raws) if isinstance(p, Processed)]
    out = tmp_path / "d"
    with pytest.raises(KeyboardInterrupt), ParquetDataset(out, flush_every=3) as dataset:
        for n in range(0, 9, 2):
            dataset.add(processed[n : n + 2])  # flushes after the second and the fourth batch
        raise KeyboardInterrupt  # the ninth article, still buffered, is dropped and not marked as stored
    articles = ds.dataset(out / "articles", partitioning="hive")
    assert sorted(articles.to_table()["seq"].to_pylist()) == list(range(1, 9))
    report = api.ingest([str(corpus)], out=out)
    assert (report.new, report.duplicates) == (1, 8)
    assert len(list((out / "articles").glob("*/*.parquet"))) >= 3
    assert sorted(ds.dataset(out / "articles", partitioning="hive").to_table()["seq"].to_pylist()) == list(range(1, 10))
