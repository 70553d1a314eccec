"""Concurrency: readers (what `storyline serve` does: `Store(..., readonly=True)`) never see half an article while an
ingest writes, and two ingests on one database at once both succeed, each article stored once."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import pytest
from test_crash import STORYLINE, events_by_article, integrity, make_corpus

import storyline
from storyline.errors import StoreError
from storyline.store import EventQuery, Store

ARTICLES = 24


def test_many_processes_creating_one_new_database_at_once(tmp_path: Path) -> None:
    for trial in range(15):
        path = tmp_path / f"new{trial}.db"
        failures: list[str] = []
        barrier = threading.Barrier(6)

        def open_it(path: Path = path, failures: list[str] = failures, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                Store(path).close()
            except StoreError as exc:
                failures.append(str(exc))

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures, failures
        with Store(path, readonly=True) as store:
            assert store.count("articles") == 0


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str], list[int]]:
    """An ingest (small batches, so many commits) with a reader polling the database all along; every article the
    reader saw had all the events it has at the end. Returns the corpus, the database, the ids, and how many
    articles the reader saw at each look."""
    folder = tmp_path_factory.mktemp("concurrency")
    corpus = folder / "corpus.jsonl"
    ids = make_corpus(corpus, ARTICLES)
    db = folder / "written.db"
    Store(db).close()
    done = threading.Event()
    seen: list[tuple[str, int]] = []
    looks: list[int] = []

    def read() -> None:
        while not done.wait(0.01):
            with Store(db, readonly=True) as store:
                articles = store.articles()
                seen.extend((a.id, len(store.events(EventQuery(article=a.id)))) for a in articles)
                looks.append(len(articles))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        report = storyline.ingest([str(corpus)], db, batch_size=3)
    finally:
        done.set()
        reader.join()
    assert report.ok and report.new == ARTICLES, report
    final = events_by_article(db)
    assert seen
    for article, count in seen:
        assert count == len(final[article]), f"a reader saw {article} with {count} of its {len(final[article])} events"
    return corpus, db, ids, looks


def test_readers_never_see_half_an_article(written: tuple[Path, Path, list[str], list[int]]) -> None:
    _, db, _, looks = written
    partial = [n for n in looks if 0 < n < ARTICLES]
    assert len(set(partial)) >= 3, f"the reader should have looked while the ingest was half done: {looks[:20]}"
    assert integrity(db) == "ok"


def test_two_ingests_at_once_on_one_database(written: tuple[Path, Path, list[str], list[int]], tmp_path: Path) -> None:
    corpus, reference, ids, _ = written
    rows = corpus.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(rows[:16]) + "\n", encoding="utf-8")  # articles 0-15
    second.write_text("\n".join(rows[8:]) + "\n", encoding="utf-8")  # articles 8-23: 8 of them in both
    db = tmp_path / "shared.db"
    runs = [
        subprocess.Popen(
            [*STORYLINE, "ingest", str(p), "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for p in (first, second)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert integrity(db) == "ok"
    stored = events_by_article(db)
    assert sorted(stored) == sorted(ids), "each article stored once"
    assert stored == events_by_article(reference)
    new = sum(int(out.decode().split(" new,")[0].split()[-1]) for out, _ in outputs)
    assert new == ARTICLES, outputs  # the 8 in both were stored by one run and found already stored by the other
    assert {json.loads(line)["id"] for line in rows} == set(ids)
