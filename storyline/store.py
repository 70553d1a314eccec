"""The SQLite store: one file, WAL mode, schema versioned by migrations, one transaction per batch of articles.

Every statement is parameterised. An article and everything derived from it are written in the same transaction,
so a failure or a kill leaves either all of it or none of it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import Article, Event, Processed, Provenance, RemovedLine

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
    """
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL REFERENCES articles(id),
        type TEXT NOT NULL,
        mode TEXT,
        cameo_root TEXT,
        source_name TEXT,
        source_text TEXT,
        source_country TEXT,
        source_id TEXT,
        target_name TEXT,
        target_text TEXT,
        target_country TEXT,
        target_id TEXT,
        date TEXT,
        date_precision TEXT,
        modality TEXT NOT NULL,
        from_title INTEGER NOT NULL,
        confidence REAL NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_source_country ON events(source_country);
    CREATE INDEX events_target_country ON events(target_country);
    """,
    """
    CREATE TABLE claims (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL REFERENCES articles(id),
        speaker_name TEXT,
        speaker_text TEXT,
        speaker_country TEXT,
        outlet TEXT,
        kind TEXT NOT NULL,
        anonymous INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id);
    CREATE TABLE statuses (
        seq INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        kind TEXT NOT NULL,
        claim_id TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX statuses_article ON statuses(article_id);
    """,
    """
    CREATE TABLE copies (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        original_id TEXT NOT NULL REFERENCES articles(id),
        similarity REAL NOT NULL
    );
    CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        date TEXT,
        status TEXT NOT NULL,
        story_id TEXT,
        independent_sources INTEGER NOT NULL,
        first_reported TEXT,
        source_id TEXT,
        target_id TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX instances_story ON instances(story_id);
    CREATE INDEX instances_date ON instances(date);
    CREATE TABLE instance_reports (
        event_id TEXT PRIMARY KEY REFERENCES events(id),
        instance_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        why TEXT NOT NULL
    );
    CREATE INDEX instance_reports_instance ON instance_reports(instance_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        start TEXT,
        end TEXT,
        data TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    """,
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    """,
    """
    CREATE TABLE link_features (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        signatures BLOB NOT NULL,
        terms TEXT NOT NULL
    );
    CREATE TABLE link_pending (
        article_id TEXT PRIMARY KEY
    );
    """,
)

#: `Store.search` marks the matched words of a snippet with these two characters
MATCH_START, MATCH_END = "\x02", "\x03"

#: the tables a user may list or export
TABLES = (
    "articles",
    "events",
    "claims",
    "statuses",
    "copies",
    "instances",
    "instance_reports",
    "stories",
    "story_articles",
)


@dataclass(frozen=True)
class EventQuery:
    """Filters for `Store.events`; every field is optional."""

    article: str | None = None
    type: str | None = None
    actor: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    modality: str | None = None
    limit: int | None = None
    offset: int = 0


class _Where:
    """The WHERE clauses of a query and their parameters, added one filter at a time."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.args: list[Any] = []

    def add(self, clause: str, *args: Any) -> None:
        self.clauses.append(clause)
        self.args.extend(args)

    def ids(self, ids: Iterable[str] | None) -> None:
        if ids is not None:
            id_list = list(ids)
            self.add(f"id IN ({', '.join('?' * len(id_list))})", *id_list)

    def select(self, head: str, order: str, limit: int | None, offset: int) -> tuple[str, list[Any]]:
        where = " WHERE " + " AND ".join(self.clauses) if self.clauses else ""
        return f"{head}{where} ORDER BY {order} LIMIT ? OFFSET ?", [*self.args, -1 if limit is None else limit, offset]


def _event_sql(q: EventQuery) -> tuple[str, list[Any]]:
    w = _Where()
    if q.article:
        w.add("article_id = ?", q.article)
    if q.type:
        w.add("type = ?", q.type.upper())
    if q.actor:
        like = f"%{q.actor.lower()}%"
        w.add(
            "(lower(source_name) LIKE ? OR lower(source_text) LIKE ? OR lower(target_name) LIKE ?"
            " OR lower(target_text) LIKE ? OR source_id = ? OR target_id = ?)",
            *[like] * 4,
            q.actor,
            q.actor,
        )
    if q.country:
        w.add("(source_country = ? OR target_country = ?)", q.country.upper(), q.country.upper())
    if q.since:
        w.add("date >= ?", q.since)
    if q.until:
        w.add("date <= ?", q.until)
    if q.modality:
        w.add("modality = ?", q.modality)
    return w.select("SELECT data FROM events", "date IS NULL, date, seq", q.limit, q.offset)


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
                _use_wal(self.db)
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
                # another process opening the same new database may have applied it while this one waited
                if self.db.execute("PRAGMA user_version").fetchone()[0] > number:
                    continue
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

    def add(self, batch: Sequence[Processed]) -> list[bool]:
        """Store a batch of articles with their events in one transaction; returns, for each, whether it was new."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        out = []
        with self.transaction() as db:
            for item in batch:
                is_new = self._insert_article(db, item.article, now)
                if is_new:
                    self._insert_events(db, item.events)
                    self._insert_claims(db, item)
                    db.execute("INSERT OR IGNORE INTO link_pending (article_id) VALUES (?)", (item.article.id,))
                out.append(is_new)
        return out

    def _insert_events(self, db: sqlite3.Connection, events: Sequence[Event]) -> None:
        db.executemany(
            "INSERT INTO events (id, article_id, type, mode, cameo_root, source_name, source_text, source_country,"
            " source_id, target_name, target_text, target_country, target_id, date, date_precision, modality,"
            " from_title, confidence, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    e.id,
                    e.article_id,
                    e.type,
                    e.mode,
                    e.cameo_root,
                    e.source.name if e.source else None,
                    e.source.text if e.source else None,
                    e.source.country if e.source else None,
                    e.source.actor_id if e.source else None,
                    e.target.name if e.target else None,
                    e.target.text if e.target else None,
                    e.target.country if e.target else None,
                    e.target.actor_id if e.target else None,
                    e.date.date,
                    e.date.precision,
                    e.modality,
                    int(e.from_title),
                    e.confidence,
                    json.dumps(e.to_dict(), ensure_ascii=False),
                )
                for e in events
            ],
        )

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

    def _insert_claims(self, db: sqlite3.Connection, item: Processed) -> None:
        db.executemany(
            "INSERT INTO claims (id, article_id, speaker_name, speaker_text, speaker_country, outlet, kind, anonymous,"
            " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.id,
                    c.article_id,
                    c.speaker.name if c.speaker else None,
                    c.speaker.text if c.speaker else None,
                    c.speaker.country if c.speaker else None,
                    c.outlet,
                    c.kind,
                    int(c.anonymous),
                    json.dumps(c.to_dict(), ensure_ascii=False),
                )
                for c in item.claims
            ],
        )
        db.executemany(
            "INSERT INTO statuses (article_id, kind, claim_id, data) VALUES (?, ?, ?, ?)",
            [
                (item.article.id, st.kind, st.claim_id, json.dumps(st.to_dict(), ensure_ascii=False))
                for st in item.statuses
            ],
        )

    def has_key(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE key = ?", (key,)).fetchone() is not None

    # --- reading -------------------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in TABLES:
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
        w = _Where()
        if source:
            w.add("source = ?", source)
        if since:
            w.add("date >= ?", since)
        if until:
            w.add("date <= ?", until)
        w.ids(ids)
        sql, args = w.select("SELECT * FROM articles", "date IS NULL, date, seq", limit, offset)
        return [_article(row) for row in self.db.execute(sql, args)]

    def claims(
        self,
        *,
        article: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stored claims as export dicts, in article and text order."""
        w = _Where()
        if article:
            w.add("article_id = ?", article)
        if speaker:
            w.add("(lower(speaker_name) LIKE ? OR lower(speaker_text) LIKE ?)", *[f"%{speaker.lower()}%"] * 2)
        if outlet:
            w.add("lower(outlet) LIKE ?", f"%{outlet.lower()}%")
        sql, args = w.select("SELECT data FROM claims", "seq", limit, offset)
        return [json.loads(row[0]) for row in self.db.execute(sql, args)]

    def statuses(self, article: str | None = None) -> list[dict[str, Any]]:
        """Confirmations and denials, with the article they were found in."""
        sql = "SELECT article_id, data FROM statuses"
        args: list[Any] = []
        if article:
            sql += " WHERE article_id = ?"
            args.append(article)
        return [{"article_id": row[0], **json.loads(row[1])} for row in self.db.execute(sql + " ORDER BY seq", args)]

    def instances(
        self,
        *,
        story: str | None = None,
        status: str | None = None,
        ids: Iterable[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Event instances (reports of one happening merged across articles), by date."""
        w = _Where()
        if story:
            w.add("story_id = ?", story)
        if status:
            w.add("status = ?", status)
        w.ids(ids)
        sql, args = w.select("SELECT data, story_id FROM instances", "date IS NULL, date, id", limit, offset)
        return [{**json.loads(row[0]), "story_id": row[1]} for row in self.db.execute(sql, args)]

    def stories(self) -> list[dict[str, Any]]:
        """Stories by start date, each with its articles and instances."""
        out = []
        for row in self.db.execute("SELECT id, data FROM stories ORDER BY start IS NULL, start, id"):
            record = json.loads(row[1])
            record["instance_ids"] = [
                r[0]
                for r in self.db.execute("SELECT id FROM instances WHERE story_id = ? ORDER BY date, id", (row[0],))
            ]
            out.append(record)
        return out

    def story(self, story_id: str) -> dict[str, Any] | None:
        return next((s for s in self.stories() if s["id"] == story_id), None)

    def copies(self) -> dict[str, str]:
        """Copy article id -> original article id."""
        return dict(self.db.execute("SELECT article_id, original_id FROM copies").fetchall())

    def events(self, query: EventQuery = EventQuery()) -> list[dict[str, Any]]:
        """Stored events as export dicts, by date (undated last), filtered by `query`."""
        sql, args = _event_sql(query)
        return [json.loads(row[0]) for row in self.db.execute(sql, args)]

    def search(self, text: str, *, limit: int | None = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Articles whose title or text holds every word of `text` (full-text, best match first): id, title, date,
        source and a snippet whose matched words sit between MATCH_START and MATCH_END."""
        query = _fts_query(text)
        if not query:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.title, a.date, a.source, snippet(articles_fts, -1, ?, ?, '…', 24) AS snippet"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0), a.seq LIMIT ? OFFSET ?",
            (MATCH_START, MATCH_END, query, -1 if limit is None else limit, offset),
        )
        return [dict(row) for row in rows]


def _use_wal(db: sqlite3.Connection) -> None:
    """Put a database in WAL mode. Switching does not wait for the busy timeout, so two processes opening the same new
    database at once retry for a few seconds; once one has switched, the mode is kept in the file."""
    for attempt in range(100):
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.05)


def _statements(script: str) -> list[str]:
    """The statements of a migration; a trigger's body (`BEGIN ...; END`) stays in one statement."""
    out: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip().rstrip(";"))
            pending = ""
    return out


def _fts_query(text: str) -> str:
    """The words of a user's search as an FTS5 query: every word must occur; `word*` matches a prefix."""
    return " ".join(f'"{word}"{star}' for word, star in re.findall(r"(\w+)(\*?)", text))


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
