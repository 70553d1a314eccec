"""Flat shapes of the stored records, for CSV output and analytics exports."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from storyline.errors import StoreError, StorylineError
from storyline.model import Article, ClaimStatus, Processed
from storyline.store import TABLES, Store

EVENT_COLUMNS = (
    "id", "article_id", "type", "mode", "cameo_root", "trigger",
    "source_text", "source_name", "source_country", "source_sector", "source_actor_id",
    "target_text", "target_name", "target_country", "target_sector", "target_actor_id",
    "date", "date_precision", "date_source", "location_name", "location_country", "location_lat", "location_lon",
    "modality", "speaker", "outlet", "sentence", "span_start", "span_end", "from_title", "confidence",
)  # fmt: skip


def flat_event(e: dict[str, Any]) -> dict[str, Any]:
    """One event export dict as a flat row of `EVENT_COLUMNS`."""
    row: dict[str, Any] = {k: e.get(k) for k in EVENT_COLUMNS if k in e}
    for role in ("source", "target"):
        actor = e.get(role) or {}
        for part in ("text", "name", "country", "sector", "actor_id"):
            row[f"{role}_{part}"] = actor.get(part)
    loc = e.get("location") or {}
    row["location_name"] = loc.get("name")
    row["location_country"] = loc.get("country")
    row["location_lat"] = loc.get("lat")
    row["location_lon"] = loc.get("lon")
    attribution = e.get("attribution") or {}
    speaker = attribution.get("speaker") or {}
    row["speaker"] = speaker.get("name")
    row["outlet"] = attribution.get("outlet")
    row["span_start"], row["span_end"] = e["span"]
    return row


CLAIM_COLUMNS = (
    "id", "article_id", "speaker_text", "speaker_name", "speaker_country", "speaker_sector", "speaker_actor_id",
    "outlet", "cue", "kind", "anonymous", "content", "span_start", "span_end", "event_ids", "status",
)  # fmt: skip


def flat_claim(c: dict[str, Any]) -> dict[str, Any]:
    """One claim export dict as a flat row of `CLAIM_COLUMNS`."""
    row: dict[str, Any] = {k: c.get(k) for k in ("id", "article_id", "outlet", "cue", "kind", "anonymous", "content")}
    speaker = c.get("speaker") or {}
    for part in ("text", "name", "country", "sector", "actor_id"):
        row[f"speaker_{part}"] = speaker.get(part)
    row["span_start"], row["span_end"] = c["span"]
    row["event_ids"] = " ".join(c.get("event_ids") or [])
    row["status"] = "; ".join(f"{s['kind']}:{','.join(a['name'] for a in s['by'])}" for s in c.get("status") or [])
    return row


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: Iterable[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)


# --- whole tables, for analytics ----------------------------------------------------------------------------
#
# Every table has one row shape, used both by `export_table` (from a database) and by `ParquetDataset` (written
# during ingest), so the two give the same columns and values. CSV and Parquet rows are flat: events and claims
# get the columns above plus `data`, the whole record as JSON text. JSONL rows are records: events and claims as
# `storyline events --format jsonl` prints them, other tables with their JSON columns decoded.

FORMATS = ("jsonl", "csv", "parquet")
#: columns that hold JSON text in the database
JSON_COLUMNS = frozenset({"data", "removed", "provenance"})
#: tables whose rows are flattened records (the `data` column) rather than the database's own columns
RECORD_TABLES = {"events": EVENT_COLUMNS, "claims": CLAIM_COLUMNS}
ARTICLE_COLUMNS = (
    "seq", "id", "key", "title", "date", "source", "url", "author", "text", "raw", "removed", "provenance",
    "language", "ingested_at",
)  # fmt: skip
STATUS_COLUMNS = ("seq", "article_id", "kind", "claim_id", "data")
_NUMERIC = {
    "seq": pa.int64(),
    "span_start": pa.int64(),
    "span_end": pa.int64(),
    "from_title": pa.bool_(),
    "anonymous": pa.bool_(),
    "confidence": pa.float64(),
    "location_lat": pa.float64(),
    "location_lon": pa.float64(),
}
ROWS_PER_CHUNK = 5_000


def _schema(columns: Iterable[str], types: dict[str, pa.DataType] | None = None) -> pa.Schema:
    types = _NUMERIC if types is None else types
    return pa.schema([(c, types.get(c, pa.string())) for c in columns])


def record_row(table: str, seq: int, record: dict[str, Any], data: str | None = None) -> dict[str, Any]:
    """The flat row of an event or claim export dict (`data` is its JSON text, made when not given)."""
    flat = flat_event(record) if table == "events" else flat_claim(record)
    return {"seq": seq, **flat, "data": data if data is not None else json.dumps(record, ensure_ascii=False)}


def article_row(seq: int, a: Article, ingested_at: str) -> dict[str, Any]:
    """An article as the `articles` table holds it."""
    return {
        "seq": seq,
        "id": a.id,
        "key": a.key,
        "title": a.title,
        "date": a.date,
        "source": a.source,
        "url": a.url,
        "author": a.author,
        "text": a.text,
        "raw": a.raw,
        "removed": json.dumps([asdict(r) for r in a.removed], ensure_ascii=False),
        "provenance": json.dumps(asdict(a.provenance)),
        "language": a.language,
        "ingested_at": ingested_at,
    }


def status_row(seq: int, article_id: str, st: ClaimStatus) -> dict[str, Any]:
    """A confirmation or denial as the `statuses` table holds it."""
    return {
        "seq": seq,
        "article_id": article_id,
        "kind": st.kind,
        "claim_id": st.claim_id,
        "data": json.dumps(st.to_dict(), ensure_ascii=False),
    }


@dataclass(frozen=True)
class TableRows:
    """A table's columns, their Parquet schema, and its rows, read lazily in storage order."""

    columns: tuple[str, ...]
    schema: pa.Schema
    rows: Iterator[dict[str, Any]]


def table_rows(store: Store, table: str) -> TableRows:
    """Every row of `table` (one of `storyline.store.TABLES`), flat, in the order it was stored."""
    if table not in TABLES:
        raise StorylineError(f"no table {table!r} (tables: {', '.join(TABLES)})")
    if table in RECORD_TABLES:
        columns = ("seq", *RECORD_TABLES[table], "data")
        cursor = store.db.execute(f"SELECT seq, data FROM {table} ORDER BY seq")
        rows = (record_row(table, seq, json.loads(data), data) for seq, data in cursor)
        return TableRows(columns, _schema(columns), rows)
    info = store.db.execute("SELECT name, type FROM pragma_table_info(?)", (table,)).fetchall()
    columns = tuple(name for name, _ in info)
    affinity = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    schema = _schema(columns, {name: affinity.get(kind.upper(), pa.string()) for name, kind in info})
    # the table name is one of TABLES (checked above), never user text
    cursor = store.db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
    return TableRows(columns, schema, (dict(zip(columns, row, strict=True)) for row in cursor))


def as_record(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A flat row as a JSON record: events and claims as their export dicts, JSON columns decoded."""
    if table in RECORD_TABLES:
        return {"seq": row["seq"], **json.loads(row["data"])}
    return {k: json.loads(v) if k in JSON_COLUMNS and isinstance(v, str) else v for k, v in row.items()}


def export_table(store: Store, table: str, fmt: str, out: Path | str) -> int:
    """Write every row of `table` to `out` (a path, or `-` for standard output with jsonl and csv); returns the count."""
    if fmt not in FORMATS:
        raise StorylineError(f"unknown export format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    found = table_rows(store, table)
    if fmt == "parquet":
        if str(out) == "-":
            raise StorylineError("parquet cannot go to standard output: give a file with --out")
        return write_parquet(found.rows, Path(out), found.schema)
    count = 0
    with _text_output(out) as fh:
        if fmt == "csv":
            writer = csv.DictWriter(fh, fieldnames=list(found.columns))
            writer.writeheader()
            for row in found.rows:
                writer.writerow(row)
                count += 1
        else:
            for row in found.rows:
                fh.write(json.dumps(as_record(table, row), ensure_ascii=False) + "\n")
                count += 1
    return count


@contextmanager
def _text_output(out: Path | str) -> Iterator[TextIO]:
    if str(out) == "-":
        yield sys.stdout
        return
    try:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    except OSError as exc:
        raise StorylineError(f"{out}: cannot write ({exc.strerror or exc})") from exc


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, schema: pa.Schema) -> int:
    """Stream rows into one Parquet file, a row group every `ROWS_PER_CHUNK` rows; returns the count."""
    count = 0
    try:
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            it = iter(rows)
            while chunk := list(islice(it, ROWS_PER_CHUNK)):
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
    except OSError as exc:
        raise StorylineError(f"{path}: cannot write ({exc})") from exc
    return count


# --- a partitioned Parquet dataset, written during ingest ---------------------------------------------------


class ParquetDataset:
    """A directory of Parquet datasets that `storyline ingest --out DIR` writes instead of the SQLite store.

    `DIR/<table>/month=YYYY-MM/part-*.parquet` for articles, events, claims and statuses, partitioned by the
    month of the article's publication date (`month=undated` when it has none), with the same rows as
    `export_table` gives for a database. DuckDB (`read_parquet('DIR/events/*/*.parquet', hive_partitioning=true)`),
    pandas (`read_parquet('DIR/events')`) and Spark (`spark.read.parquet('DIR/events')`) read it.

    `DIR/_index.sqlite` holds each stored article's key and id (what makes a re-run store nothing new) and the
    row counters, so memory stays flat however large the dataset grows. Rows are buffered and written every
    `flush_every` articles, one file per table and month; the index is committed after the files are in place.
    """

    TABLES = ("articles", "events", "claims", "statuses")

    def __init__(self, root: str | Path, flush_every: int = 2_000) -> None:
        self.root = Path(root)
        self.flush_every = flush_every
        self.run = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        self.flushes = 0
        self.pending = 0
        self.buffer: dict[str, dict[str, list[dict[str, Any]]]] = {t: {} for t in self.TABLES}
        self.schemas = {
            "articles": _schema(ARTICLE_COLUMNS),
            "events": _schema(("seq", *EVENT_COLUMNS, "data")),
            "claims": _schema(("seq", *CLAIM_COLUMNS, "data")),
            "statuses": _schema(STATUS_COLUMNS),
        }
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.index = sqlite3.connect(self.root / "_index.sqlite", isolation_level=None)
            self.index.execute(
                "CREATE TABLE IF NOT EXISTS articles (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
                " id TEXT NOT NULL UNIQUE)"
            )
            self.index.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            self.index.execute("BEGIN IMMEDIATE")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.root}: cannot open the Parquet dataset ({exc})") from exc
        self.counters = {name: value for name, value in self.index.execute("SELECT name, value FROM counters")}

    def add(self, batch: Sequence[Processed]) -> list[bool]:
        """Buffer a batch; returns, for each article, whether it was new. An id clash refuses the whole batch."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.index.execute("SAVEPOINT batch")
        rows: list[tuple[str, str, dict[str, Any]]] = []
        out: list[bool] = []
        counters = dict(self.counters)
        try:
            for item in batch:
                out.append(self._add_one(item, now, counters, rows))
        except BaseException:
            self.index.execute("ROLLBACK TO batch")
            self.index.execute("RELEASE batch")
            raise
        self.index.execute("RELEASE batch")
        self.counters = counters
        for table, month, row in rows:
            self.buffer[table].setdefault(month, []).append(row)
        self.pending += sum(out)
        if self.pending >= self.flush_every:
            self.flush()
        return out

    def _add_one(
        self, item: Processed, now: str, counters: dict[str, int], rows: list[tuple[str, str, dict[str, Any]]]
    ) -> bool:
        a = item.article
        if self.index.execute("SELECT 1 FROM articles WHERE key = ?", (a.key,)).fetchone():
            return False
        if self.index.execute("SELECT 1 FROM articles WHERE id = ?", (a.id,)).fetchone():
            raise StoreError(f"{a.provenance}: article id {a.id!r} is already stored with a different text")
        seq = self.index.execute("INSERT INTO articles (key, id) VALUES (?, ?)", (a.key, a.id)).lastrowid
        month = a.date[:7] if a.date else "undated"
        rows.append(("articles", month, article_row(int(seq or 0), a, now)))

        def next_seq(table: str) -> int:
            counters[table] = counters.get(table, 0) + 1
            return counters[table]

        rows.extend(("events", month, record_row("events", next_seq("events"), e.to_dict())) for e in item.events)
        rows.extend(("claims", month, record_row("claims", next_seq("claims"), c.to_dict())) for c in item.claims)
        rows.extend(("statuses", month, status_row(next_seq("statuses"), a.id, st)) for st in item.statuses)
        return True

    def flush(self) -> None:
        """Write the buffered rows (one file per table and month), then commit the index."""
        if not self.pending:
            return
        written: list[tuple[Path, Path]] = []
        for table, months in self.buffer.items():
            for month, rows in months.items():
                folder = self.root / table / f"month={month}"
                folder.mkdir(parents=True, exist_ok=True)
                name = f"part-{self.run}-{self.flushes:05d}.parquet"
                hidden = folder / f".{name}"  # readers skip names that start with a dot
                write_parquet(rows, hidden, self.schemas[table])
                written.append((hidden, folder / name))
        for hidden, final in written:
            hidden.rename(final)
        self.index.executemany(
            "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            list(self.counters.items()),
        )
        self.index.execute("COMMIT")
        self.index.execute("BEGIN IMMEDIATE")
        self.buffer = {t: {} for t in self.TABLES}
        self.pending = 0
        self.flushes += 1

    def close(self) -> None:
        self.flush()
        self.index.execute("COMMIT")
        self.index.close()

    def __enter__(self) -> ParquetDataset:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # a failed run keeps what was already flushed and drops the rest
            self.index.execute("ROLLBACK")
            self.index.close()
