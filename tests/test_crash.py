"""Crash safety: `storyline ingest` killed with SIGKILL at several points, then run again to the end, leaves every
article stored exactly once with the same events as a run that was never killed, and a database that passes
`PRAGMA integrity_check`. After every kill, each article already stored has all its events (nothing half-written).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import storyline
from storyline.api import sample_corpus_path

ARTICLES = 60
STORYLINE = [sys.executable, "-c", "from storyline.cli import main; main()"]


def make_corpus(path: Path, count: int = ARTICLES) -> list[str]:
    """`count` articles from the bundled sample corpus with fresh ids; repeats get a line of their own so that every
    text differs (the store keeps one article per text)."""
    rows = [json.loads(line) for line in sample_corpus_path().read_text(encoding="utf-8").splitlines() if line]
    ids = []
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(count):
            row = dict(rows[n % len(rows)], id=f"kill-{n:03d}")
            if n >= len(rows):
                row["text"] += f"\n\nThis report was filed again under reference {n}."
            fh.write(json.dumps(row) + "\n")
            ids.append(row["id"])
    return ids


def events_by_article(db: Path) -> dict[str, list[str]]:
    """Each stored article's events (their full records), in a fixed order; opened read-only."""
    out: dict[str, list[str]] = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for (article,) in conn.execute("SELECT id FROM articles"):
            out[article] = []
        for article, data in conn.execute("SELECT article_id, data FROM events ORDER BY article_id, id"):
            out[article].append(data)
    conn.close()
    return out


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def stored_count(db: Path) -> int:
    """Articles committed so far, or 0 when the database or its tables are not there yet."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def start_ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    # a session of its own, so that the kill reaches the worker processes too
    return subprocess.Popen(
        [*STORYLINE, "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 240) -> bool:
    """SIGKILL the run (and its workers) as soon as `ready()`; False when the run ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    proc.wait()
    return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], dict[str, list[str]]]:
    """The corpus, its ids, and each article's events from a run that was never killed."""
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "corpus.jsonl"
    ids = make_corpus(path)
    reference = folder / "reference.db"
    report = storyline.ingest([str(path)], reference)
    assert report.ok and report.new == ARTICLES, report
    return path, ids, events_by_article(reference)


def test_sigkill_at_several_points_then_rerun_loses_and_duplicates_nothing(
    corpus: tuple[Path, list[str], dict[str, list[str]]], tmp_path: Path
) -> None:
    path, ids, reference = corpus
    db = tmp_path / "killed.db"
    started = time.monotonic()
    points: list[tuple[str, Callable[[], bool]]] = [
        ("2 s after the start", lambda: time.monotonic() - started > 2.0),
        ("as the first batch is committed", lambda: stored_count(db) >= 1),
        ("when every article is stored (linking)", lambda: stored_count(db) >= ARTICLES),
    ]
    killed = []
    for name, ready in points:
        started = time.monotonic()
        proc = start_ingest(path, db)
        if kill_when(proc, ready):
            killed.append((name, stored_count(db)))
        if db.exists():
            assert integrity(db) == "ok", name
            for article, events in events_by_article(db).items():
                assert events == reference[article], f"{article} half-stored after a kill {name}"
    assert len(killed) >= 2, killed  # at least two kills landed in the middle of a run

    final = subprocess.run([*STORYLINE, "ingest", str(path), "--db", str(db)], capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert integrity(db) == "ok"
    conn = sqlite3.connect(db)
    try:
        stored_ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
    finally:
        conn.close()
    assert sorted(stored_ids) == sorted(ids), "every article stored exactly once"
    assert events_by_article(db) == reference, "every article has the events of a run that was never killed"
