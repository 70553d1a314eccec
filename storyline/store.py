"""The SQLite store: one file, WAL mode, schema versioned by migrations, one transaction per batch of articles.

Every statement is parameterised. An article and everything derived from it are written in the same transaction,
so a failure or a kill leaves either all of it or none of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import Article, Provenance, RemovedLine

#: Each migration moves the schema one version up; `PRAGMA user_version` records where a database is.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        date TEXT,
        source TEXT,
        url TEXT,
        author TEXT,
        text TEXT NOT NULL,
        raw TEXT NOT NULL,
        removed TEXT NOT NULL,
        provenance TEXT NOT NULL,
        language TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_date ON articles(date);
    CREATE INDEX articles_source ON articles(source);
    """,
)


class Store:
    """A Storyline database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = "storyline.db", *, readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no such database (run `storyline ingest` first)")
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False, isolation_level=None)
            else:
                self.db = sqlite3.connect(self.path, timeout=60, check_same_thread=False, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA busy_timeout = 60000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            else:
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version != len(MIGRATIONS):
                    raise StoreError(f"{self.path}: database schema is version {version}, expected {len(MIGRATIONS)}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc

    # --- lifecycle -----------------------------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: database schema version {version} is newer than this Storyline")
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; waits for other writers (BEGIN IMMEDIATE), rolls back on any error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- writing -------------------------------------------------------------------------------------------

    def add_articles(self, articles: Sequence[Article]) -> list[bool]:
        """Store a batch of articles in one transaction; returns, for each, whether it was new."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        out = []
        with self.transaction() as db:
            for article in articles:
                out.append(self._insert_article(db, article, now))
        return out

    def _insert_article(self, db: sqlite3.Connection, a: Article, now: str) -> bool:
        if db.execute("SELECT 1 FROM articles WHERE key = ?", (a.key,)).fetchone():
            return False
        clash = db.execute("SELECT key FROM articles WHERE id = ?", (a.id,)).fetchone()
        if clash:
            raise StoreError(f"{a.provenance}: article id {a.id!r} is already stored with a different text")
        db.execute(
            "INSERT INTO articles (id, key, title, date, source, url, author, text, raw, removed, provenance, language,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.id,
                a.key,
                a.title,
                a.date,
                a.source,
                a.url,
                a.author,
                a.text,
                a.raw,
                json.dumps([asdict(r) for r in a.removed], ensure_ascii=False),
                json.dumps(asdict(a.provenance)),
                a.language,
                now,
            ),
        )
        return True

    def has_key(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE key = ?", (key,)).fetchone() is not None

    # --- reading -------------------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles"}:
            raise StoreError(f"no table {table!r}")
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def articles(
        self,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        ids: Iterable[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Article]:
        """Stored articles by date (undated last), then by the order they were stored."""
        where: list[str] = []
        args: list[Any] = []
        if source:
            where.append("source = ?")
            args.append(source)
        if since:
            where.append("date >= ?")
            args.append(since)
        if until:
            where.append("date <= ?")
            args.append(until)
        if ids is not None:
            id_list = list(ids)
            where.append(f"id IN ({', '.join('?' * len(id_list))})")
            args.extend(id_list)
        sql = "SELECT * FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date IS NULL, date, seq LIMIT ? OFFSET ?"
        args.extend([-1 if limit is None else limit, offset])
        return [_article(row) for row in self.db.execute(sql, args)]


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _article(row: sqlite3.Row) -> Article:
    prov: dict[str, Any] = json.loads(row["provenance"])
    return Article(
        id=row["id"],
        key=row["key"],
        title=row["title"],
        text=row["text"],
        raw=row["raw"],
        date=row["date"],
        source=row["source"],
        url=row["url"],
        author=row["author"],
        provenance=Provenance(prov["file"], prov.get("row")),
        removed=[RemovedLine(**r) for r in json.loads(row["removed"])],
        language=row["language"],
    )
